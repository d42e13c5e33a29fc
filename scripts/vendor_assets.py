"""Install the front-end assets bombaram serves itself, from the npm registry.

Nothing is fetched at run time: the set-up (``make install``) runs this once. Each package is
pinned to a version and to the sha512 integrity the registry published for it; the tarball is
checked before anything is extracted. Files land in ``src/bombaram/web/static/vendor/`` (ignored
by git), with each package's licence beside them.

- pretendard-gov: Pretendard GOV, the Korean typeface of the KRDS government design system,
  SIL Open Font License 1.1. The web pages use the WOFF2 files; the SVG chart renderer measures
  label widths with the OTF of the same typeface.
- htmx.org: htmx, BSD Zero Clause licence, for partial page updates.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "npm-cache"
DEST = ROOT / "src" / "bombaram" / "web" / "static" / "vendor"

PACKAGES = {
    "pretendard-gov": {
        "version": "1.3.9",
        "integrity": "sha512-U9bEVWfBoM5AUAM2yJvmbffrt4oO//onVbKOIzy/pEU0SEP+6O/YmOxGgYaMgDr+zmqhDGhSwQqOnBFSgmp4bQ==",
        "files": {
            "package/dist/web/static/woff2/PretendardGOV-Regular.woff2": "fonts/PretendardGOV-Regular.woff2",
            "package/dist/web/static/woff2/PretendardGOV-Bold.woff2": "fonts/PretendardGOV-Bold.woff2",
            "package/dist/public/static/PretendardGOV-Regular.otf": "fonts/PretendardGOV-Regular.otf",
            "package/dist/LICENSE.txt": "fonts/LICENSE-OFL-1.1.txt",
        },
    },
    "htmx.org": {
        "version": "2.0.11",
        "integrity": "sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==",
        "files": {
            "package/dist/htmx.min.js": "js/htmx.min.js",
            "package/LICENSE": "js/LICENSE-htmx.txt",
        },
    },
}


def _integrity(path: Path) -> str:
    digest = hashlib.sha512()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return "sha512-" + base64.b64encode(digest.digest()).decode()


def _tarball(name: str, spec: dict) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    tgz = CACHE / f"{name}-{spec['version']}.tgz"
    if not tgz.exists() or _integrity(tgz) != spec["integrity"]:
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("bombaram set-up: npm is needed once to install the Korean font (apt-get install npm)")
        out = subprocess.run(
            [npm, "pack", f"{name}@{spec['version']}", "--json", "--pack-destination", str(CACHE)],
            check=False, capture_output=True, text=True,
        )
        if out.returncode != 0:
            sys.exit(f"bombaram set-up: npm pack {name} failed: {out.stderr.strip()[-400:]}")
        filename = json.loads(out.stdout)[0]["filename"]
        (CACHE / filename).replace(tgz)
    if _integrity(tgz) != spec["integrity"]:
        sys.exit(f"bombaram set-up: {tgz.name} does not match its pinned integrity; not installed")
    return tgz


def install() -> None:
    for name, spec in PACKAGES.items():
        wanted = spec["files"]
        if all((DEST / target).exists() for target in wanted.values()):
            continue
        with tarfile.open(_tarball(name, spec)) as tar:
            for member_name, target in wanted.items():
                member = tar.getmember(member_name)
                source = tar.extractfile(member)
                assert source is not None
                out = DEST / target
                out.parent.mkdir(parents=True, exist_ok=True)
                with out.open("wb") as fh:
                    shutil.copyfileobj(source, fh)
        print(f"installed {name} {spec['version']} -> {DEST.relative_to(ROOT)}")


if __name__ == "__main__":
    install()
