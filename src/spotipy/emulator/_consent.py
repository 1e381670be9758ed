"""``/authorize``: Spotify's consent page, validated as Spotify validates it.

``GET /authorize`` checks the request in Spotify's order.  Until the client and the redirect
URI are known good it answers with an HTML error page (400) and never redirects: sending a
user to an unregistered URI would hand the answer to whoever wrote the link.  After that,
every problem is reported to the app by redirecting to ``redirect_uri?error=...&state=...``.

A valid request is shown as a consent page (the app, the scopes, a chooser of the emulator's
users, Agree and Cancel), whose form posts back to ``/authorize`` with an opaque request ID;
the request itself stays server-side.  With :attr:`Accounts.auto_approve` set, the chosen
user agrees at once.

Nothing from the request reaches the HTML unescaped: an OAuth page that echoed its input was
a real advisory in another client.
"""

from __future__ import annotations

import html
import re
from typing import Final
from urllib.parse import parse_qsl, urlencode, urlsplit

from spotipy.emulator._accounts import SCOPE_DESCRIPTIONS, SCOPES, PendingConsent
from spotipy.emulator._catalogue import DEFAULT_USER_ID
from spotipy.emulator._routing import Context, Reply, accounts

__all__ = ["authorize", "consent"]

_HTML: Final = "text/html; charset=utf-8"
#: The page may show itself and its inline style, and may not be framed (clickjacking).
_PAGE_HEADERS: Final = (
    ("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'"),
    ("x-frame-options", "DENY"),
)
#: An S256 challenge is the unpadded base64url of a SHA-256 digest: 43 characters.
_CHALLENGE: Final = re.compile(r"[A-Za-z0-9_-]{43}")
_STYLE: Final = """
body { font-family: system-ui, sans-serif; background: #121212; color: #fff;
       max-width: 32rem; margin: 3rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; } code { color: #1ed760; }
ul { padding-left: 1.2rem; } li { margin: .4rem 0; }
button { border: 0; border-radius: 2rem; padding: .7rem 2rem; font-weight: bold; }
.agree { background: #1ed760; } .cancel { background: transparent; color: #fff; }
select { padding: .4rem; }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _page(title: str, body: str, status: int = 200) -> Reply:
    text = (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{_STYLE}</style></head>\n<body>\n{body}\n</body></html>\n"
    )
    return Reply(text.encode("utf-8"), status=status, content_type=_HTML, headers=_PAGE_HEADERS)


def _error_page(message: str) -> Reply:
    # Spotify's wording, e.g. "INVALID_CLIENT: Invalid redirect URI"; no request input.
    body = f"<h1>Oops! Something went wrong</h1>\n<p>{_e(message)}</p>"
    return _page("Error - Spotify", body, 400)


def _redirect(uri: str, params: dict[str, str | None], status: int) -> Reply:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    existing = urlsplit(uri).query
    location = f"{uri}{'&' if existing else '?'}{query}"
    return Reply(b"", status=status, content_type=None, headers=(("location", location),))


def _approve(ctx: Context, request: PendingConsent, user_id: str, status: int) -> Reply:
    code = ctx.accounts.issue_code(
        request.client_id, user_id, request.scopes, request.redirect_uri, request.challenge
    )
    return _redirect(request.redirect_uri, {"code": code, "state": request.state}, status)


def _consent_page(ctx: Context, request: PendingConsent, request_id: str) -> Reply:
    if request.scopes:
        items = "\n".join(
            f"<li><code>{_e(s)}</code>: {_e(SCOPE_DESCRIPTIONS[s])}</li>" for s in request.scopes
        )
        scopes = f"<p>It will be allowed to:</p>\n<ul>\n{items}\n</ul>"
    else:
        scopes = "<p>It asks for no scopes: only your public profile.</p>"
    options = "\n".join(
        f'<option value="{_e(u.id)}"{" selected" if u.id == DEFAULT_USER_ID else ""}>'
        f"{_e(u.display_name)} ({_e(u.id)})</option>"
        for u in ctx.state.catalogue.users
    )
    body = f"""<h1>Connect <code>{_e(request.client_id)}</code> to your Spotify account</h1>
{scopes}
<p>You will be sent back to <code>{_e(request.redirect_uri)}</code>.</p>
<form method="post" action="/authorize">
<input type="hidden" name="request_id" value="{_e(request_id)}">
<p><label>Log in as <select name="user">
{options}
</select></label></p>
<p><button class="agree" type="submit" name="action" value="accept">Agree</button>
<button class="cancel" type="submit" name="action" value="cancel">Cancel</button></p>
</form>"""
    return _page("Authorize - Spotify", body)


@accounts.get("/authorize", auth="none", cache="no-store")
def authorize(ctx: Context) -> Reply:
    """Validate an authorisation request, then ask for consent (or give it at once)."""
    q = ctx.query
    client_id = q.get("client_id", "")
    if client_id not in ctx.accounts.clients:
        return _error_page("INVALID_CLIENT: Invalid client")
    redirect_uri = q.get("redirect_uri", "")
    if not ctx.accounts.redirect_uri_allowed(redirect_uri):
        return _error_page("INVALID_CLIENT: Invalid redirect URI")
    state = q.get("state")

    def refuse(error: str) -> Reply:
        return _redirect(redirect_uri, {"error": error, "state": state}, 302)

    response_type = q.get("response_type")
    if not response_type:
        return refuse("invalid_request")
    if response_type != "code":
        # The implicit grant ("token") is gone since 2025.
        return refuse("unsupported_response_type")
    scopes = tuple(dict.fromkeys(q.get("scope", "").split()))
    if not set(scopes) <= SCOPES:
        return refuse("invalid_scope")
    challenge = q.get("code_challenge")
    method = q.get("code_challenge_method")
    # Spotify supports S256 only; RFC 7636's default, "plain", is refused with the rest.
    pkce = challenge is not None or method is not None
    if pkce and (method != "S256" or challenge is None or not _CHALLENGE.fullmatch(challenge)):
        return refuse("invalid_request")
    # show_dialog is accepted and has no effect: the emulator keeps no login session, so
    # the consent page is always shown (as with show_dialog=true) unless auto-approving.
    request = PendingConsent(client_id, redirect_uri, scopes, state, challenge)
    if ctx.accounts.auto_approve is not None:
        return _approve(ctx, request, ctx.accounts.auto_approve, 302)
    return _consent_page(ctx, request, ctx.accounts.remember_pending(request))


@accounts.post("/authorize", auth="none", cache="no-store")
def consent(ctx: Context) -> Reply:
    """Answer the consent page: Agree redirects with a code, Cancel with access_denied."""
    form = dict(parse_qsl(ctx.body.decode("utf-8", "replace"), keep_blank_values=True))
    request = ctx.accounts.pending.get(form.get("request_id", ""))
    if request is None:
        return _error_page("This authorisation request is unknown or was already answered.")
    action = form.get("action")
    if action == "cancel":
        del ctx.accounts.pending[form["request_id"]]
        return _redirect(
            request.redirect_uri, {"error": "access_denied", "state": request.state}, 303
        )
    if action != "accept":
        return _error_page("Choose Agree or Cancel.")
    user_id = form.get("user", "")
    if user_id not in ctx.state.catalogue.user_by_id:
        return _error_page("No such user.")
    del ctx.accounts.pending[form["request_id"]]
    # 303: the browser follows with a GET, as it should after a form.
    return _approve(ctx, request, user_id, 303)
