"""The emulator behind :class:`httpx.MockTransport`, for sync and async clients alike."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

import httpx

from spotipy.emulator._wire import EmulatorResponse

if TYPE_CHECKING:
    from spotipy.emulator._core import Emulator

__all__ = ["EmulatorTransport"]


class EmulatorTransport(httpx.MockTransport):
    """Answer httpx requests from an :class:`Emulator`, honouring scripted faults.

    Latency sleeps (``time.sleep`` for sync clients, ``asyncio.sleep`` for async ones); a
    dropped connection raises :class:`httpx.ReadError`, a failed connect
    :class:`httpx.ConnectError`, as a real transport would.

    Parameters
    ----------
    emulator
        The emulator to ask.
    """

    def __init__(self, emulator: Emulator) -> None:
        super().__init__(self._answer)
        self.emulator = emulator

    def _ask(self, request: httpx.Request) -> EmulatorResponse:
        return self.emulator.handle(
            request.method, str(request.url), request.headers.multi_items(), request.content
        )

    def _answer(self, request: httpx.Request) -> httpx.Response:
        return self._convert(request, self._ask(request))

    @staticmethod
    def _convert(request: httpx.Request, answer: EmulatorResponse) -> httpx.Response:
        if answer.disconnect == "connect":
            raise httpx.ConnectError("emulator: scripted connection failure", request=request)
        if answer.disconnect == "read":
            raise httpx.ReadError("emulator: scripted dropped connection", request=request)
        return httpx.Response(
            answer.status, headers=answer.headers, content=answer.body, request=request
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer a sync client's request."""
        request.read()
        answer = self._ask(request)
        if answer.delay:
            time.sleep(answer.delay)
        return self._convert(request, answer)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer an async client's request without blocking its event loop."""
        await request.aread()
        answer = self._ask(request)
        if answer.delay:
            await asyncio.sleep(answer.delay)
        return self._convert(request, answer)
