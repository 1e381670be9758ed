"""Hand-written response payloads shared by the model tests (no tests here).

Shapes follow Spotify's documented response objects; the values are invented.
Every builder returns a fresh dict, so a test may change it freely.
"""

from __future__ import annotations

import json
from typing import Any

Json = dict[str, Any]

API = "https://api.spotify.com/v1"
OPEN = "https://open.spotify.com"


def encode(payload: object) -> bytes:
    return json.dumps(payload).encode()


def _links(type_: str, id_: str) -> Json:
    return {
        "external_urls": {"spotify": f"{OPEN}/{type_}/{id_}"},
        "href": f"{API}/{type_}s/{id_}",
        "id": id_,
        "type": type_,
        "uri": f"spotify:{type_}:{id_}",
    }


def image(size: int = 300) -> Json:
    return {"url": f"https://i.scdn.co/image/ab67616d0000{size:04d}", "height": size, "width": size}


def simple_artist(id_: str = "1vCWHaC5f2uS3yhpwWbIA6", name: str = "The Quiet Hours") -> Json:
    return {**_links("artist", id_), "name": name}


def full_artist(id_: str = "1vCWHaC5f2uS3yhpwWbIA6") -> Json:
    return {
        **simple_artist(id_),
        "followers": {"href": None, "total": 12345},
        "genres": ["dream pop", "shoegaze"],
        "images": [image(640), image(320), image(160)],
        "popularity": 61,
    }


def simple_album(id_: str = "4aawyAB9vmqN3uQ7FjRGTy") -> Json:
    return {
        **_links("album", id_),
        "album_type": "album",
        "artists": [simple_artist()],
        "available_markets": ["GB", "FI", "SE"],
        "images": [image(640), image(300), image(64)],
        "name": "Lanterns at Low Tide",
        "release_date": "2019-05-17",
        "release_date_precision": "day",
        "total_tracks": 2,
    }


def simple_track(id_: str = "11dFghVXANMlKmJXsNCbNl", number: int = 1) -> Json:
    return {
        **_links("track", id_),
        "artists": [simple_artist()],
        "available_markets": ["GB", "FI", "SE"],
        "disc_number": 1,
        "duration_ms": 207959,
        "explicit": False,
        "is_local": False,
        "name": f"Song number {number}",
        "preview_url": None,
        "track_number": number,
    }


def paging(items: list[Any], path: str, *, total: int | None = None, offset: int = 0) -> Json:
    limit = 20
    count = len(items) if total is None else total
    nxt = f"{API}/{path}?offset={offset + limit}&limit={limit}" if offset + limit < count else None
    prev = f"{API}/{path}?offset={max(offset - limit, 0)}&limit={limit}" if offset else None
    return {
        "href": f"{API}/{path}?offset={offset}&limit={limit}",
        "items": items,
        "limit": limit,
        "next": nxt,
        "offset": offset,
        "previous": prev,
        "total": count,
    }


def full_album(id_: str = "4aawyAB9vmqN3uQ7FjRGTy") -> Json:
    tracks = [simple_track("11dFghVXANMlKmJXsNCbNl", 1), simple_track("2takcwOaAZWiXQijPHIx7B", 2)]
    return {
        **simple_album(id_),
        "copyrights": [
            {"text": "2019 Tideline Records", "type": "C"},
            {"text": "2019 Tideline Records", "type": "P"},
        ],
        "external_ids": {"upc": "00602577424562"},
        "genres": [],
        "label": "Tideline Records",
        "popularity": 48,
        "tracks": paging(tracks, f"albums/{id_}/tracks"),
    }


def full_track(id_: str = "11dFghVXANMlKmJXsNCbNl") -> Json:
    return {
        **simple_track(id_),
        "album": simple_album(),
        "external_ids": {"isrc": "USUM71900764"},
        "popularity": 57,
    }


def public_user(id_: str = "smedjan", name: str | None = "Smedjan") -> Json:
    return {
        **_links("user", id_),
        "display_name": name,
        "followers": {"href": None, "total": 4},
        "images": [image(64)],
    }


def private_user() -> Json:
    return {
        **public_user(),
        "country": "FI",
        "email": "smedjan@example.com",
        "explicit_content": {"filter_enabled": False, "filter_locked": False},
        "product": "premium",
    }


def simple_show(id_: str = "38bS44xjbVVZ3No3ByF1dJ") -> Json:
    return {
        **_links("show", id_),
        "available_markets": ["GB", "FI"],
        "copyrights": [],
        "description": "Weekly talk about tides.",
        "html_description": "<p>Weekly talk about tides.</p>",
        "explicit": False,
        "images": [image(640)],
        "is_externally_hosted": False,
        "languages": ["en"],
        "media_type": "audio",
        "name": "Tide Tables",
        "publisher": "Harbour Media",
        "total_episodes": 120,
    }


def simple_episode(id_: str = "512ojhOuo1ktJprKbVcKyQ") -> Json:
    return {
        **_links("episode", id_),
        "audio_preview_url": None,
        "description": "Spring tides explained.",
        "html_description": "<p>Spring tides explained.</p>",
        "duration_ms": 1686230,
        "explicit": False,
        "images": [image(640)],
        "is_externally_hosted": False,
        "is_playable": True,
        "language": "en",
        "languages": ["en"],
        "name": "Episode 12: Spring tides",
        "release_date": "2024-03-01",
        "release_date_precision": "day",
        "resume_point": {"fully_played": False, "resume_position_ms": 120000},
    }


def full_episode(id_: str = "512ojhOuo1ktJprKbVcKyQ") -> Json:
    return {**simple_episode(id_), "show": simple_show()}


def full_show(id_: str = "38bS44xjbVVZ3No3ByF1dJ") -> Json:
    return {**simple_show(id_), "episodes": paging([simple_episode()], f"shows/{id_}/episodes")}


def simple_audiobook(id_: str = "7iHfbu1YPACw6oZPAFJtqe") -> Json:
    return {
        **_links("audiobook", id_),
        "authors": [{"name": "A. Writer"}],
        "available_markets": ["GB"],
        "copyrights": [],
        "description": "A long story.",
        "html_description": "<p>A long story.</p>",
        "edition": "Unabridged",
        "explicit": False,
        "images": [image(640)],
        "languages": ["en"],
        "media_type": "audio",
        "name": "The Long Story",
        "narrators": [{"name": "N. Reader"}],
        "publisher": "Story House",
        "total_chapters": 2,
    }


def simple_chapter(id_: str = "0D5wENdkdwbqlrHoaJ9g29", number: int = 0) -> Json:
    return {
        **_links("chapter", id_),
        "audio_preview_url": None,
        "chapter_number": number,
        "description": "The beginning.",
        "html_description": "<p>The beginning.</p>",
        "duration_ms": 1200000,
        "explicit": False,
        "images": [image(640)],
        "is_playable": True,
        "languages": ["en"],
        "name": f"Chapter {number + 1}",
        "release_date": "2020",
        "release_date_precision": "year",
        "resume_point": {"fully_played": False, "resume_position_ms": 0},
    }


def full_audiobook(id_: str = "7iHfbu1YPACw6oZPAFJtqe") -> Json:
    return {
        **simple_audiobook(id_),
        "chapters": paging([simple_chapter()], f"audiobooks/{id_}/chapters"),
    }


def full_chapter(id_: str = "0D5wENdkdwbqlrHoaJ9g29") -> Json:
    return {**simple_chapter(id_), "audiobook": simple_audiobook()}


def local_track() -> Json:
    """A local file as Spotify sends it: IDs null, metadata names only."""
    return {
        "album": {
            "album_type": None,
            "artists": [],
            "available_markets": [],
            "external_urls": {},
            "href": None,
            "id": None,
            "images": [],
            "name": "Home Recordings",
            "release_date": None,
            "release_date_precision": None,
            "type": "album",
            "uri": None,
        },
        "artists": [
            {
                "external_urls": {},
                "href": None,
                "id": None,
                "name": "Me",
                "type": "artist",
                "uri": None,
            }
        ],
        "available_markets": [],
        "disc_number": 0,
        "duration_ms": 187000,
        "explicit": False,
        "external_ids": {},
        "external_urls": {},
        "href": None,
        "id": None,
        "is_local": True,
        "name": "Demo 3",
        "popularity": 0,
        "preview_url": None,
        "track_number": 0,
        "type": "track",
        "uri": "spotify:local:Me:Home+Recordings:Demo+3:187",
    }


def playlist_entry(item: Any, *, keys: tuple[str, ...] = ("item", "track")) -> Json:
    entry: Json = {
        "added_at": "2020-01-01T12:30:00Z",
        "added_by": public_user("adder", None),
        "is_local": bool(isinstance(item, dict) and item.get("is_local")),
        "primary_color": None,
        "video_thumbnail": {"url": None},
    }
    for key in keys:
        entry[key] = item
    return entry


def simple_playlist(
    id_: str = "3cEYpjA9oz9GiPac4AsH4n", *, keys: tuple[str, ...] = ("items",)
) -> Json:
    playlist: Json = {
        **_links("playlist", id_),
        "collaborative": False,
        "description": "Songs for the harbour",
        "images": [image(640)],
        "name": "Harbour",
        "owner": public_user(),
        "primary_color": None,
        "public": True,
        "snapshot_id": "MTY4OTY3NzgwMCwwMDAwMDAwMA==",
    }
    for key in keys:
        playlist[key] = {"href": f"{API}/playlists/{id_}/items", "total": 3}
    return playlist


def full_playlist(
    id_: str = "3cEYpjA9oz9GiPac4AsH4n", *, keys: tuple[str, ...] = ("items",)
) -> Json:
    entries = [
        playlist_entry(full_track()),
        playlist_entry(full_episode()),
        playlist_entry(local_track()),
    ]
    playlist = simple_playlist(id_, keys=())
    playlist["followers"] = {"href": None, "total": 17}
    for key in keys:
        playlist[key] = paging(entries, f"playlists/{id_}/items")
    return playlist


def search_result() -> Json:
    return {
        "tracks": paging([full_track()], "search", total=1000),
        "artists": paging([full_artist()], "search"),
        "albums": paging([simple_album()], "search"),
        "playlists": paging([simple_playlist(), None], "search"),
        "shows": paging([simple_show()], "search"),
        "episodes": paging([simple_episode()], "search"),
        "audiobooks": paging([simple_audiobook()], "search"),
    }


def device() -> dict[str, Any]:
    return {
        "id": "74ASZWbe4lXaubB36ztrGX",
        "is_active": True,
        "is_private_session": False,
        "is_restricted": False,
        "name": "Kitchen speaker",
        "type": "Speaker",
        "volume_percent": 59,
        "supports_volume": True,
    }


def context() -> dict[str, Any]:
    return {
        "type": "playlist",
        "href": f"{API}/playlists/3cEYpjA9oz9GiPac4AsH4n",
        "external_urls": {"spotify": f"{OPEN}/playlist/3cEYpjA9oz9GiPac4AsH4n"},
        "uri": "spotify:playlist:3cEYpjA9oz9GiPac4AsH4n",
    }


def playback(item: Any, **extra: Any) -> dict[str, Any]:
    return {
        "device": device(),
        "repeat_state": "off",
        "shuffle_state": False,
        "context": context(),
        "timestamp": 1700000000000,
        "progress_ms": 44272,
        "is_playing": True,
        "item": item,
        "currently_playing_type": "track",
        "actions": {"interrupting_playback": False, "pausing": False, "resuming": True},
        **extra,
    }


def queue() -> Json:
    return {"currently_playing": full_track(), "queue": [full_episode(), full_track()]}
