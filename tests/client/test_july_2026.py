"""Spotify since July 2026, over HTTP against the emulator, sync and async: the quota
(429 ``QUOTA_EXCEEDED``), spurious 401s, the app owner's Premium lapse at the token
endpoint, batch reads in development mode, and the scope preflight."""

from __future__ import annotations

from typing import Any

import pytest

from spotipy import Credentials, Spotify
from spotipy.auth import Token
from spotipy.emulator import BIG_PLAYLIST_ID, DEFAULT_USER_ID, Emulator
from spotipy.errors import (
    AppOwnerPremiumRequired,
    ExtendedQuotaRequired,
    Forbidden,
    PartialWriteError,
    QuotaExceeded,
    RefreshTokenInvalid,
    TooManyRequests,
    Unauthorised,
)
from spotipy.sender import AsyncRetryingSender, RetryingSender
from spotipy.util import RefreshingToken
from tests.conftest import Runner, make_sender

DAY = 86400.0
UNKNOWN_ID = "0" * 22
#: Quota windows: Spotify's (a Retry-After of hours), and one short enough that a 429 of the
#: rate limit with its Retry-After would be waited out: a quota never is.
WINDOWS = [DAY, 30.0]


def quota_emulator(window: float, budget: int, **options: Any) -> Emulator:
    """An emulator whose clock stands still: the quota never frees up during a test."""
    return Emulator(profile="extended", quota_budget=(budget, window), clock=lambda: 1e9, **options)


class Sleeps:
    """Records waits instead of waiting (a quota must never be waited out)."""

    def __init__(self) -> None:
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)

    async def sleep_async(self, seconds: float) -> None:
        self.slept.append(seconds)


def api_requests(emulator: Emulator) -> list[Any]:
    return [r for r in emulator.requests if r.path.startswith("/v1/")]


def retrying(emulator: Emulator, mode: str, sleeps: Sleeps, **kwargs: Any) -> Any:
    if mode == "async":
        return AsyncRetryingSender(
            sender=make_sender(emulator, mode), sleep=sleeps.sleep_async, **kwargs
        )
    return RetryingSender(sender=make_sender(emulator, mode), sleep=sleeps.sleep, **kwargs)


# -- quota, not rate -------------------------------------------------------------------------


@pytest.mark.parametrize("window", WINDOWS)
@pytest.mark.parametrize("sender", ["plain", "retrying"])
def test_a_spent_quota_is_raised_at_once_never_waited_out(
    mode: str, run: Runner, sender: str, window: float
) -> None:
    emulator = quota_emulator(window, 2)
    sleeps = Sleeps()
    through = retrying(emulator, mode, sleeps) if sender == "retrying" else None
    spotify = Spotify(emulator.app_token(), through or make_sender(emulator, mode))
    artist = emulator.catalogue.artist_ids[0]
    run(spotify.artist(artist))
    run(spotify.artist(artist))
    before = len(api_requests(emulator))
    with pytest.raises(QuotaExceeded) as raised:
        run(spotify.artist(artist))
    assert isinstance(raised.value, TooManyRequests)
    assert raised.value.reason == "QUOTA_EXCEEDED"
    assert raised.value.retry_after == window
    assert len(api_requests(emulator)) - before == 1  # sent once, never again
    assert sleeps.slept == []
    assert emulator.quota_exceeded == 1


def test_the_rate_limit_is_still_waited_out_by_a_retrying_sender(mode: str, run: Runner) -> None:
    emulator = Emulator(profile="extended")
    sleeps = Sleeps()
    spotify = Spotify(emulator.app_token(), retrying(emulator, mode, sleeps))
    emulator.faults.add(status=429, headers={"Retry-After": "2"}, path="/v1/artists")
    artist = emulator.catalogue.artist_ids[0]
    assert run(spotify.artist(artist)).id == artist
    assert sleeps.slept == [2.0]


def test_the_quota_is_shared_by_the_client_ids_of_one_developer(mode: str, run: Runner) -> None:
    emulator = quota_emulator(DAY, 3, clients={"second-app": "second-secret"})
    emulator.register_client("other-app", "other-secret", developer="someone-else")
    sender = make_sender(emulator, mode)

    def app(client_id: str, secret: str) -> Spotify[Any]:
        credentials = Credentials(client_id, secret, sender=make_sender(emulator, "sync"))
        return Spotify(credentials.request_client_token(), sender)

    first = app(emulator.client_id, emulator.client_secret)
    second = app("second-app", "second-secret")
    other = app("other-app", "other-secret")
    artist = emulator.catalogue.artist_ids[0]
    for _ in range(3):
        run(first.artist(artist))
    with pytest.raises(QuotaExceeded):
        run(second.artist(artist))  # never sent a request, yet its developer's quota is spent
    assert run(other.artist(artist)).id == artist  # another developer account


@pytest.mark.parametrize("window", WINDOWS)
def test_bulk_paging_raises_a_spent_quota_without_waiting(
    mode: str, run: Runner, window: float
) -> None:
    emulator = quota_emulator(window, 3)
    sleeps = Sleeps()
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=1))
    assert first.total > 10
    sleep = sleeps.sleep_async if run.is_async else sleeps.sleep
    with pytest.raises(QuotaExceeded):
        run.collect(spotify.all_pages(first, concurrency=3, sleep=sleep))
    assert sleeps.slept == []
    assert len(api_requests(emulator)) <= 1 + 3 + 3  # no page was sent again


@pytest.mark.parametrize("window", WINDOWS)
def test_a_chunked_write_reports_what_was_applied_when_the_quota_runs_out(
    mode: str, run: Runner, window: float
) -> None:
    emulator = quota_emulator(window, 2)
    scopes = ("playlist-modify-public", "playlist-modify-private")
    sleeps = Sleeps()
    user = Spotify(emulator.user_token(DEFAULT_USER_ID, scopes), retrying(emulator, mode, sleeps))
    playlist = run(user.playlist_create("Quota"))  # request 1
    wanted = [f"spotify:track:{t}" for t in emulator.catalogue.track_ids[:250]]
    with pytest.raises(PartialWriteError) as partial:
        run(user.playlist_add(playlist.id, wanted))  # 100 applied, then the quota
    assert partial.value.applied == wanted[:100]
    assert partial.value.pending == wanted[100:]
    assert isinstance(partial.value.error, QuotaExceeded)
    assert sleeps.slept == []
    assert emulator.quota_exceeded == 1


# -- spurious 401 ------------------------------------------------------------------------------


@pytest.mark.parametrize("sender", ["plain", "retrying"])
@pytest.mark.parametrize("kind", ["string", "token"])
def test_a_spurious_401_is_sent_once_more_unchanged(
    mode: str, run: Runner, sender: str, kind: str
) -> None:
    emulator = Emulator(profile="extended", spurious_401=2)
    bearer = emulator.app_token()
    token: object = bearer if kind == "string" else Token(bearer)
    through = retrying(emulator, mode, Sleeps()) if sender == "retrying" else None
    spotify = Spotify(token, through or make_sender(emulator, mode))
    artists = emulator.catalogue.artist_ids[:3]
    assert [run(spotify.artist(a)).id for a in artists] == artists
    sent = api_requests(emulator)
    # Requests 2 and 4 met the glitch; each was sent again with the same token.
    assert len(sent) == 5
    assert {r.headers["authorization"] for r in sent} == {f"Bearer {bearer}"}


def test_a_second_401_is_raised(mode: str, run: Runner) -> None:
    emulator = Emulator(profile="extended")
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    emulator.faults.add(status=401, path="/v1/", times=3)
    with pytest.raises(Unauthorised):
        run(spotify.artist(emulator.catalogue.artist_ids[0]))
    assert len(api_requests(emulator)) == 2  # never more than one extra attempt


def refreshing_user(emulator: Emulator, mode: str) -> RefreshingToken:
    grant = emulator.user_grant(DEFAULT_USER_ID, ["user-read-private"])
    credentials = Credentials(
        emulator.client_id, emulator.client_secret, sender=make_sender(emulator, mode)
    )
    return RefreshingToken(Token.from_response(grant), credentials)


def test_a_refreshing_token_refreshes_once_then_sends_again(mode: str, run: Runner) -> None:
    emulator = Emulator(profile="extended")
    token = refreshing_user(emulator, mode)
    old = token.token.access_token
    spotify = Spotify(token, make_sender(emulator, mode))
    emulator.faults.add(
        status=401,
        path="/v1/me",
        body=b'{"error": {"status": 401, "message": "Access token missing"}}',
    )
    assert run(spotify.current_user()).id == DEFAULT_USER_ID
    assert emulator.token_requests == ["refresh_token"]
    sent = api_requests(emulator)
    assert [r.headers["authorization"] for r in sent] == [
        f"Bearer {old}",
        f"Bearer {token.token.access_token}",
    ]
    assert token.token.access_token != old


def test_a_refused_refresh_token_is_never_sent_again_after_a_401(mode: str, run: Runner) -> None:
    emulator = Emulator(profile="extended")
    token = refreshing_user(emulator, mode)
    assert token.refresh_token is not None
    emulator.revoke_refresh_token(token.refresh_token)
    spotify = Spotify(token, make_sender(emulator, mode))
    emulator.faults.add(status=401, path="/v1/me", times=None)
    for _ in range(2):
        with pytest.raises(RefreshTokenInvalid):
            run(spotify.current_user())
    assert emulator.token_requests == ["refresh_token"]  # the second call sent none
    assert len(api_requests(emulator)) == 2  # one each, never resent with a refused token


# -- the app owner's Premium lapse at the accounts service ---------------------------------


def test_the_owner_premium_lapse_is_typed_and_keeps_the_refresh_token(
    mode: str, run: Runner
) -> None:
    emulator = Emulator(profile="extended", owner_premium_lapsed=False)
    token = refreshing_user(emulator, mode)
    refresh_token = token.refresh_token
    emulator.owner_premium_lapsed = True
    with pytest.raises(AppOwnerPremiumRequired) as raised:
        run(token.refresh_async() if run.is_async else _sync_refresh(token))
    assert not isinstance(raised.value, RefreshTokenInvalid)
    assert raised.value.error == "internal_error"
    assert "owner of the app" in str(raised.value)
    assert not token.refused
    assert token.refresh_token == refresh_token
    assert emulator.token_requests == ["refresh_token"]  # never retried
    emulator.owner_premium_lapsed = False
    spotify = Spotify(token, make_sender(emulator, mode))
    token.token.expires_at = 0  # due now: the same refresh token works again
    assert run(spotify.current_user()).id == DEFAULT_USER_ID
    assert emulator.token_requests == ["refresh_token", "refresh_token"]


def _sync_refresh(token: RefreshingToken) -> None:
    token.refresh()


def test_the_owner_premium_lapse_is_not_retried_by_a_retrying_sender(
    mode: str, run: Runner
) -> None:
    emulator = Emulator(profile="extended", owner_premium_lapsed=True)
    credentials = Credentials(
        emulator.client_id, emulator.client_secret, sender=retrying(emulator, mode, Sleeps())
    )
    with pytest.raises(AppOwnerPremiumRequired):
        run(credentials.request_client_token())
    assert emulator.token_requests == ["client_credentials"]


# -- batch reads in development mode -----------------------------------------------------------

BATCHES = {
    "albums": "album_ids",
    "artists": "artist_ids",
    "tracks": "track_ids",
    "episodes": "episode_ids",
    "shows": "show_ids",
    "audiobooks": "audiobook_ids",
    "chapters": "chapter_ids",
}


def batch_ids(emulator: Emulator, name: str) -> list[str]:
    known = list(getattr(emulator.catalogue, BATCHES[name])[:3])
    return [known[0], UNKNOWN_ID, known[1], known[2], known[0]]


@pytest.mark.parametrize("name", sorted(BATCHES))
def test_a_development_client_reads_a_batch_one_id_at_a_time(
    mode: str, run: Runner, name: str
) -> None:
    extended = Emulator(profile="extended")
    ids = batch_ids(extended, name)
    user = ["user-read-playback-position"]
    token = extended.user_token(DEFAULT_USER_ID, user)
    expected = run(getattr(Spotify(token, make_sender(extended, mode)), name)(ids))

    emulator = Emulator(profile="development")
    spotify = Spotify(
        emulator.user_token(DEFAULT_USER_ID, user),
        make_sender(emulator, mode),
        quota="development",
    )
    got = run(getattr(spotify, name)(ids))
    assert [x and x.id for x in got] == [x and x.id for x in expected]
    assert got[1] is None
    sent = api_requests(emulator)
    assert len(sent) == len(ids)  # one GET per ID, never the batch
    assert all("ids" not in r.query for r in sent)


def test_a_refused_batch_is_remembered_by_the_client(mode: str, run: Runner) -> None:
    emulator = Emulator(profile="development")
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    ids = batch_ids(emulator, "artists")
    first = run(spotify.artists(ids))
    assert [a and a.id for a in first] == [ids[0], None, *ids[2:]]
    assert spotify.batch_refused
    sent = api_requests(emulator)
    assert len(sent) == 1 + len(ids)  # the refused batch, then one per ID
    run(spotify.artists(ids[:2]))
    assert len(api_requests(emulator)) == len(sent) + 2  # no batch tried again


def test_the_fallback_can_be_turned_off(mode: str, run: Runner) -> None:
    emulator = Emulator(profile="development")
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode), batch_fallback_on=False)
    with pytest.raises(ExtendedQuotaRequired) as sent:
        run(spotify.albums(emulator.catalogue.album_ids[:2]))
    assert sent.value.sent
    spotify = Spotify(
        emulator.app_token(),
        make_sender(emulator, mode),
        quota="development",
        batch_fallback_on=False,
    )
    before = len(api_requests(emulator))
    with pytest.raises(ExtendedQuotaRequired) as refused:
        run(spotify.albums(emulator.catalogue.album_ids[:2]))
    assert not refused.value.sent
    assert len(api_requests(emulator)) == before


def test_the_fallback_waits_out_a_rate_limit(mode: str, run: Runner) -> None:
    emulator = Emulator(profile="development")
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode), quota="development")
    emulator.faults.add(status=429, headers={"Retry-After": "0"}, path="/v1/tracks/")
    ids = emulator.catalogue.track_ids[:6]
    assert [t and t.id for t in run(spotify.tracks(ids))] == ids
    assert len(api_requests(emulator)) == len(ids) + 1  # the refused one, sent again


# -- scope preflight -------------------------------------------------------------------------


def test_a_scope_the_token_lacks_is_refused_before_sending(mode: str, run: Runner) -> None:
    emulator = Emulator(profile="extended")
    grant = emulator.user_grant(DEFAULT_USER_ID, ["user-library-read"])
    # Spotify's own answer, for a token of unknown scope (a bare string):
    spotify = Spotify(str(grant["access_token"]), make_sender(emulator, mode))
    with pytest.raises(Forbidden) as answered:
        run(spotify.current_user_top_artists())
    assert answered.value.sent
    before = len(api_requests(emulator))
    known = Spotify(Token.from_response(grant), make_sender(emulator, mode))
    with pytest.raises(Forbidden) as refused:
        run(known.current_user_top_artists())
    assert len(api_requests(emulator)) == before  # nothing sent
    error = refused.value
    assert type(error) is type(answered.value)
    assert not error.sent
    assert error.message == answered.value.message == "Insufficient client scope"
    assert error.required_scope == answered.value.required_scope == ("user-top-read",)
    assert error.missing_scope == ("user-top-read",)
    assert str(answered.value) in str(error)
    assert grant["access_token"] not in str(error)


def test_a_granted_scope_and_an_app_token_are_sent(mode: str, run: Runner) -> None:
    emulator = Emulator(profile="extended")
    grant = emulator.user_grant(DEFAULT_USER_ID, ["user-top-read"])
    known = Spotify(Token.from_response(grant), make_sender(emulator, mode))
    run(known.current_user_top_artists())
    app = Spotify(Token(emulator.app_token()), make_sender(emulator, mode))
    with pytest.raises(Unauthorised):  # Spotify's answer to an app token, sent
        run(app.current_user_top_artists())
    assert len(api_requests(emulator)) == 1 + 2
