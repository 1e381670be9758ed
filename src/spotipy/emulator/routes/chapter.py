"""Chapters of audiobooks: ``GET /chapters/{id}`` and ``GET /chapters``."""

from __future__ import annotations

from spotipy.emulator._params import ids, market
from spotipy.emulator._routing import CATALOGUE, Context, web_api
from spotipy.emulator.routes._common import lookup, several

__all__: list[str] = []


@web_api.get("/chapters/{id}", cache=CATALOGUE, query=(market(),))
def get_chapter(ctx: Context) -> bytes:
    """Answer a ChapterObject, with its audiobook."""
    return ctx.render.chapter(lookup(ctx.state.catalogue.chapter_index, ctx.params["id"]))


@web_api.get("/chapters", cache=CATALOGUE, deprecated=True, query=(ids(50), market()))
def get_several_chapters(ctx: Context) -> bytes:
    """Answer several ChapterObjects, ``null`` for unknown IDs."""
    return several(ctx, "chapters", ctx.state.catalogue.chapter_index, ctx.render.chapter)
