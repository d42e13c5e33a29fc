"""The front-end files bombaram serves itself but does not keep in git: the Korean font and htmx.

``scripts/vendor_assets.py`` installs them from the npm registry into ``web/static/vendor/`` (``make
install``, and the wheel's build, see ``setup.py``). Without them the pages would draw Korean with
whatever the reader's machine has and the charts could not be laid out (a 500 on the home page), so
``bombaram serve`` refuses to start when one is missing, with one line saying how to get them.
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"

#: what the pages, the admin and the chart renderer need at run time, under STATIC_DIR
REQUIRED = (
    "vendor/fonts/PretendardGOV-Regular.woff2",
    "vendor/fonts/PretendardGOV-Bold.woff2",
    "vendor/fonts/PretendardGOV-Regular.otf",
    "vendor/js/htmx.min.js",
)


def missing_assets(static_dir: Path = STATIC_DIR) -> list[str]:
    """The required files that are absent or empty (a broken copy counts as missing)."""
    return [name for name in REQUIRED
            if not (static_dir / name).is_file() or (static_dir / name).stat().st_size == 0]
