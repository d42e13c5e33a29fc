"""Fail unless a built wheel carries what bombaram needs at run time that git does not keep: the
vendored font and htmx (``bombaram.web.vendored.REQUIRED``) and the compiled catalogs."""

from __future__ import annotations

import runpy
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = runpy.run_path(str(ROOT / "src" / "bombaram" / "web" / "vendored.py"))["REQUIRED"]


def main(wheel: str) -> int:
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = [f"bombaram/web/static/{name}" for name in REQUIRED]
    wanted += [f"bombaram/locale/{lang}/LC_MESSAGES/django.mo" for lang in ("ko", "en")]
    missing = [name for name in wanted if name not in names]
    if missing:
        print(f"{wheel}: missing {', '.join(missing)}", file=sys.stderr)
        return 1
    print(f"{Path(wheel).name}: font, htmx and catalogs inside ({len(names)} files)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_wheel.py dist/bombaram-*.whl")
    sys.exit(main(sys.argv[1]))
