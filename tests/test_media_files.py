"""Media files of our own (db/media/) are built into the database and served from it under
content-hashed URLs, so a timeline with its pictures works offline."""

from __future__ import annotations

import json
import struct
import zlib

import pytest
from click.testing import CliRunner

from tests.helpers import parse
from webapp import create_app
from webapp.cli import main
from webapp.errors import BuildError
from webapp.ingest import checks
from webapp.ingest.build import build


def png(width: int, height: int, shade: int = 0x80) -> bytes:
    """A real, tiny PNG: one flat colour."""
    rows = b"".join(b"\x00" + bytes([0x40, shade, 0xC0]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        check = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", check)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def give_media(data_dir, url: str, slug: str = "partnership-for-peace") -> None:
    """Add ``[events.media] url = ...`` to the event ``slug`` of events.toml."""
    path = data_dir / "events.toml"
    text = path.read_text(encoding="utf-8")
    at = text.index("[[events]]", text.index(f'slug = "{slug}"'))
    media = f'[events.media]\nurl = "{url}"\nalt = "Members in 1994"\n\n'
    path.write_text(text[:at] + media + text[at:], encoding="utf-8")


@pytest.fixture
def with_picture(data_dir):
    (data_dir / "media").mkdir()
    (data_dir / "media" / "members.png").write_bytes(png(40, 20))
    give_media(data_dir, "media/members.png")
    return data_dir


def client_of(db_path):
    return create_app({"TESTING": True, "DATABASE": str(db_path)}).test_client()


def test_a_file_in_db_media_is_shown_and_served_from_the_database(with_picture, tmp_path):
    build(with_picture, tmp_path / "t.db")
    (with_picture / "media" / "members.png").unlink()  # the database alone serves it
    client = client_of(tmp_path / "t.db")
    event = client.get("/api/events?limit=1").get_json()["events"][0]
    url = event["media"]["url"]
    assert url.startswith("http://localhost/media/") and url.endswith("/members.png")
    assert event["media"]["kind"] == "image"
    image = parse(client.get("/events/partnership-for-peace")).select_one(".media img")
    assert image["src"] == url and image["alt"] == "Members in 1994"
    served = client.get(url.removeprefix("http://localhost"))
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert served.data == png(40, 20)
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    # Other sites' pages show it in embeds: a cross-origin <img> must be allowed to load it.
    assert served.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    stale = url.removeprefix("http://localhost").replace("/media/", "/media/0")
    assert client.get(stale).status_code == 404


def test_a_changed_file_gets_a_new_address_and_the_build_notices_it(with_picture, tmp_path):
    first = build(with_picture, tmp_path / "t.db")
    old = client_of(tmp_path / "t.db").get("/api/events?limit=1").get_json()["events"][0]
    (with_picture / "media" / "members.png").write_bytes(png(40, 20, shade=0x10))
    second = build(with_picture, tmp_path / "t.db")
    assert not second.unchanged and second.stamp != first.stamp
    new = client_of(tmp_path / "t.db").get("/api/events?limit=1").get_json()["events"][0]
    assert new["media"]["url"] != old["media"]["url"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("media/missing.png", r"partnership-for-peace.*'media/missing.png' is not in db/media/"),
        ("media/../events.toml", r"partnership-for-peace.*not an http\(s\) address or a file"),
        ("/etc/passwd", r"partnership-for-peace.*not an http\(s\) address or a file"),
    ],
)
def test_a_media_file_that_is_not_there_fails_the_build_naming_the_event(
    data_dir, tmp_path, url, message
):
    give_media(data_dir, url)
    with pytest.raises(BuildError, match=message):
        build(data_dir, tmp_path / "t.db")


def test_a_media_file_over_the_limit_is_refused_with_its_size(with_picture, tmp_path, monkeypatch):
    monkeypatch.setattr(checks, "MAX_MEDIA_FILE_BYTES", 50)
    with pytest.raises(BuildError, match=r"media/members.png is 0.0 MB; a media file may be"):
        build(with_picture, tmp_path / "t.db")


def test_an_import_into_the_database_keeps_its_media_files_and_display_dates(
    with_picture, tmp_path
):
    build(with_picture, tmp_path / "t.db")
    slide = {
        "start_date": {"year": 1914},
        "end_date": {"year": 1918},
        "display_date": "The Great War years",
        "text": {"headline": "The Great War"},
    }
    (tmp_path / "war.json").write_text(json.dumps({"events": [slide]}))
    moon = {"start_date": {"year": 1969}, "text": {"headline": "Moon landing"}}
    (tmp_path / "moon.json").write_text(json.dumps({"events": [moon]}))
    for name in ("war.json", "moon.json"):  # the second reads the first back and rewrites it
        result = CliRunner().invoke(
            main, ["import", str(tmp_path / name), "--db", str(tmp_path / "t.db")]
        )
        assert result.exit_code == 0, result.output
    client = client_of(tmp_path / "t.db")
    events = {e["slug"]: e for e in client.get("/api/events?limit=100").get_json()["events"]}
    picture = events["partnership-for-peace"]["media"]["url"]
    assert client.get(picture.removeprefix("http://localhost")).data == png(40, 20)
    assert events["the-great-war"]["display_date"] == "The Great War years"
