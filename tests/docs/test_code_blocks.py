"""Every ```python block of the documentation runs, page by page, against the emulator.

How a page is run (contributors: ``docs/contributing.md`` says the same):

- Each ```python (or ```py) block of ``docs/**/*.md`` runs in the page's order, all the
  blocks of one page in one namespace, so a later block may use an earlier one's names.
- The library is pointed at a fresh emulator served on a loopback socket for each page, as a
  user would point it elsewhere: ``SPOTIPY_API_URL``, ``SPOTIPY_ACCOUNTS_URL``,
  ``SPOTIPY_CLIENT_ID``, ``SPOTIPY_CLIENT_SECRET`` and ``SPOTIPY_REDIRECT_URI`` (a free
  loopback port, registered with the emulator) are set.  The emulator approves
  authorisations at once for its default user, and ``webbrowser.open`` is a stand-in
  browser that follows the authorisation URL and requests the redirect, so
  ``util.prompt_for_user_token`` works unattended.
- The names a page may take for granted are in :func:`given_names` (``client_id``,
  ``client_secret``, ``redirect_uri``, ``token``, ``app_token``, ``user_token``,
  ``artist_id``, ``album_id``, ``track_id``, ``playlist_id``, ``user_id``, ``filename``,
  ``server``); everything else a block must define itself.  The working directory is a
  temporary folder.
- A block that cannot run (a browser or a real server is needed, it is an excerpt) is
  preceded by ``<!-- no-run: the reason -->``; each such block is reported as a skipped
  test with its reason, and their number is capped by :data:`MAX_SKIPPED`.
- Other fences (``sh``, ``ini``, ``text`` ...) are never run.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import webbrowser
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from spotipy.emulator import DEFAULT_USER_ID, Emulator, Server, serve
from tests.util.test_prompt import Browser, loopback_uri

DOCS = Path(__file__).resolve().parents[2] / "docs"

#: At most this many python blocks may be marked ``no-run`` over the whole site.
MAX_SKIPPED = 12

#: Seconds one page's blocks may take together.
PAGE_TIMEOUT = 20

NO_RUN = re.compile(r"^\s*<!--\s*no-run\s*(?::\s*(?P<reason>.*?))?\s*-->\s*$")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
PYTHON = frozenset({"python", "py"})


@dataclass(frozen=True)
class Block:
    """One fenced python block of a page."""

    page: str
    line: int  # of the first line of code, 1-based
    code: str
    skip: str | None  # the reason of a no-run marker


def blocks_of(path: Path, root: Path = DOCS) -> list[Block]:
    """The python blocks of a Markdown file, in order (fences may be indented)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    page = path.relative_to(root).as_posix()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if match is None:
            i += 1
            continue
        indent, fence = match["indent"], match["fence"]
        language = (match["info"].strip().split() or [""])[0].lstrip(".{").lower()
        start = i + 1
        end = start
        while end < len(lines) and not (
            lines[end].strip().startswith(fence) and lines[end].strip().strip(fence[0]) == ""
        ):
            end += 1
        if language in PYTHON:
            body = [
                line[len(indent) :] if line.startswith(indent) else line
                for line in lines[start:end]
            ]
            previous = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
            marker = NO_RUN.match(previous)
            skip = None
            if marker is not None:
                skip = marker["reason"] or ""
            found.append(Block(page, start + 1, "\n".join(body) + "\n", skip))
        i = end + 1
    return found


def all_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "_scripts" not in p.parts)


def all_blocks() -> list[Block]:
    return [block for page in all_pages() for block in blocks_of(page)]


def pages_with_code() -> list[str]:
    return sorted({b.page for b in all_blocks() if b.skip is None})


# -- the run -------------------------------------------------------------------------


@pytest.fixture
def page_server() -> Iterator[Server]:
    """A fresh emulator for each page: one page's writes never reach the next."""
    with serve(Emulator(seed=0, auto_approve=DEFAULT_USER_ID)) as running:
        yield running


def given_names(server: Server, redirect_uri: str, folder: Path) -> dict[str, Any]:
    """The names the docs' examples take for granted, made for the page's emulator."""
    from spotipy import Credentials

    emulator = server.emulator
    credentials = Credentials(emulator.client_id, emulator.client_secret)
    app_token = credentials.request_client_token()
    catalogue = emulator.catalogue
    filename = folder / "app.ini"
    filename.write_text(
        "[DEFAULT]\n"
        f"SPOTIPY_CLIENT_ID={emulator.client_id}\n"
        f"SPOTIPY_CLIENT_SECRET={emulator.client_secret}\n"
        f"SPOTIPY_REDIRECT_URI={redirect_uri}\n",
        encoding="utf-8",
    )
    return {
        "__name__": "__docs__",
        "client_id": emulator.client_id,
        "client_secret": emulator.client_secret,
        "redirect_uri": redirect_uri,
        "token": app_token,
        "app_token": app_token,
        "user_token": emulator.user_token(
            DEFAULT_USER_ID,
            [
                "user-read-private",
                "user-library-read",
                "user-library-modify",
                "playlist-read-private",
                "playlist-modify-private",
                "playlist-modify-public",
                "user-read-playback-state",
                "user-modify-playback-state",
            ],
        ),
        "artist_id": catalogue.artist_ids[0],
        "album_id": catalogue.album_ids[0],
        "track_id": catalogue.track_ids[0],
        "playlist_id": "37i9dQZEVXbMDoHDwVN2tF",
        "user_id": DEFAULT_USER_ID,
        "filename": str(filename),
        "server": server,
    }


class PageTimeout(Exception):
    """A page's blocks ran longer than :data:`PAGE_TIMEOUT`."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise PageTimeout(f"the page's blocks took longer than {PAGE_TIMEOUT} s")


@pytest.mark.parametrize("page", pages_with_code())
def test_page_blocks_run(
    page: str, page_server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = page_server.emulator
    redirect_uri = loopback_uri(emulator)
    monkeypatch.setenv("SPOTIPY_API_URL", page_server.api_url)
    monkeypatch.setenv("SPOTIPY_ACCOUNTS_URL", page_server.accounts_url)
    monkeypatch.setenv("SPOTIPY_CLIENT_ID", emulator.client_id)
    monkeypatch.setenv("SPOTIPY_CLIENT_SECRET", emulator.client_secret)
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", redirect_uri)
    monkeypatch.delenv("SPOTIPY_USER_REFRESH", raising=False)
    monkeypatch.setattr(webbrowser, "open", Browser())
    monkeypatch.chdir(tmp_path)
    namespace = given_names(page_server, redirect_uri, tmp_path)
    blocks = [b for b in blocks_of(DOCS / page) if b.skip is None]
    assert blocks
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(PAGE_TIMEOUT)
    try:
        for block in blocks:
            # Line numbers of tracebacks are the page's own.
            source = "\n" * (block.line - 1) + block.code
            code = compile(source, f"docs/{block.page}", "exec", dont_inherit=True)
            exec(code, namespace)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        _close_clients(namespace)


def _close_clients(namespace: dict[str, Any]) -> None:
    """Close what a page left open (clients, senders), so no socket outlives the test."""
    for value in list(namespace.values()):
        close = getattr(value, "close", None)
        if callable(close) and type(value).__module__.startswith("spotipy.sender"):
            with contextlib.suppress(Exception):  # a sender that is already closed
                close()


SKIPPED = [b for b in all_blocks() if b.skip is not None]


@pytest.mark.parametrize("block", SKIPPED, ids=[f"{b.page}:{b.line}" for b in SKIPPED])
def test_no_run_block(block: Block) -> None:
    """Each block marked no-run is reported as a skip, with the marker's reason."""
    assert block.skip, f"docs/{block.page}:{block.line}: a no-run marker needs a reason"
    pytest.skip(f"docs/{block.page}:{block.line} not run: {block.skip}")


def test_few_blocks_are_skipped() -> None:
    blocks = all_blocks()
    ran = [b for b in blocks if b.skip is None]
    assert len(ran) >= 20, "the docs' examples were not found"
    assert len(SKIPPED) <= MAX_SKIPPED, [f"{b.page}:{b.line}" for b in SKIPPED]


# -- the extractor itself ----------------------------------------------------------------


def test_extractor_reads_fences_markers_and_indents(tmp_path: Path) -> None:
    page = tmp_path / "probe.md"
    text = (
        "# Probe\n\n```python\na = 1\n```\n\n```sh\nmake docs\n```\n\n"
        "<!-- no-run: needs a browser -->\n\n```python\nb = a\n```\n\n"
        "!!! note\n    ```py\n    c = 2\n    ```\n\n~~~~python\nd = '```'\n~~~~\n"
    )
    page.write_text(text, encoding="utf-8")
    found = blocks_of(page, tmp_path)
    assert [(b.line, b.code, b.skip) for b in found] == [
        (4, "a = 1\n", None),
        (14, "b = a\n", "needs a browser"),
        (19, "c = 2\n", None),
        (23, "d = '```'\n", None),
    ]


def test_a_failing_block_fails_with_the_page_line() -> None:
    source = "\n" * 6 + "raise RuntimeError('boom')\n"
    with pytest.raises(RuntimeError) as caught:
        exec(compile(source, "docs/probe.md", "exec"), {})
    assert caught.traceback[-1].lineno == 6  # 0-based: the page's line 7
    assert os.fspath(caught.traceback[-1].path) == "docs/probe.md"
