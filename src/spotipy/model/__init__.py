"""Response models of the Spotify Web API.

Every model is a :class:`msgspec.Struct` decoded straight from response bytes by
:func:`decode`.  Models tolerate drift: unknown fields are ignored, fields Spotify may
omit or send as null default to ``None``, and enumeration-like fields are plain strings
(compare them with the enumeration classes, whose members are strings).
"""

from __future__ import annotations

from spotipy.model._base import (
    Model,
    decode,
)
from spotipy.model.album import (
    AlbumGroup,
    AlbumType,
    FullAlbum,
    ReleaseDatePrecision,
    SavedAlbum,
    SavedAlbumPaging,
    SimpleAlbum,
    SimpleAlbumPaging,
)
from spotipy.model.artist import (
    FullArtist,
    FullArtistCursorPaging,
    FullArtistOffsetPaging,
    SimpleArtist,
)
from spotipy.model.audio import (
    AudioAnalysis,
    AudioFeatures,
    Section,
    Segment,
    TimeInterval,
)
from spotipy.model.audiobook import (
    Author,
    FullAudiobook,
    Narrator,
    SavedAudiobook,
    SavedAudiobookPaging,
    SimpleAudiobook,
    SimpleAudiobookPaging,
)
from spotipy.model.category import (
    Category,
    CategoryPaging,
)
from spotipy.model.chapter import (
    FullChapter,
    SimpleChapter,
    SimpleChapterPaging,
)
from spotipy.model.episode import (
    FullEpisode,
    SavedEpisode,
    SavedEpisodePaging,
    SimpleEpisode,
    SimpleEpisodePaging,
)
from spotipy.model.member import (
    Copyright,
    CopyrightType,
    ExternalIds,
    ExternalUrls,
    Followers,
    Image,
    RestrictionReason,
    Restrictions,
    ResumePoint,
)
from spotipy.model.paging import (
    Cursor,
    CursorPaging,
    OffsetPaging,
    Paging,
)
from spotipy.model.player import (
    Actions,
    Context,
    ContextType,
    CurrentlyPlaying,
    CurrentlyPlayingContext,
    CurrentlyPlayingType,
    Device,
    DeviceType,
    Disallows,
    PlayHistory,
    PlayHistoryPaging,
    Queue,
    RepeatState,
)
from spotipy.model.playlist import (
    FullPlaylist,
    LocalAlbum,
    LocalArtist,
    LocalTrack,
    Playlist,
    PlaylistItem,
    PlaylistTrack,
    PlaylistTrackPaging,
    PlaylistTracksRef,
    SimplePlaylist,
    SimplePlaylistPaging,
    UnknownItem,
    VideoThumbnail,
)
from spotipy.model.recommendations import (
    RecommendationAttribute,
    Recommendations,
    RecommendationSeed,
)
from spotipy.model.search import (
    SEARCH_PAGING_TYPES,
    SearchResult,
)
from spotipy.model.show import (
    FullShow,
    SavedShow,
    SavedShowPaging,
    SimpleShow,
    SimpleShowPaging,
)
from spotipy.model.track import (
    FullTrack,
    FullTrackPaging,
    SavedTrack,
    SavedTrackPaging,
    SimpleTrack,
    SimpleTrackPaging,
    TrackLink,
)
from spotipy.model.user import (
    ExplicitContent,
    PrivateUser,
    Product,
    PublicUser,
)

__all__ = [
    "SEARCH_PAGING_TYPES",
    "Actions",
    "AlbumGroup",
    "AlbumType",
    "AudioAnalysis",
    "AudioFeatures",
    "Author",
    "Category",
    "CategoryPaging",
    "Context",
    "ContextType",
    "Copyright",
    "CopyrightType",
    "CurrentlyPlaying",
    "CurrentlyPlayingContext",
    "CurrentlyPlayingType",
    "Cursor",
    "CursorPaging",
    "Device",
    "DeviceType",
    "Disallows",
    "ExplicitContent",
    "ExternalIds",
    "ExternalUrls",
    "Followers",
    "FullAlbum",
    "FullArtist",
    "FullArtistCursorPaging",
    "FullArtistOffsetPaging",
    "FullAudiobook",
    "FullChapter",
    "FullEpisode",
    "FullPlaylist",
    "FullShow",
    "FullTrack",
    "FullTrackPaging",
    "Image",
    "LocalAlbum",
    "LocalArtist",
    "LocalTrack",
    "Model",
    "Narrator",
    "OffsetPaging",
    "Paging",
    "PlayHistory",
    "PlayHistoryPaging",
    "Playlist",
    "PlaylistItem",
    "PlaylistTrack",
    "PlaylistTrackPaging",
    "PlaylistTracksRef",
    "PrivateUser",
    "Product",
    "PublicUser",
    "Queue",
    "RecommendationAttribute",
    "RecommendationSeed",
    "Recommendations",
    "ReleaseDatePrecision",
    "RepeatState",
    "RestrictionReason",
    "Restrictions",
    "ResumePoint",
    "SavedAlbum",
    "SavedAlbumPaging",
    "SavedAudiobook",
    "SavedAudiobookPaging",
    "SavedEpisode",
    "SavedEpisodePaging",
    "SavedShow",
    "SavedShowPaging",
    "SavedTrack",
    "SavedTrackPaging",
    "SearchResult",
    "Section",
    "Segment",
    "SimpleAlbum",
    "SimpleAlbumPaging",
    "SimpleArtist",
    "SimpleAudiobook",
    "SimpleAudiobookPaging",
    "SimpleChapter",
    "SimpleChapterPaging",
    "SimpleEpisode",
    "SimpleEpisodePaging",
    "SimplePlaylist",
    "SimplePlaylistPaging",
    "SimpleShow",
    "SimpleShowPaging",
    "SimpleTrack",
    "SimpleTrackPaging",
    "TimeInterval",
    "TrackLink",
    "UnknownItem",
    "VideoThumbnail",
    "decode",
]
