"""The catalogs: every word of the interface translated in every language, plurals as CLDR says."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from webapp import wording

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = [code for code in wording.LANGUAGES if code != wording.SOURCE_LANGUAGE]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extracted() -> set[str]:
    """Every msgid the code and templates mark, as ``scripts/translations`` extracts them."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for *_, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, directory_filter=_ours
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _ours(path: str) -> bool:
    relative = Path(path).resolve().relative_to(ROOT).parts
    return not relative or (
        relative[0] in ("webapp", "templates") and "__pycache__" not in relative
    )


def catalog(code: str):
    with wording.catalog_path(code).open("rb") as po:
        return read_po(po, locale=code)


@pytest.fixture(scope="module")
def marked() -> set[str]:
    return extracted()


def test_the_extraction_finds_the_pages_the_axis_errors_and_dates(marked):
    for msgid in ("Skip to content", "Time axis", "Not Found", "Since %(date)s", "Filters"):
        assert msgid in marked
    assert len(marked) > 150


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_marked_string_is_translated(code, marked):
    messages = catalog(code)
    present = {
        message.id[0] if isinstance(message.id, tuple) else message.id for message in messages
    }
    assert not marked - present, f"{code} lacks {sorted(marked - present)[:5]}"
    for message in messages:
        if not message.id:
            continue
        assert not message.fuzzy, f"{code}: fuzzy {message.id!r}"
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(form.strip() for form in forms), f"{code}: empty {message.id!r}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_plural_forms_are_cldrs(code):
    """ar has six forms, ru three, az two: as many as CLDR's rules, each one written."""
    messages = catalog(code)
    assert messages.num_plurals == get_plural(code).num_plurals
    plurals = [message for message in messages if isinstance(message.id, tuple)]
    assert plurals
    for message in plurals:
        assert len(message.string) == messages.num_plurals


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_every_placeholder(code):
    """A translation that drops or misspells ``%(date)s`` would fail at run time, or lose a fact."""
    import re

    for message in catalog(code):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(re.findall(r"%\((\w+)\)s", ids[-1])) - {"num"}
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            used = set(re.findall(r"%\((\w+)\)s", form))
            assert used <= set(re.findall(r"%\((\w+)\)s", " ".join(ids))) | {
                "num",
                "roman",
                "number",
                "ordinal",
                "last",
            }
            if not isinstance(message.id, tuple):
                assert wanted <= used | {"ordinal", "decade"}, (code, message.id, form)


@pytest.mark.parametrize("code", TRANSLATED)
def test_pages_speak_their_catalog(client, code):
    page = client.get(f"/?lang={code}").get_data(as_text=True)
    with wording.speaking(code):
        for msgid in ("Skip to content", "Filters", "Show events", "Download this view:"):
            assert wording.gettext(msgid) in page
            assert wording.gettext(msgid) != msgid
