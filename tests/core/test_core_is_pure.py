"""core/ is plain Python holding the domain's rules: importing every module in it (packages such as
core/purchase/ included) must not import Django, and no module in it generates data.

A generator needs randomness; a rule never does. So a module of core/ may not import ``random``,
``secrets``, ``numpy.random`` or anything of ``bombaram.datagen`` (the one home of generated data),
and its name may not say demo, bench or synthetic.
"""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import bombaram.core


def _core_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(bombaram.core.__path__, "bombaram.core."))


def test_core_modules_import_without_django():
    modules = _core_modules()
    assert "bombaram.core.purchase.report" in modules  # the walk enters packages
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


GENERATOR_IMPORTS = ("random", "secrets", "numpy.random", "bombaram.datagen")
GENERATOR_WORDS = ("demo", "bench", "synthetic")


def generator_traits(path: Path) -> list[str]:
    """What in one file of core/ marks a generator: its name, or an import of randomness or of datagen."""
    found = [f"name says {w!r}" for w in GENERATOR_WORDS if w in path.stem]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            for banned in GENERATOR_IMPORTS:
                if name == banned or name.startswith(banned + "."):
                    found.append(f"imports {name}")
    return found


def test_core_holds_no_generators():
    root = Path(bombaram.core.__file__).parent
    files = sorted(root.rglob("*.py"))
    assert len(files) > 20
    offenders = {str(p.relative_to(root)): t for p in files if (t := generator_traits(p))}
    assert offenders == {}, f"generators belong in bombaram.datagen: {offenders}"


def test_generator_check_recognises_a_generator(tmp_path):
    # the check itself can fail: the old core/purchase_bench.py would have been caught twice
    sample = tmp_path / "purchase_bench.py"
    sample.write_text("import random\nfrom numpy.random import default_rng\n", encoding="utf-8")
    assert generator_traits(sample) == ["name says 'bench'", "imports random", "imports numpy.random",
                                        "imports numpy.random.default_rng"]
