"""The model base class and the decoding helper every response goes through."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any, Literal, TypeVar, overload

import msgspec

from spotipy import serialise

__all__ = ["Model", "Saved", "UnknownItem", "decode"]

T = TypeVar("T")

# One decoder per type: building a decoder walks the whole type tree, decoding with
# one is pure C.  Keys are classes or generic aliases (``OffsetPaging[FullTrack]``,
# ``list[FullTrack]``), which hash and compare by value.  A race between threads at
# worst builds a decoder twice.
_decoders: dict[Any, msgspec.json.Decoder[Any]] = {}


def use_decoder(type_: Any, found: Any) -> None:
    """Decode ``type_`` with ``found`` (anything with msgspec's ``decode(bytes)``) from now
    on: a model's own fast path (``PlaylistTrackPaging``'s)."""
    _decoders[type_] = found


def decoder(type_: Any) -> msgspec.json.Decoder[Any]:
    """Return the cached JSON decoder of ``type_``, building it on first use."""
    try:
        return _decoders[type_]
    except KeyError:
        pass
    # Lax mode: numbers sent as strings ("50") or integral floats (50.0) still decode.
    new = msgspec.json.Decoder(type_, strict=False)
    _decoders[type_] = new
    return new


def decode(content: bytes, type_: type[T]) -> T:
    """Decode JSON bytes into ``type_`` (a model class, generic alias or container).

    Parameters
    ----------
    content
        A JSON document, such as a response body.
    type_
        What to decode into, e.g. ``FullTrack``, ``OffsetPaging[SimpleTrack]`` or
        ``list[FullArtist]``.

    Raises
    ------
    msgspec.ValidationError
        The JSON does not have the shape of ``type_``.
    msgspec.DecodeError
        ``content`` is not JSON.
    """
    try:
        dec = _decoders[type_]
    except KeyError:
        dec = decoder(type_)
    result: T = dec.decode(content)
    return result


class Model(msgspec.Struct, kw_only=True, repr_omit_defaults=True, gc=False):
    """Base of every response model.

    Models are :class:`msgspec.Struct` classes: fast to decode, compared by value,
    with a readable ``repr`` that leaves out fields at their defaults.  Fields
    Spotify may omit or send as null default to ``None``; fields Spotify does not
    document are ignored.  ``str(model)`` is the model as compact JSON.

    Models are left out of the cyclic garbage collector (msgspec's ``gc=False``): a
    model decoded from JSON cannot be part of a reference cycle, and a bulk read of
    thousands of them then costs the collector nothing.  Their reference counts still
    free them as usual.  A program that mutates models into a cycle (a model put into
    a list that the model itself holds) leaks that cycle: keep such links outside the
    models, in dicts keyed by ID.
    """

    def asbuiltin(self) -> dict[str, Any]:
        """Convert to dicts, lists and scalars (timestamps as ISO 8601 strings)."""
        result: dict[str, Any] = serialise.to_builtins(self)
        return result

    def asdict(self) -> dict[str, Any]:
        """Convert to a dict of the fields, recursively, as the 2020 spotipy API did.

        Nested models become dicts and lists of models lists of dicts; enumeration
        members and timestamps stay objects (:meth:`asbuiltin` makes them strings).
        Unlike :func:`msgspec.structs.asdict`, nested models are converted too.
        """
        return _asdict(self)

    def json(self, *, indent: int | None = None) -> str:
        """Encode as JSON text; ``indent`` spaces per level for pretty output."""
        return serialise.to_json(self, indent=indent)

    @overload
    def pprint(
        self,
        *,
        indent: int = ...,
        compact: bool = ...,
        file: IO[str] | None = ...,
        as_string: Literal[False] = ...,
    ) -> None: ...
    @overload
    def pprint(
        self,
        *,
        indent: int = ...,
        compact: bool = ...,
        file: IO[str] | None = ...,
        as_string: Literal[True],
    ) -> str: ...
    def pprint(
        self,
        *,
        indent: int = 2,
        compact: bool = False,
        file: IO[str] | None = None,
        as_string: bool = False,
    ) -> str | None:
        """Print as indented JSON, or return the text with ``as_string=True``.

        See :func:`spotipy.serialise.pprint` for the parameters.
        """
        if as_string:
            return serialise.pprint(self, indent=indent, compact=compact, as_string=True)
        serialise.pprint(self, indent=indent, compact=compact, file=file)
        return None

    def __str__(self) -> str:
        return serialise.to_json(self)


def timestamp(value: object) -> datetime | None:
    """Turn a decoded timestamp field into an aware datetime, or ``None``.

    Spotify sends ``2020-01-01T00:00:00Z``.  Anything unparseable becomes
    ``None`` rather than failing the whole response; a naive time is taken as UTC.
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return None


def is_null(value: object) -> bool:
    """Tell whether a field holds nothing: absent (``None``) or a raw JSON ``null``."""
    if value is None:
        return True
    return isinstance(value, msgspec.Raw) and len(value) == 4 and bytes(value) == b"null"


class Saved(Model, kw_only=True):
    """Base of the wrappers of items in the user's library.

    Attributes
    ----------
    added_at
        When the item was saved, in UTC; ``None`` if Spotify does not say.
    """

    if TYPE_CHECKING:
        added_at: datetime | None = None
    else:
        # Decoded as whatever was sent, then parsed: a malformed timestamp must not
        # fail the whole page.
        added_at: Any = None

    def __post_init__(self) -> None:
        self.added_at = timestamp(self.added_at)


class UnknownItem(dict[str, Any]):
    """An item that decodes as none of its documented types (logged when it is made).

    Spotify may add item types (a playlist item that is neither a track, an episode nor
    a local file), and an item may not match its documented shape.  Rather than fail the
    whole page or list, such an item is kept as the plain dict Spotify sent, with the
    identifying fields also readable as attributes.
    """

    @property
    def id(self) -> str | None:
        """Spotify ID, if the item has one."""
        return _str_or_none(self.get("id"))

    @property
    def uri(self) -> str | None:
        """Spotify URI, if the item has one."""
        return _str_or_none(self.get("uri"))

    @property
    def name(self) -> str | None:
        """Name, if the item has one."""
        return _str_or_none(self.get("name"))

    @property
    def type(self) -> str | None:
        """Object type as sent by Spotify."""
        return _str_or_none(self.get("type"))

    def __repr__(self) -> str:
        return f"UnknownItem({dict.__repr__(self)})"


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _asdict(struct: msgspec.Struct) -> dict[str, Any]:
    return {name: _unstruct(getattr(struct, name)) for name in struct.__struct_fields__}


def _unstruct(value: Any) -> Any:
    if isinstance(value, msgspec.Struct):
        return _asdict(value)
    if isinstance(value, list):
        return [_unstruct(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_unstruct(v) for v in value)
    if isinstance(value, dict):
        return {k: _unstruct(v) for k, v in value.items()}
    return value
