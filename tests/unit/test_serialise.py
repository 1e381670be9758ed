"""Serialising models: builtins, JSON round trips, pretty printing and helpers."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spotipy.model import (
    AlbumType,
    Copyright,
    FullAlbum,
    FullArtist,
    FullPlaylist,
    FullTrack,
    Image,
    Model,
    PrivateUser,
    SavedTrack,
    SearchResult,
    SimpleArtist,
    SimpleTrackPaging,
    decode,
)
from spotipy.serialise import (
    JSONEncoder,
    SerialisableEnum,
    Timestamp,
    pprint,
    to_builtins,
    to_json,
)
from tests.unit import test_model_payloads as p

ADDED = datetime(2020, 1, 1, 12, 30, tzinfo=UTC)

CASES: list[tuple[type[Model], Any]] = [
    (FullArtist, p.full_artist),
    (FullAlbum, p.full_album),
    (FullTrack, p.full_track),
    (PrivateUser, p.private_user),
    (FullPlaylist, p.full_playlist),
    (SearchResult, p.search_result),
]


def _saved() -> SavedTrack:
    body = p.encode({"added_at": "2020-01-01T12:30:00Z", "track": p.full_track()})
    return decode(body, SavedTrack)


# -- builtins and JSON ---------------------------------------------------------------


def test_to_builtins_gives_plain_objects() -> None:
    saved = _saved()
    data = to_builtins(saved)
    assert data["added_at"] == "2020-01-01T12:30:00Z"
    assert data["track"]["album"]["images"][0] == p.image(640)
    assert saved.asbuiltin() == data
    json.dumps(data)  # nothing but builtins


def test_to_builtins_of_lists_and_enums() -> None:
    images = [Image(url="a"), Image(url="b", height=1, width=1)]
    assert to_builtins(images) == [
        {"url": "a", "height": None, "width": None},
        {"url": "b", "height": 1, "width": 1},
    ]
    assert to_builtins({"kind": AlbumType.single}) == {"kind": "single"}


def test_to_json_compact_and_indented() -> None:
    image = Image(url="u", height=1, width=2)
    assert to_json(image) == '{"url":"u","height":1,"width":2}'
    assert to_json(image, indent=2) == '{\n  "url": "u",\n  "height": 1,\n  "width": 2\n}'
    assert image.json() == to_json(image)
    assert image.json(indent=4) == to_json(image, indent=4)
    assert str(image) == to_json(image)


def test_timestamps_are_written_in_spotifys_form() -> None:
    assert '"added_at":"2020-01-01T12:30:00Z"' in _saved().json()
    helsinki = timezone(timedelta(hours=2))
    saved = SavedTrack(added_at=datetime(2020, 1, 1, 14, 30, tzinfo=helsinki), track=_saved().track)
    assert decode(saved.json().encode(), SavedTrack).added_at == ADDED


@pytest.mark.parametrize(("model", "build"), CASES, ids=[m.__name__ for m, _ in CASES])
def test_json_round_trip(model: type[Model], build: Any) -> None:
    decoded = decode(p.encode(build()), model)
    again = decode(to_json(decoded).encode(), type(decoded))
    assert again == decoded
    assert decode(to_json(decoded, indent=2).encode(), model) == decoded


def test_round_trip_keeps_the_concrete_paging() -> None:
    page = decode(p.encode(p.full_album()["tracks"]), SimpleTrackPaging)
    again = decode(to_json(page).encode(), type(page))
    assert type(again) is SimpleTrackPaging
    assert again == page


# -- property-based round trips ------------------------------------------------------

text = st.text(max_size=30)
maybe_text = st.none() | text
maybe_int = st.none() | st.integers(min_value=-(2**53), max_value=2**53)
images = st.builds(Image, url=text, height=maybe_int, width=maybe_int)
artists = st.builds(
    SimpleArtist,
    id=text,
    uri=text,
    name=text,
    href=maybe_text,
    external_urls=st.none() | st.dictionaries(text, maybe_text, max_size=3),
    type=maybe_text,
)
tracks = st.builds(
    FullTrack,
    id=text,
    uri=text,
    name=text,
    artists=st.none() | st.lists(artists, max_size=3),
    duration_ms=maybe_int,
    explicit=st.none() | st.booleans(),
    popularity=maybe_int,
    preview_url=maybe_text,
    available_markets=st.none() | st.lists(text, max_size=3),
)
timestamps = st.none() | st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


@settings(max_examples=80, deadline=None)
@given(track=tracks, added_at=timestamps)
def test_random_models_round_trip(track: FullTrack, added_at: datetime | None) -> None:
    saved = SavedTrack(added_at=added_at, track=track)
    assert decode(to_json(saved).encode(), SavedTrack) == saved
    assert decode(json.dumps(saved.asbuiltin()).encode(), SavedTrack) == saved


@settings(max_examples=50, deadline=None)
@given(artist=artists, photos=st.lists(images, max_size=4))
def test_random_artists_round_trip(artist: SimpleArtist, photos: list[Image]) -> None:
    full = FullArtist(
        id=artist.id,
        uri=artist.uri,
        name=artist.name,
        external_urls=artist.external_urls,
        images=photos,
    )
    assert decode(full.json(indent=1).encode(), FullArtist) == full


# -- pprint --------------------------------------------------------------------------


def test_pprint_prints_indented_json(capsys: pytest.CaptureFixture[str]) -> None:
    image = Image(url="u", height=1, width=None)
    pprint(image)
    out = capsys.readouterr().out
    assert out == '{\n  "url": "u",\n  "height": 1,\n  "width": null\n}\n'
    image.pprint()
    assert capsys.readouterr().out == out


def test_pprint_as_string_and_to_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    image = Image(url="u")
    text = pprint(image, as_string=True)
    assert image.pprint(as_string=True) == text
    assert json.loads(text) == {"url": "u", "height": None, "width": None}
    buffer = io.StringIO()
    image.pprint(file=buffer)
    assert buffer.getvalue() == text + "\n"
    assert capsys.readouterr().out == ""


def test_pprint_compact_leaves_out_nulls() -> None:
    image = Image(url="u")
    assert pprint(image, compact=True, as_string=True) == '{\n  "url": "u"\n}'
    album = decode(p.encode(p.full_album()), FullAlbum)
    text = album.pprint(compact=True, indent=1, as_string=True)
    assert "null" not in text
    assert '\n "name": "Lanterns at Low Tide"' in text


def test_pprint_of_a_list_of_models() -> None:
    text = pprint([Copyright(text="t", type="C")], as_string=True)
    assert json.loads(text) == [{"text": "t", "type": "C"}]


# -- seed helpers --------------------------------------------------------------------


def test_timestamp_parses_and_prints_spotifys_form() -> None:
    stamp = Timestamp.from_string("2020-01-01T12:30:00Z")
    assert stamp == ADDED
    assert str(stamp) == "2020-01-01T12:30:00Z"
    precise = Timestamp.from_string("2020-01-01T12:30:00.250Z")
    assert precise.microsecond == 250000
    assert str(precise) == "2020-01-01T12:30:00Z"
    with pytest.raises(ValueError, match="not a Spotify timestamp"):
        Timestamp.from_string("2020-01-01")


def test_timestamp_from_datetime() -> None:
    assert Timestamp.from_datetime(datetime(2020, 1, 1, 12, 30)) == ADDED
    helsinki = timezone(timedelta(hours=2))
    converted = Timestamp.from_datetime(datetime(2020, 1, 1, 14, 30, tzinfo=helsinki))
    assert str(converted) == "2020-01-01T12:30:00Z"
    assert to_json(converted) == '"2020-01-01T12:30:00Z"'


def test_json_encoder_handles_models_and_timestamps() -> None:
    payload = {"image": Image(url="u"), "when": ADDED, "kind": AlbumType.album}
    text = json.dumps(payload, cls=JSONEncoder)
    assert json.loads(text) == {
        "image": {"url": "u", "height": None, "width": None},
        "when": "2020-01-01T12:30:00Z",
        "kind": "album",
    }
    with pytest.raises(TypeError):
        json.dumps({"x": object()}, cls=JSONEncoder)


def test_serialisable_enum() -> None:
    class Colour(SerialisableEnum):
        red = "red"
        dark_blue = "Dark-Blue"

    assert Colour("RED") is Colour.red
    assert Colour("dark-blue") is Colour.dark_blue
    assert Colour.red == "red"
    assert str(Colour.dark_blue) == "Dark-Blue"
    with pytest.raises(ValueError, match="not a valid"):
        Colour("green")
    with pytest.raises(ValueError, match="not a valid"):
        Colour(3)  # type: ignore[arg-type]


def test_models_holding_a_timestamp_serialise() -> None:
    saved = SavedTrack(added_at=Timestamp.from_string("2020-01-01T12:30:00Z"), track=_saved().track)
    assert to_builtins(saved)["added_at"] == "2020-01-01T12:30:00Z"
    assert decode(to_json(saved).encode(), SavedTrack) == saved
    assert "2020-01-01T12:30:00Z" in pprint(saved, compact=True, as_string=True)


def test_unserialisable_values_raise_type_error() -> None:
    with pytest.raises(TypeError, match="cannot serialise"):
        to_json({"x": object()})
