"""core/ is plain Python: importing every module in it must not import Django."""

import pkgutil
import subprocess
import sys

import bombaram.core


def test_core_modules_import_without_django():
    modules = [m.name for m in pkgutil.iter_modules(bombaram.core.__path__, "bombaram.core.")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import bombaram.charts\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print('django modules:', bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "django modules: []" in result.stdout
