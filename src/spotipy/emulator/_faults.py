"""Scripted faults: rate limits, server errors, broken bodies, latency and dropped connections."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

__all__ = ["Fault", "Faults"]


@dataclass(slots=True)
class Fault:
    """One scripted fault; see :meth:`Faults.add` for the meaning of each field.

    Attributes
    ----------
    hits
        How many requests this fault has met so far.
    """

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    method: str | None = None
    path: str | None = None
    times: int | None = 1
    drop: bool = False
    connect_fail: bool = False
    latency: float = 0.0
    after_handling: bool = False
    hits: int = 0

    @property
    def replaces_response(self) -> bool:
        """Tell whether the fault answers in place of the emulator (else it only delays)."""
        return self.status is not None or self.body is not None or self.drop or self.connect_fail

    @property
    def exhausted(self) -> bool:
        """Tell whether the fault has met all the requests it was meant for."""
        return self.times is not None and self.hits >= self.times

    def matches(self, method: str, path: str) -> bool:
        """Tell whether the fault applies to ``method path``."""
        if self.method is not None and self.method.upper() != method:
            return False
        return self.path is None or path.startswith(self.path)


class Faults:
    """Faults waiting for requests, consumed in the order they were added.

    A request meets the first waiting fault whose method and path prefix fit it.
    """

    def __init__(self) -> None:
        self._waiting: list[Fault] = []
        self._lock = threading.Lock()

    def add(
        self,
        *,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
        body: bytes | str | None = None,
        method: str | None = None,
        path: str | None = None,
        times: int | None = 1,
        drop: bool = False,
        connect_fail: bool = False,
        latency: float = 0.0,
        after_handling: bool = False,
    ) -> Fault:
        """Script a fault for the next matching request(s).

        Parameters
        ----------
        status
            Answer with this status.  Without ``body`` the body is Spotify's error object for
            the status (OAuth's on the accounts service); with only ``body``, 200.
        headers
            Extra response headers, e.g. ``{"Retry-After": "2"}``.
        body
            Answer with exactly these bytes (still labelled JSON), e.g. ``b"<html>"``.
        method
            Only requests with this method.
        path
            Only requests whose path starts with this, e.g. ``/v1/artists`` or ``/api/token``.
        times
            How many matching requests meet the fault; ``None`` for every one.
        drop
            Break the connection after the request was sent: the mock transport raises
            :class:`httpx.ReadError`, the socket server closes the connection mid-response.
        connect_fail
            Fail as if the server could not be reached: the mock transport raises
            :class:`httpx.ConnectError` (the socket server can only close the connection).
        latency
            Seconds to wait before answering (or breaking the connection).
        after_handling
            Handle the request first (so its changes happen), then answer with the fault:
            how a test proves a client must not replay a non-idempotent request.

        Returns
        -------
        Fault
            The scripted fault; its ``hits`` count the requests it met.
        """
        if times is not None and times < 1:
            raise ValueError("times must be at least 1, or None for every request")
        if status is not None and not 100 <= status <= 599:
            raise ValueError(f"status {status} is not an HTTP status")
        if drop and connect_fail:
            raise ValueError("a fault either drops the connection or fails to connect")
        if connect_fail and after_handling:
            raise ValueError("a request that never connected cannot have been handled")
        if latency < 0:
            raise ValueError("latency cannot be negative")
        fault = Fault(
            status=status,
            headers=dict(headers or {}),
            body=body.encode() if isinstance(body, str) else body,
            method=method.upper() if method else None,
            path=path,
            times=times,
            drop=drop,
            connect_fail=connect_fail,
            latency=latency,
            after_handling=after_handling,
        )
        if not fault.replaces_response and not latency:
            raise ValueError("a fault needs a status, body, drop, connect_fail or latency")
        with self._lock:
            self._waiting.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """Consume one use of the first fault that fits ``method path``, if any."""
        with self._lock:
            for fault in self._waiting:
                if fault.matches(method, path):
                    fault.hits += 1
                    if fault.exhausted:
                        self._waiting.remove(fault)
                    return fault
        return None

    def clear(self) -> None:
        """Forget every waiting fault."""
        with self._lock:
            self._waiting.clear()

    def __len__(self) -> int:
        return len(self._waiting)

    def __iter__(self) -> Iterator[Fault]:
        with self._lock:
            return iter(list(self._waiting))
