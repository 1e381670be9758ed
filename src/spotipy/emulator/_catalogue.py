"""Invented, deterministic catalogue data: artists, albums, tracks, shows, users, playlists.

Everything here is made up from the seed (names from syllable tables, IDs hashed from the seed,
the kind of object and its index), so two emulators with the same seed hold the same data and no
real Spotify data is ever shipped.  The records are small and plain; the JSON Spotify would send
is built from them lazily by :mod:`spotipy.emulator._render`.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import itertools
import math
import random
import re
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

__all__ = [
    "BIG_PLAYLIST_ID",
    "BIG_PLAYLIST_SIZE",
    "DEFAULT_USER_ID",
    "SPOTIFY_USER_ID",
    "Album",
    "Artist",
    "AudioFeatures",
    "Audiobook",
    "Catalogue",
    "Category",
    "Chapter",
    "Entry",
    "Episode",
    "LocalTrack",
    "Playlist",
    "Seed",
    "Show",
    "Track",
    "User",
    "catalogue",
    "is_base62_id",
    "make_id",
]

BASE62: Final = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_BASE62_ID = re.compile(r"[0-9A-Za-z]{22}")

#: An editorial playlist of exactly 10,000 items, for paging and benchmarks.
BIG_PLAYLIST_ID: Final = "37i9dQZEVXbMDoHDwVN2tF"
BIG_PLAYLIST_SIZE: Final = 10_000
#: The invented listener who owns, and collaborates on, several playlists.
DEFAULT_USER_ID: Final = "emulator-user"
#: Spotify's own account, owner of the editorial playlists.
SPOTIFY_USER_ID: Final = "spotify"

N_ARTISTS: Final = 100
N_ALBUMS: Final = 300
N_SHOWS: Final = 15
N_AUDIOBOOKS: Final = 10
N_USERS: Final = 11  # "spotify", the default user and nine others
#: Shows and audiobooks added after the first ones, so that more than 50 of each exist.
N_EXTRA_SHOWS: Final = 40
N_EXTRA_AUDIOBOOKS: Final = 45
N_NEW_RELEASES: Final = 100
#: Markets where the catalogue is available (``GET /markets``, ``available_markets``).
MARKETS: Final = ("BR", "CA", "DE", "FR", "GB", "IT", "JP", "SE", "US")

EntryKind = Literal["track", "episode", "local"]


# Maps each byte to a base62 digit (a slight bias towards the first digits does no harm).
_TO_BASE62: Final = bytes(ord(BASE62[i % 62]) for i in range(256))


def make_id(seed: int, kind: str, index: int) -> str:
    """Derive a 22-character base62 ID, as long as Spotify's, from seed, kind and index."""
    digest = hashlib.blake2b(f"{seed}:{kind}:{index}".encode(), digest_size=22).digest()
    return digest.translate(_TO_BASE62).decode("ascii")


def is_base62_id(value: str) -> bool:
    """Tell whether ``value`` has the shape of a Spotify ID."""
    return _BASE62_ID.fullmatch(value) is not None


@dataclass(frozen=True, slots=True)
class Artist:
    """An invented artist."""

    id: str
    name: str
    genres: tuple[str, ...]
    followers: int
    popularity: int


@dataclass(frozen=True, slots=True)
class Album:
    """An invented album; ``tracks`` holds indices into :attr:`Catalogue.tracks`."""

    id: str
    name: str
    album_type: str
    artists: tuple[int, ...]
    release_date: str
    release_date_precision: str
    tracks: range
    label: str
    upc: str
    popularity: int


@dataclass(frozen=True, slots=True)
class Track:
    """An invented track on one album."""

    id: str
    name: str
    album: int
    artists: tuple[int, ...]
    disc_number: int
    track_number: int
    duration_ms: int
    explicit: bool
    isrc: str
    popularity: int


@dataclass(frozen=True, slots=True)
class Show:
    """An invented podcast show; ``episodes`` holds indices into :attr:`Catalogue.episodes`."""

    id: str
    name: str
    publisher: str
    description: str
    explicit: bool
    episodes: range


@dataclass(frozen=True, slots=True)
class Episode:
    """An invented episode of one show."""

    id: str
    name: str
    show: int
    description: str
    duration_ms: int
    release_date: str
    explicit: bool


@dataclass(frozen=True, slots=True)
class Audiobook:
    """An invented audiobook."""

    id: str
    name: str
    authors: tuple[str, ...]
    narrators: tuple[str, ...]
    publisher: str
    description: str
    total_chapters: int
    explicit: bool
    #: Indices into :attr:`Catalogue.chapters`, ``total_chapters`` long.
    chapters: range = range(0)


@dataclass(frozen=True, slots=True)
class Chapter:
    """An invented chapter of one audiobook."""

    id: str
    name: str
    audiobook: int
    chapter_number: int
    description: str
    duration_ms: int
    release_date: str
    explicit: bool


@dataclass(frozen=True, slots=True)
class Category:
    """A browse category; ``playlists`` holds IDs of Spotify's editorial playlists."""

    id: str
    name: str
    playlists: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AudioFeatures:
    """Invented audio features of one track (what recommendations filter on)."""

    acousticness: float
    danceability: float
    energy: float
    instrumentalness: float
    key: int
    liveness: float
    loudness: float
    mode: int
    speechiness: float
    tempo: float
    time_signature: int
    valence: float


#: The attributes ``/recommendations`` tunes, with the track's value of each.
TUNABLE: Final = (
    "acousticness", "danceability", "duration_ms", "energy", "instrumentalness", "key",
    "liveness", "loudness", "mode", "popularity", "speechiness", "tempo", "time_signature",
    "valence",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Seed:
    """One seed of a recommendation and the sizes of its pool."""

    kind: Literal["artist", "track", "genre"]
    id: str
    initial: int
    filtered: int


@dataclass(frozen=True, slots=True)
class User:
    """An invented Spotify account."""

    id: str
    display_name: str
    account_id: str
    followers: int
    country: str
    product: str
    email: str


@dataclass(frozen=True, slots=True)
class LocalTrack:
    """A file from a user's own disk, added to a playlist: Spotify knows only its tags."""

    name: str
    artist: str
    album: str
    duration_ms: int


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a playlist: which item, when (Unix seconds) and by whom."""

    kind: EntryKind
    index: int
    added_at: int
    added_by: str


@dataclass(slots=True)
class Playlist:
    """A playlist; mutable, because future routes add, move and remove its entries."""

    id: str
    name: str
    description: str
    owner: str
    public: bool
    collaborative: bool
    collaborators: frozenset[str]
    followers: int
    entries: list[Entry]
    image_sizes: tuple[int | None, ...]
    version: int = 1
    snapshot_id: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.touch(bump=False)

    def copy(self) -> Playlist:
        """Return an independent copy, to change without touching the original."""
        return replace(self, entries=list(self.entries))

    def touch(self, *, bump: bool = True) -> None:
        """Record a change: a new version gets a new snapshot ID (and invalidates caches)."""
        if bump:
            self.version += 1
        digest = hashlib.blake2b(f"{self.id}:{self.version}".encode(), digest_size=24)
        raw = self.version.to_bytes(4, "big") + digest.digest()
        self.snapshot_id = base64.b64encode(raw).decode("ascii")


_ONSETS: Final = (
    "b", "br", "c", "d", "dr", "f", "g", "gl", "h", "j", "k", "l", "m",
    "n", "p", "pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z",
)  # fmt: skip
_VOWELS: Final = ("a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y", "a", "e", "o")
_CODAS: Final = ("", "", "", "n", "r", "l", "s", "th", "m", "x", "nd")
_WORDS: Final = (
    "Night", "River", "Echo", "Gold", "Static", "Summer", "Glass", "Paper", "Electric",
    "Silver", "Neon", "Ghost", "Ocean", "Velvet", "Midnight", "Wild", "Blue", "Fire",
    "Dream", "Signal", "Winter", "Stone", "Satellite", "Garden", "Mirror", "Thunder",
)  # fmt: skip
_GENRES: Final = (
    "indie pop", "synthwave", "folk", "jazz fusion", "ambient", "hip hop", "post-rock",
    "house", "soul", "chamber pop", "shoegaze", "afrobeat",
)  # fmt: skip
_COUNTRIES: Final = ("SE", "GB", "US", "DE", "FR", "BR", "JP", "CA")
_MOODS: Final = ("chill", "focus", "workout", "party", "sleep")
#: Typical range of each tunable attribute: targets weigh distances by it.
_SPREAD: Final = {
    "acousticness": 1.0, "danceability": 1.0, "duration_ms": 300_000.0, "energy": 1.0,
    "instrumentalness": 1.0, "key": 11.0, "liveness": 1.0, "loudness": 20.0, "mode": 1.0,
    "popularity": 100.0, "speechiness": 1.0, "tempo": 110.0, "time_signature": 4.0,
    "valence": 1.0,
}  # fmt: skip
_PROFESSIONS: Final = ("Radio", "Talks", "Hour", "Podcast", "Dispatch", "Review", "Diaries")


class _Names:
    """Invented names from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def word(self) -> str:
        rng = self.rng
        syllables = rng.choice((1, 2, 2, 2))
        text = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
        )
        return text.capitalize()

    def term(self) -> str:
        return self.rng.choice(_WORDS) if self.rng.random() < 0.45 else self.word()

    def title(self, low: int = 1, high: int = 3) -> str:
        return " ".join(self.term() for _ in range(self.rng.randint(low, high)))

    def artist(self) -> str:
        roll = self.rng.random()
        if roll < 0.2:
            return f"The {self.term()}s"
        if roll < 0.6:
            return f"{self.word()} {self.word()}"
        if roll < 0.7:
            return f"{self.word()} & the {self.term()}s"
        return self.word()

    def person(self) -> str:
        return f"{self.word()} {self.word()}"

    def sentence(self) -> str:
        words = [self.term().lower() for _ in range(self.rng.randint(5, 12))]
        return " ".join(words).capitalize() + "."


@functools.lru_cache(maxsize=4)
def catalogue(seed: int) -> Catalogue:
    """Return the catalogue of ``seed``, generated once per process: it never changes."""
    return Catalogue(seed)


class Catalogue:
    """Every invented object of one seed (a few tens of milliseconds to generate).

    Nothing in a catalogue changes after generation, so emulators share it (see
    :func:`catalogue`); :attr:`initial_playlists` are templates each emulator copies.

    Parameters
    ----------
    seed
        The same seed always gives the same catalogue.
    """

    def __init__(self, seed: int) -> None:
        self.seed = seed
        rng = random.Random(seed)
        names = _Names(rng)
        self.artists: tuple[Artist, ...] = tuple(self._make_artists(rng, names))
        albums, tracks = self._make_albums_and_tracks(rng, names)
        self.albums: tuple[Album, ...] = tuple(albums)
        self.tracks: tuple[Track, ...] = tuple(tracks)
        shows, episodes = self._make_shows(rng, names)
        self.shows: tuple[Show, ...] = tuple(shows)
        self.episodes: tuple[Episode, ...] = tuple(episodes)
        self.audiobooks: tuple[Audiobook, ...] = tuple(self._make_audiobooks(rng, names))
        self.users: tuple[User, ...] = tuple(self._make_users(rng, names))
        self.local_tracks: tuple[LocalTrack, LocalTrack] = (
            LocalTrack(names.title(1, 3), names.artist(), names.title(1, 2), 187_000),
            LocalTrack(names.title(1, 3), names.artist(), names.title(1, 2), 241_500),
        )
        # Templates: each emulator's state starts from copies, and only those change.
        self.initial_playlists: tuple[Playlist, ...] = tuple(self._make_playlists(rng, names))
        # Later additions draw from a generator of their own, so everything above stays as
        # it was: more shows and audiobooks (several-IDs gets take 50), chapters.
        extra = random.Random(f"{seed}:catalogue")
        extra_names = _Names(extra)
        shows, episodes = self._make_shows(
            extra, extra_names, N_SHOWS, N_EXTRA_SHOWS, len(self.episodes)
        )
        self.shows += tuple(shows)
        self.episodes += tuple(episodes)
        self.audiobooks += tuple(
            self._make_audiobooks(extra, extra_names, N_AUDIOBOOKS, N_EXTRA_AUDIOBOOKS)
        )
        audiobooks, chapters = self._make_chapters(extra)
        self.audiobooks = tuple(audiobooks)
        self.chapters: tuple[Chapter, ...] = tuple(chapters)

        self.artist_index: dict[str, int] = {a.id: i for i, a in enumerate(self.artists)}
        self.album_index: dict[str, int] = {a.id: i for i, a in enumerate(self.albums)}
        self.track_index: dict[str, int] = {t.id: i for i, t in enumerate(self.tracks)}
        self.show_index: dict[str, int] = {s.id: i for i, s in enumerate(self.shows)}
        self.episode_index: dict[str, int] = {e.id: i for i, e in enumerate(self.episodes)}
        self.audiobook_index: dict[str, int] = {b.id: i for i, b in enumerate(self.audiobooks)}
        self.user_by_id: dict[str, User] = {u.id: u for u in self.users}
        self.chapter_index: dict[str, int] = {c.id: i for i, c in enumerate(self.chapters)}
        self.discographies: tuple[tuple[tuple[int, str], ...], ...] = tuple(
            self._make_discographies()
        )
        self.categories: tuple[Category, ...] = tuple(self._make_categories(extra))
        self.category_index: dict[str, int] = {c.id: i for i, c in enumerate(self.categories)}
        self.markets = MARKETS
        self.genres: tuple[str, ...] = tuple(sorted({g for a in self.artists for g in a.genres}))
        #: Album indices, newest first: what ``/browse/new-releases`` pages.
        self.new_releases: tuple[int, ...] = tuple(
            sorted(range(len(self.albums)), key=lambda a: self.albums[a].release_date)[::-1][
                :N_NEW_RELEASES
            ]
        )

    def _id(self, kind: str, index: int) -> str:
        return make_id(self.seed, kind, index)

    def _make_artists(self, rng: random.Random, names: _Names) -> list[Artist]:
        return [
            Artist(
                id=self._id("artist", i),
                name=names.artist(),
                genres=tuple(rng.sample(_GENRES, rng.randint(0, 3))),
                followers=rng.randint(10, 5_000_000),
                popularity=rng.randint(0, 100),
            )
            for i in range(N_ARTISTS)
        ]

    def _make_albums_and_tracks(
        self, rng: random.Random, names: _Names
    ) -> tuple[list[Album], list[Track]]:
        albums: list[Album] = []
        tracks: list[Track] = []
        labels = [f"{names.word()} Records" for _ in range(12)]
        for a in range(N_ALBUMS):
            # Every artist gets at least one album of their own before the rest are drawn.
            primary = a if a < N_ARTISTS else rng.randrange(N_ARTISTS)
            artists: tuple[int, ...] = (primary,)
            if rng.random() < 0.15:
                artists += (rng.choice([x for x in range(N_ARTISTS) if x != primary]),)
            roll = rng.random()
            if roll < 0.5:
                album_type, count = "album", rng.randint(9, 16)
            elif roll < 0.85:
                album_type, count = "single", rng.randint(1, 4)
            else:
                album_type, count = "compilation", rng.randint(12, 22)
            year = rng.randint(1965, 2025)
            precision = rng.choice(("day", "day", "day", "day", "month", "year"))
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            release = {
                "day": f"{year}-{month:02d}-{day:02d}",
                "month": f"{year}-{month:02d}",
                "year": f"{year}",
            }[precision]
            first = len(tracks)
            discs = 2 if count > 18 else 1
            per_disc = -(-count // discs)
            for n in range(count):
                t = first + n
                track_artists: tuple[int, ...] = artists
                if rng.random() < 0.12:
                    guest = rng.randrange(N_ARTISTS)
                    if guest not in artists:
                        track_artists = (*artists, guest)
                tracks.append(
                    Track(
                        id=self._id("track", t),
                        name=names.title(1, 4),
                        album=a,
                        artists=track_artists,
                        disc_number=n // per_disc + 1,
                        track_number=n % per_disc + 1,
                        duration_ms=rng.randint(90_000, 420_000),
                        explicit=rng.random() < 0.15,
                        isrc=f"ZZEMU{year % 100:02d}{t:05d}",
                        popularity=rng.randint(0, 100),
                    )
                )
            albums.append(
                Album(
                    id=self._id("album", a),
                    name=names.title(1, 3),
                    album_type=album_type,
                    artists=artists,
                    release_date=release,
                    release_date_precision=precision,
                    tracks=range(first, len(tracks)),
                    label=rng.choice(labels),
                    upc=f"{rng.randrange(10**12):012d}",
                    popularity=rng.randint(0, 100),
                )
            )
        return albums, tracks

    def _make_shows(
        self,
        rng: random.Random,
        names: _Names,
        shows_from: int = 0,
        count: int = N_SHOWS,
        episodes_from: int = 0,
    ) -> tuple[list[Show], list[Episode]]:
        shows: list[Show] = []
        episodes: list[Episode] = []
        for s in range(shows_from, shows_from + count):
            first = episodes_from + len(episodes)
            for n in range(rng.randint(6, 18)):
                e = first + n
                episodes.append(
                    Episode(
                        id=self._id("episode", e),
                        name=f"{n + 1}. {names.title(2, 5)}",
                        show=s,
                        description=names.sentence(),
                        duration_ms=rng.randint(600_000, 5_400_000),
                        release_date=(
                            f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-"
                            f"{rng.randint(1, 28):02d}"
                        ),
                        explicit=rng.random() < 0.1,
                    )
                )
            shows.append(
                Show(
                    id=self._id("show", s),
                    name=f"{names.title(1, 2)} {rng.choice(_PROFESSIONS)}",
                    publisher=names.person(),
                    description=names.sentence(),
                    explicit=rng.random() < 0.2,
                    episodes=range(first, episodes_from + len(episodes)),
                )
            )
        return shows, episodes

    def _make_audiobooks(
        self, rng: random.Random, names: _Names, start: int = 0, count: int = N_AUDIOBOOKS
    ) -> list[Audiobook]:
        return [
            Audiobook(
                id=self._id("audiobook", b),
                name=f"The {names.title(1, 3)}",
                authors=tuple(names.person() for _ in range(rng.randint(1, 2))),
                narrators=(names.person(),),
                publisher=f"{names.word()} House",
                description=names.sentence(),
                total_chapters=rng.randint(8, 40),
                explicit=rng.random() < 0.1,
            )
            for b in range(start, start + count)
        ]

    def _make_chapters(self, rng: random.Random) -> tuple[list[Audiobook], list[Chapter]]:
        books: list[Audiobook] = []
        chapters: list[Chapter] = []
        for b, book in enumerate(self.audiobooks):
            first = len(chapters)
            year = rng.randint(2010, 2025)
            release = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            for n in range(book.total_chapters):
                c = first + n
                chapters.append(
                    Chapter(
                        id=self._id("chapter", c),
                        # Cheap names: an audiobook has many chapters, and generation must stay
                        # fast.
                        name=f"Chapter {n + 1}: {rng.choice(_WORDS)} {rng.choice(_WORDS)}",
                        audiobook=b,
                        chapter_number=n + 1,
                        description=f"Chapter {n + 1} of {book.name}.",
                        duration_ms=rng.randint(300_000, 3_600_000),
                        release_date=release,
                        explicit=book.explicit,
                    )
                )
            books.append(replace(book, chapters=range(first, len(chapters))))
        return books, chapters

    def _make_categories(self, rng: random.Random) -> list[Category]:
        editorial = [p.id for p in self.initial_playlists if p.owner == SPOTIFY_USER_ID]
        found = [Category("toplists", "Top Lists", tuple(editorial))]
        for name in (*_MOODS, *_GENRES):
            key = re.sub(r"[^a-z0-9]", "", name.lower())
            chosen = rng.sample(editorial, rng.randint(1, min(4, len(editorial))))
            found.append(Category(key, name.title(), tuple(chosen)))
        return found

    # Derived data, built on first use (most emulators never ask) ------------------------

    @functools.cached_property
    def audio_features(self) -> tuple[AudioFeatures, ...]:
        """Invented audio features of every track, in track order."""
        rng = random.Random(f"{self.seed}:features")
        r = rng.random
        return tuple(
            AudioFeatures(
                acousticness=round(r(), 4),
                danceability=round(r(), 3),
                energy=round(r(), 3),
                instrumentalness=round(r() ** 3, 4),
                key=rng.randrange(12),
                liveness=round(r() * 0.6, 3),
                loudness=round(-20 + 17 * r(), 3),
                mode=rng.randrange(2),
                speechiness=round(r() * 0.4, 4),
                tempo=round(70 + 110 * r(), 3),
                time_signature=rng.choice((3, 4, 4, 4, 4, 5)),
                valence=round(r(), 3),
            )
            for _ in self.tracks
        )

    def tunable(self, track: int, attribute: str) -> float:
        """The value of one of :data:`TUNABLE` for a track."""
        if attribute in ("popularity", "duration_ms"):
            value: float = getattr(self.tracks[track], attribute)
            return value
        found: float = getattr(self.audio_features[track], attribute)
        return found

    def audio_analysis(self, track: int) -> dict[str, Any]:
        """An invented audio analysis of a track, as Spotify's JSON (without any links)."""
        t = self.tracks[track]
        f = self.audio_features[track]
        rng = random.Random(f"{self.seed}:analysis:{track}")
        duration = t.duration_ms / 1000
        beat = 60 / f.tempo

        def intervals(step: float) -> list[dict[str, float]]:
            count = int(duration / step)
            return [
                {
                    "start": round(n * step, 5),
                    "duration": round(step, 5),
                    "confidence": round(rng.random(), 3),
                }
                for n in range(count)
            ]

        bounds = sorted(rng.sample(range(10, max(11, int(duration) - 10)), 6))
        edges = [0.0, *map(float, bounds), duration]
        sections = [
            {
                "start": round(start, 5),
                "duration": round(end - start, 5),
                "confidence": round(rng.random(), 3),
                "loudness": round(f.loudness + rng.uniform(-3, 3), 3),
                "tempo": round(f.tempo + rng.uniform(-2, 2), 3),
                "tempo_confidence": round(rng.random(), 3),
                "key": (f.key + rng.choice((0, 0, 0, 5, 7))) % 12,
                "key_confidence": round(rng.random(), 3),
                "mode": f.mode,
                "mode_confidence": round(rng.random(), 3),
                "time_signature": f.time_signature,
                "time_signature_confidence": round(rng.random(), 3),
            }
            for start, end in itertools.pairwise(edges)
        ]
        segments = []
        start = 0.0
        while start < duration:
            length = min(rng.uniform(0.2, 0.6), duration - start)
            peak = f.loudness + rng.uniform(-6, 4)
            segments.append(
                {
                    "start": round(start, 5),
                    "duration": round(length, 5),
                    "confidence": round(rng.random(), 3),
                    "loudness_start": round(peak - rng.uniform(3, 15), 3),
                    "loudness_max": round(peak, 3),
                    "loudness_max_time": round(rng.uniform(0, length), 5),
                    "loudness_end": 0,
                    "pitches": [round(rng.random(), 3) for _ in range(12)],
                    "timbre": [round(rng.uniform(-100, 100), 3) for _ in range(12)],
                }
            )
            start += length
        confidence = round(rng.random(), 3)
        return {
            "meta": {
                "analyzer_version": "4.0.0",
                "platform": "Linux",
                "detailed_status": "OK",
                "status_code": 0,
                "timestamp": 1_500_000_000 + track,
                "analysis_time": round(rng.uniform(2, 9), 5),
                "input_process": "libvorbisfile L+R 44100->22050",
            },
            "track": {
                "num_samples": int(duration * 22050),
                "duration": duration,
                "sample_md5": "",
                "offset_seconds": 0,
                "window_seconds": 0,
                "analysis_sample_rate": 22050,
                "analysis_channels": 1,
                "end_of_fade_in": round(rng.uniform(0, 2), 5),
                "start_of_fade_out": round(duration - rng.uniform(0, 8), 5),
                "loudness": f.loudness,
                "tempo": f.tempo,
                "tempo_confidence": confidence,
                "time_signature": f.time_signature,
                "time_signature_confidence": confidence,
                "key": f.key,
                "key_confidence": confidence,
                "mode": f.mode,
                "mode_confidence": confidence,
                "codestring": "",
                "code_version": 3.15,
                "echoprintstring": "",
                "echoprint_version": 4.12,
                "synchstring": "",
                "synch_version": 1.0,
                "rhythmstring": "",
                "rhythm_version": 1.0,
            },
            "bars": intervals(beat * f.time_signature),
            "beats": intervals(beat),
            "sections": sections,
            "segments": segments,
            "tatums": intervals(beat / 2),
        }

    @functools.cached_property
    def artist_tracks(self) -> tuple[tuple[int, ...], ...]:
        """Each artist's tracks, most popular first."""
        found: list[list[int]] = [[] for _ in self.artists]
        for t, track in enumerate(self.tracks):
            for a in track.artists:
                found[a].append(t)
        return tuple(
            tuple(sorted(ts, key=lambda t: (-self.tracks[t].popularity, t))) for ts in found
        )

    def top_tracks(self, artist: int) -> tuple[int, ...]:
        """The artist's ten most popular tracks."""
        return self.artist_tracks[artist][:10]

    @functools.cached_property
    def related_artists(self) -> tuple[tuple[int, ...], ...]:
        """Up to 20 artists related to each: sharing genres first, then co-credited ones."""
        together: list[set[int]] = [set() for _ in self.artists]
        for track in self.tracks:
            for a in track.artists:
                together[a].update(track.artists)
        related = []
        for i, artist in enumerate(self.artists):
            mine, near = set(artist.genres), together[i]
            ranked = sorted(
                (
                    -len(mine.intersection(other.genres)),
                    -(j in near),
                    -other.popularity,
                    j,
                )
                for j, other in enumerate(self.artists)
                if j != i and (j in near or mine.intersection(other.genres))
            )
            related.append(tuple(r[-1] for r in ranked[:20]))
        return tuple(related)

    def recommend(
        self,
        artists: list[int],
        genres: list[str],
        tracks: list[int],
        tuning: dict[str, float],
        limit: int,
    ) -> tuple[list[int], list[Seed]]:
        """Tracks for the seeds, filtered and ordered by ``tuning``, and the seeds' pools.

        ``tuning`` maps ``min_<attribute>``, ``max_<attribute>`` and ``target_<attribute>``
        (of :data:`TUNABLE`) to values: tracks outside a minimum or maximum are left out,
        and targets order the rest by closeness (popularity first without any target).
        """

        def keep(t: int) -> bool:
            for name, value in tuning.items():
                kind, _, attribute = name.partition("_")
                if kind == "min" and self.tunable(t, attribute) < value:
                    return False
                if kind == "max" and self.tunable(t, attribute) > value:
                    return False
            return True

        pools: list[tuple[Seed, list[int]]] = []
        for a in artists:
            pool = list(self.artist_tracks[a])
            pools.append((Seed("artist", self.artists[a].id, len(pool), 0), pool))
        for genre in genres:
            pool = [t for a, x in enumerate(self.artists) if genre in x.genres
                    for t in self.artist_tracks[a]]  # fmt: skip
            pools.append((Seed("genre", genre, len(pool), 0), pool))
        for t in tracks:
            # A track seeds its artists' other tracks, and those of artists sharing a genre.
            near = {g for a in self.tracks[t].artists for g in self.artists[a].genres}
            pool = [
                u
                for a, x in enumerate(self.artists)
                if a in self.tracks[t].artists or near.intersection(x.genres)
                for u in self.artist_tracks[a]
                if u != t
            ]
            pools.append((Seed("track", self.tracks[t].id, len(pool), 0), pool))
        seeds: list[Seed] = []
        chosen: dict[int, None] = {}
        for seed, pool in pools:
            kept = [t for t in dict.fromkeys(pool) if keep(t)]
            seeds.append(replace(seed, filtered=len(kept)))
            chosen.update(dict.fromkeys(kept))
        targets = {n[7:]: v for n, v in tuning.items() if n.startswith("target_")}

        def order(t: int) -> tuple[float, int]:
            if not targets:
                return (-self.tracks[t].popularity, t)
            return (sum(abs(self.tunable(t, a) - v) / _SPREAD[a] for a, v in targets.items()), t)

        return sorted(chosen, key=order)[:limit], seeds

    def _make_users(self, rng: random.Random, names: _Names) -> list[User]:
        users: list[User] = []
        taken: set[str] = set()
        for u in range(N_USERS):
            if u == 0:
                user_id, display = SPOTIFY_USER_ID, "Spotify"
            elif u == 1:
                user_id, display = DEFAULT_USER_ID, "Emulator Listener"
            else:
                user_id = ""
                while not user_id or user_id in taken:
                    display = names.person()
                    user_id = f"{display.split()[0].lower()}{rng.randint(10, 99)}"
            taken.add(user_id)
            users.append(
                User(
                    id=user_id,
                    display_name=display,
                    account_id=self._id("account", u)[:10],
                    followers=rng.randint(0, 2_000),
                    country=rng.choice(_COUNTRIES),
                    # The draw is kept so every other user stays as it was; the default
                    # listener has Premium, which the player demands.
                    product=_product(rng.choice(("premium", "premium", "free")), u),
                    email=f"{user_id}@example.com",
                )
            )
        return users

    def _entries(
        self,
        rng: random.Random,
        count: int,
        adders: tuple[str, ...],
        *,
        episodes: int = 0,
        local: int = -1,
    ) -> list[Entry]:
        start = rng.randint(1_450_000_000, 1_700_000_000)
        entries = [
            Entry("track", rng.randrange(len(self.tracks)), start + n * 3_607, rng.choice(adders))
            for n in range(count)
        ]
        for n in range(episodes):
            position = min(len(entries), 2 + n * 4)
            entries.insert(
                position,
                Entry(
                    "episode", rng.randrange(len(self.episodes)), start + 17 + n, rng.choice(adders)
                ),
            )
        if local >= 0:
            entries.insert(min(len(entries), 5), Entry("local", local, start + 99, adders[0]))
        return entries

    def _make_playlists(self, rng: random.Random, names: _Names) -> list[Playlist]:
        default, spotify = DEFAULT_USER_ID, SPOTIFY_USER_ID
        others = [u.id for u in self.users[2:]]
        friend = others[0]
        # (owner, public, collaborative, collaborators, size, episodes, local track)
        plans: list[tuple[str, bool, bool, tuple[str, ...], int, int, int]] = [
            (default, True, False, (), 25, 0, -1),
            (default, False, False, (), 12, 0, -1),
            (default, False, True, (friend,), 30, 0, -1),
            (default, True, False, (), 20, 3, 0),
            (default, True, False, (), 130, 0, -1),
            (default, True, False, (), 0, 0, -1),
            (friend, False, True, (default,), 18, 1, 1),
            (friend, True, False, (), 40, 0, -1),
            (spotify, True, False, (), 50, 0, -1),
            (spotify, True, False, (), 50, 0, -1),
            (spotify, True, False, (), 75, 0, -1),
            (spotify, True, False, (), 50, 2, -1),
        ]
        while len(plans) < 20:
            owner = rng.choice(others)
            plans.append((owner, rng.random() < 0.75, False, (), rng.randint(0, 60), 0, -1))
        playlists: list[Playlist] = []
        for p, (owner, public, collaborative, collaborators, size, episodes, local) in enumerate(
            plans
        ):
            adders = (owner, *collaborators)
            entries = self._entries(rng, size, adders, episodes=episodes, local=local)
            if not entries:
                images: tuple[int | None, ...] = ()
            elif owner == spotify or rng.random() < 0.5:
                images = (640, 300, 60)
            else:
                images = (None,)  # an uploaded cover: Spotify knows no size for it
            playlists.append(
                Playlist(
                    id=self._id("playlist", p),
                    name=names.title(1, 4),
                    description=names.sentence() if rng.random() < 0.6 else "",
                    owner=owner,
                    public=public,
                    collaborative=collaborative,
                    collaborators=frozenset(collaborators),
                    followers=rng.randint(0, 50_000),
                    entries=entries,
                    image_sizes=images,
                )
            )
        # Repeats tracks: a stride coprime to the catalogue size spreads them out.
        n_tracks = len(self.tracks)
        stride = next(s for s in range(7919, 2 * 7919) if _coprime(s, n_tracks))
        start = 1_600_000_000
        playlists.append(
            Playlist(
                id=BIG_PLAYLIST_ID,
                name="Ten Thousand Tracks",
                description="Every page of this playlist, for paging and benchmarks.",
                owner=spotify,
                public=True,
                collaborative=False,
                collaborators=frozenset(),
                followers=1_234_567,
                entries=[
                    Entry("track", (i * stride) % n_tracks, start + i * 60, spotify)
                    for i in range(BIG_PLAYLIST_SIZE)
                ],
                image_sizes=(640, 300, 60),
            )
        )
        return playlists

    def _make_discographies(self) -> list[tuple[tuple[int, str], ...]]:
        """Each artist's albums as (album index, album group), in Spotify's order."""
        groups: list[dict[int, str]] = [{} for _ in self.artists]
        for a, album in enumerate(self.albums):
            for artist in album.artists:
                groups[artist][a] = album.album_type
            for t in album.tracks:
                for artist in self.tracks[t].artists:
                    groups[artist].setdefault(a, "appears_on")
        order = {"album": 0, "single": 1, "compilation": 2, "appears_on": 3}
        result: list[tuple[tuple[int, str], ...]] = []
        for found in groups:
            by_date = sorted(
                found.items(), key=lambda x: self.albums[x[0]].release_date, reverse=True
            )
            result.append(tuple(sorted(by_date, key=lambda x: order[x[1]])))
        return result


def _product(drawn: str, user_index: int) -> str:
    return "premium" if user_index == 1 else drawn


def _coprime(a: int, b: int) -> bool:
    return math.gcd(a, b) == 1
