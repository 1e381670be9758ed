"""Users: ``GET /me`` and ``GET /users/{user_id}``."""

from __future__ import annotations

from spotipy.emulator._routing import CATALOGUE, PRIVATE, ApiError, Context, web_api


# The spec lists user-read-private and user-read-email, but Spotify answers /me without
# them: they only add the private fields (country, product, explicit_content, email).
@web_api.get(
    "/me",
    auth="user",
    cache=PRIVATE,
    optional_scopes=("user-read-private", "user-read-email"),
)
def get_me(ctx: Context) -> bytes:
    """Answer the token's user as a PrivateUserObject."""
    # auth="user" let only tokens acting for a user through.
    assert ctx.token is not None
    assert ctx.token.user_id is not None
    return ctx.render.private_user(ctx.token.user_id, ctx.token.scopes)


@web_api.get("/users/{user_id}", cache=CATALOGUE, deprecated=True)
def get_user(ctx: Context) -> bytes:
    """Answer a PublicUserObject."""
    user_id = ctx.params["user_id"]
    if user_id not in ctx.state.catalogue.user_by_id:
        raise ApiError(404, "Resource not found")
    return ctx.render.public_user(user_id)
