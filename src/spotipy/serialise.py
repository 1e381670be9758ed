"""Turn models into plain Python objects and JSON, and print them readably.

Every model of :mod:`spotipy.model` is a :class:`msgspec.Struct`; the functions
here also accept lists and dicts of models and plain builtins.  Timestamps
come out as ISO 8601 strings in UTC (``2020-01-01T00:00:00Z``) and enumeration
members as their string values, so the output is plain JSON that decodes back
into an equal model::

    >>> from spotipy.model import Image
    >>> from spotipy.serialise import to_json
    >>> to_json(Image(url="https://i.scdn.co/image/ab", height=64, width=64))
    '{"url":"https://i.scdn.co/image/ab","height":64,"width":64}'

To rebuild a model, decode its JSON: ``decode(to_json(m).encode(), type(m)) == m``.
(``msgspec.convert`` from builtins does not rebuild playlist entries and playback
items, whose raw item is resolved while decoding JSON, nor tracks, albums, shows and
audiobooks, whose market lists are.)
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from enum import StrEnum
from typing import IO, Any, Literal, overload

import msgspec

__all__ = [
    "JSONEncoder",
    "SerialisableEnum",
    "Timestamp",
    "pprint",
    "to_builtins",
    "to_json",
]


class SerialisableEnum(StrEnum):
    """Base of the model enumerations: members are strings.

    A member compares equal to its value (``AlbumType.album == "album"``), so
    a model field declared as ``str`` can be compared with members directly, and
    a value Spotify adds later never fails to decode.  Lookup by value ignores
    case: ``AlbumType("Album") is AlbumType.album``.
    """

    @classmethod
    def _missing_(cls, value: object) -> SerialisableEnum | None:
        if isinstance(value, str):
            folded = value.casefold()
            for member in cls:
                if member.value.casefold() == folded:
                    return member
        return None


class Timestamp(datetime):
    """A UTC :class:`~datetime.datetime` whose ``str()`` is Spotify's format.

    Models hold ordinary aware datetimes; this class parses and prints the
    ``YYYY-MM-DDTHH:MM:SSZ`` form Spotify uses for ``added_at`` and
    ``played_at``.
    """

    _formats = ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ")

    @classmethod
    def from_string(cls, text: str) -> Timestamp:
        """Parse ``YYYY-MM-DDTHH:MM:SSZ``, optionally with fractional seconds.

        Raises
        ------
        ValueError
            If ``text`` is in neither format.
        """
        for format_ in cls._formats:
            try:
                parsed = datetime.strptime(text, format_)
            except ValueError:
                continue
            return cls.from_datetime(parsed)
        raise ValueError(f"not a Spotify timestamp: {text!r}")

    @classmethod
    def from_datetime(cls, value: datetime) -> Timestamp:
        """Convert a datetime; a naive one is taken to be in UTC."""
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return cls(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            tzinfo=UTC,
        )

    def __str__(self) -> str:
        return self.strftime("%Y-%m-%dT%H:%M:%SZ")


def _enc_hook(obj: Any) -> Any:
    # msgspec encodes exact datetimes only; a subclass such as Timestamp is turned
    # into a plain one, which then gets the usual ``...Z`` form.
    if isinstance(obj, datetime):
        return datetime(
            obj.year,
            obj.month,
            obj.day,
            obj.hour,
            obj.minute,
            obj.second,
            obj.microsecond,
            tzinfo=obj.tzinfo,
        )
    raise TypeError(f"cannot serialise objects of type {type(obj).__name__}")


_encoder = msgspec.json.Encoder(enc_hook=_enc_hook)


def to_builtins(model: object) -> Any:
    """Convert a model (or list or dict of models) to dicts, lists and scalars.

    Timestamps become ISO 8601 strings and enumeration members their values.
    """
    return msgspec.to_builtins(model, enc_hook=_enc_hook)


def to_json(model: object, indent: int | None = None) -> str:
    """Encode a model (or list or dict of models) as a JSON string.

    Parameters
    ----------
    model
        What to encode.
    indent
        Spaces per level for pretty output; ``None`` gives the compact form.

    Returns
    -------
    str
        JSON text that :func:`spotipy.model.decode` turns back into an equal model.
    """
    data = _encoder.encode(model)
    if indent is not None:
        data = msgspec.json.format(data, indent=indent)
    return data.decode()


def _drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


@overload
def pprint(
    model: object,
    *,
    indent: int = ...,
    compact: bool = ...,
    file: IO[str] | None = ...,
    as_string: Literal[False] = ...,
) -> None: ...
@overload
def pprint(
    model: object,
    *,
    indent: int = ...,
    compact: bool = ...,
    file: IO[str] | None = ...,
    as_string: Literal[True],
) -> str: ...
def pprint(
    model: object,
    *,
    indent: int = 2,
    compact: bool = False,
    file: IO[str] | None = None,
    as_string: bool = False,
) -> str | None:
    """Print a model as indented JSON, or return that text.

    Parameters
    ----------
    model
        What to print: a model, or a list or dict of models.
    indent
        Spaces per nesting level.
    compact
        Leave out fields whose value is null, for a shorter read.
    file
        Where to print; standard output by default.
    as_string
        Return the text instead of printing it.
    """
    data = _encoder.encode(_drop_nulls(to_builtins(model)) if compact else model)
    text = msgspec.json.format(data, indent=indent).decode()
    if as_string:
        return text
    print(text, file=sys.stdout if file is None else file)
    return None


class JSONEncoder(json.JSONEncoder):
    """A :class:`json.JSONEncoder` that also encodes models, timestamps and enums.

    For code that builds JSON with the standard library, e.g.
    ``json.dumps({"track": track}, cls=JSONEncoder)``.
    """

    def default(self, o: Any) -> Any:
        """Convert what :mod:`json` cannot encode by itself."""
        if isinstance(o, msgspec.Struct | datetime):
            return to_builtins(o)
        return super().default(o)
