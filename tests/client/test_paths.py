"""Every request path is built by ``api_path``, which percent-encodes each variable segment.

Issue: user IDs such as ``%2e%2e`` or ``..%2Fme`` were sent as ``/v1/users/%2e%2e``, which a
proxy that decodes paths reads as ``..``.  The declared checks refuse them; the paths are
also built in one place, so safety does not rest on every check being right:

- ``api_path`` encodes everything but letters, digits and ``-._~``, and refuses what would
  read as a dot segment (also once decoded) and control characters;
- ``SpotifyBase._request`` takes only its result (``ApiPath``: mypy refuses an f-string,
  and so does the method at run time), and every template is a literal;
- every endpoint sends the unusual values its checks admit as encoded segments that the
  emulator decodes back to the value (sync and async, through the real sender stack);
- the issue's hostile user IDs, bare and inside URIs and URLs, are refused by every
  endpoint that takes a user ID before any request.
"""

from __future__ import annotations

import ast
import contextlib
import re
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

import spotipy
from spotipy import Spotify
from spotipy.client._base import ApiPath, SpotifyBase, api_path
from spotipy.client._params import Check
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.emulator._routing import web_api
from spotipy.errors import SpotipyError
from tests.client.test_every_endpoint import client_for
from tests.conftest import Runner
from tests.endpoints import Case, World, by_method

# -- the builder ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("4aawyAB9vmqN3uQ7FjRGTy", "4aawyAB9vmqN3uQ7FjRGTy"),
        ("a/b", "a%2Fb"),
        ("50%", "50%25"),
        ("a?b", "a%3Fb"),
        ("a#b", "a%23b"),
        ("a b", "a%20b"),
        ("españa", "espa%C3%B1a"),
        ("a;b+c@d=e&f", "a%3Bb%2Bc%40d%3De%26f"),
        ("o'neil(1)*!$,:", "o%27neil%281%29%2A%21%24%2C%3A"),
        ("a\\b", "a%5Cb"),
        ("...", "..."),
        ("~x.y_z-", "~x.y_z-"),
        # A valid escape is the character it stands for, as Spotify writes user IDs.
        ("spotify_espa%C3%B1a", "spotify_espa%C3%B1a"),
        ("%25", "%25"),
        ("a%2fb", "a%2Fb"),
    ],
)
def test_api_path_encodes_each_segment_completely(value: str, segment: str) -> None:
    path = api_path("users/{}/playlists", value)
    assert path == f"users/{segment}/playlists"
    assert type(path) is ApiPath


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (".", "dot segment"),
        ("..", "dot segment"),
        ("%2e%2e", "dot segment"),
        ("%2E.", "dot segment"),
        ("..%2Fme", "dot segment"),
        ("a/../b", "dot segment"),
        ("..\\x", "dot segment"),
        ("x%5C..", "dot segment"),
        ("", "empty"),
        ("x\x00y", "control characters"),
        ("x\r\ny", "control characters"),
        ("%0D%0A", "control characters"),
        ("\x7f", "control characters"),
        ("a\u2028b", "control characters"),
        ("%FF", "not UTF-8"),
    ],
)
def test_api_path_refuses_what_no_segment_can_be(value: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem) as info:
        api_path("users/{}", value)
    assert str(info.value).isprintable()  # the value is shown escaped


def test_api_path_refuses_bad_templates_and_arguments() -> None:
    assert api_path("me/player/currently-playing") == "me/player/currently-playing"
    assert api_path("playlists/{}/{}", "p", "items") == "playlists/p/items"
    for template in ("me/{}s", "albums/../me", "me/", "/me", "users/Me", "me?x=1", "me/{0}"):
        with pytest.raises(ValueError, match="path template"):
            api_path(template, "x")
    with pytest.raises(TypeError, match="takes 1 segments, got 2"):
        api_path("users/{}", "a", "b")
    with pytest.raises(TypeError, match="takes 2 segments, got 1"):
        api_path("playlists/{}/{}", "a")
    with pytest.raises(TypeError, match="must be a str, not int"):
        api_path("users/{}", 7)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["a/b", "a b", "50%", "a?b#c", "españa", "a;b+c@d", "...", "%41", "a\\b"]
)
def test_the_emulator_decodes_each_segment_to_its_text(text: str) -> None:
    # Spotify decodes a segment once: "a%20b" is the ID "a b".  A segment's value is read
    # as Spotify writes IDs (a valid escape is its character), so "%41" is "A".
    route, params = web_api.resolve("GET", "/v1/" + api_path("users/{}/playlists", text))
    assert route.template == "/users/{user_id}/playlists"
    assert params == {"user_id": unquote(text)}


# -- the only way --------------------------------------------------------------------------


def test_request_takes_only_paths_built_by_api_path(spotify: Spotify[Any]) -> None:
    # mypy --strict refuses a str where ApiPath is declared (an f-string is a str) ...
    assert typing.get_type_hints(SpotifyBase._request)["path"] is ApiPath
    assert ApiPath is not str
    # ... and the method refuses one at run time, for callers mypy does not see.
    album_id = "4aawyAB9vmqN3uQ7FjRGTy"
    for path in (f"albums/{album_id}", "me", ApiPath("me")[:2]):
        with pytest.raises(TypeError, match="built by api_path"):
            spotify._request("GET", path)  # type: ignore[arg-type]
    request = spotify._request("GET", api_path("albums/{}", album_id))
    assert str(request.url).endswith(f"/v1/albums/{album_id}")


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == name
    ]


def test_every_template_is_a_literal_and_only_api_path_makes_paths() -> None:
    # Data goes into segments, never into the template: a template is a string literal.
    package = Path(spotipy.__file__).parent
    templates = 0
    for source in sorted(package.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        where = source.relative_to(package)
        for call in _calls(tree, "api_path"):
            first = call.args[0] if call.args else None
            literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            assert literal, f"{where}:{call.lineno}: api_path's template must be a string literal"
            templates += 1
        makers = {
            function.name
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef) and _calls(function, "ApiPath")
        }
        assert makers <= ({"api_path"} if where == Path("client/_base.py") else set()), (
            f"{where}: ApiPath(...) is called outside api_path: {sorted(makers)}"
        )
    assert templates > 50  # every endpoint module's paths were seen


# -- every endpoint ------------------------------------------------------------------------

#: Values that a declared check may admit and that need encoding in a path (or a query).
UNUSUAL = [
    "a;b",
    "o'neil(1)*!",
    "x+y=z&w$",
    "émile@home",
    "spotify_espa%C3%B1a",
    "...",
    ".x.",
    "~_-",
    "-_-",
]
#: What the issue names, and kin: each must be refused as an ID, a URI and a URL.
HOSTILE = ["%2e%2e", "%2E%2e", ".%2e", "..%2Fme", "%2F", "a%2Fb", "x%00y", "a%5cb", ".", ".."]
USER_FORMS = ["{}", "spotify:user:{}", "https://open.spotify.com/user/{}"]


def admits(case: Case, name: str, check: Check, value: Any) -> bool:
    try:
        check(value, name, case.endpoint)
    except (ValueError, TypeError):
        return False
    return True


def takes_user_ids(case: Case, name: str, check: Check) -> bool:
    """Whether the check reads a user's URI as that user's ID (one, or a list of one)."""
    if not admits(case, name, check, f"spotify:user:{DEFAULT_USER_ID}"):
        return False
    return check(f"spotify:user:{DEFAULT_USER_ID}", name, case.endpoint) in (
        DEFAULT_USER_ID,
        [DEFAULT_USER_ID],
    )


FIRST_CASES = list(by_method().values())
#: (case, argument, value): every unusual value some endpoint's check admits.
ADMITTED = [
    (case, name, value)
    for case in FIRST_CASES
    for name, check in case.endpoint.checks.items()
    for value in UNUSUAL
    if admits(case, name, check, value)
]
#: (case, argument): every argument whose check takes user IDs.
USER_ARGUMENTS = [
    (case, name)
    for case in FIRST_CASES
    for name, check in case.endpoint.checks.items()
    if takes_user_ids(case, name, check)
]


def api_requests(emulator: Emulator) -> list[Any]:
    return [r for r in emulator.requests if r.path.startswith("/v1/")]


#: A segment as sent: unreserved characters and upper-case escapes only.
CANONICAL = re.compile(r"(?:[A-Za-z0-9._~-]|%[0-9A-F]{2})+")


def sent_paths(emulator: Emulator, since: int) -> list[tuple[str, dict[str, str]]]:
    """The route template and decoded parameters of each request after the first ``since``."""
    found = []
    for request in api_requests(emulator)[since:]:
        raw = request.url.partition("?")[0].split("/v1/", 1)[1]
        for segment in raw.split("/"):
            assert CANONICAL.fullmatch(segment), f"{segment!r} is not percent-encoded"
            assert unquote(segment) not in (".", ".."), f"a dot segment was sent: {raw!r}"
        route, params = web_api.resolve(request.method, request.path)
        found.append((route.template, params))
    return found


def test_the_sweeps_reach_the_free_text_path_arguments() -> None:
    # The lists are derived from the declared checks; this keeps them from going empty.
    assert {(c.method, n) for c, n in USER_ARGUMENTS} >= {
        ("user", "user_id"),
        ("playlists", "user_id"),
        ("users_follow", "user_ids"),
    }
    in_paths = {("user", "user_id"), ("playlists", "user_id"), ("category", "category_id")}
    assert {(c.method, n) for c, n, _ in ADMITTED} >= {*in_paths, ("search", "query")}
    # ... and those arguments are route parameters of the same name in the emulator.
    templates = " ".join(route.template for route in web_api)
    assert all(f"{{{name}}}" in templates for _, name in in_paths)


def caller(case: Case, mode: str, run: Runner) -> tuple[Emulator, Callable[..., Any]]:
    """A fresh emulator set up for ``case``, and a call of its method in ``mode``.

    The call takes keyword arguments that replace the case's own (they stay replaced).
    """
    emulator = Emulator(seed=0, profile="extended")
    world = World(emulator)
    case.prepare(world)
    spotify = client_for(case, emulator, mode)
    args, kwargs = case.bind(world)
    bound = case.endpoint._prepare()[0].bind_partial(spotify, *args, **kwargs)
    method = getattr(spotify, case.method)

    def call(**replaced: Any) -> Any:
        bound.arguments.update(replaced)
        return run.call(lambda: method(*bound.args[1:], **bound.kwargs))

    return emulator, call


@pytest.mark.parametrize(
    ("case", "name", "value"), ADMITTED, ids=[f"{c.id}-{n}-{v}" for c, n, v in ADMITTED]
)
def test_admitted_values_are_sent_encoded_to_the_same_route(
    case: Case, name: str, value: str, mode: str, run: Runner
) -> None:
    emulator, call = caller(case, mode, run)
    before = len(api_requests(emulator))  # the setup may have sent requests of its own
    call()
    baseline = sent_paths(emulator, before)

    before = len(api_requests(emulator))
    # An unknown user, another user's playlists ...: what was sent is what counts.
    with contextlib.suppress(SpotipyError):
        call(**{name: value})
    sent = sent_paths(emulator, before)
    assert sent, "the call sent nothing"
    assert sent[0][0] == baseline[0][0], f"{value!r} moved the request to another route"
    if name in baseline[0][1]:  # a path argument: the route parameter of its name
        assert sent[0][1][name] == unquote(value)


@pytest.mark.parametrize(
    ("case", "name"), USER_ARGUMENTS, ids=[f"{c.id}-{n}" for c, n in USER_ARGUMENTS]
)
def test_hostile_user_ids_are_refused_before_any_request(
    case: Case, name: str, mode: str, run: Runner
) -> None:
    emulator, call = caller(case, mode, run)
    before = len(api_requests(emulator))
    accepted = []
    for value in [form.format(hostile) for hostile in HOSTILE for form in USER_FORMS]:
        try:
            call(**{name: value})
        except (ValueError, TypeError):
            continue  # refused before sending, as it must be
        except SpotipyError:
            pass  # sent, and the answer was an error
        accepted.append(value)
    assert accepted == []
    assert len(api_requests(emulator)) == before
