"""The pure cache rules, as tables: headers and an injected clock in, decisions out."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Iterator

import pytest

from spotipy._http import Headers, Request, Response, canonical_url
from spotipy.sender._cache import (
    CacheEntry,
    CacheKey,
    _Store,
    admit,
    age,
    cache_key,
    conditional_headers,
    freshness_lifetime,
    is_fresh,
    is_storable,
    parse_cache_control,
    refreshed,
    vary_names,
)

NOW = 1_700_000_000.0
API = "https://api.spotify.com/v1"
HeaderList = list[tuple[str, str]]


def http_date(offset: float) -> str:
    return email.utils.formatdate(NOW + offset, usegmt=True)


def request(
    url: str = f"{API}/artists/1",
    method: str = "GET",
    *,
    params: dict[str, str] | None = None,
    token: str | None = "A",
    **headers: str,
) -> Request:
    fields = {k.replace("_", "-"): v for k, v in headers.items()}
    if token is not None:
        fields["Authorization"] = f"Bearer {token}"
    return Request(method, url, params=params, headers=fields)


def answer(headers: HeaderList, status: int = 200, req: Request | None = None) -> Response:
    return Response(status, Headers(headers), b'{"id": "1"}', req or request())


def entry(headers: HeaderList, request_time: float = NOW, response_time: float = NOW) -> CacheEntry:
    key = CacheKey("GET", f"{API}/artists/1", ())
    return CacheEntry(key, 200, Headers(headers), b"{}", request_time, response_time)


# parse_cache_control ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, {}),
        ("", {}),
        ("public, max-age=7200", {"public": None, "max-age": "7200"}),
        ("PRIVATE, Max-Age=0", {"private": None, "max-age": "0"}),
        ('no-cache="Set-Cookie, X-A", max-age=5', {"no-cache": "Set-Cookie, X-A", "max-age": "5"}),
        ('x="a\\"b"', {"x": 'a"b'}),
        ("max-age=5, max-age=10", {"max-age": "5"}),  # the first occurrence wins
        ("max-age = 5 ,,  no-store", {"max-age": "5", "no-store": None}),
    ],
)
def test_parse_cache_control(value: str | None, expected: dict[str, str | None]) -> None:
    assert parse_cache_control(value) == expected


# freshness_lifetime -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([], 0.0),
        ([("Cache-Control", "max-age=60")], 60.0),
        ([("cache-control", "public, max-age=7200")], 7200.0),
        ([("CACHE-CONTROL", "MAX-AGE=30")], 30.0),
        ([("Cache-Control", 'max-age="45"')], 45.0),
        ([("Cache-Control", "private, max-age=0")], 0.0),
        ([("Cache-Control", "no-cache, max-age=60")], 0.0),
        ([("Cache-Control", "no-cache")], 0.0),
        ([("Cache-Control", "s-maxage=600")], 0.0),  # for shared caches: ignored
        ([("Cache-Control", "s-maxage=600, max-age=60")], 60.0),
        ([("Cache-Control", "max-age=abc")], 0.0),  # unreadable: stale at once
        ([("Cache-Control", "max-age=-5")], 0.0),
        ([("Cache-Control", "private"), ("Cache-Control", "max-age=90")], 90.0),
        # max-age wins over Expires
        ([("Cache-Control", "max-age=60"), ("Expires", http_date(600))], 60.0),
        ([("Date", http_date(0)), ("Expires", http_date(120))], 120.0),
        ([("Date", http_date(-30)), ("Expires", http_date(120))], 150.0),
        ([("Expires", http_date(200))], 200.0),  # no Date: the arrival time stands in
        ([("Date", "garbage"), ("Expires", http_date(200))], 200.0),
        ([("Date", http_date(0)), ("Expires", http_date(-10))], 0.0),
        ([("Expires", "0")], 0.0),  # unreadable Expires means already expired
        ([("Expires", "Sun, 06 Nov 1994 08:49:37 -0000")], 0.0),
    ],
)
def test_freshness_lifetime(headers: HeaderList, expected: float) -> None:
    assert freshness_lifetime(Headers(headers), NOW) == expected


def test_non_ascii_digits_are_not_delta_seconds() -> None:
    headers = Headers([(b"Cache-Control", "max-age=٣".encode())])
    assert freshness_lifetime(headers, NOW) == 0.0


@pytest.fixture
def far_from_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run in a local time zone far from UTC, so that local-time mistakes show."""
    monkeypatch.setenv("TZ", "Asia/Kathmandu")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("far_from_utc")
def test_naive_http_dates_are_utc() -> None:
    # "-0000" parses to a naive datetime; it must still be read as UTC, not local time.
    expires = email.utils.formatdate(NOW + 60, usegmt=True).replace("GMT", "-0000")
    headers = Headers({"Date": http_date(0), "Expires": expires})
    assert freshness_lifetime(headers, NOW) == 60.0


# age --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "request_time", "response_time", "now", "expected"),
    [
        ([], NOW, NOW, NOW, 0.0),
        ([], NOW, NOW, NOW + 10, 10.0),  # resident time
        ([], NOW - 2, NOW, NOW + 10, 12.0),  # plus the round trip
        ([("Age", "100")], NOW - 1, NOW, NOW + 5, 106.0),
        ([("Age", "junk")], NOW, NOW, NOW, 0.0),
        ([("Date", http_date(-50))], NOW, NOW, NOW, 50.0),  # apparent age
        ([("Date", http_date(-50)), ("Age", "80")], NOW, NOW, NOW, 80.0),  # the larger
        ([("Date", http_date(300))], NOW, NOW, NOW, 0.0),  # a server clock ahead
        ([], NOW, NOW, NOW - 30, 0.0),  # a clock that went back
    ],
)
def test_age(
    headers: HeaderList, request_time: float, response_time: float, now: float, expected: float
) -> None:
    assert age(Headers(headers), request_time, response_time, now) == expected


@pytest.mark.parametrize(
    ("headers", "now", "fresh"),
    [
        ([("Cache-Control", "max-age=60")], NOW, True),
        ([("Cache-Control", "max-age=60")], NOW + 59.9, True),
        ([("Cache-Control", "max-age=60")], NOW + 60, False),
        ([("Cache-Control", "max-age=60"), ("Age", "30")], NOW + 29, True),
        ([("Cache-Control", "max-age=60"), ("Age", "30")], NOW + 30, False),
        ([("Cache-Control", "private, max-age=0"), ("ETag", '"x"')], NOW, False),
        ([("Cache-Control", "no-cache, max-age=600")], NOW, False),
        ([("Expires", http_date(10)), ("Date", http_date(0))], NOW + 5, True),
    ],
)
def test_is_fresh(headers: HeaderList, now: float, fresh: bool) -> None:
    assert is_fresh(entry(headers), now) is fresh


# vary_names, is_storable -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([("Cache-Control", "public, max-age=60")], ()),
        ([("Cache-Control", "private, max-age=0")], ("authorization",)),
        ([], ("authorization",)),  # not said to be shareable: per token
        ([("Cache-Control", "PUBLIC"), ("Vary", "Authorization")], ("authorization",)),
        ([("Cache-Control", "public"), ("VARY", "Accept-Language, accept-encoding")],
         ("accept-encoding", "accept-language")),
        ([("Cache-Control", "public"), ("Vary", "A"), ("Vary", " b ,")], ("a", "b")),
        ([("Vary", "Accept, *")], ("*",)),
    ],
)  # fmt: skip
def test_vary_names(headers: HeaderList, expected: tuple[str, ...]) -> None:
    assert vary_names(Headers(headers)) == expected


@pytest.mark.parametrize(
    ("method", "status", "request_cc", "headers", "storable"),
    [
        ("GET", 200, None, [("Cache-Control", "public, max-age=7200")], True),
        ("GET", 200, None, [("Cache-Control", "private, max-age=0"), ("ETag", '"e"')], True),
        ("GET", 200, None, [], True),
        ("GET", 200, None, [("Cache-Control", "no-store, max-age=60")], False),
        ("GET", 200, None, [("cache-control", "NO-STORE")], False),
        ("GET", 200, "no-store", [("Cache-Control", "max-age=60")], False),
        ("GET", 200, "no-cache", [("Cache-Control", "max-age=60")], True),
        ("GET", 200, None, [("Cache-Control", "max-age=60"), ("Vary", "*")], False),
        ("POST", 200, None, [("Cache-Control", "max-age=60")], False),
        ("HEAD", 200, None, [("Cache-Control", "max-age=60")], False),
        ("GET", 404, None, [("Cache-Control", "max-age=60")], False),
        ("GET", 304, None, [("Cache-Control", "max-age=60")], False),
        ("GET", 206, None, [("Cache-Control", "max-age=60")], False),
    ],
)
def test_is_storable(
    method: str, status: int, request_cc: str | None, headers: HeaderList, storable: bool
) -> None:
    extra = {} if request_cc is None else {"cache_control": request_cc}
    req = request(method=method, **extra)
    assert is_storable(req, answer(headers, status, req)) is storable


# cache_key ----------------------------------------------------------------------------------


def test_key_is_the_same_whether_params_come_in_the_url_or_in_params() -> None:
    in_url = request(f"{API}/search?q=a%20b&type=artist,track&limit=5")
    in_params = request(f"{API}/search", params={"q": "a b", "type": "artist,track", "limit": "5"})
    mixed = request(f"{API}/search?q=a+b", params={"type": "artist,track", "limit": "5"})
    keys = {cache_key(r, ("authorization",)) for r in (in_url, in_params, mixed)}
    assert len(keys) == 1
    (key,) = keys
    assert key.url == canonical_url(
        f"{API}/search", {"q": "a b", "type": "artist,track", "limit": "5"}
    )
    assert key.path == f"{API}/search"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (f"{API}/search?q=a&type=artist", f"{API}/search?q=b&type=artist"),
        (f"{API}/search?q=a&type=artist", f"{API}/search?q=a&type=track"),
        (f"{API}/search?q=a", f"{API}/search?q=a&offset=10"),
        (f"{API}/search?q=a%2Bb", f"{API}/search?q=a+b"),  # "+" encoded is not a space
        (f"{API}/artists/1", f"{API}/artists/2"),
    ],
)
def test_different_queries_give_different_keys(first: str, second: str) -> None:
    assert cache_key(request(first)) != cache_key(request(second))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (f"{API}/artists/1", "HTTPS://API.SPOTIFY.COM:443/v1/artists/1"),
        (f"{API}/artists/1", f"{API}/artists/1#fragment"),
        (f"{API}/artists/1?", f"{API}/artists/1"),
    ],
)
def test_equivalent_spellings_give_one_key(first: str, second: str) -> None:
    assert cache_key(request(first)) == cache_key(request(second))


def test_tokens_are_part_of_the_key_only_when_selected() -> None:
    alice, bob = request(token="alice"), request(token="bob")
    assert cache_key(alice, ("authorization",)) != cache_key(bob, ("authorization",))
    assert cache_key(alice, ("authorization",)) == cache_key(
        request(token="alice"), ("authorization",)
    )
    assert cache_key(alice) == cache_key(bob)  # a public response: shared
    assert cache_key(request(token=None), ("authorization",)) != cache_key(
        alice, ("authorization",)
    )


def test_header_names_are_case_insensitive_in_keys() -> None:
    upper = Request("GET", f"{API}/me", headers={"AUTHORIZATION": "Bearer x"})
    lower = Request("GET", f"{API}/me", headers={"authorization": "Bearer x"})
    assert cache_key(upper, ("authorization",)) == cache_key(lower, ("authorization",))


def test_keys_hold_no_token_in_clear() -> None:
    key = cache_key(request(token="secret-token"), ("authorization",))
    assert "secret-token" not in repr(key)
    assert key.names == ("authorization",)


def test_key_method_matters() -> None:
    assert cache_key(request()) != cache_key(request(method="HEAD"))


# admit ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "admitted", "names"),
    [
        ([("Cache-Control", "public, max-age=7200")], True, ()),
        ([("Cache-Control", "private, max-age=0"), ("ETag", '"e"')], True, ("authorization",)),
        ([("Cache-Control", "no-cache"), ("Last-Modified", http_date(-60))], True,
         ("authorization",)),
        ([("Cache-Control", "private, max-age=0")], False, ()),  # never reusable
        ([], False, ()),  # no freshness, no validator
        ([("Cache-Control", "max-age=60"), ("Age", "120")], False, ()),  # stale on arrival
        ([("Cache-Control", "no-store"), ("ETag", '"e"')], False, ()),
        ([("Expires", http_date(60))], True, ("authorization",)),
    ],
)  # fmt: skip
def test_admit(headers: HeaderList, admitted: bool, names: tuple[str, ...]) -> None:
    req = request()
    stored = admit(req, answer(headers, req=req), NOW - 1, NOW)
    if not admitted:
        assert stored is None
        return
    assert stored is not None
    assert stored.key == cache_key(req, names)
    assert (stored.request_time, stored.response_time) == (NOW - 1, NOW)
    assert stored.content == b'{"id": "1"}'
    assert stored.status_code == 200


def test_admitted_headers_are_a_copy() -> None:
    response = answer([("Cache-Control", "max-age=60")])
    stored = admit(response.request, response, NOW, NOW)
    assert stored is not None
    response.headers["cache-control"] = "no-store"
    assert stored.headers["cache-control"] == "max-age=60"


# conditional_headers, refreshed ----------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([("ETag", '"v1"')], {"if-none-match": '"v1"'}),
        ([("etag", 'W/"v1"')], {"if-none-match": 'W/"v1"'}),
        ([("Last-Modified", "Tue, 14 Nov 2023 22:13:20 GMT")],
         {"if-modified-since": "Tue, 14 Nov 2023 22:13:20 GMT"}),
        ([("ETAG", '"v1"'), ("LAST-MODIFIED", "x")],
         {"if-none-match": '"v1"', "if-modified-since": "x"}),
        ([("Cache-Control", "max-age=0")], {}),
    ],
)  # fmt: skip
def test_conditional_headers(headers: HeaderList, expected: dict[str, str]) -> None:
    conditions = conditional_headers(entry(headers))
    assert isinstance(conditions, Headers)
    assert dict(conditions) == expected
    assert "etag" not in conditions  # revalidation never sends an ETag request header


def test_refreshed_updates_headers_and_times_but_keeps_body() -> None:
    old = entry(
        [
            ("Content-Type", "application/json"),
            ("Content-Length", "2"),
            ("Cache-Control", "private, max-age=0"),
            ("ETag", '"v1"'),
            ("Date", http_date(-100)),
            ("X-Kept", "1"),
        ],
        request_time=NOW - 101,
        response_time=NOW - 100,
    )
    not_modified = Headers(
        [
            ("CACHE-CONTROL", "private, max-age=30"),
            ("ETAG", '"v2"'),
            ("Date", http_date(0)),
            ("Content-Length", "0"),
        ]
    )
    new = refreshed(old, not_modified, NOW - 1, NOW)
    assert new.key == old.key
    assert (new.status_code, new.content) == (old.status_code, old.content)
    assert (new.request_time, new.response_time) == (NOW - 1, NOW)
    assert new.headers["cache-control"] == "private, max-age=30"
    assert new.headers["etag"] == '"v2"'
    assert new.headers.get_list("date") == [http_date(0)]
    assert new.headers["content-length"] == "2"  # the 304's own, empty body is not ours
    assert new.headers["content-type"] == "application/json"
    assert new.headers["x-kept"] == "1"
    assert is_fresh(new, NOW + 28)  # 30 s from the revalidation, round trip included
    assert not is_fresh(new, NOW + 29)
    assert old.headers["etag"] == '"v1"'  # the old entry is untouched


# the store --------------------------------------------------------------------------------


def stored_entry(
    url: str, token: str = "A", names: tuple[str, ...] = ("authorization",)
) -> CacheEntry:
    key = cache_key(request(url, token=token), names)
    return CacheEntry(key, 200, Headers({"Cache-Control": "max-age=60"}), url.encode(), NOW, NOW)


def test_store_evicts_the_least_recently_used() -> None:
    store = _Store(2)
    a, b, c = (stored_entry(f"{API}/artists/{n}") for n in "abc")
    store.put(a)
    store.put(b)
    assert store.find(request(f"{API}/artists/a")) is a  # a is now the most recent
    store.put(c)
    assert len(store) == 2
    assert store.find(request(f"{API}/artists/b")) is None
    assert store.find(request(f"{API}/artists/a")) is a
    assert store.find(request(f"{API}/artists/c")) is c


def test_store_keeps_variants_per_token_and_unindexes_them_one_by_one() -> None:
    store = _Store(None)
    url = f"{API}/playlists/p"
    alice, bob = stored_entry(url, "alice"), stored_entry(url, "bob")
    other_query = stored_entry(f"{url}?market=SE", "alice")
    for item in (alice, bob, other_query):
        store.put(item)
    store.put(alice)  # storing again replaces, without a duplicate
    assert len(store) == 3
    assert store.find(request(url, token="alice")) is alice
    assert store.find(request(url, token="bob")) is bob
    assert store.find(request(url, token="carol")) is None
    store.discard(alice.key)
    store.discard(alice.key)  # twice is harmless
    assert store.find(request(url, token="alice")) is None
    assert store.find(request(url, token="bob")) is bob
    store.discard(bob.key)
    assert store.find(request(f"{url}?market=SE", token="alice")) is other_query
    store.discard(other_query.key)
    assert len(store) == 0
    assert store._tree == {}


def test_store_invalidates_a_whole_path_and_nothing_else() -> None:
    store = _Store(None)
    items = stored_entry(f"{API}/playlists/p/items?offset=0")
    more = stored_entry(f"{API}/playlists/p/items?offset=100", token="B")
    playlist = stored_entry(f"{API}/playlists/p")
    for item in (items, more, playlist):
        store.put(item)
    store.invalidate(f"{API}/playlists/p/items")
    store.invalidate(f"{API}/nothing/here")
    assert len(store) == 1
    assert store.find(request(f"{API}/playlists/p")) is playlist
    store.clear()
    assert len(store) == 0


def test_store_matches_the_selecting_headers_of_each_variant() -> None:
    store = _Store(None)
    public = stored_entry(f"{API}/artists/1", names=())
    store.put(public)
    assert store.find(request(f"{API}/artists/1", token="anyone")) is public
    assert store.find(request(f"{API}/artists/1", method="HEAD")) is None


def test_store_prefers_the_most_recently_stored_matching_variant() -> None:
    store = _Store(None)
    url = f"{API}/artists/1"
    shared, own = stored_entry(url, names=()), stored_entry(url, "alice")
    store.put(shared)
    store.put(own)
    assert store.find(request(url, token="alice")) is own
    renewed = stored_entry(url, names=())
    store.put(renewed)  # the same key stored again is now the most recent
    assert store.find(request(url, token="alice")) is renewed
    assert len(store) == 2
