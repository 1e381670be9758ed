"""What travels in and out of :meth:`Emulator.handle`: headers, responses, the request log."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, overload

__all__ = [
    "Disconnect",
    "EmulatorResponse",
    "Headers",
    "RecordedRequest",
    "RequestLog",
]

Disconnect = Literal["read", "connect"]
"""How a scripted fault breaks the connection: after the request was read, or before."""


class Headers(Mapping[str, str]):
    """Case-insensitive, read-only request headers; repeated names are joined with ", ".

    Parameters
    ----------
    raw
        A mapping or a list of ``(name, value)`` pairs.
    """

    __slots__ = ("_items",)

    def __init__(self, raw: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        pairs = raw.items() if isinstance(raw, Mapping) else raw
        items: dict[str, str] = {}
        for name, value in pairs:
            key = name.lower()
            items[key] = f"{items[key]}, {value}" if key in items else value
        self._items = items

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        shown = {k: ("[redacted]" if k == "authorization" else v) for k, v in self._items.items()}
        return f"Headers({shown!r})"


@dataclass(frozen=True, slots=True)
class EmulatorResponse:
    """An answer of the emulator, independent of any transport.

    Attributes
    ----------
    status
        HTTP status code.
    headers
        Response headers in order, names in lower case.
    body
        The encoded body.
    delay
        Seconds an adapter waits before answering (scripted latency).
    disconnect
        When set, an adapter breaks the connection instead of answering.
    """

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    delay: float = 0.0
    disconnect: Disconnect | None = None

    def header(self, name: str) -> str | None:
        """Return the first header called ``name`` (any case), or ``None``."""
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the emulator received it.

    Attributes
    ----------
    method
        HTTP method in upper case.
    url
        The absolute URL.
    path
        The URL's path, e.g. ``/v1/albums/...``.
    query
        Query parameters; a repeated name keeps its last value.
    headers
        Case-insensitive request headers.
    body
        The raw request body.
    """

    method: str
    url: str
    path: str
    query: dict[str, str]
    headers: Headers
    body: bytes

    def __repr__(self) -> str:
        # Tokens, codes and secrets travel in headers, bodies and queries: only the
        # method and path are shown (a test log must not leak them).
        return f"<RecordedRequest {self.method} {self.path}>"


class RequestLog(Sequence[RecordedRequest]):
    """The most recent requests, oldest first, so tests can assert what a client sent.

    Parameters
    ----------
    maxlen
        How many requests to keep; a long-running server forgets the oldest.
    """

    def __init__(self, maxlen: int = 100_000) -> None:
        self._items: deque[RecordedRequest] = deque(maxlen=maxlen)

    def append(self, request: RecordedRequest) -> None:
        """Record a request."""
        self._items.append(request)

    def clear(self) -> None:
        """Forget every recorded request."""
        self._items.clear()

    @overload
    def __getitem__(self, index: int) -> RecordedRequest: ...

    @overload
    def __getitem__(self, index: slice) -> list[RecordedRequest]: ...

    def __getitem__(self, index: int | slice) -> RecordedRequest | list[RecordedRequest]:
        if isinstance(index, slice):
            return list(self._items)[index]
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(list(self._items))

    def __repr__(self) -> str:
        return f"RequestLog({len(self)} requests)"
