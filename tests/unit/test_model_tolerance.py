"""Drift from the documented shapes must never cost the user the response.

Spotify adds fields, drops deprecated ones, sends nulls, invents enum values and
renames fields (``track`` to ``item`` in 2026).  Each test here is one such drift.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spotipy.model import (
    CurrentlyPlayingContext,
    FullAlbum,
    FullArtist,
    FullAudiobook,
    FullChapter,
    FullEpisode,
    FullPlaylist,
    FullShow,
    FullTrack,
    Model,
    PlaylistTrack,
    PrivateUser,
    PublicUser,
    Queue,
    SavedTrackPaging,
    SearchResult,
    SimpleAlbum,
    SimpleAlbumPaging,
    SimplePlaylist,
    SimplePlaylistPaging,
    SimpleTrack,
    decode,
)
from spotipy.serialise import to_json
from tests.unit import test_model_payloads as p

Json = dict[str, Any]

# (model, payload builder) for every catalogue object with a representative payload.
CASES: list[tuple[type[Model], Callable[[], Json]]] = [
    (FullArtist, p.full_artist),
    (SimpleAlbum, p.simple_album),
    (FullAlbum, p.full_album),
    (SimpleTrack, p.simple_track),
    (FullTrack, p.full_track),
    (PublicUser, p.public_user),
    (PrivateUser, p.private_user),
    (FullShow, p.full_show),
    (FullEpisode, p.full_episode),
    (FullAudiobook, p.full_audiobook),
    (FullChapter, p.full_chapter),
    (SimplePlaylist, p.simple_playlist),
    (FullPlaylist, p.full_playlist),
    (SearchResult, p.search_result),
    (CurrentlyPlayingContext, lambda: p.playback(p.full_track())),
    (CurrentlyPlayingContext, lambda: p.playback(p.full_episode())),
    (Queue, p.queue),
]
IDS = [f"{model.__name__}-{i}" for i, (model, _) in enumerate(CASES)]

#: Keys whose absence or null makes an object meaningless; they stay required.
ESSENTIAL = frozenset({"id", "uri", "name", "url", "items"})


def _walk(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every dict key below ``value`` that is not essential."""
    paths = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in ESSENTIAL:
                paths.append((*path, key))
            paths.extend(_walk(inner, (*path, key)))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            paths.extend(_walk(inner, (*path, index)))
    return paths


def _parent(payload: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        try:
            payload = payload[step]
        except (KeyError, IndexError, TypeError):
            return None
    return payload


def _add_unknown_fields(value: Any, *, mappings: bool = False) -> None:
    """Add a field to every object; with ``mappings``, a service to every URL map."""
    if isinstance(value, dict):
        for key, inner in list(value.items()):
            if key == "external_urls" and isinstance(inner, dict):
                if mappings:
                    inner["a_new_service"] = "https://example.com/x"
            else:
                _add_unknown_fields(inner, mappings=mappings)
        value["field_from_2027"] = {"nested": [1, None, "x"], "flag": True}
    elif isinstance(value, list):
        for inner in value:
            _add_unknown_fields(inner, mappings=mappings)


# -- unknown, missing and null fields ------------------------------------------------


@pytest.mark.parametrize(("model", "build"), CASES, ids=IDS)
def test_unknown_fields_are_ignored_at_every_level(
    model: type[Model], build: Callable[[], Json]
) -> None:
    payload = build()
    expected = decode(p.encode(payload), model)
    _add_unknown_fields(payload)
    assert decode(p.encode(payload), model) == expected


@pytest.mark.parametrize(("model", "build"), CASES, ids=IDS)
def test_every_non_essential_field_may_be_null(
    model: type[Model], build: Callable[[], Json]
) -> None:
    for key in build():
        if key in ESSENTIAL:
            continue
        payload = build()
        payload[key] = None
        decoded = decode(p.encode(payload), model)
        assert getattr(decoded, key, None) is None, key


@pytest.mark.parametrize(("model", "build"), CASES, ids=IDS)
def test_every_non_essential_field_may_be_missing(
    model: type[Model], build: Callable[[], Json]
) -> None:
    payload = {k: v for k, v in build().items() if k in ESSENTIAL}
    decoded = decode(p.encode(payload), model)
    # A playlist's ``tracks`` mirrors its (kept) ``items``; ``type`` has a fixed default.
    for field in msgspec.structs.fields(model):
        if field.name not in ESSENTIAL | {"type", "tracks"}:
            assert getattr(decoded, field.name) is None, field.name


@pytest.mark.parametrize(("model", "build"), CASES, ids=IDS)
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_random_drift_decodes_and_round_trips(
    model: type[Model], build: Callable[[], Json], data: st.DataObject
) -> None:
    payload = build()
    paths = _walk(payload)
    changes = data.draw(
        st.lists(st.tuples(st.sampled_from(paths), st.sampled_from(["null", "drop"])), max_size=12)
    )
    for path, change in changes:
        parent = _parent(payload, path)
        if not isinstance(parent, dict) or path[-1] not in parent:
            continue  # an earlier change removed it
        if change == "null":
            parent[path[-1]] = None
        else:
            del parent[path[-1]]
    if data.draw(st.booleans()):
        _add_unknown_fields(payload, mappings=True)
    decoded = decode(p.encode(payload), model)
    assert decode(to_json(decoded).encode(), model) == decoded


def test_new_external_services_are_kept() -> None:
    payload = p.full_artist()
    payload["external_urls"]["a_new_service"] = "https://example.com/x"
    artist = decode(p.encode(payload), FullArtist)
    assert artist.external_urls is not None
    assert artist.external_urls["a_new_service"] == "https://example.com/x"


def test_deprecated_fields_may_vanish() -> None:
    payload = p.full_track()
    for key in ("popularity", "available_markets", "external_ids", "linked_from", "preview_url"):
        payload.pop(key, None)
    del payload["album"]["available_markets"]
    track = decode(p.encode(payload), FullTrack)
    assert track.popularity is None
    assert track.available_markets is None
    assert track.external_ids is None
    assert track.album is not None
    assert track.album.available_markets is None

    album = p.full_album()
    for key in ("label", "popularity", "genres", "external_ids"):
        del album[key]
    decoded = decode(p.encode(album), FullAlbum)
    assert (decoded.label, decoded.popularity, decoded.genres) == (None, None, None)

    artist = p.full_artist()
    for key in ("followers", "genres", "popularity"):
        del artist[key]
    assert decode(p.encode(artist), FullArtist).followers is None

    user = p.private_user()
    for key in ("country", "email", "product", "explicit_content", "followers"):
        del user[key]
    assert decode(p.encode(user), PrivateUser).product is None


def test_essential_fields_stay_required() -> None:
    payload = p.full_track()
    del payload["id"]
    with pytest.raises(msgspec.ValidationError, match="id"):
        decode(p.encode(payload), FullTrack)


def test_numbers_sent_as_strings_or_floats() -> None:
    payload = p.full_track()
    payload["popularity"] = "57"
    payload["duration_ms"] = 207959.0
    track = decode(p.encode(payload), FullTrack)
    assert track.popularity == 57
    assert track.duration_ms == 207959


# -- enumerations --------------------------------------------------------------------


def test_unknown_enum_values_are_kept() -> None:
    payload = p.full_album()
    payload["album_type"] = "ep"
    payload["album_group"] = "featured_on"
    payload["release_date_precision"] = "week"
    payload["restrictions"] = {"reason": "age"}
    payload["copyrights"] = [{"text": "x", "type": "R"}]
    album = decode(p.encode(payload), FullAlbum)
    assert album.album_type == "ep"
    assert album.album_group == "featured_on"
    assert album.release_date_precision == "week"
    assert album.restrictions is not None
    assert album.restrictions.reason == "age"
    assert album.copyrights is not None
    assert album.copyrights[0].type == "R"
    user = p.private_user()
    user["product"] = "family"
    assert decode(p.encode(user), PrivateUser).product == "family"


# -- timestamps ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ("2020-01-01T12:30:00Z", datetime(2020, 1, 1, 12, 30, tzinfo=UTC)),
        ("2020-01-01T12:30:00.250Z", datetime(2020, 1, 1, 12, 30, 0, 250000, tzinfo=UTC)),
        ("2020-01-01T12:30:00", datetime(2020, 1, 1, 12, 30, tzinfo=UTC)),
        ("1970-01-01T00:00:00Z", datetime(1970, 1, 1, tzinfo=UTC)),
        (None, None),
        ("", None),
        ("yesterday", None),
        (1577881800, None),
        ({"odd": True}, None),
    ],
)
def test_timestamps_never_fail_the_page(sent: Any, expected: datetime | None) -> None:
    saved = {"added_at": sent, "track": p.full_track()}
    page = decode(p.encode(p.paging([saved], "me/tracks")), SavedTrackPaging)
    assert page.items[0].added_at == expected
    entry = decode(p.encode(p.playlist_entry(p.full_track()) | {"added_at": sent}), PlaylistTrack)
    assert entry.added_at == expected


def test_missing_timestamp() -> None:
    page = decode(p.encode(p.paging([{"track": p.full_track()}], "me/tracks")), SavedTrackPaging)
    assert page.items[0].added_at is None


# -- null entries in pagings ---------------------------------------------------------


@pytest.mark.parametrize("key", ["tracks", "artists", "albums", "playlists", "shows", "episodes"])
def test_null_entries_in_search_results_are_dropped(key: str) -> None:
    payload = p.search_result()
    payload[key]["items"] = [None, *payload[key]["items"], None]
    result = decode(p.encode(payload), SearchResult)
    page = getattr(result, key)
    assert len(page.items) == 1
    assert None not in page.items
    assert page.total == payload[key]["total"]


def test_search_playlists_all_null() -> None:
    payload = p.search_result()
    payload["playlists"]["items"] = [None, None, None]
    result = decode(p.encode(payload), SearchResult)
    assert result.playlists is not None
    assert result.playlists.items == []


def test_null_items_in_a_paging_decoded_by_its_own_type() -> None:
    body = p.encode(p.paging([None, p.simple_playlist(), None], "browse/x/playlists"))
    page = decode(body, SimplePlaylistPaging)
    assert [pl.name for pl in page.items] == ["Harbour"]
    albums = decode(p.encode(p.paging([None], "browse/new-releases")), SimpleAlbumPaging)
    assert albums.items == []


def test_paging_without_counts() -> None:
    page = decode(p.encode({"items": [p.simple_album()]}), SimpleAlbumPaging)
    assert page.total is None
    assert page.next is None
    assert page.items[0].name == "Lanterns at Low Tide"


def test_images_may_be_null() -> None:
    payload = p.simple_playlist()
    payload["images"] = None
    assert decode(p.encode(payload), SimplePlaylist).images is None


def test_payloads_are_not_shared_between_builders() -> None:
    first = p.full_track()
    second = copy.deepcopy(first)
    first["album"]["name"] = "changed"
    assert p.full_track() == second
