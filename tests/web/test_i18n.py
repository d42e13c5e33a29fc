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
