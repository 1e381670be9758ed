"""Audiobooks: ``GET /audiobooks/{id}``, ``GET /audiobooks/{id}/chapters``, ``GET /audiobooks``."""

from __future__ import annotations

from msgspec import Raw

from spotipy.emulator._params import ids, market, paging
from spotipy.emulator._routing import CATALOGUE, Context, web_api
from spotipy.emulator.routes._common import kept_query, lookup, several

__all__: list[str] = []


@web_api.get("/audiobooks/{id}", cache=CATALOGUE, query=(market(),))
def get_audiobook(ctx: Context) -> bytes:
    """Answer an AudiobookObject with its first page of chapters."""
    return ctx.render.audiobook(lookup(ctx.state.catalogue.audiobook_index, ctx.params["id"]))


@web_api.get("/audiobooks/{id}/chapters", cache=CATALOGUE, query=(market(), paging(20, 50)))
def get_audiobook_chapters(ctx: Context) -> bytes:
    """Answer a page of the audiobook's SimplifiedChapterObjects."""
    catalogue = ctx.state.catalogue
    book = catalogue.audiobooks[lookup(catalogue.audiobook_index, ctx.params["id"])]
    limit: int = ctx.args["limit"]
    offset: int = ctx.args["offset"]
    return ctx.render.page(
        f"/audiobooks/{book.id}/chapters",
        [Raw(ctx.render.chapter_simple(c)) for c in book.chapters[offset:][:limit]],
        total=len(book.chapters),
        offset=offset,
        limit=limit,
        query=kept_query(ctx),
    )


@web_api.get("/audiobooks", cache=CATALOGUE, deprecated=True, query=(ids(50), market()))
def get_several_audiobooks(ctx: Context) -> bytes:
    """Answer several AudiobookObjects, ``null`` for unknown IDs."""
    return several(ctx, "audiobooks", ctx.state.catalogue.audiobook_index, ctx.render.audiobook)
