"""The emulator's rate limit: a rolling window per client ID, 429 with Retry-After.

Driven through the real sender stack (a Spotify client on the emulator's transport, sync
and async) with the emulator's clock in the test's hands, and on a loopback socket from the
command line.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from typing import Any

import httpx
import pytest

from spotipy import Credentials, Spotify
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.emulator.__main__ import main
from spotipy.errors import TooManyRequests, Unauthorised
from spotipy.sender import AsyncRetryingSender, PersistentSender, RetryingSender
from tests.conftest import Runner, make_sender
from tests.emulator.conftest import Clock


def limited(clock: Clock, requests: int = 3, window: float = 30.0) -> Emulator:
    return Emulator(seed=0, clock=clock, rate_limit=(requests, window))


def track_id(emulator: Emulator) -> str:
    return emulator.catalogue.track_ids[0]


def refused(run: Runner, spotify: Spotify[Any], track: str) -> TooManyRequests:
    with pytest.raises(TooManyRequests) as caught:
        run(spotify.track(track))
    return caught.value


def test_the_window_rolls_and_retry_after_is_exact(mode: str, run: Runner, clock: Clock) -> None:
    emulator = limited(clock, requests=3, window=30)
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    track = track_id(emulator)
    start = clock.now
    for offset in (0, 10, 20):  # three requests, ten seconds apart: the budget
        clock.now = start + offset
        assert run(spotify.track(track)).id == track
    # The first of them leaves the window at start + 30: ten seconds from now.
    assert refused(run, spotify, track).retry_after == 10
    clock.now = start + 29.5
    assert refused(run, spotify, track).retry_after == 1  # ceil(0.5 s), never 0
    clock.now = start + 30
    assert run(spotify.track(track)).id == track  # the first left; this one takes its place
    assert refused(run, spotify, track).retry_after == 10  # the one of start + 10 leaves next
    clock.now = start + 55.25
    # Two left (start + 10, start + 20): two fit, the third waits for start + 30's.
    run(spotify.track(track))
    run(spotify.track(track))
    assert refused(run, spotify, track).retry_after == 5  # ceil(60 - 55.25)
    assert emulator.rate_limited == 4


def test_the_429_is_spotifys(clock: Clock) -> None:
    emulator = limited(clock, requests=1)
    headers = {"Authorization": f"Bearer {emulator.app_token()}"}
    url = f"https://api.spotify.com/v1/tracks/{track_id(emulator)}"
    with httpx.Client(transport=emulator.transport(), headers=headers) as http:
        assert http.get(url).status_code == 200
        clock.now += 12.5
        answer = http.get(url)
    assert answer.status_code == 429
    assert answer.headers["retry-after"] == "18"  # whole seconds: ceil(30 - 12.5)
    assert answer.json() == {"error": {"status": 429, "message": "API rate limit exceeded"}}
    # The accounts service is not limited, even shown the bearer token.
    with httpx.Client(transport=emulator.transport(), headers=headers) as http:
        for _ in range(3):
            page = http.get(
                "https://accounts.spotify.com/authorize",
                params={
                    "client_id": emulator.client_id,
                    "response_type": "code",
                    "redirect_uri": emulator.redirect_uris[0],
                },
            )
            assert page.status_code == 200
    assert emulator.rate_limited == 1


def test_refused_requests_do_not_count(mode: str, run: Runner, clock: Clock) -> None:
    emulator = limited(clock, requests=2, window=30)
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    track = track_id(emulator)
    start = clock.now
    run(spotify.track(track))
    run(spotify.track(track))
    for second in range(10):  # knocking again and again does not push recovery further away
        clock.now = start + second
        assert refused(run, spotify, track).retry_after == 30 - second
    clock.now = start + 30
    run(spotify.track(track))
    run(spotify.track(track))
    assert emulator.rate_limited == 10
    assert sum(r.path.startswith("/v1/") for r in emulator.requests) == 14


def test_counted_per_client_id_app_and_user_tokens_together(
    mode: str, run: Runner, clock: Clock
) -> None:
    emulator = limited(clock, requests=3)
    sender = make_sender(emulator, mode)
    app = Spotify(emulator.app_token(), sender)
    user = Spotify(emulator.user_token(DEFAULT_USER_ID, ["user-read-private"]), sender)
    # Another app's token (the emulator's accounts keep tokens of any client ID).
    other = Spotify(emulator.accounts.tokens.issue("another-app", None), sender)
    track = track_id(emulator)
    run(app.track(track))
    run(user.current_user())
    run(user.track(track))
    assert refused(run, app, track).retry_after == 30  # the user's requests used it up
    with pytest.raises(TooManyRequests):
        run(user.current_user())
    for _ in range(3):  # the other app has its own budget
        run(other.track(track))
    with pytest.raises(TooManyRequests):
        run(other.track(track))
    assert emulator.rate_limited == 3


def test_the_accounts_service_and_unknown_tokens_are_not_counted(
    mode: str, run: Runner, clock: Clock
) -> None:
    emulator = limited(clock, requests=1)
    sender = make_sender(emulator, mode)
    credentials = Credentials(emulator.client_id, emulator.client_secret, sender=sender)
    token = run(credentials.request_client_token())
    spotify = Spotify(token, sender)
    track = track_id(emulator)
    run(spotify.track(track))
    for _ in range(3):  # the app is at its limit, yet the accounts service answers
        assert run(credentials.request_client_token()).access_token
    anonymous = Spotify("not-a-token", sender)
    for _ in range(3):  # no app to count it for: 401 as ever
        with pytest.raises(Unauthorised):
            run(anonymous.track(track))
    assert refused(run, spotify, track).retry_after == 30
    assert emulator.rate_limited == 1


def test_a_retrying_sender_waits_it_out(mode: str, run: Runner, clock: Clock) -> None:
    emulator = limited(clock, requests=2, window=30)
    waits: list[float] = []

    def advance(seconds: float) -> None:
        waits.append(seconds)
        clock.now += seconds

    async def advance_async(seconds: float) -> None:
        advance(seconds)

    inner = make_sender(emulator, mode)
    if mode == "async":
        sender: Any = AsyncRetryingSender(sender=inner, sleep=advance_async, clock=clock)
    else:
        sender = RetryingSender(sender=inner, sleep=advance, clock=clock)
    spotify = Spotify(emulator.app_token(), sender)
    track = track_id(emulator)
    for _ in range(2):
        run(spotify.track(track))
    clock.now += 7
    assert run(spotify.track(track)).id == track  # refused once, waited 23 s, admitted
    assert waits == [23]
    assert emulator.rate_limited == 1


def test_the_count_is_thread_safe(clock: Clock) -> None:
    emulator = limited(clock, requests=50)
    spotify = Spotify(emulator.app_token(), make_sender(emulator, "sync"))
    track = track_id(emulator)
    outcomes: list[bool] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(20):
            try:
                spotify.track(track)
                ok = True
            except TooManyRequests:
                ok = False
            with lock:
                outcomes.append(ok)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == 160
    assert outcomes.count(True) == 50  # exactly the budget, however the threads raced
    assert emulator.rate_limited == 110


def test_off_by_default_and_read_only() -> None:
    emulator = Emulator(seed=0)
    assert emulator.rate_limit is None
    assert emulator.rate_limited == 0
    limited = Emulator(seed=0, rate_limit=(5, 1))
    assert limited.rate_limit == (5, 1.0)
    assert repr(limited._rate_window) == "RollingWindow(requests=5, window=1)"
    with pytest.raises(AttributeError):
        emulator.rate_limited = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ((0, 30), ValueError),
        ((5, 0), ValueError),
        ((5, -1.0), ValueError),
        ((5, float("inf")), ValueError),
        ((5, float("nan")), ValueError),
        ((5.0, 30), TypeError),
        ((True, 30), TypeError),
        ((5, "30"), TypeError),
        ((5,), TypeError),
        (5, TypeError),
    ],
)
def test_a_senseless_rate_limit_is_refused(bad: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"rate.limit"):
        Emulator(seed=0, rate_limit=bad)


@pytest.mark.parametrize(
    "argv",
    [["--rate-window", "5"], ["--rate-limit", "0"], ["--rate-limit", "3", "--rate-window", "0"]],
)
def test_the_cli_refuses_senseless_flags(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--port", "0", *argv])
    assert exited.value.code == 2
    assert "rate" in capsys.readouterr().err


def test_the_cli_flag_limits_the_socket_server() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "spotipy.emulator", "--port", "0", "--rate-limit", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        printed = dict(process.stdout.readline().strip().split(": ", 1) for _ in range(7))
        assert printed["rate_limit"] == "2 requests per 30 s"
        accounts = printed["accounts_url"]
        with PersistentSender(timeout=10) as sender:
            credentials = Credentials(
                printed["client_id"], printed["client_secret"], sender=sender, accounts_url=accounts
            )
            token = credentials.request_client_token()
            spotify = Spotify(token, sender, api_url=printed["api_url"])
            artists = spotify.search("a", ["artist"])
            assert artists is not None
            spotify.search("b", ["artist"])
            with pytest.raises(TooManyRequests) as caught:
                spotify.search("c", ["artist"])
        assert caught.value.retry_after is not None
        assert 1 <= caught.value.retry_after <= 30
    finally:
        process.terminate()
        process.communicate(timeout=10)
