"""Browse categories."""

from __future__ import annotations

from spotipy.model._base import Model
from spotipy.model.member import Image
from spotipy.model.paging import OffsetPaging

__all__ = ["Category", "CategoryPaging"]


class Category(Model, kw_only=True):
    """A browse category.

    Attributes
    ----------
    id
        Category ID.
    name
        Name of the category.
    href
        Web API link to the category.
    icons
        Icons of the category.
    """

    id: str
    name: str
    href: str | None = None
    icons: list[Image] | None = None


class CategoryPaging(OffsetPaging[Category], kw_only=True):
    """Offset paging of browse categories."""
