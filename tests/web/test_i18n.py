"""A Korean user never meets an English sentence: the Korean catalog is complete and compiled."""

from pathlib import Path

import polib

import bombaram

LOCALE = Path(bombaram.__file__).parent / "locale"


def test_korean_catalog_has_no_untranslated_or_fuzzy_entry():
    po = polib.pofile(str(LOCALE / "ko" / "LC_MESSAGES" / "django.po"))
    assert len(po) > 50
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []


def test_compiled_catalog_matches_the_source():
    po = polib.pofile(str(LOCALE / "ko" / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(LOCALE / "ko" / "LC_MESSAGES" / "django.mo"))
    compiled = {e.msgid: e.msgstr for e in mo}
    assert all(compiled.get(e.msgid) == e.msgstr for e in po if not e.msgid_plural)


def test_placeholders_survive_translation():
    import re

    po = polib.pofile(str(LOCALE / "ko" / "LC_MESSAGES" / "django.po"))
    for entry in po:
        names = set(re.findall(r"%\((\w+)\)s", entry.msgid))
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert names == set(re.findall(r"%\((\w+)\)s", translated)), entry.msgid


def test_every_msgid_used_in_the_code_has_a_korean_entry(tmp_path, monkeypatch, settings):
    """Extract every translatable string of the package with Django's makemessages — gettext/_()/
    gettext_lazy/pgettext/ngettext in .py, {% translate %}/{% blocktranslate %} in templates — from
    a copy of the sources into a temporary catalog (the real one is never touched), and require a
    Korean translation for each (the map tooltip "no programme team" had none)."""
    import shutil

    from django.core.management import call_command

    source = Path(bombaram.__file__).parent
    copy = tmp_path / "bombaram"
    shutil.copytree(source, copy, ignore=lambda d, names: [
        n for n in names
        if (Path(d, n).is_dir() and n in {"locale", "static", "reference", "__pycache__", "migrations"})
        or (Path(d, n).is_file() and not n.endswith((".py", ".html")))])
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [str(copy / "locale")]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["ko"], domain="django", no_wrap=True, no_location=True, verbosity=0)
    extracted = polib.pofile(str(copy / "locale" / "ko" / "LC_MESSAGES" / "django.po"))
    assert len(extracted) > 500  # the extraction really read the package

    used = {(e.msgctxt, e.msgid) for e in extracted} | _msgids_in_python(source)

    korean = polib.pofile(str(LOCALE / "ko" / "LC_MESSAGES" / "django.po"))
    translated = {(e.msgctxt, e.msgid) for e in korean if e.translated() and not e.obsolete}
    assert sorted(msgid for context, msgid in used - translated) == []


GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy",
                 "pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}


def _msgids_in_python(root: Path) -> set[tuple[str | None, str]]:
    """The literal msgids of gettext calls in the package's .py files, read from the syntax tree:
    unlike xgettext it also sees a call inside an f-string (``f"{_('no programme team')}"``)."""
    import ast

    found = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in GETTEXT_CALLS:
                continue
            strings = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name.startswith(("pgettext", "npgettext")) and len(strings) >= 2:
                found.add((strings[0], strings[1]))
            elif strings and not name.startswith(("pgettext", "npgettext")):
                found.add((None, strings[0]))
    return found
