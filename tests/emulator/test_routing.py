"""The route pattern: query declarations, methods, profiles, error reasons and empty replies."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from spotipy.emulator import BIG_PLAYLIST_ID, DEFAULT_USER_ID, Emulator
from spotipy.emulator._params import (
    Param,
    boolean,
    enum,
    ids,
    integer,
    market,
    paging,
    text,
    uris,
)
from spotipy.emulator._routing import ApiError, Context, Reply, RouteTable
from spotipy.emulator.routes import web_api
from spotipy.emulator.state import State
from spotipy.emulator.state.follow import Follows
from spotipy.emulator.state.library import Library
from tests.emulator.conftest import API, error
from tests.spec.spec import load_spec

TRACK_ID = "4iV5W9uYEdYUVa79Axb7Rh"


def _parse(*params: Param, **query: str) -> dict[str, Any]:
    args: dict[str, Any] = {}
    for param in params:
        param.parse(query, args)
    return args


def _fails(param: Param, message: str, **query: str) -> None:
    with pytest.raises(ApiError) as raised:
        _parse(param, **query)
    assert (raised.value.status, raised.value.message) == (400, message)


# Declarations --------------------------------------------------------------------------------


def test_market() -> None:
    assert _parse(market()) == {"market": None}
    assert _parse(market(), market="SE") == {"market": "SE"}
    assert _parse(market(), market="from_token") == {"market": "from_token"}
    for bad in ("se", "SWE", "", "S1"):
        _fails(market(), "Invalid market code", market=bad)


def test_paging() -> None:
    assert _parse(paging()) == {"limit": 20, "offset": 0}
    assert _parse(paging(5, 10), limit="10", offset="7") == {"limit": 10, "offset": 7}
    for bad in ("0", "51", "-1", "1.5", "", "x", "²", "9" * 40):
        _fails(paging(), "Invalid limit", limit=bad)
    for bad in ("-1", "x", "9" * 40):
        _fails(paging(), "Invalid offset", offset=bad)
    _fails(paging(max_offset=1000), "Invalid offset", offset="1001")
    assert _parse(paging(), offset="123456")["offset"] == 123456


def test_ids() -> None:
    assert _parse(ids(3), ids=f"{TRACK_ID},{TRACK_ID}") == {"ids": [TRACK_ID, TRACK_ID]}
    _fails(ids(3), "Missing parameter ids")
    _fails(ids(1), "Too many ids requested", ids=f"{TRACK_ID},{TRACK_ID}")
    _fails(ids(3), "Invalid base62 id", ids=f"{TRACK_ID},nope")
    _fails(ids(3), "Invalid base62 id", ids="")
    assert _parse(ids(3, required=False)) == {"ids": None}
    assert _parse(ids(3, "user"), ids="spotify,some.one") == {"ids": ["spotify", "some.one"]}
    _fails(ids(3, "user"), "Invalid ids", ids="spotify,")


def test_uris() -> None:
    uri = f"spotify:track:{TRACK_ID}"
    assert _parse(uris(2), uris=f"{uri},spotify:user:x") == {"uris": [uri, "spotify:user:x"]}
    _fails(uris(1), "Too many ids requested", uris=f"{uri},{uri}")
    _fails(uris(2), "Invalid uris", uris="spotify:track:short")
    _fails(uris(2), "Missing parameter uris")


def test_enum_integer_boolean_text() -> None:
    kinds = enum("type", ("artist", "user"), required=True)
    assert _parse(kinds, type="artist") == {"type": "artist"}
    _fails(kinds, "Invalid type", type="album")
    _fails(kinds, "Missing parameter type")
    groups = enum("include_groups", ("album", "single"), multi=True, default=frozenset())
    assert _parse(groups, include_groups="album, single") == {
        "include_groups": frozenset({"album", "single"})
    }
    assert _parse(groups) == {"include_groups": frozenset()}
    _fails(groups, "Invalid include_groups", include_groups="album,nope")
    volume = integer("volume_percent", 0, 100, required=True)
    assert _parse(volume, volume_percent="40") == {"volume_percent": 40}
    _fails(volume, "Invalid volume_percent", volume_percent="101")
    _fails(volume, "Missing parameter volume_percent")
    assert _parse(integer("x", -5, 5), x="-5") == {"x": -5}
    assert _parse(integer("x", default=3)) == {"x": 3}
    assert _parse(boolean("state"), state="true") == {"state": True}
    assert _parse(boolean("state"), state="false") == {"state": False}
    assert _parse(boolean("state")) == {"state": None}
    _fails(boolean("state"), "Invalid state", state="yes")
    assert _parse(text("device_id"), device_id="abc") == {"device_id": "abc"}
    assert _parse(text("device_id")) == {"device_id": None}
    _fails(text("q", required=True), "Missing parameter q", q="")


def test_huge_numbers_are_a_400_not_a_500(app: httpx.Client) -> None:
    huge = "9" * 5000
    response = app.get(f"/playlists/{BIG_PLAYLIST_ID}/items", params={"offset": huge})
    assert error(response) == (400, "Invalid offset")


# The table -------------------------------------------------------------------------------------


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> RouteTable:
    """The Web API plus whatever a test registers, served by the emulator."""
    table = RouteTable("/v1")
    for route in web_api:
        table.route(
            route.method,
            route.template,
            auth=route.auth,
            cache=route.cache_control,
            scopes=route.scopes,
            optional_scopes=route.optional_scopes,
            query=route.query,
            deprecated=route.deprecated,
        )(route.handler)
    monkeypatch.setattr("spotipy.emulator._core.web_api", table)
    return table


def test_every_method_registers(table: RouteTable, emu: Emulator, user: httpx.Client) -> None:
    seen: list[tuple[str, Any]] = []

    @table.put("/me/things", auth="user", query=(ids(2),))
    def put_things(ctx: Context) -> Reply:
        seen.append((ctx.method, ctx.json()))
        assert ctx.user_id is not None
        saved = [f"spotify:track:{i}" for i in ctx.args["ids"]]
        ctx.state.library.add(ctx.user_id, saved, ctx.state.clock())
        return Reply.no_content(200)

    @table.delete("/me/things", auth="user")
    def delete_things(ctx: Context) -> Reply:
        seen.append((ctx.method, ctx.json()))
        return Reply.no_content()

    @table.post("/me/things", auth="user")
    def post_things(ctx: Context) -> Reply:
        return Reply(b'{"snapshot_id":"x"}', status=201)

    response = user.put("/me/things", params={"ids": TRACK_ID}, json={"a": 1})
    assert (response.status_code, response.content) == (200, b"")
    assert "content-type" not in response.headers
    assert response.headers["content-length"] == "0"
    assert emu.state.library.contains(DEFAULT_USER_ID, [f"spotify:track:{TRACK_ID}"]) == [True]
    response = user.delete("/me/things")
    assert (response.status_code, response.content) == (204, b"")
    assert "content-length" not in response.headers
    assert user.post("/me/things").status_code == 201
    assert seen == [("PUT", {"a": 1}), ("DELETE", None)]
    bad = user.put("/me/things", params={"ids": TRACK_ID}, content=b"{nope")
    assert error(bad) == (400, "Error parsing json")
    assert error(user.put("/me/things")) == (400, "Missing parameter ids")
    assert error(user.patch("/me/things")) == (405, "Method not allowed")


def test_player_errors_carry_a_reason(table: RouteTable, user: httpx.Client) -> None:
    @table.put("/me/player/test-only", auth="user")
    def play(ctx: Context) -> bytes:
        raise ApiError(
            404, "Player command failed: No active device found", reason="NO_ACTIVE_DEVICE"
        )

    body = user.put("/me/player/test-only").json()
    assert body == {
        "error": {
            "status": 404,
            "message": "Player command failed: No active device found",
            "reason": "NO_ACTIVE_DEVICE",
        }
    }
    assert "reason" not in user.get("/albums/nope").json()["error"]


def test_trailing_slash_is_served(emu: Emulator, user: httpx.Client, app: httpx.Client) -> None:
    assert user.get("/me/").json()["id"] == DEFAULT_USER_ID
    album = emu.catalogue.album_ids[0]
    assert app.get(f"/albums/{album}/").json()["id"] == album
    assert error(app.get("/")) == (404, "Service not found")


# Profiles --------------------------------------------------------------------------------------


def _client(emulator: Emulator) -> httpx.Client:
    headers = {"Authorization": f"Bearer {emulator.app_token()}"}
    return httpx.Client(transport=emulator.transport(), base_url=API, headers=headers)


def test_development_refuses_deprecated_routes() -> None:
    emulator = Emulator(seed=0)
    assert emulator.profile == "development"
    with _client(emulator) as app:
        assert error(app.get(f"/users/{DEFAULT_USER_ID}")) == (403, "Forbidden")
        assert error(app.get(f"/playlists/{BIG_PLAYLIST_ID}/tracks")) == (403, "Forbidden")
        assert app.get(f"/playlists/{BIG_PLAYLIST_ID}/items").status_code == 200
    with httpx.Client(transport=emulator.transport(), base_url=API) as anonymous:
        # Authentication comes first: no token is still a 401.
        assert anonymous.get(f"/users/{DEFAULT_USER_ID}").status_code == 401


def test_extended_serves_deprecated_routes() -> None:
    emulator = Emulator(seed=0, profile="extended")
    assert emulator.profile == "extended"
    with _client(emulator) as app:
        assert app.get(f"/users/{DEFAULT_USER_ID}").json()["id"] == DEFAULT_USER_ID
        assert app.get(f"/playlists/{BIG_PLAYLIST_ID}/tracks").status_code == 200


def test_profiles_choose_options_and_explicit_ones_win() -> None:
    development = Emulator(seed=0)
    extended = Emulator(seed=0, profile="extended")
    assert not development.options.deprecated_fields
    assert not development.options.extended_quota
    assert development.rotate_refresh_tokens == "never"
    assert extended.options.deprecated_fields
    assert extended.options.extended_quota
    assert extended.rotate_refresh_tokens == "pkce"
    mixed = Emulator(
        seed=0, deprecated_fields=True, extended_quota=True, rotate_refresh_tokens="always"
    )
    assert mixed.profile == "development"
    assert (mixed.options.deprecated_fields, mixed.options.extended_quota) == (True, True)
    assert mixed.rotate_refresh_tokens == "always"
    assert not Emulator(
        seed=0, profile="extended", deprecated_fields=False
    ).options.deprecated_fields
    with pytest.raises(ValueError, match="profile"):
        Emulator(seed=0, profile="production")  # type: ignore[arg-type]


def test_profiles_shape_fields() -> None:
    track = Emulator(seed=0).catalogue.track_ids[0]
    with _client(Emulator(seed=0)) as app:
        assert "popularity" not in app.get(f"/tracks/{track}").json()
    with _client(Emulator(seed=0, profile="extended")) as app:
        assert "popularity" in app.get(f"/tracks/{track}").json()


def test_profiles_rotate_differently() -> None:
    for profile, rotates in (("development", False), ("extended", True)):
        emulator = Emulator(seed=0, profile=profile)  # type: ignore[arg-type]
        grant = emulator.user_grant(DEFAULT_USER_ID, pkce=True)
        with httpx.Client(transport=emulator.transport()) as http:
            body = http.post(
                "https://accounts.spotify.com/api/token",
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": str(grant["refresh_token"]),
                    "client_id": emulator.client_id,
                },
            ).json()
        assert ("refresh_token" in body) is rotates, profile


def test_profiles_decide_who_reads_entries() -> None:
    for profile, status in (("development", 403), ("extended", 200)):
        emulator = Emulator(seed=0, profile=profile)  # type: ignore[arg-type]
        token = emulator.user_token(DEFAULT_USER_ID)
        with httpx.Client(
            transport=emulator.transport(),
            base_url=API,
            headers={"Authorization": f"Bearer {token}"},
        ) as user:
            assert user.get(f"/playlists/{BIG_PLAYLIST_ID}/items").status_code == status


def test_route_deprecation_is_the_specs() -> None:
    """Every route's ``deprecated`` flag is the spec's (the development profile refuses it)."""
    spec = load_spec()
    for route in web_api:
        operation = spec["paths"][route.template][route.method.lower()]
        expected = bool(operation.get("deprecated", False))
        assert route.deprecated == expected, f"{route.method} {route.template}"


# State -----------------------------------------------------------------------------------------


def test_library_and_follows(emu: Emulator) -> None:
    state: State = emu.state
    assert isinstance(state.library, Library)
    assert isinstance(state.follows, Follows)
    a, b, c = (f"spotify:track:{n * 22}" for n in "abc")
    state.library.add("u", [a, b], 10)
    state.library.add("u", [c], 20)
    state.library.add("u", [a], 30)  # already saved: keeps its first time
    state.library.add("u", ["spotify:album:" + "d" * 22], 40)
    assert state.library.saved("u", "track") == [(c, 20), (b, 10), (a, 10)]
    assert state.library.contains("u", [a, "spotify:track:" + "z" * 22]) == [True, False]
    state.library.remove("u", [a, "spotify:track:" + "z" * 22])
    state.library.remove("nobody", [a])
    assert [uri for uri, _ in state.library.saved("u", "track")] == [c, b]
    assert state.library.saved("other", "track") == []
    state.follows.add("u", ["spotify:artist:" + "e" * 22], 5)
    assert state.follows.contains("u", ["spotify:artist:" + "e" * 22]) == [True]


def test_players_start_idle(emu: Emulator) -> None:
    player = emu.state.players.of(DEFAULT_USER_ID)
    assert player.active_device is None
    assert not player.is_playing
    assert len(player.devices) == 2  # the default user's two inactive devices
    assert emu.state.players.of(DEFAULT_USER_ID) is player
    assert isinstance(emu.state.playlists, dict)
    assert BIG_PLAYLIST_ID in emu.state.playlists


def test_the_request_log_shows_no_secret(emu: Emulator, user: httpx.Client) -> None:
    token = user.headers["authorization"].removeprefix("Bearer ")
    user.get("/me", params={"code": "a-secret-code"})
    shown = repr(emu.requests[-1]) + repr(list(emu.requests)) + repr(emu.requests[-1].headers)
    assert token not in shown
    assert "a-secret-code" not in shown
    assert "/v1/me" in shown


@pytest.mark.parametrize(
    "uri", ["https://app.example/cb\r\nX-Evil: 1", "http://127.0.0.1:9/cb\n", "myapp://x\x00"]
)
def test_redirect_uris_with_control_characters_are_refused(emu: Emulator, uri: str) -> None:
    with pytest.raises(ValueError, match="not a valid redirect URI"):
        emu.register_redirect_uri(uri)
