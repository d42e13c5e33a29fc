"""Build hook (the project is described in pyproject.toml): a wheel of bombaram carries the files it
needs at run time that git does not keep, or it is not built.

- the Korean font and htmx under ``src/bombaram/web/static/vendor/``: installed first by
  ``scripts/vendor_assets.py`` from the npm registry when missing (pinned versions and checksums);
- the compiled Korean and English catalogs (``django.mo``): compiled with gettext's ``msgfmt`` when
  missing or older than their ``.po``.

An editable install (``make install``) skips the hook: ``make install`` vendors and compiles itself.
"""

from __future__ import annotations

import runpy
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.errors import SetupError

ROOT = Path(__file__).resolve().parent
PACKAGE = ROOT / "src" / "bombaram"


class BuildWithAssets(build_py):
    def run(self) -> None:
        if not getattr(self, "editable_mode", False):
            self._vendor()
            self._compile_catalogs()
        super().run()

    def _vendor(self) -> None:
        missing_assets = runpy.run_path(str(PACKAGE / "web" / "vendored.py"))["missing_assets"]
        if missing_assets() and (ROOT / "scripts" / "vendor_assets.py").exists():
            subprocess.run([sys.executable, str(ROOT / "scripts" / "vendor_assets.py")], check=False)
        if missing := missing_assets():
            raise SetupError(f"bombaram: the wheel would lack {', '.join(missing)}: run 'make wheel' "
                             "(npm installs the font and htmx once)")

    def _compile_catalogs(self) -> None:
        for po in sorted((PACKAGE / "locale").glob("*/LC_MESSAGES/django.po")):
            mo = po.with_suffix(".mo")
            if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
                continue
            msgfmt = shutil.which("msgfmt")
            if msgfmt is None:
                raise SetupError(f"bombaram: {mo.relative_to(ROOT)} is not compiled and gettext's msgfmt "
                                 "is missing (apt-get install gettext)")
            subprocess.run([msgfmt, "--check-format", "-o", str(mo), str(po)], check=True)


setup(cmdclass={"build_py": BuildWithAssets})
