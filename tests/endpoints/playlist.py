"""Cases of the playlist area."""

from __future__ import annotations

from tests.endpoints import Case, Ref

CASES: list[Case] = [
    Case("playlist", (Ref("big_playlist"),), {"market": "SE"}),
    Case("playlist_items", (Ref("own_playlist"),), {"market": "SE", "limit": 50, "offset": 1}),
    Case("playlist_tracks", (Ref("own_playlist"),), {"limit": 5}),
]
CASES += [
    Case("playlist_tracks_legacy", (Ref("own_playlist"),), {"market": "SE", "limit": 100}),
]

# Listings, fields=, creating and changing playlists, covers.
_ITEM_FIELDS = "added_at,item(name,id,type)"
_PAGE_FIELDS = f"href,limit,next,offset,previous,total,items({_ITEM_FIELDS})"
CASES += [
    Case("followed_playlists", (), {"limit": 50, "offset": 0}),
    Case("playlists", (Ref("user_id"),), {"limit": 50, "offset": 1}),
    Case(
        "playlist_fields",
        (Ref("own_playlist"), f"name,snapshot_id,owner(id),items({_PAGE_FIELDS})"),
        {"market": "SE", "additional_types": ("track", "episode")},
    ),
    Case(
        "playlist_items_fields",
        (Ref("own_playlist"), _PAGE_FIELDS),
        {"market": "SE", "limit": 10, "offset": 2, "additional_types": "track"},
    ),
    Case("playlist_create", ("Made by a case", False, "A description"), {"collaborative": True}),
    Case(
        "playlist_create_for_user",
        (Ref("user_id"), "Made the old way", True, "A description"),
        {"collaborative": False},
    ),
    Case(
        "playlist_change_details",
        (Ref("details_playlist"),),
        {"name": "Renamed", "public": False, "collaborative": True, "description": ""},
    ),
    Case("playlist_cover_image", (Ref("own_playlist"),)),
    Case("playlist_cover_image_upload", (Ref("details_playlist"), Ref("cover_jpeg"))),
    Case(
        "playlist_cover_image_upload",
        (Ref("details_playlist"), Ref("cover_base64")),
        name="playlist_cover_image_upload-base64",
    ),
]
# Items: 2026 names, the seed's names (the same requests), the deprecated /tracks twins.
CASES += [
    Case("playlist_add", (Ref("edit_playlist"), [Ref("track"), Ref("playlist_episode")], 1)),
    Case(
        "playlist_remove",
        (Ref("edit_playlist"), Ref("edit_uris")),
        {"snapshot_id": Ref("edit_snapshot")},
    ),
    Case(
        "playlist_reorder",
        (Ref("edit_playlist"), 0, 5),
        {"range_length": 2, "snapshot_id": Ref("edit_snapshot")},
    ),
    Case("playlist_replace", (Ref("replace_playlist"), [Ref("track"), Ref("playlist_episode")])),
    Case("playlist_tracks_add", (Ref("edit_playlist"), Ref("tracks")), {"position": 0}),
    Case("playlist_tracks_replace", (Ref("replace_playlist"), Ref("tracks"))),
    Case(
        "playlist_tracks_reorder",
        (Ref("edit_playlist"), 3, 0),
        {"range_length": 1, "snapshot_id": Ref("edit_snapshot")},
    ),
    Case(
        "playlist_tracks_remove",
        (Ref("edit_playlist"), Ref("edit_uris")),
        {"snapshot_id": Ref("edit_snapshot")},
    ),
    Case(
        "playlist_tracks_remove_occurrences",
        (Ref("occurrence_playlist"), Ref("occurrence_refs")),
        {"snapshot_id": Ref("occurrence_snapshot")},
    ),
    Case(
        "playlist_tracks_remove_indices",
        (Ref("indices_playlist"), [0, 2], Ref("indices_snapshot")),
    ),
    Case("playlist_tracks_add_legacy", (Ref("edit_playlist"), Ref("tracks")), {"position": 2}),
    Case(
        "playlist_tracks_update_legacy",
        (Ref("replace_playlist"),),
        {"uris": Ref("tracks")},
        name="playlist_tracks_update_legacy-replace",
    ),
    Case(
        "playlist_tracks_update_legacy",
        (Ref("edit_playlist"),),
        {
            "range_start": 0,
            "insert_before": 2,
            "range_length": 1,
            "snapshot_id": Ref("edit_snapshot"),
        },
        name="playlist_tracks_update_legacy-reorder",
    ),
    Case(
        "playlist_tracks_remove_legacy",
        (Ref("edit_playlist"), Ref("edit_uris")),
        {"snapshot_id": Ref("edit_snapshot")},
    ),
]
