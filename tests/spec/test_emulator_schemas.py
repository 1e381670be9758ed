"""Emulator answers against Spotify's OpenAPI spec, the oracle of response shapes.

Every route the emulator serves is requested and its body validated against the operation's
200 schema (or ErrorObject for errors).  Two facts of the February 2026 API need care:

- Spotify stopped sending the fields the spec marks deprecated, but the spec still lists some
  of them as required.  By default the emulator omits them, so its answers are validated
  against the spec with deprecated properties dropped from ``required``; with
  ``deprecated_fields=True`` they are validated against the spec exactly as written.
- A local file in a playlist carries ``null`` IDs the spec does not allow; such entries are
  checked on their own.

Beyond the schema (which allows any extra property), every property sent must be one the
spec names, and deprecated ones only when asked for.  Where Spotify itself sends more than
the spec or other than it, the tables below name each difference with its source; the
spec is patched with them before it judges, so everything else stays checked.
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any, Final

import httpx
import pytest

from spotipy.emulator import BIG_PLAYLIST_ID, DEFAULT_USER_ID, Emulator
from tests.spec.spec import SPEC_FILE, load_spec, operations

if not SPEC_FILE.is_file():
    pytest.skip(f"Spotify's OpenAPI spec is not at {SPEC_FILE}", allow_module_level=True)

from openapi_schema_validator import OAS30Validator, oas30_format_checker

API = "https://api.spotify.com/v1"
#: Deprecated names the emulator sends by default: the rename pairs of February 2026.
RENAMED = frozenset({"track", "tracks"})

_NULL: Final[dict[str, Any]] = {"nullable": True, "enum": [None]}
_BOOLEAN: Final[dict[str, Any]] = {"type": "boolean"}

#: Properties Spotify sends that the spec does not name: schema -> property -> its schema.
SENT_BEYOND_SPEC: Final[dict[str, dict[str, Any]]] = {
    # Always null: apollographql/spotify-showcase #173, zmb3/spotify #200 (JSON as sent).
    "PlaylistObject": {"primary_color": _NULL},
    "SimplifiedPlaylistObject": {"primary_color": _NULL},
    # A page of entries as Spotify sent it: spotipy-dev/spotipy PR #422.
    "PlaylistTrackObject": {
        "primary_color": _NULL,
        "video_thumbnail": {
            "type": "object",
            "properties": {"url": {"type": "string", "nullable": True}},
        },
    },
    # Inside a playlist entry only, the same PR #422: "track": true on a track.
    "TrackObject": {"episode": _BOOLEAN, "track": _BOOLEAN},
    "EpisodeObject": {"episode": _BOOLEAN, "track": _BOOLEAN},
    # felix-hilden/tekore #320, spotify-web-api-java/spotify-web-api-java #430.
    "CurrentlyPlayingContextObject": {"smart_shuffle": _BOOLEAN},
    # The player's actions come nested, {"disallows": {...}}:
    # thelinmichael/spotify-web-api-node #415 (a /me/player answer as received).
    "DisallowsObject": {"disallows": {"$ref": "#/components/schemas/DisallowsObject"}},
}

#: Properties the spec types without null that Spotify sends as null: schema -> names.
NULL_BEYOND_SPEC: Final[dict[str, frozenset[str]]] = {
    # The spec's own description of "next": "URL to the next page of items. (null if none)";
    # "cursors.after" goes with it on the last page, and a play history without any play
    # has "cursors": null.
    "CursorPagingObject": frozenset({"next", "cursors"}),
    "CursorObject": frozenset({"after"}),
    # The spec's descriptions: "A Context Object. Can be null.", "The currently playing
    # track or episode. Can be null.", "Progress into the currently playing track or
    # episode. Can be null."
    "CurrentlyPlayingContextObject": frozenset({"context", "item", "progress_ms"}),
    "CurrentlyPlayingObject": frozenset({"context", "item", "progress_ms"}),
    "PlayHistoryObject": frozenset({"context"}),
    # The spec's description: "For genre seeds, this value will be null."
    "RecommendationSeedObject": frozenset({"href"}),
}

#: Values the spec's enums do not list: (schema, property) -> values sent.
ENUM_BEYOND_SPEC: Final[dict[tuple[str, str], tuple[str, ...]]] = {
    # The spec says a chapter's type is "episode"; Spotify sends "chapter":
    # JohnnyCrazy/SpotifyAPI-NET #997 ("Error converting value "chapter"").
    ("ChapterBase", "type"): ("chapter",),
}

#: URI kinds a ``/me/library`` operation takes beyond its spec's "Supported URI types":
#: operationId -> kinds.
URIS_BEYOND_SPEC: Final[dict[str, tuple[str, ...]]] = {
    # The spec lists artists for check-library-contains only, but its deprecated
    # PUT/DELETE /me/following (follow-artists-users) say "Use Save Items to Library /
    # Remove Items from Library instead", and clients in the field follow artists there:
    # plamere's spotipy 2.26 (user_follow_artists, user_unfollow_artists), spotifyplus.
    "save-library-items": ("artist",),
    "remove-library-items": ("artist",),
}

#: Required properties development-mode apps no longer get, though the spec does not mark
#: them deprecated: zmb3/spotify PR #296 (see SPOTIFY-2026.md, "Removed or moved fields").
REMOVED_IN_DEVELOPMENT: Final[dict[str, frozenset[str]]] = {
    "AlbumObject": frozenset({"external_ids"}),
}


def _ref(node: Any, spec: dict[str, Any]) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _flatten(schema: Any, spec: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """Properties and required names of a schema, through $ref and allOf."""
    schema = _ref(schema, spec)
    props = dict(schema.get("properties", {}))
    required = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        more, needed = _flatten(part, spec)
        props.update(more)
        required |= needed
    return props, required


def _without_deprecated_required(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of the spec whose schemas no longer require their deprecated properties, nor
    those :data:`REMOVED_IN_DEVELOPMENT` names."""
    relaxed = copy.deepcopy(spec)
    for name, schema in relaxed["components"]["schemas"].items():
        props, _ = _flatten(schema, spec)
        gone = {n for n, prop in props.items() if _ref(prop, spec).get("deprecated")}
        gone |= REMOVED_IN_DEVELOPMENT.get(name, frozenset())
        for node in [schema, *schema.get("allOf", [])]:
            if "required" in node:
                node["required"] = [n for n in node["required"] if n not in gone]
    return relaxed


def _as_spotify_sends(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of the spec patched with the ``*_BEYOND_SPEC`` tables."""
    patched = copy.deepcopy(spec)
    schemas = patched["components"]["schemas"]
    for name, extra in SENT_BEYOND_SPEC.items():
        props = schemas[name].setdefault("properties", {})
        named, _ = _flatten(schemas[name], patched)
        assert not set(extra) & set(named), f"{name} names {sorted(extra)} already"
        props.update(extra)
    for name, fields in NULL_BEYOND_SPEC.items():
        props = schemas[name]["properties"]
        for field in fields:
            # OAS 3.0's "nullable" does not reach through allOf/$ref: null is one more option.
            props[field] = {"anyOf": [props[field], _NULL]}
    for (name, field), values in ENUM_BEYOND_SPEC.items():
        prop = schemas[name]["properties"][field]
        prop["enum"] = [*prop["enum"], *values]
    for name, fields in REMOVED_IN_DEVELOPMENT.items():
        _, required = _flatten(schemas[name], patched)
        assert fields <= required, f"{name} does not require {sorted(fields - required)}"
    return patched


def _without_discriminators(node: Any) -> Any:
    """Drop ``discriminator``: the spec's name no schema ("track"), so validators trip on
    them, while ``oneOf`` alone already tells a track from an episode by its ``type``."""
    if isinstance(node, dict):
        return {k: _without_discriminators(v) for k, v in node.items() if k != "discriminator"}
    if isinstance(node, list):
        return [_without_discriminators(v) for v in node]
    return node


@functools.cache
def _specs() -> dict[bool, dict[str, Any]]:
    spec = _as_spotify_sends(_without_discriminators(load_spec()))
    return {True: spec, False: _without_deprecated_required(spec)}


def _response_schema(spec: dict[str, Any], template: str, method: str, status: str) -> Any:
    operation = spec["paths"][template][method.lower()]
    response = _ref(operation["responses"][status], spec)
    return response["content"]["application/json"]["schema"]


def _validate(spec: dict[str, Any], schema: Any, body: Any) -> None:
    root = {**schema, "components": spec["components"]}
    OAS30Validator(root, format_checker=oas30_format_checker).validate(body)


def _check_names(
    data: Any, schema: Any, spec: dict[str, Any], where: str, deprecated: set[str]
) -> None:
    """Fail on properties the spec does not name; collect the deprecated ones sent."""
    schema = _ref(schema, spec)
    if "anyOf" in schema:  # a property Spotify may send as null: check it as the spec has it
        if data is not None:
            _check_names(data, schema["anyOf"][0], spec, where, deprecated)
        return
    if "oneOf" in schema and isinstance(data, dict):
        for option in schema["oneOf"]:
            props, _ = _flatten(option, spec)
            if data.get("type") in _ref(props.get("type", {}), spec).get("enum", ()):
                _check_names(data, option, spec, where, deprecated)
                return
        pytest.fail(f"{where}: no oneOf branch for type {data.get('type')!r}")
    if isinstance(data, dict):
        props, _ = _flatten(schema, spec)
        if not props:
            return
        unknown = set(data) - set(props)
        assert not unknown, f"{where}: properties the spec does not name: {sorted(unknown)}"
        for name, value in data.items():
            prop = _ref(props[name], spec)
            if prop.get("deprecated"):
                deprecated.add(name)
            _check_names(value, props[name], spec, f"{where}.{name}", deprecated)
    elif isinstance(data, list):
        items = schema.get("items")
        for n, value in enumerate(data):
            if items is not None:
                _check_names(value, items, spec, f"{where}[{n}]", deprecated)


def _without_local_entries(body: Any) -> tuple[Any, list[Any]]:
    """Split local-file entries from every page of playlist entries in ``body``."""
    local: list[Any] = []

    def strip(page: Any) -> None:
        if isinstance(page, dict) and isinstance(page.get("items"), list):
            kept = []
            for entry in page["items"]:
                if isinstance(entry, dict) and entry.get("is_local"):
                    local.append(entry)
                else:
                    kept.append(entry)
            page["items"] = kept

    body = copy.deepcopy(body)
    for page in (body, body.get("items"), body.get("tracks")):
        strip(page)
    return body, local


def _check_local_entry(entry: dict[str, Any], fields: tuple[str, ...]) -> None:
    for name in fields:
        track = entry[name]
        assert track["type"] == "track"
        assert track["is_local"] is True
        assert track["id"] is None
        assert track["href"] is None
        assert track["uri"].startswith("spotify:local:")
        assert track["artists"][0]["id"] is None
        assert isinstance(track["name"], str)
        assert isinstance(track["duration_ms"], int)


# (case, path template, URL under /v1, token kind) for every Web API route, several uses
# each; {album}, {artist}, {track}, {mixed} and {big} stand for IDs from the catalogue.
CASES = [
    ("album", "/albums/{id}", "/albums/{album}", "app"),
    ("album-market", "/albums/{id}", "/albums/{album}?market=SE", "app"),
    ("album-tracks", "/albums/{id}/tracks", "/albums/{album}/tracks?limit=50", "app"),
    ("album-tracks-page", "/albums/{id}/tracks", "/albums/{album}/tracks?limit=2&offset=1", "app"),
    ("artist", "/artists/{id}", "/artists/{artist}", "app"),
    ("artist-albums", "/artists/{id}/albums", "/artists/{artist}/albums?limit=10", "app"),
    (
        "artist-appears-on",
        "/artists/{id}/albums",
        "/artists/{artist}/albums?include_groups=appears_on,compilation",
        "app",
    ),
    ("track", "/tracks/{id}", "/tracks/{track}", "app"),
    ("track-user", "/tracks/{id}", "/tracks/{track}?market=from_token", "user"),
    (
        "search-all",
        "/search",
        "/search?q=a&type=album,artist,playlist,track,show,episode,audiobook&limit=10",
        "app",
    ),
    ("search-page", "/search", "/search?q=e&type=track&limit=3&offset=6&market=SE", "app"),
    ("search-empty", "/search", "/search?q=zzzzzz&type=track,playlist", "app"),
    ("me", "/me", "/me", "user"),
    ("user", "/users/{user_id}", f"/users/{DEFAULT_USER_ID}", "app"),
    ("user-spotify", "/users/{user_id}", "/users/spotify", "app"),
    ("playlist-big", "/playlists/{playlist_id}", "/playlists/{big}", "app"),
    ("playlist-own", "/playlists/{playlist_id}", "/playlists/{mixed}", "user"),
    ("playlist-other", "/playlists/{playlist_id}", "/playlists/{big}", "user"),
    ("items", "/playlists/{playlist_id}/items", "/playlists/{mixed}/items?limit=50", "user"),
    ("items-big", "/playlists/{playlist_id}/items", "/playlists/{big}/items?offset=9990", "app"),
    ("tracks", "/playlists/{playlist_id}/tracks", "/playlists/{mixed}/tracks?limit=100", "user"),
]

ERRORS = [
    ("invalid-id", "/albums/{id}", "/albums/not-an-id", "app", 400),
    ("unknown-id", "/tracks/{id}", "/tracks/" + "0" * 22, "app", 404),
    ("bad-limit", "/albums/{id}/tracks", "/albums/{album}/tracks?limit=51", "app", 400),
    ("no-token", "/artists/{id}", "/artists/{artist}", "none", 401),
    ("app-on-me", "/me", "/me", "app", 401),
    ("forbidden", "/playlists/{playlist_id}/items", "/playlists/{big}/items", "user", 403),
    ("search-no-q", "/search", "/search?type=track", "app", 400),
    ("rate-limited", "/artists/{id}", "/artists/{artist}", "fault", 429),
]

VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "deprecated": {"deprecated_fields": True},
    "item-only": {"playlist_item_fields": ("item",)},
    "track-only": {"playlist_item_fields": ("track",)},
}


def _mixed(emulator: Emulator) -> str:
    """The default user's playlist holding tracks, episodes and a local file."""
    owned = emulator.catalogue.playlists_owned_by(DEFAULT_USER_ID)
    return next(p for p in emulator.catalogue.playlists_containing("local") if p in owned)


def _url(emulator: Emulator, pattern: str) -> str:
    catalogue = emulator.catalogue
    return pattern.format(
        album=catalogue.album_ids[3],
        artist=catalogue.artist_ids[1],
        track=catalogue.track_ids[99],
        mixed=_mixed(emulator),
        big=BIG_PLAYLIST_ID,
    )


@functools.cache
def _emulator(variant: str) -> Emulator:
    # The extended profile serves the deprecated operations too; the variant's options (or
    # the development profile's, when it names none) shape the answers.
    options: dict[str, Any] = {"deprecated_fields": False, "extended_quota": False}
    return Emulator(seed=0, profile="extended", **{**options, **VARIANTS[variant]})


def _get(emulator: Emulator, url: str, kind: str) -> httpx.Response:
    headers = {}
    if kind == "fault":
        emulator.faults.add(status=429, headers={"Retry-After": "3"})
    if kind in ("app", "fault"):
        headers["Authorization"] = f"Bearer {emulator.app_token()}"
    elif kind == "user":
        token = emulator.user_token(DEFAULT_USER_ID, ["user-read-private", "user-read-email"])
        headers["Authorization"] = f"Bearer {token}"
    with httpx.Client(transport=emulator.transport()) as client:
        return client.get(API + _url(emulator, url), headers=headers)


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize(
    ("template", "url", "kind"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_success_bodies_match_the_spec(variant: str, template: str, url: str, kind: str) -> None:
    emulator = _emulator(variant)
    response = _get(emulator, url, kind)
    assert response.status_code == 200, response.text
    strict = emulator.options.deprecated_fields
    spec = _specs()[strict]
    schema = _response_schema(spec, template, "GET", "200")
    body, local = _without_local_entries(response.json())
    _validate(spec, schema, body)
    for entry in local:
        _check_local_entry(entry, emulator.options.playlist_item_fields)
    deprecated: set[str] = set()
    _check_names(body, schema, spec, template, deprecated)
    if not strict:
        assert deprecated <= RENAMED, f"deprecated fields sent: {sorted(deprecated - RENAMED)}"
    if "track" not in emulator.options.playlist_item_fields:
        assert not deprecated & RENAMED


@pytest.mark.parametrize(
    ("template", "url", "kind", "status"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_error_bodies_match_the_spec(template: str, url: str, kind: str, status: int) -> None:
    response = _get(Emulator(seed=0), url, kind)
    assert response.status_code == status
    spec = _specs()[True]
    responses = spec["paths"][template]["get"]["responses"]
    # Operations document 401, 403 and 429; 400 and 404 answer with the same envelope.
    documented = str(status) if str(status) in responses else "401"
    _validate(spec, _response_schema(spec, template, "GET", documented), response.json())
    assert response.json()["error"]["status"] == status


def test_deprecated_fields_are_sent_when_asked() -> None:
    emulator = _emulator("deprecated")
    spec = _specs()[True]
    seen: set[str] = set()
    for template, url in [("/tracks/{id}", "/tracks/{track}"), ("/me", "/me")]:
        body = _get(emulator, url, "user").json()
        _check_names(body, _response_schema(spec, template, "GET", "200"), spec, url, seen)
    assert {"popularity", "available_markets", "preview_url", "email", "product"} <= seen


def test_local_entries_are_checked() -> None:
    emulator = _emulator("default")
    body = _get(emulator, "/playlists/{mixed}/items?limit=50", "user").json()
    _, local = _without_local_entries(body)
    assert len(local) == 1


def test_every_route_is_in_the_spec() -> None:
    # That every route is also requested and judged is test_every_response's business.
    spec = load_spec()
    web_routes = [(m, p) for m, p in Emulator(seed=0).routes if p.startswith("/v1/")]
    assert web_routes
    for method, path in web_routes:
        template = path.removeprefix("/v1")
        assert method.lower() in spec["paths"].get(template, {}), f"{method} {template}"


def test_route_scopes_are_the_specs() -> None:
    """Every route declares the spec's scopes, as required or (documented) optional."""
    from spotipy.emulator.routes import web_api

    spec = load_spec()
    for route in web_api:
        security = spec["paths"][route.template][route.method.lower()].get("security", [])
        listed = {scope for requirement in security for scope in requirement.get("oauth_2_0", [])}
        declared = route.scopes | route.optional_scopes
        assert declared == listed, f"{route.method} {route.template}"
        assert not route.scopes & route.optional_scopes


def _spec_uri_kinds(operation_id: str) -> set[str]:
    """The kinds an operation's ``uris`` parameter lists as "Supported URI types"."""
    operation = operations()[operation_id][2]
    (parameter,) = [p for p in operation["parameters"] if p["name"] == "uris"]
    return set(re.findall(r"`spotify:(\w+):\{id\}`", parameter["schema"]["description"]))


@pytest.mark.parametrize(
    ("operation_id", "method", "url"),
    [
        ("save-library-items", "PUT", "/me/library"),
        ("remove-library-items", "DELETE", "/me/library"),
        ("check-library-contains", "GET", "/me/library/contains"),
    ],
)
def test_library_takes_the_specs_uri_kinds_and_those_named_beyond(
    operation_id: str, method: str, url: str
) -> None:
    from spotipy.client._api.library import CONTAINS_KINDS, LIBRARY_KINDS

    listed = _spec_uri_kinds(operation_id)
    assert {"track", "playlist"} <= listed
    taken = listed | set(URIS_BEYOND_SPEC.get(operation_id, ()))
    client_kinds = CONTAINS_KINDS if method == "GET" else LIBRARY_KINDS
    assert set(client_kinds) == taken
    emulator = Emulator(seed=0, profile="extended")
    scopes = ["user-library-modify", "user-library-read", "user-follow-modify"]
    scopes += ["user-follow-read", "playlist-modify-public", "playlist-read-private"]
    token = emulator.user_token(DEFAULT_USER_ID, scopes)
    c = emulator.catalogue
    with httpx.Client(transport=emulator.transport()) as client:
        for kind in sorted(taken | {"chapter"}):
            known = getattr(c, f"{kind}_ids")
            response = client.request(
                method,
                API + url,
                params={"uris": f"spotify:{kind}:{known[0]}"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert response.status_code == (200 if kind in taken else 400), (kind, response.text)
