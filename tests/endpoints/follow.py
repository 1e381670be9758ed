"""Cases of the follow area: artists, users and playlists."""

from __future__ import annotations

from collections.abc import Callable

from tests.endpoints import Case, Ref, World


def followed(kind: str, name: str) -> Callable[[World], None]:
    """A setup that makes the world's user follow the world's ``name`` (an ID or IDs)."""

    def setup(world: World) -> None:
        found = world.resolve(Ref(name))
        ids = [found] if isinstance(found, str) else found
        state = world.emulator.state
        state.follows.add(world.user_id, [f"spotify:{kind}:{i}" for i in ids], state.clock())

    return setup


CASES: list[Case] = [
    Case(
        "playlist_is_following",
        (Ref("followable_playlist"),),
        setup=followed("playlist", "followable_playlist"),
        token="user",
    ),
    Case(
        "playlist_is_following",
        (Ref("followable_playlist"), Ref("user_id")),
        name="playlist_is_following-user_ids",
        token="user",
    ),
    Case("playlist_follow", (Ref("followable_playlist"),), {"public": False}),
    Case(
        "playlist_unfollow",
        (Ref("followable_playlist"),),
        setup=followed("playlist", "followable_playlist"),
    ),
    Case(
        "followed_artists",
        kwargs={"limit": 2, "after": Ref("artist")},
        setup=followed("artist", "artists"),
    ),
    Case("artists_is_following", (Ref("artists"),), setup=followed("artist", "artists")),
    Case("artists_follow", (Ref("artists"),)),
    Case("artists_unfollow", (Ref("artists"),), setup=followed("artist", "artists")),
    Case("users_is_following", (Ref("other_users"),), setup=followed("user", "other_users")),
    Case("users_follow", (Ref("other_users"),)),
    Case("users_unfollow", (Ref("other_users"),), setup=followed("user", "other_users")),
]
