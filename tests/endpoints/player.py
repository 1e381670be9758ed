"""Cases of the player area.

Commands need Spotify Premium and a device: ``playing`` and ``device`` prepare the default
user's player through the emulator's public methods, so every sweep gets a 2xx answer.
"""

from __future__ import annotations

import msgspec

from tests.endpoints import Case, Ref, World

API = "https://api.spotify.com/v1"


def device(world: World) -> None:
    """A Premium user with an active device and nothing loaded."""
    emulator = world.emulator
    emulator.set_product(world.user_id, "premium")
    emulator.add_device(world.user_id, "Case Speaker", "Speaker", active=True)


def playing(world: World) -> None:
    """A Premium user playing the second of three tracks, with one in the history."""
    device(world)
    emulator = world.emulator
    token = emulator.user_token(world.user_id, ["user-modify-playback-state"])
    headers = {"Authorization": f"Bearer {token}"}
    body = msgspec.json.encode({"uris": [f"spotify:track:{t}" for t in world.tracks]})
    for method, path, content in (("PUT", "play", body), ("POST", "next", b"")):
        answer = emulator.handle(method, f"{API}/me/player/{path}", headers, content)
        assert answer.status == 204, answer.body


CASES: list[Case] = [
    Case("playback", (), {"market": "SE", "additional_types": ["track", "episode"]}, setup=playing),
    Case("playback", (), {}, name="playback-nothing"),
    Case(
        "playback_currently_playing",
        (),
        {"market": "SE", "additional_types": "track"},
        setup=playing,
    ),
    Case("playback_recently_played", (), {"limit": 10, "before": 4_102_444_800_000}, setup=playing),
    Case("playback_recently_played", (), {"after": 0}, name="recently-played-after", setup=playing),
    Case("playback_devices", ()),
    Case("playback_queue", (), setup=playing),
    Case("playback_queue_add", (Ref("episode_uri"),), {"device_id": Ref("device")}, setup=playing),
    Case("playback_transfer", (Ref("device"),), {"force_play": True}, setup=playing),
    Case("playback_resume", (), {"device_id": Ref("device")}, setup=playing),
    Case(
        "playback_start_tracks",
        ([Ref("track"), Ref("episode_uri")],),
        {"offset": 1, "position_ms": 1_000, "device_id": Ref("device")},
        setup=device,
    ),
    Case(
        "playback_start_context",
        (Ref("album_uri"),),
        {"offset": Ref("album_track"), "position_ms": 500, "device_id": Ref("device")},
        setup=device,
    ),
    Case("playback_pause", (), {"device_id": Ref("device")}, setup=playing),
    Case("playback_next", (), {"device_id": Ref("device")}, setup=playing),
    Case("playback_previous", (), {"device_id": Ref("device")}, setup=playing),
    Case("playback_seek", (20_000,), {"device_id": Ref("device")}, setup=playing),
    Case("playback_repeat", ("context",), {"device_id": Ref("device")}, setup=playing),
    Case("playback_shuffle", (True,), {"device_id": Ref("device")}, setup=playing),
    Case("playback_volume", (40,), {"device_id": Ref("device")}, setup=playing),
]
