"""The player through the client: a state machine the sweeps cannot know, sync and async.

Commands change the emulator's player and later reads show it; Spotify's refusals come
back as errors whose ``reason`` is set and whose message explains it.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from spotipy import Spotify
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.errors import PLAYER_ERROR_REASONS, Forbidden, NotFound, ServiceUnavailable
from spotipy.model import FullEpisode, FullTrack, RepeatState
from spotipy.sender import (
    AsyncPersistentSender,
    AsyncRetryingSender,
    PersistentSender,
    RetryingSender,
)
from tests.conftest import Runner, make_sender

SCOPES = (
    "user-read-playback-state",
    "user-modify-playback-state",
    "user-read-currently-playing",
    "user-read-recently-played",
    "user-top-read",
)


def client(emulator: Emulator, mode: str, user: str = DEFAULT_USER_ID) -> Spotify[Any]:
    return Spotify(emulator.user_token(user, SCOPES), make_sender(emulator, mode))


@pytest.fixture
def premium(emulator: Emulator) -> Emulator:
    """The emulator, with the default user on Premium."""
    emulator.set_product(DEFAULT_USER_ID, "premium")
    return emulator


def devices(emulator: Emulator) -> tuple[str, str]:
    """The default user's laptop (with volume) and phone (without)."""
    laptop, phone = emulator.player(DEFAULT_USER_ID).devices[:2]
    assert laptop.supports_volume
    assert not phone.supports_volume
    return laptop.id, phone.id


def tracks(emulator: Emulator, count: int = 3) -> list[str]:
    return emulator.catalogue.track_ids[200 : 200 + count]


def played_id(item: object) -> str | None:
    assert isinstance(item, (FullTrack, FullEpisode))
    return item.id


def test_the_default_user_starts_with_two_idle_devices(
    premium: Emulator, mode: str, run: Runner
) -> None:
    spotify = client(premium, mode)
    found = run(spotify.playback_devices())
    assert [d.name for d in found] == ["Emulator Laptop", "Emulator Phone"]
    assert not any(d.is_active for d in found)
    assert run(spotify.playback()) is None
    assert run(spotify.playback_currently_playing()) is None
    queue = run(spotify.playback_queue())
    assert queue.currently_playing is None
    assert queue.queue == []


def test_playback_state_machine(premium: Emulator, mode: str, run: Runner) -> None:
    spotify = client(premium, mode)
    laptop, _ = devices(premium)
    first, second, third = tracks(premium)
    episode = premium.catalogue.episode_ids[3]

    run(spotify.playback_start_tracks([first, second, third], device_id=laptop))
    state = run(spotify.playback())
    assert state is not None
    assert played_id(state.item) == first
    assert state.device is not None
    assert state.device.id == laptop
    assert state.device.is_active
    assert state.is_playing
    assert state.context is None

    run(spotify.playback_next())
    assert played_id(run(spotify.playback_currently_playing()).item) == second
    run(spotify.playback_previous())
    assert played_id(run(spotify.playback_currently_playing()).item) == first

    run(spotify.playback_pause())
    state = run(spotify.playback())
    assert state is not None
    assert not state.is_playing
    assert state.actions is not None
    assert state.actions.pausing is True
    run(spotify.playback_resume())
    run(spotify.playback_seek(20_000))
    state = run(spotify.playback())
    assert state is not None
    assert state.is_playing
    assert state.progress_ms is not None
    assert state.progress_ms >= 20_000

    run(spotify.playback_queue_add(f"spotify:episode:{episode}"))
    queue = run(spotify.playback_queue())
    assert played_id(queue.currently_playing) == first
    assert [played_id(i) for i in queue.queue or []] == [episode, second, third]
    run(spotify.playback_next())
    assert played_id(run(spotify.playback_currently_playing()).item) == episode
    assert premium.player(DEFAULT_USER_ID).queue == ()
    run(spotify.playback_next())  # the list goes on after the queued episode
    assert played_id(run(spotify.playback_currently_playing()).item) == second

    history = run(spotify.playback_recently_played())
    # Newest first; the episode played too, but the history holds tracks only.
    assert [h.track.id for h in history.items] == [first, second, first]
    assert all(h.played_at is not None for h in history.items)
    times = [h.played_at for h in history.items]
    assert times == sorted(times, reverse=True)  # type: ignore[type-var]
    assert history.cursors is not None
    assert history.cursors.before is not None
    older = run(spotify.playback_recently_played(limit=1, before=int(history.cursors.before)))
    assert older.items == []
    newest = run(spotify.playback_recently_played(limit=1))
    assert [h.track.id for h in newest.items] == [first]
    assert newest.next is not None
    rest = run(spotify.next(newest))
    assert rest is not None
    assert [h.track.id for h in rest.items] == [second]


def test_context_offset_modes_volume_and_transfer(
    premium: Emulator, mode: str, run: Runner
) -> None:
    spotify = client(premium, mode)
    laptop, phone = devices(premium)
    catalogue = premium.catalogue
    album = next(a for a in catalogue.album_ids if len(catalogue.album_track_ids(a)) >= 3)
    middle = catalogue.album_track_ids(album)[1]

    run(spotify.playback_start_context(f"spotify:album:{album}", offset=middle, device_id=phone))
    state = run(spotify.playback())
    assert state is not None
    assert played_id(state.item) == middle
    assert state.context is not None
    assert state.context.uri == f"spotify:album:{album}"
    run(spotify.playback_start_context(f"spotify:album:{album}", offset=0, position_ms=1_500))
    assert (
        played_id(run(spotify.playback_currently_playing()).item)
        == catalogue.album_track_ids(album)[0]
    )

    run(spotify.playback_shuffle(True))
    run(spotify.playback_repeat(RepeatState.context))
    state = run(spotify.playback())
    assert state is not None
    assert state.shuffle_state is True
    assert state.repeat_state == "context"

    with pytest.raises(Forbidden) as refused:
        run(spotify.playback_volume(30))  # the phone has no volume control
    assert refused.value.reason == "VOLUME_CONTROL_DISALLOW"
    run(spotify.playback_transfer(laptop, force_play=True))
    run(spotify.playback_volume(30))
    found = {d.id: d for d in run(spotify.playback_devices())}
    assert found[laptop].is_active
    assert found[laptop].volume_percent == 30
    assert not found[phone].is_active


def test_no_active_device_is_explained(premium: Emulator, mode: str, run: Runner) -> None:
    spotify = client(premium, mode)
    with pytest.raises(NotFound) as missing:
        run(spotify.playback_pause())
    assert missing.value.reason == "NO_ACTIVE_DEVICE"
    assert PLAYER_ERROR_REASONS["NO_ACTIVE_DEVICE"] in str(missing.value)
    assert "/v1/me/player/pause" in str(missing.value)


def test_reason_errors_at_the_ends_and_when_paused(
    premium: Emulator, mode: str, run: Runner
) -> None:
    spotify = client(premium, mode)
    laptop, _ = devices(premium)
    run(spotify.playback_start_tracks(tracks(premium, 2), device_id=laptop))
    with pytest.raises(Forbidden) as refused:
        run(spotify.playback_previous())
    assert refused.value.reason == "NO_PREV_TRACK"
    run(spotify.playback_next())
    with pytest.raises(Forbidden) as refused:
        run(spotify.playback_next())
    assert refused.value.reason == "NO_NEXT_TRACK"
    assert PLAYER_ERROR_REASONS["NO_NEXT_TRACK"] in str(refused.value)
    run(spotify.playback_repeat("context"))
    run(spotify.playback_next())  # repeating the context wraps around
    run(spotify.playback_pause())
    with pytest.raises(Forbidden) as refused:
        run(spotify.playback_pause())
    assert refused.value.reason == "ALREADY_PAUSED"


def test_commands_need_premium(emulator: Emulator, mode: str, run: Runner) -> None:
    free = next(u.id for u in emulator.state.catalogue.users if u.product == "free")
    device = emulator.add_device(free, "Free Laptop", active=True)
    spotify = client(emulator, mode, free)
    with pytest.raises(Forbidden) as refused:
        run(spotify.playback_start_tracks(tracks(emulator), device_id=device))
    assert refused.value.reason == "PREMIUM_REQUIRED"
    assert PLAYER_ERROR_REASONS["PREMIUM_REQUIRED"] in str(refused.value)
    # Reading is free: the device is there, nothing plays.
    assert device in [d.id for d in run(spotify.playback_devices())]
    emulator.set_product(free, "premium")
    run(spotify.playback_start_tracks(tracks(emulator), device_id=device))
    assert run(spotify.playback_currently_playing()) is not None


def test_bad_arguments_fail_before_any_request(premium: Emulator, mode: str, run: Runner) -> None:
    spotify = client(premium, mode)
    before = len(premium.requests)
    with pytest.raises(ValueError, match="after or before"):
        run.call(lambda: spotify.playback_recently_played(after=1, before=2))
    with pytest.raises(ValueError):
        run.call(lambda: spotify.playback_start_context("spotify:album:x", offset=-1))
    with pytest.raises(ValueError):
        run.call(lambda: spotify.playback_queue_add("spotify:album:" + "a" * 22))
    with pytest.raises(TypeError):
        run.call(lambda: spotify.playback_shuffle("true"))  # type: ignore[arg-type]
    assert len(premium.requests) == before


def retrying(emulator: Emulator, mode: str) -> Spotify[Any]:
    transport = emulator.transport()
    sender: Any
    if mode == "async":
        inner = AsyncPersistentSender(client=httpx.AsyncClient(transport=transport))
        sender = AsyncRetryingSender(3, inner, sleep=_no_wait_async)
    else:
        inner_sync = PersistentSender(client=httpx.Client(transport=transport))
        sender = RetryingSender(3, inner_sync, sleep=lambda _: None)
    return Spotify(emulator.user_token(DEFAULT_USER_ID, SCOPES), sender)


async def _no_wait_async(_: float) -> None:
    return None


def test_skips_are_never_replayed(premium: Emulator, mode: str, run: Runner) -> None:
    spotify = retrying(premium, mode)
    laptop, _ = devices(premium)
    run(spotify.playback_start_tracks(tracks(premium), device_id=laptop))
    premium.faults.add(status=503, path="/v1/me/player/next")
    before = len(premium.requests)
    with pytest.raises(ServiceUnavailable):
        run(spotify.playback_next())
    assert len(premium.requests) - before == 1  # POST: not sent again
    premium.faults.add(status=503, path="/v1/me/player/pause")
    run(spotify.playback_pause())  # PUT: idempotent, retried
    assert not premium.player(DEFAULT_USER_ID).is_playing


def test_top_items_are_stable_per_user_and_range(
    emulator: Emulator, mode: str, run: Runner
) -> None:
    spotify = client(emulator, mode)
    first = run(spotify.current_user_top_tracks(limit=50))
    again = run(spotify.current_user_top_tracks(limit=50))
    assert [t.id for t in first.items] == [t.id for t in again.items]
    short = run(spotify.current_user_top_tracks("short_term", limit=50))
    assert [t.id for t in short.items] != [t.id for t in first.items]
    page = run(spotify.current_user_top_tracks(limit=5, offset=10))
    assert [t.id for t in page.items] == [t.id for t in first.items[10:15]]
    assert first.total is not None
    assert first.next is not None
    artists = run(spotify.current_user_top_artists(time_range="long_term", limit=3))
    assert len(artists.items) == 3
    assert artists.total is not None
    everything = run.collect(spotify.all_items(artists))
    assert len(everything) == artists.total
    other = next(u.id for u in emulator.state.catalogue.users if u.id != DEFAULT_USER_ID)
    theirs = run(client(emulator, mode, other).current_user_top_tracks(limit=50))
    assert [t.id for t in theirs.items] != [t.id for t in first.items]
