"""What the ``@endpoint`` facts do beyond the sweeps: page sizes, Premium, docs, options."""

from __future__ import annotations

from typing import Any

import pytest

from spotipy import Spotify
from spotipy.client._endpoint import SPOTIFY_REFERENCE
from spotipy.emulator import Emulator
from spotipy.errors import ExtendedQuotaRequired, Forbidden, PremiumRequired
from tests.conftest import Runner, make_sender
from tests.endpoints import endpoints


def last_query(emulator: Emulator) -> dict[str, str]:
    return [r for r in emulator.requests if r.path.startswith("/v1/")][-1].query


def test_max_limits_ask_for_the_largest_page(mode: str, run: Runner, emulator: Emulator) -> None:
    album = emulator.catalogue.album_ids[0]
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    run(spotify.album_tracks(album))
    assert last_query(emulator)["limit"] == "20"  # the default
    with spotify.max_limits(True):
        run(spotify.album_tracks(album))
        assert last_query(emulator)["limit"] == "50"
        run(spotify.album_tracks(album, limit=7))  # a limit given is kept
        assert last_query(emulator)["limit"] == "7"
    run(spotify.album_tracks(album))
    assert last_query(emulator)["limit"] == "20"
    always = Spotify(emulator.app_token(), make_sender(emulator, mode), max_limits_on=True)
    run(always.search("a", ("track",)))
    assert last_query(emulator)["limit"] == "10"  # search's 2026 cap


def test_chunking_off_by_option(mode: str, run: Runner, emulator: Emulator) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode), chunked_on=False)
    with pytest.raises(ValueError, match="at most 50"):
        run.call(lambda: spotify.tracks(emulator.catalogue.track_ids[:51]))
    spotify.chunked_on = True
    assert len(run(spotify.tracks(emulator.catalogue.track_ids[:51]))) == 51


LAPSED = (
    b'{"error": {"status": 403, "message":'
    b' "Active premium subscription required for the owner of the app"}}'
)


@pytest.mark.parametrize("method", ["artist", "albums"])
def test_a_lapsed_premium_has_its_own_error(
    mode: str, run: Runner, emulator: Emulator, method: str
) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    emulator.faults.add(path="/v1/", status=403, body=LAPSED, times=1)
    arg: Any = (
        emulator.catalogue.artist_ids[0] if method == "artist" else emulator.catalogue.album_ids[:2]
    )
    with pytest.raises(PremiumRequired) as info:
        run(getattr(spotify, method)(arg))
    assert isinstance(info.value, Forbidden)
    assert not isinstance(info.value, ExtendedQuotaRequired)  # even for an extended-only one
    assert "Premium" in str(info.value)


def test_a_quota_spelt_wrong_is_refused() -> None:
    with pytest.raises(ValueError, match="quota"):
        Spotify("token", quota="dev")  # type: ignore[call-overload]


def test_docstrings_carry_the_facts() -> None:
    for name, ep in endpoints().items():
        doc = ep.__doc__ or ""
        # The reference link is a generated note: a docstring without notes lacks it.
        assert f"Spotify reference: {SPOTIFY_REFERENCE}{ep.operation}" in doc, name
        bound = getattr(Spotify("token"), name)
        assert bound.__doc__ == doc, name  # help(spotify.method) shows the notes too
        for scope in ep.scope:
            assert scope in doc, name
        if ep.deprecated:
            assert "extended quota" in doc, name
            assert ep.quota == "extended", name
            assert hasattr(ep.func, "__deprecated__"), name
        if ep.max_ids is not None:
            assert f"At most {ep.max_ids} items" in doc, name
        assert doc.splitlines()[0].strip(), f"{name} has no summary line"
    assert len({ep.operation for ep in endpoints().values()}) == 97


def test_defaults_pass_the_declared_checks(mode: str, run: Runner, emulator: Emulator) -> None:
    # A default tuple of types is sent comma-joined, exactly as a caller's list would be.
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    run(spotify.playlist("37i9dQZEVXbMDoHDwVN2tF"))
    assert last_query(emulator)["additional_types"] == "track,episode"
    run(spotify.search("a"))
    assert last_query(emulator)["type"] == "track"
