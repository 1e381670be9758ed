"""Helpers for driving the accounts service the way a browser and an app would."""

from __future__ import annotations

import base64
import hashlib
import secrets
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

from spotipy.emulator import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_REDIRECT_URI
from tests.emulator.conftest import ACCOUNTS

AUTHORIZE_URL = f"{ACCOUNTS}/authorize"
TOKEN_URL = f"{ACCOUNTS}/api/token"
BASIC = (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
REDIRECT = DEFAULT_REDIRECT_URI


def pkce_pair() -> tuple[str, str]:
    """A fresh code verifier and its S256 challenge, computed as RFC 7636 says."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def authorize_params(**overrides: str | None) -> dict[str, str]:
    """Query parameters of a valid request; ``None`` drops a parameter."""
    params: dict[str, str | None] = {
        "client_id": DEFAULT_CLIENT_ID,
        "response_type": "code",
        "redirect_uri": REDIRECT,
        "scope": "user-read-private user-library-read",
        "state": "xyz-123",
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


def redirect_query(response: httpx.Response) -> dict[str, str]:
    """The query of the redirect's Location, one value per name (checked)."""
    assert response.status_code in (302, 303), response.text
    parsed = parse_qs(urlsplit(response.headers["location"]).query, keep_blank_values=True)
    assert all(len(v) == 1 for v in parsed.values())
    return {k: v[0] for k, v in parsed.items()}


class Form:
    """A form as a browser sees it: where it goes, its fields and its submit buttons."""

    def __init__(self, action: str, method: str) -> None:
        self.action = action
        self.method = method
        self.fields: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self.buttons: dict[str, tuple[str, str]] = {}


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None
        self._button: tuple[str, str] | None = None
        self._label = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        elif tag == "input" and self.forms:
            self.forms[-1].fields[a["name"]] = a.get("value", "")
        elif tag == "select" and self.forms:
            self._select = a["name"]
            self.forms[-1].options[a["name"]] = []
        elif tag == "option" and self._select is not None:
            form = self.forms[-1]
            form.options[self._select].append(a["value"])
            if "selected" in a:
                form.fields[self._select] = a["value"]
        elif tag == "button" and self.forms:
            self._button = (a.get("name", ""), a.get("value", ""))
            self._label = ""

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._label += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "button" and self._button is not None:
            self.forms[-1].buttons[self._label.strip()] = self._button
            self._button = None


def only_form(page: str) -> Form:
    """The one form of a page."""
    parser = _FormParser()
    parser.feed(page)
    assert len(parser.forms) == 1
    return parser.forms[0]


def submit(http: httpx.Client, page: httpx.Response, button: str, **fields: str) -> httpx.Response:
    """Press ``button`` on the page's form, with ``fields`` changed, as a browser would."""
    form = only_form(page.text)
    name, value = form.buttons[button]
    data: dict[str, Any] = {**form.fields, **fields, name: value}
    assert form.method == "post"
    return http.post(urljoin(str(page.url), form.action), data=data)


def code_for(http: httpx.Client, **params: str | None) -> str:
    """Authorise through the consent page (Agree, default user) and return the code."""
    page = http.get(AUTHORIZE_URL, params=authorize_params(**params))
    assert page.status_code == 200, page.text
    return redirect_query(submit(http, page, "Agree"))["code"]


def exchange(
    http: httpx.Client,
    code: str,
    *,
    verifier: str | None = None,
    auth: tuple[str, str] | None = BASIC,
    redirect_uri: str = REDIRECT,
    **extra: str,
) -> httpx.Response:
    """Exchange a code at the token endpoint."""
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    if verifier is not None:
        form["code_verifier"] = verifier
    return http.post(TOKEN_URL, data={**form, **extra}, auth=auth)


def refresh(
    http: httpx.Client, token: str, *, auth: tuple[str, str] | None = BASIC, **extra: str
) -> httpx.Response:
    """Refresh at the token endpoint."""
    form = {"grant_type": "refresh_token", "refresh_token": token, **extra}
    return http.post(TOKEN_URL, data=form, auth=auth)


def oauth_error(response: httpx.Response) -> tuple[int, str, str]:
    """Status, error and description of an OAuth error answer (nothing else in it)."""
    body = response.json()
    assert set(body) == {"error", "error_description"}
    return response.status_code, body["error"], body["error_description"]
