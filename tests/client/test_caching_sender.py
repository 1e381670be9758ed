"""CachingSender and AsyncCachingSender speaking HTTP to the emulator, sync and async.

The emulator and the senders share one injected clock, so that ``Date`` headers and the
cache's idea of "now" agree and a test can move time past ``max-age``.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

import spotipy.sender
from spotipy import Spotify
from spotipy._http import Request, Response
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.errors import TransportError
from spotipy.sender import (
    AsyncCachingSender,
    AsyncPersistentSender,
    AsyncRetryingSender,
    AsyncSender,
    AsyncTransientSender,
    AsyncWrappingSender,
    CachingSender,
    PersistentSender,
    RetryingSender,
    Sender,
    TransientSender,
    WrappingSender,
)
from tests.client.test_catalogue_endpoints import api_requests
from tests.conftest import Runner, make_sender

NOW = 1_700_000_000.0
#: A public playlist of DEFAULT_USER_ID (seed 0): its owner sees its entries, others do not.
OWNED_PLAYLIST = "UBSiawp94iFFAv4weXIS2z"
OTHER_USER = "fasdyr37"
DOCS = Path(__file__).parents[2] / "docs" / "advanced_usage.md"

Rewrite = Callable[[str, list[tuple[str, str]]], list[tuple[str, str]]]


class Clock:
    """A settable clock for the emulator and the cache alike."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def emulator(clock: Clock) -> Emulator:
    return Emulator(seed=0, clock=clock)


class Relay(httpx.MockTransport):
    """The emulator behind a transport that rewrites the response headers of each path."""

    def __init__(self, emulator: Emulator, rewrite: Rewrite) -> None:
        super().__init__(self._answer)
        self.emulator = emulator
        self.rewrite = rewrite

    def _answer(self, request: httpx.Request) -> httpx.Response:
        reply = self.emulator.handle(
            request.method, str(request.url), request.headers.multi_items(), request.content
        )
        headers = self.rewrite(request.url.path, reply.headers)
        return httpx.Response(reply.status, headers=headers, content=reply.body, request=request)


def relay_sender(emulator: Emulator, mode: str, rewrite: Rewrite) -> Any:
    transport = Relay(emulator, rewrite)
    if mode == "async":
        return AsyncPersistentSender(client=httpx.AsyncClient(transport=transport))
    return PersistentSender(client=httpx.Client(transport=transport))


def caching(inner: Any, mode: str, clock: Clock, max_size: int | None = 1024) -> Any:
    if mode == "async":
        return AsyncCachingSender(max_size, inner, clock=clock)
    return CachingSender(max_size, inner, clock=clock)


@pytest.fixture
def cache(emulator: Emulator, mode: str, clock: Clock) -> Any:
    return caching(make_sender(emulator, mode), mode, clock)


@pytest.fixture
def spotify(app_token: str, cache: Any) -> Spotify[Any]:
    return Spotify(app_token, cache)


def api_url(path: str) -> str:
    return f"https://api.spotify.com/v1/{path}"


def get(path: str, token: str, **headers: str) -> Request:
    fields = {"Authorization": f"Bearer {token}"}
    fields.update((name.replace("_", "-"), value) for name, value in headers.items())
    return Request("GET", api_url(path), headers=fields)


# Fresh entries ----------------------------------------------------------------------------


def test_a_fresh_artist_is_answered_without_a_request(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    artist_id = emulator.catalogue.artist_ids[0]
    first = run(spotify.artist(artist_id))
    second = run(spotify.artist(artist_id))
    assert second == first
    assert len(api_requests(emulator)) == 1


def test_search_with_params_hits_the_cache(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    first = run(spotify.search("a", ("artist", "track"), limit=4))
    again = run(spotify.search("a", ("artist", "track"), limit=4))
    assert again == first
    (sent,) = api_requests(emulator)
    assert sent.query == {"q": "a", "type": "artist,track", "limit": "4", "offset": "0"}
    run(spotify.search("a", ("artist", "track"), limit=5))  # another query: another entry
    run(spotify.search("a", ("artist", "track"), limit=5))
    assert len(api_requests(emulator)) == 2


def test_a_cached_response_is_bound_to_the_new_request(
    cache: Any, run: Runner, emulator: Emulator, app_token: str
) -> None:
    path = f"artists/{emulator.catalogue.artist_ids[1]}"
    first_request, second_request = get(path, app_token), get(path, app_token)
    first: Response = run(cache.send(first_request))
    second: Response = run(cache.send(second_request))
    assert second is not first
    assert second.request is second_request
    assert (second.status_code, second.content) == (200, first.content)
    assert second.headers["cache-control"] == "public, max-age=7200"
    assert second.headers["age"] == "0"
    second.headers["cache-control"] = "no-store"  # the caller's copy, not the cache's
    third: Response = run(cache.send(get(path, app_token)))
    assert third.headers["cache-control"] == "public, max-age=7200"
    assert len(api_requests(emulator)) == 1


def test_a_public_entry_is_shared_between_tokens_until_max_age_passes(
    cache: Any, run: Runner, emulator: Emulator, app_token: str, clock: Clock
) -> None:
    artist_id = emulator.catalogue.artist_ids[2]
    run(Spotify(app_token, cache).artist(artist_id))
    clock.now += 3000
    user = Spotify(emulator.user_token(DEFAULT_USER_ID), cache)
    hit: Response = run(cache.send(get(f"artists/{artist_id}", emulator.user_token(OTHER_USER))))
    assert hit.headers["age"] == "3000"
    run(user.artist(artist_id))
    assert len(api_requests(emulator)) == 1
    clock.now += 4200  # 7200 s after the first answer: stale
    refetched = run(Spotify(emulator.app_token(), cache).artist(artist_id))
    assert refetched.id == artist_id
    requests = api_requests(emulator)
    assert len(requests) == 2
    assert "if-none-match" not in requests[-1].headers  # nothing to revalidate with
    run(Spotify(emulator.app_token(), cache).artist(artist_id))  # fresh again
    assert len(api_requests(emulator)) == 2


# Revalidation --------------------------------------------------------------------------------


def test_a_private_playlist_is_revalidated_with_if_none_match(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    first = run(spotify.playlist(OWNED_PLAYLIST))
    second = run(spotify.playlist(OWNED_PLAYLIST))
    assert second == first
    initial, revalidation = api_requests(emulator)
    assert "if-none-match" not in initial.headers
    assert revalidation.headers["if-none-match"].startswith('"')
    assert "etag" not in revalidation.headers  # a lesson: never an ETag request header


def test_a_304_is_answered_as_the_stored_200(
    cache: Any, run: Runner, emulator: Emulator, app_token: str, clock: Clock
) -> None:
    path = f"playlists/{OWNED_PLAYLIST}"
    first: Response = run(cache.send(get(path, app_token)))
    clock.now += 5
    again = get(path, app_token)
    second: Response = run(cache.send(again))
    sent = api_requests(emulator)[-1]
    assert sent.headers["if-none-match"] == first.headers["etag"]  # so the emulator said 304
    assert second.request is again
    assert "if-none-match" not in again.headers  # the caller's request is left alone
    assert (second.status_code, second.content) == (200, first.content)
    assert second.headers["etag"] == first.headers["etag"]
    assert second.headers["date"] != first.headers["date"]  # updated from the 304
    assert second.headers["content-type"] == first.headers["content-type"]


def test_a_changed_answer_to_a_revalidation_replaces_the_entry(
    cache: Any, run: Runner, emulator: Emulator, app_token: str
) -> None:
    path = f"playlists/{OWNED_PLAYLIST}"
    run(cache.send(get(path, app_token)))
    emulator.faults.add(status=500, path=f"/v1/{path}")
    failed_request = get(path, app_token)
    failed: Response = run(cache.send(failed_request))
    assert failed.status_code == 500
    assert failed.request is failed_request  # not the copy that carried If-None-Match
    run(cache.send(get(path, app_token)))  # the entry was dropped: asked afresh
    requests = api_requests(emulator)
    assert "if-none-match" in requests[1].headers
    assert "if-none-match" not in requests[2].headers


def test_request_directives_and_preconditions_skip_the_cache(
    cache: Any, run: Runner, emulator: Emulator, app_token: str
) -> None:
    artist = f"artists/{emulator.catalogue.artist_ids[0]}"
    run(cache.send(get(artist, app_token)))
    run(cache.send(get(artist, app_token, cache_control="no-cache")))  # fresh, yet asked
    assert len(api_requests(emulator)) == 2
    playlist = f"playlists/{OWNED_PLAYLIST}"
    stored: Response = run(cache.send(get(playlist, app_token)))
    own = get(playlist, app_token, if_none_match=stored.headers["etag"])
    answer: Response = run(cache.send(own))
    assert answer.status_code == 304  # the caller's own precondition, answered by Spotify
    run(cache.send(get(artist, app_token, cache_control="no-store")))
    assert len(api_requests(emulator)) == 5


# Tokens ------------------------------------------------------------------------------------


def test_two_users_never_share_a_private_playlist_entry(
    cache: Any, run: Runner, emulator: Emulator
) -> None:
    owner = Spotify(emulator.user_token(DEFAULT_USER_ID), cache)
    other = Spotify(emulator.user_token(OTHER_USER), cache)
    mine = run(owner.playlist(OWNED_PLAYLIST))
    theirs = run(other.playlist(OWNED_PLAYLIST))
    assert mine.items is not None
    assert theirs.items is None  # Spotify hides the entries from other users
    assert run(owner.playlist(OWNED_PLAYLIST)) == mine
    assert run(other.playlist(OWNED_PLAYLIST)) == theirs
    requests = api_requests(emulator)
    assert len(requests) == 4
    assert "if-none-match" not in requests[1].headers  # nothing of the owner's was used
    assert requests[2].headers["if-none-match"] != requests[3].headers["if-none-match"]


def fresh_me(path: str, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # /me made fresh for ten minutes: a cache keyed without the token would leak it.
    if path != "/v1/me":
        return headers
    return [(k, "private, max-age=600" if k == "cache-control" else v) for k, v in headers]


def test_two_users_never_share_a_fresh_private_entry(
    emulator: Emulator, mode: str, run: Runner, clock: Clock
) -> None:
    cache = caching(relay_sender(emulator, mode, fresh_me), mode, clock)
    alice = Spotify(emulator.user_token(DEFAULT_USER_ID), cache)
    bob = Spotify(emulator.user_token(OTHER_USER), cache)
    assert run(alice.current_user()).id == DEFAULT_USER_ID
    assert run(bob.current_user()).id == OTHER_USER
    assert run(alice.current_user()).id == DEFAULT_USER_ID
    assert run(bob.current_user()).id == OTHER_USER
    assert len(api_requests(emulator)) == 2


def test_a_response_that_turns_private_is_no_longer_shared(
    emulator: Emulator, mode: str, run: Runner, clock: Clock, app_token: str
) -> None:
    policy = {"cache-control": "public, max-age=60"}

    def rewrite(path: str, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(k, policy.get(k, v)) for k, v in headers]

    cache = caching(relay_sender(emulator, mode, rewrite), mode, clock)
    path = f"artists/{emulator.catalogue.artist_ids[0]}"
    run(cache.send(get(path, app_token)))
    clock.now += 61
    policy["cache-control"] = "private, max-age=60"
    run(cache.send(get(path, app_token)))  # stored anew under this token only
    run(cache.send(get(path, app_token)))
    assert len(api_requests(emulator)) == 2
    run(cache.send(get(path, emulator.app_token())))  # the shared entry is gone
    assert len(api_requests(emulator)) == 3


# Writes -------------------------------------------------------------------------------------


def test_a_post_is_never_cached_and_invalidates_its_path(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    artist_id = emulator.catalogue.artist_ids[0]
    run(spotify.artist(artist_id))
    run(spotify.artist(artist_id))
    path = f"/v1/artists/{artist_id}"
    emulator.faults.add(method="POST", path=path, status=200, body=b"{}", times=2)
    post = Request("POST", api_url(f"artists/{artist_id}"), content=b"{}")
    run(spotify.send(post))
    run(spotify.send(post))
    run(spotify.artist(artist_id))
    methods = [r.method for r in api_requests(emulator)]
    assert methods == ["GET", "POST", "POST", "GET"]


def test_a_write_invalidates_every_query_of_its_path(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    run(spotify.playlist_items(OWNED_PLAYLIST, limit=5))
    run(spotify.playlist_items(OWNED_PLAYLIST, limit=5, offset=5))
    run(spotify.playlist(OWNED_PLAYLIST))
    path = f"/v1/playlists/{OWNED_PLAYLIST}/items"
    emulator.faults.add(method="POST", path=path, status=201, body=b'{"snapshot_id": "x"}')
    run(spotify.send(Request("POST", api_url(path[4:]), content=b'{"uris": []}')))
    run(spotify.playlist_items(OWNED_PLAYLIST, limit=5))
    run(spotify.playlist_items(OWNED_PLAYLIST, limit=5, offset=5))
    run(spotify.playlist(OWNED_PLAYLIST))  # another path: still revalidated
    after = api_requests(emulator)[-3:]
    assert ["if-none-match" in r.headers for r in after] == [False, False, True]


class Meanwhile(WrappingSender):
    """Before passing a POST on, let ``reader`` GET ``path`` as a concurrent reader would."""

    def __init__(self, sender: Sender, path: str) -> None:
        super().__init__(sender)
        self.path = path
        self.reader: Any = None

    def send(self, request: Request) -> Response:
        if request.method == "POST":
            self.reader.send(get(self.path, request.headers["authorization"][7:]))
        return self.sender.send(request)


class AsyncMeanwhile(AsyncWrappingSender):
    """The async :class:`Meanwhile`."""

    def __init__(self, sender: AsyncSender, path: str) -> None:
        super().__init__(sender)
        self.path = path
        self.reader: Any = None

    async def send(self, request: Request) -> Response:
        if request.method == "POST":
            await self.reader.send(get(self.path, request.headers["authorization"][7:]))
        return await self.sender.send(request)


def test_a_read_stored_while_a_write_runs_is_invalidated_too(
    emulator: Emulator, mode: str, run: Runner, clock: Clock, app_token: str
) -> None:
    # The store's lock is not held across the send: the nested GET would deadlock.
    path = f"artists/{emulator.catalogue.artist_ids[0]}"
    inner = make_sender(emulator, mode)
    meanwhile = AsyncMeanwhile(inner, path) if mode == "async" else Meanwhile(inner, path)
    cache = caching(meanwhile, mode, clock)
    meanwhile.reader = cache
    emulator.faults.add(method="POST", path=f"/v1/{path}", status=200, body=b"{}")
    run(
        cache.send(Request("POST", api_url(path), headers={"Authorization": f"Bearer {app_token}"}))
    )
    run(cache.send(get(path, app_token)))  # the GET stored during the POST is gone
    assert [r.method for r in api_requests(emulator)] == ["GET", "POST", "GET"]


def test_a_write_that_failed_in_flight_still_invalidates(
    cache: Any, run: Runner, emulator: Emulator, app_token: str
) -> None:
    path = f"artists/{emulator.catalogue.artist_ids[0]}"
    run(cache.send(get(path, app_token)))
    emulator.faults.add(method="POST", path=f"/v1/{path}", drop=True, after_handling=True)
    with pytest.raises(TransportError):  # Spotify may have acted on it
        run(cache.send(Request("POST", api_url(path))))
    run(cache.send(get(path, app_token)))
    assert [r.method for r in api_requests(emulator)] == ["GET", "POST", "GET"]


def test_a_safe_method_other_than_get_passes_through(
    cache: Any, run: Runner, emulator: Emulator, app_token: str
) -> None:
    path = f"artists/{emulator.catalogue.artist_ids[0]}"
    run(cache.send(get(path, app_token)))
    options: Response = run(cache.send(Request("OPTIONS", api_url(path))))
    assert options.status_code == 200
    run(cache.send(get(path, app_token)))  # still cached
    assert [r.method for r in api_requests(emulator)] == ["GET", "OPTIONS"]


# Size ----------------------------------------------------------------------------------------


def test_the_least_recently_used_entry_is_evicted_at_max_size(
    emulator: Emulator, mode: str, run: Runner, clock: Clock, app_token: str
) -> None:
    cache = caching(make_sender(emulator, mode), mode, clock, max_size=2)
    assert cache.max_size == 2
    spotify = Spotify(app_token, cache)
    a, b, c = emulator.catalogue.artist_ids[:3]
    for artist_id in (a, b, a, c, a, b):
        run(spotify.artist(artist_id))
    # a and b fetched, a hit, c evicts b (a was used more recently), a hit, b fetched
    fetched = [r.path.rsplit("/", 1)[-1] for r in api_requests(emulator)]
    assert fetched == [a, b, c, b]
    cache.clear()
    run(spotify.artist(b))
    assert len(api_requests(emulator)) == 5


def test_an_unbounded_cache_keeps_everything(
    emulator: Emulator, mode: str, run: Runner, clock: Clock, app_token: str
) -> None:
    cache = caching(make_sender(emulator, mode), mode, clock, max_size=None)
    spotify = Spotify(app_token, cache)
    ids = emulator.catalogue.artist_ids[:5]
    for artist_id in ids + ids:
        run(spotify.artist(artist_id))
    assert len(api_requests(emulator)) == 5


# Header case ---------------------------------------------------------------------------------


def shout(path: str, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k.upper(), v.upper() if k == "cache-control" else v) for k, v in headers]


def test_upper_case_headers_are_understood(
    emulator: Emulator, mode: str, run: Runner, clock: Clock, app_token: str
) -> None:
    cache = caching(relay_sender(emulator, mode, shout), mode, clock)
    spotify = Spotify(app_token, cache)
    artist_id = emulator.catalogue.artist_ids[0]
    response: Response = run(cache.send(get(f"artists/{artist_id}", app_token)))
    assert response.headers.raw[0][0].isupper()  # the server really did shout
    run(spotify.artist(artist_id))
    first = run(spotify.playlist(OWNED_PLAYLIST))
    assert run(spotify.playlist(OWNED_PLAYLIST)) == first
    methods_and_validators = [
        (r.path.split("/")[2], r.headers.get("if-none-match") is not None)
        for r in api_requests(emulator)
    ]
    assert methods_and_validators == [("artists", False), ("playlists", False), ("playlists", True)]


# Composition ---------------------------------------------------------------------------------


async def no_wait(seconds: float) -> None:
    return None


def retrying(inner: Any, mode: str) -> Any:
    if mode == "async":
        return AsyncRetryingSender(1, inner, sleep=no_wait, rng=lambda: 0.0)
    return RetryingSender(1, inner, sleep=lambda seconds: None, rng=lambda: 0.0)


@pytest.mark.parametrize("order", ["retrying over caching", "caching over retrying"])
def test_composes_with_retrying_either_way(
    emulator: Emulator, mode: str, run: Runner, clock: Clock, app_token: str, order: str
) -> None:
    inner = make_sender(emulator, mode)
    if order == "retrying over caching":
        sender = retrying(caching(inner, mode, clock), mode)
    else:
        sender = caching(retrying(inner, mode), mode, clock)
    spotify = Spotify(app_token, sender)
    artist_id = emulator.catalogue.artist_ids[0]
    emulator.faults.add(status=503, path=f"/v1/artists/{artist_id}")
    first = run(spotify.artist(artist_id))  # a 503, retried, then stored
    assert run(spotify.artist(artist_id)) == first
    assert len(api_requests(emulator)) == 2


# Construction --------------------------------------------------------------------------------


def test_default_underlying_senders() -> None:
    assert type(CachingSender().sender) is TransientSender
    assert type(AsyncCachingSender().sender) is AsyncTransientSender
    assert CachingSender().max_size == 1024


def test_a_caching_default_type_does_not_wrap_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spotipy.sender, "default_sender_type", CachingSender)
    monkeypatch.setattr(spotipy.sender, "default_async_sender_type", AsyncCachingSender)
    assert type(CachingSender().sender) is TransientSender
    assert type(AsyncCachingSender().sender) is AsyncTransientSender


@pytest.mark.parametrize("max_size", [0, -1])
def test_max_size_must_be_positive(max_size: int) -> None:
    with pytest.raises(ValueError, match="max_size"):
        CachingSender(max_size, TransientSender())
    with pytest.raises(ValueError, match="max_size"):
        AsyncCachingSender(max_size, AsyncTransientSender())


def test_the_wrapped_sender_must_have_the_same_mode() -> None:
    async_inner: Any = AsyncTransientSender()
    sync_inner: Any = TransientSender()
    with pytest.raises(TypeError, match="Async counterpart"):
        CachingSender(sender=async_inner)
    with pytest.raises(TypeError, match="sync counterpart"):
        AsyncCachingSender(sender=sync_inner)


# The documentation ---------------------------------------------------------------------------


def caching_example() -> str:
    section = DOCS.read_text(encoding="utf-8").split("\n## Caching\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block is not None, "the Caching section has no Python example"
    return textwrap.dedent(block.group(1))


def test_the_documented_example_runs(via_socket: Any) -> None:
    emulator = via_socket.emulator
    artist_id = emulator.catalogue.artist_ids[4]
    before = sum(1 for r in emulator.requests if r.path == f"/v1/artists/{artist_id}")
    # Earlier blocks of the page import Spotify; this one runs alone.
    names: dict[str, Any] = {
        "Spotify": Spotify,
        "token": emulator.app_token(),
        "artist_id": artist_id,
    }
    exec(compile(caching_example(), str(DOCS), "exec"), names)
    after = sum(1 for r in emulator.requests if r.path == f"/v1/artists/{artist_id}")
    assert after - before == 1
    assert names["again"] == names["artist"]
