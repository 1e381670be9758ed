"""The error tree holds in both modes: bad URLs, bad pages, a missing query and a
Retry-After too long to sleep raise the same documented error sync and async.

Through the real senders against the emulator (in-process), sync and async.
"""

from __future__ import annotations

from typing import Any

import pytest

from spotipy import Credentials, Spotify
from spotipy._http import Request
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.errors import ConversionError, SpotipyError, TooManyRequests, TransportError
from spotipy.sender import (
    AsyncPersistentSender,
    AsyncRetryingSender,
    PersistentSender,
    RetryingSender,
)
from tests.conftest import Runner, make_sender

BAD_URLS = [
    "http://127.0.0.1:99999/v1",  # a port out of range
    "http://127.0.0.1:0/v1",
    "https://api.spotify.com:70000/v1",
    "http://127.0.0.1:abc/v1",  # a port that is no number
    "http://[::1/v1",  # an unbalanced bracket
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_bad_api_url_is_a_conversion_error_in_both_modes(
    url: str, emulator: Emulator, sender: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ConversionError, match="API URL"):
        Spotify(emulator.app_token(), sender, api_url=url)
    monkeypatch.setenv("SPOTIPY_API_URL", url)
    with pytest.raises(ConversionError, match="API URL"):
        Spotify(emulator.app_token(), sender)
    with pytest.raises(ConversionError, match="accounts URL"):
        Credentials("id", "secret", sender=sender, accounts_url=url.removesuffix("/v1"))
    assert not emulator.requests


def test_an_api_url_that_is_not_text_is_a_type_error(emulator: Emulator, sender: Any) -> None:
    with pytest.raises(TypeError, match="API URL must be a str, not int"):
        Spotify(emulator.app_token(), sender, api_url=443)  # type: ignore[arg-type]


def test_a_port_out_of_range_is_a_transport_error_in_both_senders(mode: str, run: Runner) -> None:
    # The senders on their own (no client to check the URL): the async one met an
    # ExceptionGroup(OverflowError) from the connect; both say the request was not sent.
    sender: Any = AsyncPersistentSender() if mode == "async" else PersistentSender()
    request = Request("GET", "http://127.0.0.1:99999/v1/markets")
    with pytest.raises(TransportError) as raised:
        run(sender.send(request))
    assert raised.value.sent is False
    if mode == "async":
        run(sender.close())
    else:
        sender.close()


def _not_sent(emulator: Emulator) -> int:
    return len(emulator.requests)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.next(None), "page must be a page of results (a Paging), not NoneType"),
        (lambda s: s.next("page"), "page must be a page of results (a Paging), not str"),
        (lambda s: s.previous("x"), "page must be an offset paging, not str"),
        (lambda s: s.previous(None), "page must be an offset paging, not NoneType"),
    ],
)
def test_next_and_previous_of_what_is_no_page_are_type_errors(
    call: Any, message: str, spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    with pytest.raises(TypeError) as raised:
        run(call(spotify))
    assert str(raised.value) == message
    assert _not_sent(emulator) == 0


def test_previous_of_a_cursor_page_is_a_type_error(
    emulator: Emulator, mode: str, run: Runner
) -> None:
    user = Spotify(
        emulator.user_token(DEFAULT_USER_ID, ["user-follow-read"]), make_sender(emulator, mode)
    )
    followed = run(user.followed_artists())
    sent = _not_sent(emulator)
    with pytest.raises(TypeError, match="page must be an offset paging, not"):
        run(user.previous(followed))
    assert _not_sent(emulator) == sent


@pytest.mark.parametrize("method", ["all_items", "all_pages"])
@pytest.mark.parametrize("page", ["page", None, 3])
def test_all_items_and_pages_of_what_is_no_page_are_type_errors(
    method: str, page: Any, spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    with pytest.raises(TypeError, match=r"page must be a page of results \(a Paging\)"):
        run.collect(getattr(spotify, method)(page))
    assert _not_sent(emulator) == 0


def test_search_without_a_query_is_refused_before_sending(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    with pytest.raises(TypeError, match="search\\(\\) argument 'query' is required, not None"):
        run(spotify.search(None))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'query' is required"):
        run(spotify.search(query=None, types="artist"))  # type: ignore[arg-type]
    assert _not_sent(emulator) == 0


def test_every_required_argument_refuses_none_before_sending(
    emulator: Emulator, mode: str, run: Runner
) -> None:
    user = Spotify(
        emulator.user_token(DEFAULT_USER_ID, ["playlist-modify-private"]),
        make_sender(emulator, mode),
    )
    playlist = emulator.catalogue.playlist_ids[0]
    refused = [
        lambda: user.playlist_tracks_remove_indices(playlist, [0], None),
        lambda: user.playlist_create(None),
        lambda: user.playlist_add(playlist, None),
        lambda: user.track(None),
    ]
    for call in refused:
        with pytest.raises(TypeError, match="is required, not None"):
            run(call())
    assert _not_sent(emulator) == 0


class Sleeps:
    """A sleep that records what it was asked to wait (and never waits)."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)

    async def async_(self, seconds: float) -> None:
        self(seconds)


@pytest.mark.parametrize("retry_after", ["100000000000", "604801"])
def test_a_retry_after_too_long_to_sleep_is_given_up_not_overflowed(
    retry_after: str, emulator: Emulator, mode: str, run: Runner
) -> None:
    # max_wait and budget allow anything: the policy still gives up beyond a week.
    sleeps = Sleeps()
    inner = make_sender(emulator, mode)
    limits: dict[str, Any] = {"max_wait": 1e300, "budget": 1e300}
    sender: Any
    if mode == "async":
        sender = AsyncRetryingSender(sender=inner, sleep=sleeps.async_, **limits)
    elif retry_after == "100000000000":
        sender = RetryingSender(sender=inner, **limits)  # time.sleep itself: it overflowed
    else:
        sender = RetryingSender(sender=inner, sleep=sleeps, **limits)
    spotify = Spotify(emulator.app_token(), sender)
    emulator.faults.add(status=429, headers={"Retry-After": retry_after}, path="/v1/tracks")
    with pytest.raises(TooManyRequests) as raised:
        run(spotify.track(emulator.catalogue.track_ids[0]))
    assert raised.value.retry_after == float(retry_after)
    assert isinstance(raised.value, SpotipyError)
    assert sleeps.asked == []
    assert len(emulator.requests) == 1
