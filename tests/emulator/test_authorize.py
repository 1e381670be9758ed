"""GET and POST /authorize: validation, the consent page, auto-approval, redirect URIs."""

from __future__ import annotations

import html

import httpx
import pytest

from spotipy.emulator import DEFAULT_REDIRECT_URI, DEFAULT_USER_ID, Emulator
from tests.emulator.conftest import ACCOUNTS, API, Clock
from tests.emulator.oauth import (
    AUTHORIZE_URL,
    authorize_params,
    exchange,
    only_form,
    pkce_pair,
    redirect_query,
    submit,
)

HOSTILE = '<script>alert("x")</script>'


def _error_page(response: httpx.Response, message: str) -> None:
    assert response.status_code == 400
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "location" not in response.headers
    assert message in response.text


# Before the redirect URI is known good: an error page, never a redirect ----------------


@pytest.mark.parametrize("client_id", [None, "", "someone-else", HOSTILE])
def test_unknown_client_gets_an_error_page(http: httpx.Client, client_id: str | None) -> None:
    response = http.get(AUTHORIZE_URL, params=authorize_params(client_id=client_id))
    _error_page(response, "INVALID_CLIENT: Invalid client")
    assert "<script>" not in response.text


@pytest.mark.parametrize(
    "redirect_uri",
    [
        None,
        "",
        "http://127.0.0.1:8080/callback/",  # a trailing slash is another URI
        "http://127.0.0.1:8081/callback",  # a registered port is part of the URI
        "http://localhost:8080/callback",
        "https://evil.example/callback",
        "HTTP://127.0.0.1:8080/callback",
        "http://127.0.0.1:8080/callback?x=1",
        "http://127.0.0.1:8080/callback#frag",
    ],
)
def test_unregistered_redirect_uri_gets_an_error_page(
    http: httpx.Client, redirect_uri: str | None
) -> None:
    # Everything else is wrong too: the redirect URI is checked before anything is
    # reported to it.
    params = authorize_params(redirect_uri=redirect_uri, response_type="token", scope="bogus")
    _error_page(http.get(AUTHORIZE_URL, params=params), "INVALID_CLIENT: Invalid redirect URI")


# After it: errors go back to the app -----------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"response_type": "token"}, "unsupported_response_type"),  # implicit grant: gone
        ({"response_type": "id_token"}, "unsupported_response_type"),
        ({"response_type": None}, "invalid_request"),
        ({"scope": "user-read-private user-read-everything"}, "invalid_scope"),
        ({"scope": HOSTILE}, "invalid_scope"),
        ({"code_challenge_method": "S256"}, "invalid_request"),  # no challenge
        ({"code_challenge": "a" * 43}, "invalid_request"),  # no method: "plain"
        ({"code_challenge": "a" * 43, "code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge": "a" * 42, "code_challenge_method": "S256"}, "invalid_request"),
        ({"code_challenge": "a" * 44, "code_challenge_method": "S256"}, "invalid_request"),
        ({"code_challenge": "a" * 42 + "=", "code_challenge_method": "S256"}, "invalid_request"),
    ],
)
def test_errors_redirect_to_the_app(
    http: httpx.Client, overrides: dict[str, str | None], expected: str
) -> None:
    response = http.get(AUTHORIZE_URL, params=authorize_params(**overrides))
    assert response.status_code == 302
    assert response.headers["location"].startswith(DEFAULT_REDIRECT_URI + "?")
    assert redirect_query(response) == {"error": expected, "state": "xyz-123"}


def test_error_redirect_without_state(http: httpx.Client) -> None:
    response = http.get(AUTHORIZE_URL, params=authorize_params(state=None, scope="nope"))
    assert redirect_query(response) == {"error": "invalid_scope"}


def test_state_is_echoed_unchanged(emu: Emulator, http: httpx.Client) -> None:
    emu.auto_approve = DEFAULT_USER_ID
    for state in [HOSTILE, "a b&c=d", "", "ünïcode"]:
        response = http.get(AUTHORIZE_URL, params=authorize_params(state=state))
        assert redirect_query(response)["state"] == state


def test_redirect_uri_with_a_query_keeps_it(emu: Emulator, http: httpx.Client) -> None:
    uri = "https://app.example/cb?tenant=7"
    emu.register_redirect_uri(uri)
    response = http.get(AUTHORIZE_URL, params=authorize_params(redirect_uri=uri, scope="x"))
    assert response.headers["location"].startswith(f"{uri}&")
    assert redirect_query(response) == {"tenant": "7", "error": "invalid_scope", "state": "xyz-123"}


# The consent page ----------------------------------------------------------------------


def test_consent_page_shows_the_app_and_the_scopes(emu: Emulator, http: httpx.Client) -> None:
    response = http.get(AUTHORIZE_URL, params=authorize_params(show_dialog="true"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    page = response.text
    assert emu.client_id in page
    assert "user-read-private" in page
    assert "user-library-read" in page
    assert DEFAULT_REDIRECT_URI in page
    form = only_form(page)
    assert form.method == "post"
    assert form.action == "/authorize"
    assert set(form.buttons) == {"Agree", "Cancel"}
    assert form.fields["user"] == DEFAULT_USER_ID
    assert form.options["user"] == list(emu.catalogue.user_ids)
    # The request stays on the server: the page carries only an opaque ID.
    assert set(form.fields) == {"request_id", "user"}
    assert "xyz-123" not in page


def test_consent_page_without_scopes(http: httpx.Client) -> None:
    response = http.get(AUTHORIZE_URL, params=authorize_params(scope=None))
    assert "no scopes" in response.text


def test_agree_redirects_with_a_code(emu: Emulator, http: httpx.Client) -> None:
    page = http.get(AUTHORIZE_URL, params=authorize_params())
    response = submit(http, page, "Agree")
    assert response.status_code == 303
    query = redirect_query(response)
    assert set(query) == {"code", "state"}
    assert query["state"] == "xyz-123"
    assert response.headers["location"].startswith(DEFAULT_REDIRECT_URI + "?code=")
    token = exchange(http, query["code"]).json()
    assert token["scope"] == "user-library-read user-read-private"
    me = http.get(f"{API}/me", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert me.json()["id"] == DEFAULT_USER_ID


def test_agree_as_another_user(emu: Emulator, http: httpx.Client) -> None:
    other = emu.catalogue.user_ids[3]
    page = http.get(AUTHORIZE_URL, params=authorize_params())
    code = redirect_query(submit(http, page, "Agree", user=other))["code"]
    token = exchange(http, code).json()["access_token"]
    me = http.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["id"] == other


def test_cancel_redirects_with_access_denied(http: httpx.Client) -> None:
    page = http.get(AUTHORIZE_URL, params=authorize_params())
    response = submit(http, page, "Cancel")
    assert response.status_code == 303
    assert redirect_query(response) == {"error": "access_denied", "state": "xyz-123"}


def test_cancel_without_state(http: httpx.Client) -> None:
    page = http.get(AUTHORIZE_URL, params=authorize_params(state=None))
    assert redirect_query(submit(http, page, "Cancel")) == {"error": "access_denied"}


def test_a_consent_is_answered_once(http: httpx.Client) -> None:
    page = http.get(AUTHORIZE_URL, params=authorize_params())
    assert submit(http, page, "Agree").status_code == 303
    _error_page(submit(http, page, "Agree"), "unknown or was already answered")
    _error_page(submit(http, page, "Cancel"), "unknown or was already answered")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"request_id": None, "action": "accept"}, "unknown or was already answered"),
        ({"request_id": HOSTILE, "action": "accept"}, "unknown or was already answered"),
        ({"action": "maybe"}, "Choose Agree or Cancel"),
        ({"action": None}, "Choose Agree or Cancel"),
        ({"action": "accept", "user": "nobody-at-all"}, "No such user"),
        ({"action": "accept", "user": HOSTILE}, "No such user"),
    ],
)
def test_bad_consent_answers(http: httpx.Client, data: dict[str, str | None], message: str) -> None:
    page = http.get(AUTHORIZE_URL, params=authorize_params())
    form = only_form(page.text)
    posted = {**form.fields, **data}
    response = http.post(
        f"{ACCOUNTS}/authorize", data={k: v for k, v in posted.items() if v is not None}
    )
    _error_page(response, message)
    assert "<script>" not in response.text
    # A mistaken answer leaves the request waiting for a good one.
    assert submit(http, page, "Agree").status_code == 303


def test_old_consent_pages_are_forgotten(http: httpx.Client) -> None:
    first = http.get(AUTHORIZE_URL, params=authorize_params())
    for _ in range(1024):
        http.get(AUTHORIZE_URL, params=authorize_params())
    _error_page(submit(http, first, "Agree"), "unknown or was already answered")


# HTML injection --------------------------------------------------------------------------


def test_nothing_is_echoed_unescaped(clock: Clock) -> None:
    hostile_uri = f"https://app.example/cb?q={HOSTILE}"
    emu = Emulator(seed=0, client_id=HOSTILE, clock=clock, redirect_uris=[hostile_uri])
    with httpx.Client(transport=emu.transport()) as http:
        params = authorize_params(client_id=HOSTILE, redirect_uri=hostile_uri, state=HOSTILE)
        page = http.get(AUTHORIZE_URL, params=params)
        assert page.status_code == 200
        assert "<script>" not in page.text
        assert html.escape(HOSTILE) in page.text
        # The redirect carries the state URL-encoded, never as markup.
        answer = submit(http, page, "Agree")
        assert redirect_query(answer)["state"] == HOSTILE
        added = answer.headers["location"].removeprefix(hostile_uri)
        assert added.startswith("&code=")
        assert "<" not in added


# Auto-approval ---------------------------------------------------------------------------


def test_auto_approve_redirects_at_once(clock: Clock) -> None:
    other = "fasdyr37"
    emu = Emulator(seed=0, clock=clock, auto_approve=other)
    assert emu.auto_approve == other
    with httpx.Client(transport=emu.transport()) as http:
        response = http.get(AUTHORIZE_URL, params=authorize_params())
        assert response.status_code == 302
        query = redirect_query(response)
        assert query["state"] == "xyz-123"
        token = exchange(http, query["code"]).json()["access_token"]
        me = http.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"})
        assert me.json()["id"] == other


def test_auto_approve_still_validates(emu: Emulator, http: httpx.Client) -> None:
    emu.auto_approve = DEFAULT_USER_ID
    response = http.get(AUTHORIZE_URL, params=authorize_params(scope="nope"))
    assert redirect_query(response)["error"] == "invalid_scope"
    _error_page(
        http.get(AUTHORIZE_URL, params=authorize_params(redirect_uri="https://x.example/")),
        "Invalid redirect URI",
    )


def test_auto_approve_can_be_switched(emu: Emulator, http: httpx.Client) -> None:
    assert emu.auto_approve is None
    emu.auto_approve = DEFAULT_USER_ID
    assert http.get(AUTHORIZE_URL, params=authorize_params()).status_code == 302
    emu.auto_approve = None
    assert http.get(AUTHORIZE_URL, params=authorize_params()).status_code == 200
    with pytest.raises(ValueError, match="no user"):
        emu.auto_approve = "nobody-at-all"
    with pytest.raises(ValueError, match="no user"):
        Emulator(seed=0, auto_approve="nobody-at-all")


def test_auto_approve_with_pkce(emu: Emulator, http: httpx.Client) -> None:
    emu.auto_approve = DEFAULT_USER_ID
    verifier, challenge = pkce_pair()
    params = authorize_params(code_challenge=challenge, code_challenge_method="S256")
    code = redirect_query(http.get(AUTHORIZE_URL, params=params))["code"]
    response = exchange(http, code, verifier=verifier, auth=None, client_id=emu.client_id)
    assert response.status_code == 200


# Registered redirect URIs ----------------------------------------------------------------


def test_default_redirect_uri(emu: Emulator) -> None:
    assert DEFAULT_REDIRECT_URI == "http://127.0.0.1:8080/callback"
    assert emu.redirect_uris == (DEFAULT_REDIRECT_URI,)


def test_register_redirect_uri(emu: Emulator, http: httpx.Client) -> None:
    uri = "http://127.0.0.1:54321/callback"
    assert http.get(AUTHORIZE_URL, params=authorize_params(redirect_uri=uri)).status_code == 400
    emu.register_redirect_uri(uri)
    emu.register_redirect_uri(uri)  # twice is once
    assert emu.redirect_uris == (DEFAULT_REDIRECT_URI, uri)
    assert http.get(AUTHORIZE_URL, params=authorize_params(redirect_uri=uri)).status_code == 200


def test_redirect_uris_replace_the_default(clock: Clock) -> None:
    uris = ("https://app.example/cb", "myapp://callback", "http://[::1]:9000/cb")
    emu = Emulator(seed=0, clock=clock, redirect_uris=uris)
    assert emu.redirect_uris == uris
    assert Emulator(seed=0, redirect_uris=()).redirect_uris == ()
    with httpx.Client(transport=emu.transport()) as http:
        for uri in uris:
            assert http.get(AUTHORIZE_URL, params=authorize_params(redirect_uri=uri)).is_success
        params = authorize_params(redirect_uri=DEFAULT_REDIRECT_URI)
        assert http.get(AUTHORIZE_URL, params=params).status_code == 400


@pytest.mark.parametrize(
    "uri",
    [
        "http://localhost:8080/callback",
        "http://example.com/callback",
        "http://127.0.0.1.example.com/cb",
        "https:///nohost",
        "no-scheme/callback",
        "https://app.example/cb#fragment",
        " https://app.example/cb",
        "http://127.0.0.1:99999/cb",
        "http://127.0.0.1:port/cb",
    ],
)
def test_redirect_uris_spotify_refuses(emu: Emulator, uri: str) -> None:
    with pytest.raises(ValueError, match="redirect URI"):
        emu.register_redirect_uri(uri)
    with pytest.raises(ValueError, match="redirect URI"):
        Emulator(seed=0, redirect_uris=[uri])


@pytest.mark.parametrize(
    ("registered", "asked", "allowed"),
    [
        ("http://127.0.0.1/callback", "http://127.0.0.1:43123/callback", True),
        ("http://127.0.0.1/callback", "http://127.0.0.1/callback", True),
        ("http://[::1]/callback", "http://[::1]:43123/callback", True),
        ("http://127.0.0.1/callback", "http://127.0.0.1:43123/other", False),
        ("http://127.0.0.1/callback", "http://127.0.0.2:43123/callback", False),
        ("http://127.0.0.1:8080/callback", "http://127.0.0.1:43123/callback", False),
        ("https://app.example/cb", "https://app.example:444/cb", False),
        ("http://127.0.0.1/callback", "http://127.0.0.1:bad/callback", False),
    ],
)
def test_loopback_ports_are_free_when_registered_without_one(
    clock: Clock, registered: str, asked: str, allowed: bool
) -> None:
    # Spotify: a loopback IP literal registered without a port takes any port at run time.
    emu = Emulator(seed=0, clock=clock, redirect_uris=[registered], auto_approve=DEFAULT_USER_ID)
    with httpx.Client(transport=emu.transport()) as http:
        response = http.get(AUTHORIZE_URL, params=authorize_params(redirect_uri=asked))
    assert response.status_code == (302 if allowed else 400)
    if allowed:
        assert response.headers["location"].startswith(asked + "?code=")


def test_authorize_is_get_or_post(http: httpx.Client) -> None:
    assert http.put(AUTHORIZE_URL).status_code == 405
