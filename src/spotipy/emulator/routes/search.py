"""Search: ``GET /search`` over names, with Spotify's field filters."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final

from msgspec import Raw, json

from spotipy.emulator._catalogue import Catalogue
from spotipy.emulator._params import enum, market, paging
from spotipy.emulator._render import Renderer
from spotipy.emulator._routing import CATALOGUE, ApiError, Context, web_api
from spotipy.emulator.routes._common import kept_query
from spotipy.emulator.state import State

#: Result types in the order Spotify lists them in the response.
TYPES: Final = ("album", "artist", "playlist", "track", "show", "episode", "audiobook")
_FILTERS: Final = frozenset({"artist", "album", "track", "year", "genre", "isrc", "upc", "tag"})
_TOKEN: Final = re.compile(r'(?:([A-Za-z]+):)?(?:"([^"]*)"|(\S+))')
_YEARS: Final = re.compile(r"([0-9]{4})(?:-([0-9]{4}))?")
#: Largest offset search serves.
MAX_OFFSET: Final = 1000


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search string: words that must appear in the name, and field filters."""

    words: tuple[str, ...]
    filters: tuple[tuple[str, str], ...]

    @classmethod
    def parse(cls, text: str) -> Query:
        """Split ``text`` into lower-cased words and ``field:value`` filters."""
        words: list[str] = []
        filters: list[tuple[str, str]] = []
        for field, quoted, bare in _TOKEN.findall(text):
            value = (quoted or bare).lower()
            if field.lower() in _FILTERS:
                filters.append((field.lower(), value))
            elif field:
                words.append(f"{field.lower()}:{value}")
            elif value:
                words.append(value)
        return cls(tuple(words), tuple(filters))

    def names_match(self, name: str) -> bool:
        """Tell whether every word is part of ``name``, ignoring case."""
        lowered = name.lower()
        return all(w in lowered for w in self.words)


def _contains(value: str, names: Iterable[str]) -> bool:
    return any(value in n.lower() for n in names)


def _in_years(value: str, date: str) -> bool:
    found = _YEARS.fullmatch(value)
    if found is None:
        return False
    low = int(found.group(1))
    high = int(found.group(2) or low)
    return low <= int(date[:4]) <= high


#: A field filter: does ``item`` (of the catalogue) pass ``field:value``?
Field = Callable[[Catalogue, Any, str], bool]


def _artist_names(cat: Catalogue, artists: Iterable[int]) -> Iterable[str]:
    return (cat.artists[a].name for a in artists)


def _genres(cat: Catalogue, artists: Iterable[int]) -> Iterable[str]:
    return (g for a in artists for g in cat.artists[a].genres)


#: The filters each type knows; a filter a type does not know lets nothing through.
_TRACK_FIELDS: Final[dict[str, Field]] = {
    "artist": lambda c, t, v: _contains(v, _artist_names(c, t.artists)),
    "album": lambda c, t, v: v in c.albums[t.album].name.lower(),
    "track": lambda c, t, v: v in t.name.lower(),
    "year": lambda c, t, v: _in_years(v, c.albums[t.album].release_date),
    "genre": lambda c, t, v: any(v in g for g in _genres(c, t.artists)),
    "isrc": lambda c, t, v: v == t.isrc.lower(),
}
_ALBUM_FIELDS: Final[dict[str, Field]] = {
    "artist": lambda c, a, v: _contains(v, _artist_names(c, a.artists)),
    "album": lambda c, a, v: v in a.name.lower(),
    "year": lambda c, a, v: _in_years(v, a.release_date),
    "upc": lambda c, a, v: v == a.upc,
    # tag:new and tag:hipster narrow by age and popularity; all albums pass here.
    "tag": lambda c, a, v: True,
}
_ARTIST_FIELDS: Final[dict[str, Field]] = {
    "artist": lambda c, a, v: v in a.name.lower(),
    "genre": lambda c, a, v: any(v in g for g in a.genres),
    # An artist has no year: the filter lets every artist through.
    "year": lambda c, a, v: True,
}


def _matching(
    cat: Catalogue, items: Iterable[Any], q: Query, fields: dict[str, Field]
) -> list[int]:
    """Indices of the items whose name matches and that pass every filter."""
    return [
        i
        for i, item in enumerate(items)
        if q.names_match(item.name)
        and all(field in fields and fields[field](cat, item, value) for field, value in q.filters)
    ]


def _names_only(names: Iterable[tuple[Any, str]], q: Query) -> list[Any]:
    # The other types know no field filters: a filter leaves nothing to find.
    if q.filters:
        return []
    return [key for key, name in names if q.names_match(name)]


Finder = Callable[[State, Query], list[Any]]
Render = Callable[[Renderer, Any], bytes]

#: For each type: what matches (indices, or playlists) and how one match is encoded.
_FINDERS: Final[dict[str, tuple[Finder, Render]]] = {
    "album": (
        lambda s, q: _matching(s.catalogue, s.catalogue.albums, q, _ALBUM_FIELDS),
        Renderer.album_simple,
    ),
    "artist": (
        lambda s, q: _matching(s.catalogue, s.catalogue.artists, q, _ARTIST_FIELDS),
        Renderer.artist,
    ),
    "playlist": (
        lambda s, q: _names_only(((p, p.name) for p in s.playlists.values() if p.public), q),
        Renderer.playlist_simple,
    ),
    "track": (
        lambda s, q: _matching(s.catalogue, s.catalogue.tracks, q, _TRACK_FIELDS),
        Renderer.track,
    ),
    "show": (
        lambda s, q: _names_only(((i, x.name) for i, x in enumerate(s.catalogue.shows)), q),
        Renderer.show_simple,
    ),
    "episode": (
        lambda s, q: _names_only(((i, x.name) for i, x in enumerate(s.catalogue.episodes)), q),
        Renderer.episode_simple,
    ),
    "audiobook": (
        lambda s, q: _names_only(((i, x.name) for i, x in enumerate(s.catalogue.audiobooks)), q),
        Renderer.audiobook_simple,
    ),
}


@web_api.get(
    "/search",
    cache=CATALOGUE,
    query=(
        market(),
        enum("include_external", ("audio",)),
        paging(default=5, maximum=10, max_offset=MAX_OFFSET),
    ),
)
def search(ctx: Context) -> bytes:
    """Answer one paging object per requested type."""
    # Spotify writes the query back as "query" in its paging links; both names work.
    text = ctx.query.get("q", ctx.query.get("query", "")).strip()
    if not text:
        raise ApiError(400, "No search query")
    raw_types = ctx.query.get("type")
    if not raw_types:
        raise ApiError(400, "Missing parameter type")
    types = [t.strip() for t in raw_types.split(",")]
    for kind in types:
        if kind not in _FINDERS:
            raise ApiError(400, f"Bad search type field {kind}")
    limit: int = ctx.args["limit"]
    offset: int = ctx.args["offset"]
    query = Query.parse(text)
    result: dict[str, Raw] = {}
    for kind in TYPES:
        if kind not in types:
            continue
        find, render = _FINDERS[kind]
        found = find(ctx.state, query)
        items: list[Any] = [Raw(render(ctx.render, key)) for key in found[offset:][:limit]]
        if kind == "playlist" and ctx.state.options.search_playlist_nulls:
            items = [None if (offset + n) % 4 == 1 else x for n, x in enumerate(items)]
        carried = kept_query(
            ctx, drop=("q", "query", "type"), first=(("query", text), ("type", kind))
        )
        result[f"{kind}s"] = Raw(
            ctx.render.page(
                "/search",
                items,
                total=len(found),
                offset=offset,
                limit=limit,
                query=carried,
                max_offset=MAX_OFFSET,
            )
        )
    return json.encode(result)
