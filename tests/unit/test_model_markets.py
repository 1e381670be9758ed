"""Market lists decode once per distinct list and are shared as tuples.

A 10,000-entry playlist carries the same lists of market codes on every track and album;
they are decoded into one tuple each, shared by every object that sent that list.
"""

from __future__ import annotations

import msgspec
import pytest

from spotipy.model import FullAlbum, FullShow, FullTrack, SimpleTrack, decode
from spotipy.serialise import to_json
from tests.unit import test_model_payloads as p


def _track(markets: object, album_markets: object = ("SE",)) -> FullTrack:
    payload = p.full_track()
    payload["available_markets"] = markets
    payload["album"]["available_markets"] = album_markets
    return decode(p.encode(payload), FullTrack)


def test_equal_lists_are_one_tuple_and_keep_every_code() -> None:
    first = _track(["GB", "FI", "SE"], ["GB", "FI", "SE"])
    second = _track(["GB", "FI", "SE"])
    assert first.available_markets == ("GB", "FI", "SE")
    assert first.available_markets is second.available_markets
    assert first.album is not None
    assert first.album.available_markets is first.available_markets


def test_different_lists_stay_different() -> None:
    one = _track(["GB", "SE"])
    other = _track(["SE", "GB"])
    empty = _track([])
    assert one.available_markets == ("GB", "SE")
    assert other.available_markets == ("SE", "GB")
    assert empty.available_markets == ()


def test_null_and_missing_markets_are_none() -> None:
    assert _track(None).available_markets is None
    payload = p.full_track()
    del payload["available_markets"]
    assert decode(p.encode(payload), FullTrack).available_markets is None


@pytest.mark.parametrize("bad", [5, "SE", [1, 2], {"SE": True}])
def test_a_list_of_something_else_is_refused_as_before(bad: object) -> None:
    with pytest.raises(msgspec.ValidationError):
        _track(bad)


def test_markets_set_by_a_program_become_a_tuple_and_round_trip() -> None:
    track = SimpleTrack(id="x", name="n", uri="spotify:track:x", available_markets=["SE"])
    assert track.available_markets == ("SE",)
    assert decode(to_json(track).encode(), SimpleTrack) == track
    full = _track(["GB", "SE"])
    assert decode(to_json(full).encode(), FullTrack) == full


def test_albums_and_shows_share_them_too() -> None:
    album = p.full_album()
    album["available_markets"] = ["JP", "US"]
    show = p.full_show()
    show["available_markets"] = ["JP", "US"]
    decoded_album = decode(p.encode(album), FullAlbum)
    decoded_show = decode(p.encode(show), FullShow)
    assert decoded_album.available_markets == ("JP", "US")
    assert decoded_album.available_markets is decoded_show.available_markets


def test_a_list_longer_than_any_real_one_is_kept_whole_but_not_cached() -> None:
    codes = [f"X{i}" for i in range(1000)]  # about 7 KB of JSON: no real list is so long
    first = _track(codes)
    second = _track(codes)
    assert first.available_markets == tuple(codes)
    assert first.available_markets == second.available_markets
    assert first.available_markets is not second.available_markets
