"""Decoding representative payloads into every model, pagings and the decode helper."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest

import spotipy.model
from spotipy.model import (
    AlbumGroup,
    AlbumType,
    CopyrightType,
    Cursor,
    CursorPaging,
    FullAlbum,
    FullArtist,
    FullArtistCursorPaging,
    FullArtistOffsetPaging,
    FullAudiobook,
    FullChapter,
    FullEpisode,
    FullPlaylist,
    FullShow,
    FullTrack,
    FullTrackPaging,
    Image,
    Model,
    OffsetPaging,
    Paging,
    PrivateUser,
    Product,
    PublicUser,
    ReleaseDatePrecision,
    RestrictionReason,
    SavedAlbumPaging,
    SavedAudiobookPaging,
    SavedEpisodePaging,
    SavedShowPaging,
    SavedTrackPaging,
    SearchResult,
    SimpleAlbum,
    SimpleAlbumPaging,
    SimpleArtist,
    SimpleAudiobookPaging,
    SimpleChapterPaging,
    SimpleEpisodePaging,
    SimplePlaylist,
    SimplePlaylistPaging,
    SimpleShowPaging,
    SimpleTrack,
    SimpleTrackPaging,
    _base,
    decode,
)
from tests.unit import test_model_payloads as p

ADDED = datetime(2020, 1, 1, 12, 30, tzinfo=UTC)


# -- the public facade ---------------------------------------------------------------


def test_all_is_sorted_and_complete() -> None:
    names = spotipy.model.__all__
    exported = set(names)
    for info in pkgutil.iter_modules(spotipy.model.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"spotipy.model.{info.name}")
        assert set(module.__all__) <= exported, info.name
    for name in names:
        assert getattr(spotipy.model, name) is not None


def test_every_model_is_a_keyword_only_struct() -> None:
    for name in spotipy.model.__all__:
        obj = getattr(spotipy.model, name)
        if isinstance(obj, type) and issubclass(obj, Model):
            assert issubclass(obj, msgspec.Struct)
            with pytest.raises(TypeError):
                obj("positional")


# -- catalogue objects ---------------------------------------------------------------


def test_full_artist() -> None:
    artist = decode(p.encode(p.full_artist()), FullArtist)
    assert artist.id == "1vCWHaC5f2uS3yhpwWbIA6"
    assert artist.uri == "spotify:artist:1vCWHaC5f2uS3yhpwWbIA6"
    assert artist.name == "The Quiet Hours"
    assert artist.external_urls == {"spotify": f"{p.OPEN}/artist/1vCWHaC5f2uS3yhpwWbIA6"}
    assert artist.followers is not None
    assert artist.followers.total == 12345
    assert artist.followers.href is None
    assert artist.genres == ["dream pop", "shoegaze"]
    assert artist.images is not None
    assert artist.images[0] == Image(url=p.image(640)["url"], height=640, width=640)
    assert artist.popularity == 61
    assert artist.type == "artist"
    assert isinstance(artist, SimpleArtist)


def test_full_album_with_its_tracks() -> None:
    album = decode(p.encode(p.full_album()), FullAlbum)
    assert album.album_type == AlbumType.album
    assert album.release_date == "2019-05-17"
    assert album.release_date_precision == ReleaseDatePrecision.day
    assert album.total_tracks == 2
    assert album.artists is not None
    assert album.artists[0].name == "The Quiet Hours"
    assert album.copyrights is not None
    assert [c.type for c in album.copyrights] == [CopyrightType.C, CopyrightType.P]
    assert album.external_ids is not None
    assert album.external_ids.upc == "00602577424562"
    assert album.label == "Tideline Records"
    assert album.genres == []
    assert isinstance(album.tracks, SimpleTrackPaging)
    assert [t.track_number for t in album.tracks.items] == [1, 2]
    assert all(type(t) is SimpleTrack for t in album.tracks.items)
    assert album.tracks.total == 2
    assert album.tracks.next is None


def test_artist_albums_carry_album_group() -> None:
    albums = [p.simple_album(), p.simple_album("1A2GTWGtFfWp7KSQTwWOyo")]
    albums[0]["album_group"] = "album"
    albums[1]["album_group"] = "appears_on"
    page = decode(p.encode(p.paging(albums, "artists/x/albums")), SimpleAlbumPaging)
    assert [a.album_group for a in page.items] == [AlbumGroup.album, AlbumGroup.appears_on]
    assert all(isinstance(a, SimpleAlbum) for a in page.items)


def test_full_track() -> None:
    payload = p.full_track()
    payload["linked_from"] = {
        "external_urls": {"spotify": f"{p.OPEN}/track/6kLCHFM39wkFjOuyPGLGeQ"},
        "href": f"{p.API}/tracks/6kLCHFM39wkFjOuyPGLGeQ",
        "id": "6kLCHFM39wkFjOuyPGLGeQ",
        "type": "track",
        "uri": "spotify:track:6kLCHFM39wkFjOuyPGLGeQ",
    }
    payload["is_playable"] = True
    payload["restrictions"] = {"reason": "market"}
    track = decode(p.encode(payload), FullTrack)
    assert track.name == "Song number 1"
    assert track.duration_ms == 207959
    assert track.explicit is False
    assert track.is_local is False
    assert track.preview_url is None
    assert isinstance(track.album, SimpleAlbum)
    assert track.album.name == "Lanterns at Low Tide"
    assert track.external_ids is not None
    assert track.external_ids.isrc == "USUM71900764"
    assert track.linked_from is not None
    assert track.linked_from.id == "6kLCHFM39wkFjOuyPGLGeQ"
    assert track.restrictions is not None
    assert track.restrictions.reason == RestrictionReason.market
    assert track.is_playable is True
    assert track.available_markets == ("GB", "FI", "SE")


def test_users() -> None:
    public = decode(p.encode(p.public_user()), PublicUser)
    assert public.id == "smedjan"
    assert public.display_name == "Smedjan"
    assert public.type == "user"
    private = decode(p.encode(p.private_user()), PrivateUser)
    assert private.country == "FI"
    assert private.email == "smedjan@example.com"
    assert private.product == Product.premium
    assert private.explicit_content is not None
    assert private.explicit_content.filter_enabled is False
    assert isinstance(private, PublicUser)


def test_private_user_without_scoped_fields() -> None:
    payload = p.public_user()
    private = decode(p.encode(payload), PrivateUser)
    assert private.email is None
    assert private.country is None
    assert private.product is None
    assert private.explicit_content is None


def test_shows_and_episodes() -> None:
    show = decode(p.encode(p.full_show()), FullShow)
    assert show.publisher == "Harbour Media"
    assert show.total_episodes == 120
    assert isinstance(show.episodes, SimpleEpisodePaging)
    assert show.episodes.items[0].resume_point is not None
    assert show.episodes.items[0].resume_point.resume_position_ms == 120000
    episode = decode(p.encode(p.full_episode()), FullEpisode)
    assert episode.type == "episode"
    assert episode.duration_ms == 1686230
    assert episode.show is not None
    assert episode.show.name == "Tide Tables"


def test_audiobooks_and_chapters() -> None:
    book = decode(p.encode(p.full_audiobook()), FullAudiobook)
    assert book.authors is not None
    assert book.authors[0].name == "A. Writer"
    assert book.narrators is not None
    assert book.narrators[0].name == "N. Reader"
    assert book.edition == "Unabridged"
    assert isinstance(book.chapters, SimpleChapterPaging)
    assert book.chapters.items[0].chapter_number == 0
    chapter = decode(p.encode(p.full_chapter()), FullChapter)
    assert chapter.audiobook is not None
    assert chapter.audiobook.total_chapters == 2
    assert chapter.type == "chapter"
    assert chapter.release_date_precision == ReleaseDatePrecision.year


# -- library wrappers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("paging_type", "key", "payload", "inner"),
    [
        (SavedTrackPaging, "track", p.full_track, FullTrack),
        (SavedAlbumPaging, "album", p.full_album, FullAlbum),
        (SavedShowPaging, "show", p.simple_show, spotipy.model.SimpleShow),
        (SavedEpisodePaging, "episode", p.full_episode, FullEpisode),
        (SavedAudiobookPaging, "audiobook", p.full_audiobook, FullAudiobook),
    ],
)
def test_saved_items(paging_type: Any, key: str, payload: Any, inner: type) -> None:
    saved = {"added_at": "2020-01-01T12:30:00Z", key: payload()}
    page = decode(p.encode(p.paging([saved], f"me/{key}s")), paging_type)
    assert type(page) is paging_type
    (entry,) = page.items
    assert entry.added_at == ADDED
    assert entry.added_at.tzinfo is not None
    assert isinstance(getattr(entry, key), inner)


# -- playlists -----------------------------------------------------------------------


def test_simple_playlist_paging() -> None:
    payload = p.paging([p.simple_playlist()], "me/playlists")
    page = decode(p.encode(payload), SimplePlaylistPaging)
    (playlist,) = page.items
    assert isinstance(playlist, SimplePlaylist)
    assert playlist.owner is not None
    assert playlist.owner.id == "smedjan"
    assert playlist.items is not None
    assert playlist.items.total == 3
    assert playlist.tracks is playlist.items
    assert playlist.snapshot_id == "MTY4OTY3NzgwMCwwMDAwMDAwMA=="


def test_full_playlist() -> None:
    playlist = decode(p.encode(p.full_playlist()), FullPlaylist)
    assert playlist.followers is not None
    assert playlist.followers.total == 17
    assert playlist.items is not None
    assert playlist.tracks is playlist.items
    assert playlist.items.total == 3
    kinds = [type(entry.item).__name__ for entry in playlist.items.items]
    assert kinds == ["FullTrack", "FullEpisode", "LocalTrack"]
    first = playlist.items.items[0]
    assert first.added_at == ADDED
    assert first.added_by is not None
    assert first.added_by.id == "adder"
    assert first.added_by.display_name is None
    assert first.track is first.item


# -- search --------------------------------------------------------------------------


def test_search_result() -> None:
    result = decode(p.encode(p.search_result()), SearchResult)
    assert isinstance(result.tracks, FullTrackPaging)
    assert isinstance(result.artists, FullArtistOffsetPaging)
    assert isinstance(result.albums, SimpleAlbumPaging)
    assert isinstance(result.playlists, SimplePlaylistPaging)
    assert isinstance(result.shows, SimpleShowPaging)
    assert isinstance(result.episodes, SimpleEpisodePaging)
    assert isinstance(result.audiobooks, SimpleAudiobookPaging)
    assert result.tracks.total == 1000
    assert result.tracks.next is not None
    assert len(result.playlists.items) == 1  # the null entry is dropped


def test_search_result_with_one_type() -> None:
    result = decode(p.encode({"artists": p.paging([p.full_artist()], "search")}), SearchResult)
    assert result.artists is not None
    assert result.tracks is None
    assert result.albums is None


def test_search_paging_by_type_name() -> None:
    result = decode(p.encode(p.search_result()), SearchResult)
    assert result.paging("track") is result.tracks
    assert result.paging("tracks") is result.tracks
    assert result.paging("audiobook") is result.audiobooks
    with pytest.raises(ValueError, match="unknown search type"):
        result.paging("podcast")


def test_search_paging_of_a_missing_type_is_empty() -> None:
    result = SearchResult()
    page = result.paging("show")
    assert type(page) is SimpleShowPaging
    assert page.items == []
    assert page.total == 0
    assert page.next is None


# -- pagings -------------------------------------------------------------------------


def test_cursor_paging() -> None:
    payload = {
        "href": f"{p.API}/me/following?type=artist&limit=1",
        "items": [p.full_artist()],
        "limit": 1,
        "next": f"{p.API}/me/following?type=artist&after=1vCWHaC5f2uS3yhpwWbIA6&limit=1",
        "cursors": {"after": "1vCWHaC5f2uS3yhpwWbIA6"},
        "total": 3,
    }
    page = decode(p.encode(payload), FullArtistCursorPaging)
    assert isinstance(page, CursorPaging)
    assert page.cursors == Cursor(after="1vCWHaC5f2uS3yhpwWbIA6")
    assert page.total == 3
    assert isinstance(page.items[0], FullArtist)


def test_cursor_paging_at_the_end() -> None:
    payload = {"href": "h", "items": [], "limit": 20, "next": None, "cursors": None}
    page = decode(p.encode(payload), FullArtistCursorPaging)
    assert page.cursors is None
    assert page.total is None


def test_concrete_pagings_subclass_the_generic_ones() -> None:
    assert issubclass(SimpleTrackPaging, OffsetPaging)
    assert issubclass(OffsetPaging, Paging)
    assert issubclass(FullArtistCursorPaging, CursorPaging)


def test_type_of_a_page_decodes_the_next_page() -> None:
    tracks = [p.simple_track(), p.simple_track("2takcwOaAZWiXQijPHIx7B", 2)]
    first = decode(p.encode(p.paging(tracks, "albums/x/tracks", total=40)), SimpleTrackPaging)
    body = p.encode(p.paging(tracks, "albums/x/tracks", total=40, offset=20))
    second = decode(body, type(first))
    assert type(second) is SimpleTrackPaging
    assert second.offset == 20
    assert second.previous is not None
    assert all(type(t) is SimpleTrack for t in second.items)


def test_generic_alias_decodes() -> None:
    body = p.encode(p.paging([p.simple_track()], "albums/x/tracks"))
    page = decode(body, OffsetPaging[SimpleTrack])
    assert type(page) is OffsetPaging
    assert type(page.items[0]) is SimpleTrack
    tracks = decode(
        p.encode([p.full_track(), p.full_track("2takcwOaAZWiXQijPHIx7B")]), list[FullTrack]
    )
    assert [t.id for t in tracks] == ["11dFghVXANMlKmJXsNCbNl", "2takcwOaAZWiXQijPHIx7B"]


def test_items_are_required_so_a_wrapped_paging_is_told_apart() -> None:
    # The client decodes search's next pages ({"tracks": {...}}) by trying the paging
    # first; that must fail for the wrapper.
    body = p.encode({"tracks": p.paging([p.full_track()], "search")})
    with pytest.raises(msgspec.ValidationError, match="items"):
        decode(body, FullTrackPaging)
    assert decode(body, dict[str, FullTrackPaging])["tracks"].items[0].name == "Song number 1"


# -- the decode helper ---------------------------------------------------------------


def test_decode_builds_one_decoder_per_type() -> None:
    body = p.encode(p.paging([p.simple_track()], "albums/x/tracks"))
    decode(body, SimpleTrackPaging)
    cached = _base._decoders[SimpleTrackPaging]
    decode(body, SimpleTrackPaging)
    assert _base._decoders[SimpleTrackPaging] is cached
    assert _base.decoder(SimpleTrackPaging) is cached


def test_decode_caches_generic_aliases_by_value() -> None:
    body = p.encode(p.paging([p.simple_track()], "albums/x/tracks"))
    decode(body, OffsetPaging[SimpleTrack])
    first = _base._decoders[OffsetPaging[SimpleTrack]]
    decode(body, OffsetPaging[SimpleTrack])  # a new but equal alias object
    assert _base._decoders[OffsetPaging[SimpleTrack]] is first
    assert _base.decoder(list[FullTrack]) is _base.decoder(list[FullTrack])


def test_decode_errors() -> None:
    with pytest.raises(msgspec.DecodeError):
        decode(b"<html>Bad gateway</html>", FullTrack)
    with pytest.raises(msgspec.ValidationError, match="id"):
        decode(b'{"name": "no id"}', FullTrack)


def test_decode_accepts_bytes_like() -> None:
    body = p.encode(p.simple_artist())
    assert decode(bytearray(body), SimpleArtist) == decode(body, SimpleArtist)  # type: ignore[arg-type]
    assert decode(memoryview(body), SimpleArtist).name == "The Quiet Hours"  # type: ignore[arg-type]


# -- enumerations --------------------------------------------------------------------


def test_enum_members_are_strings() -> None:
    assert AlbumType.album == "album"
    assert AlbumGroup("appears_on") is AlbumGroup.appears_on
    assert str(ReleaseDatePrecision.month) == "month"
    assert f"{AlbumType.single}" == "single"


def test_enum_lookup_ignores_case() -> None:
    assert AlbumType("ALBUM") is AlbumType.album
    assert Product("Premium") is Product.premium
    with pytest.raises(ValueError, match="not a valid"):
        AlbumType("ep")


def test_repr_leaves_out_defaults() -> None:
    assert repr(Image(url="u")) == "Image(url='u')"
    artist = SimpleArtist(id="i", uri="spotify:artist:i", name="n")
    # Fields in declaration order, shared base fields first (see spotipy.model._shared).
    assert repr(artist) == "SimpleArtist(id='i', name='n', uri='spotify:artist:i')"
