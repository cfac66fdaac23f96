import sqlite3

import pytest

from webapp.errors import BuildError
from webapp.ingest.build import build, existing_stamp


def edit_events(data_dir, old, new):
    path = data_dir / "events.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in events.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_build_loads_every_event_note_and_topic(data_dir, tmp_path):
    result = build(data_dir, tmp_path / "t.db")
    db = sqlite3.connect(tmp_path / "t.db")
    assert result.events == db.execute("SELECT count(*) FROM events").fetchone()[0] == 22
    assert result.notes == db.execute("SELECT count(*) FROM notes").fetchone()[0] == 7
    summits = db.execute("SELECT count(*) FROM event_topics WHERE topic = 'summits'").fetchone()[0]
    assert summits == 8


def test_events_are_stored_in_chronological_order(built_db):
    db = sqlite3.connect(built_db)
    keys = [row[0] for row in db.execute("SELECT start FROM events ORDER BY id")]
    assert keys == sorted(keys)
    assert keys[0] == "1994"


def test_stored_quote_is_the_verbatim_source_slice(built_db):
    db = sqlite3.connect(built_db)
    text = db.execute("SELECT text FROM sources").fetchone()[0]
    for quote, start, end in db.execute("SELECT quote, quote_start, quote_end FROM events"):
        assert text[start:end] == quote


def test_missing_quote_fails_naming_the_event(data_dir, tmp_path):
    edit_events(data_dir, "began in 1994 under", "began in 1995 under")
    with pytest.raises(BuildError, match=r"partnership-for-peace.*quote not found"):
        build(data_dir, tmp_path / "t.db")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('start = "2020-10"', 'start = "2020-13"', r"stoltenberg-sargsyan-press-conference.*start"),
        ('start = "1994"', 'start = "the nineties"', r"partnership-for-peace.*start"),
        ('end = "2021-08"', 'end = "2014"', r"resolute-support-mission.*before start"),
        (
            'topics = ["russia"]',
            'topics = ["rusia"]',
            r"nato-russia-meetings.*topics: 'rusia' is not",
        ),
        ('phrase = "Lisbon 2010"', 'phrase = "Lisbon 2011"', r"lisbon-summit-2010.*phrase"),
        ('slug = "war-2020"', 'slug = "war 2020"', r"slug 'war 2020'"),
    ],
)
def test_invalid_records_fail_with_a_clear_message(data_dir, tmp_path, old, new, message):
    edit_events(data_dir, old, new)
    with pytest.raises(BuildError, match=message):
        build(data_dir, tmp_path / "t.db")


def test_shared_quote_without_phrase_is_refused(data_dir, tmp_path):
    edit_events(data_dir, 'phrase = "Warsaw 2016"\n', "")
    with pytest.raises(BuildError, match=r"warsaw-summit-2016.*phrase"):
        build(data_dir, tmp_path / "t.db")


def test_build_is_idempotent(data_dir, tmp_path):
    target = tmp_path / "t.db"
    first = build(data_dir, target)
    inode = target.stat().st_ino
    second = build(data_dir, target)
    assert (first.unchanged, second.unchanged) == (False, True)
    assert first.stamp == second.stamp == existing_stamp(target)
    assert target.stat().st_ino == inode


def test_rebuild_replaces_the_file_atomically_and_leaves_no_temporary(data_dir, tmp_path):
    target = tmp_path / "t.db"
    build(data_dir, target)
    reader = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    old_title = reader.execute("SELECT title FROM events WHERE id = 1").fetchone()[0]
    edit_events(data_dir, "Azerbaijan joins NATO's Partnership for Peace", "PfP begins")
    result = build(data_dir, target)
    assert not result.unchanged
    # A reader that opened the old file still sees it whole: the new one was renamed over it.
    assert reader.execute("SELECT title FROM events WHERE id = 1").fetchone()[0] == old_title
    fresh = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    assert fresh.execute("SELECT title FROM events WHERE id = 1").fetchone()[0] == "PfP begins"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["t.db"]


def test_failed_build_leaves_the_existing_database_untouched(data_dir, tmp_path):
    target = tmp_path / "t.db"
    build(data_dir, target)
    before = target.read_bytes()
    edit_events(data_dir, 'start = "2015"', 'start = "2015-00"')
    with pytest.raises(BuildError):
        build(data_dir, target)
    assert target.read_bytes() == before


def add_to_events(data_dir, text):
    path = data_dir / "events.toml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_curated_eras_are_built_and_a_bad_one_fails_naming_it(data_dir, tmp_path):
    add_to_events(data_dir, '\n[[eras]]\ntitle = "Cold War"\nstart = "1947"\nend = "1991-12"\n')
    build(data_dir, tmp_path / "t.db")
    db = sqlite3.connect(tmp_path / "t.db")
    assert db.execute("SELECT title, start, end, source FROM eras").fetchall() == [
        ("Cold War", "1947", "1991-12", None)
    ]
    add_to_events(data_dir, '\n[[eras]]\ntitle = "Backwards"\nstart = "2000"\nend = "1990"\n')
    with pytest.raises(BuildError, match=r"era #2 \(Backwards\): end 1990 is before start 2000"):
        build(data_dir, tmp_path / "t.db")


def test_topics_are_optional_and_a_summary_may_be_empty(data_dir, tmp_path):
    edit_events(data_dir, 'topics = ["russia"]', "topics = []")
    text = (data_dir / "events.toml").read_text()
    (data_dir / "events.toml").write_text(text.replace('summary = "', 'summary = "" # was: "', 1))
    result = build(data_dir, tmp_path / "t.db")
    assert result.events == 22


def test_a_date_its_quote_does_not_state_fails_unless_reported_or_inferred(data_dir, tmp_path):
    edit_events(data_dir, 'start = "1994"', 'start = "1995"')
    with pytest.raises(
        BuildError, match=r"partnership-for-peace\): start 1995 is not in its quote"
    ):
        build(data_dir, tmp_path / "t.db")
    edit_events(data_dir, 'start = "1995"', 'start = "1995"\ninferred = true')
    assert build(data_dir, tmp_path / "t.db").events == 22


def test_every_problem_is_listed_not_only_the_first(data_dir, tmp_path):
    edit_events(data_dir, 'start = "2020-10"', 'start = "2020-13"')
    edit_events(data_dir, 'topics = ["russia"]', 'topics = ["rusia"]')
    with pytest.raises(BuildError) as raised:
        build(data_dir, tmp_path / "t.db")
    message = str(raised.value)
    assert message.startswith("2 problems:")
    assert "stoltenberg-sargsyan-press-conference): start" in message
    assert "nato-russia-meetings): topics: 'rusia' is not in topics.toml" in message


def test_a_toml_mistake_says_what_to_write(data_dir, tmp_path):
    edit_events(
        data_dir,
        'title = "',
        'title = "An "unescaped" quote',
    )
    with pytest.raises(BuildError, match=r'events.toml: not valid TOML: .*written \\"'):
        build(data_dir, tmp_path / "t.db")
