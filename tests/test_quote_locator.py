import pytest

from webapp.ingest.quote_locator import locate

TEXT = "He said:\u00a0\u201cIt\u2019s  done.\u201d\nThen\n\nhe left."


def test_locate_ignores_curly_quotes_and_whitespace_differences():
    start, end = locate('"It\'s done." Then he left.', TEXT)
    assert TEXT[start:end] == "\u201cIt\u2019s  done.\u201d\nThen\n\nhe left."


def test_locate_maps_back_to_original_offsets():
    start, end = locate("done", TEXT)
    assert TEXT[start:end] == "done"


def test_locate_within_a_span_skips_earlier_matches():
    text = "Istanbul 2004. Aliyev went to Istanbul 2004 and Riga."
    start, _ = locate("Istanbul 2004", text, within=(15, len(text)))
    assert start == text.rindex("Istanbul 2004")


@pytest.mark.parametrize("needle", ["not there", "", "   "])
def test_locate_fails_for_absent_or_empty_quotes(needle):
    with pytest.raises(LookupError):
        locate(needle, TEXT)
