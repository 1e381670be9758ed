"""Every python block of the README and the docs type-checks, under mypy --strict and pyright.

The blocks are the ones ``test_code_blocks`` runs (the same extraction); a docs page's
blocks form one module, in order, as they run in one namespace; each README block is a
module of its own (the README's examples stand alone).  The names a page may take for
granted (:func:`tests.docs.test_code_blocks.given_names`) are declared, with their types,
in a stub every module star-imports: :data:`GIVEN`.  Blocks marked ``no-run`` (excerpts of
the source, code needing a browser, a proxy or Redis) are left out, each reported as a
skipped test with its marker's reason.

Two more modules ride along: :data:`SEARCH` pins what type checkers see of ``search``
(positional and keyword ``types``, sync and async), and :data:`CANARY` holds one error
each checker must report, so a run that checked nothing cannot pass.

mypy runs through its API with ``--strict`` (no project configuration); pyright is the
one ``make pyright`` installs into ``.pyright/`` (``make test`` installs it before the
tests run), in strict mode; without it the pyright test skips, saying so.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.docs.test_code_blocks import DOCS, Block, all_pages, blocks_of

ROOT = Path(__file__).resolve().parents[2]
PYRIGHT = ROOT / ".pyright" / "node_modules" / ".bin" / "pyright"

#: The names the docs take for granted (``given_names``), as a stub.  ``token`` and
#: ``app_token`` are app tokens, ``user_token`` a bearer string; pages may rebind them.
GIVEN = """\
from spotipy.auth import AccessToken, Token
from spotipy.emulator import Server
from spotipy.util import RefreshingToken

client_id: str
client_secret: str
redirect_uri: str
token: Token | RefreshingToken | AccessToken
app_token: Token | RefreshingToken | AccessToken
user_token: str | Token | RefreshingToken | AccessToken
artist_id: str
album_id: str
track_id: str
playlist_id: str
user_id: str
filename: str
server: Server
"""

#: The README's testing example calls the function docs/testing.md defines.
README_GIVEN = """\
from spotipy import Spotify
from spotipy.client import Sync

def my_export(spotify: Spotify[Sync], playlist_id: str) -> list[str]: ...
"""

#: What type checkers must see of ``search``: the exact paging, by position or keyword.
SEARCH = """\
from collections.abc import Awaitable
from typing import Any, assert_type

from spotipy import Spotify
from spotipy.client import Async, Sync
from spotipy.model import (
    FullArtistOffsetPaging, FullTrackPaging, OffsetPaging, SimpleAlbumPaging, SimpleShowPaging,
)


def sync(spotify: Spotify[Sync]) -> None:
    tracks, = spotify.search("blue", types=("track",), limit=10)
    assert_type(tracks, FullTrackPaging)
    assert_type(spotify.search("blue", ("track",), limit=10), tuple[FullTrackPaging])
    assert_type(spotify.search("blue", types="album"), tuple[SimpleAlbumPaging])
    assert_type(spotify.search(query="blue", types=("show",)), tuple[SimpleShowPaging])
    assert_type(spotify.search("blue"), tuple[FullTrackPaging])
    artists = spotify.search("blue", types=("artist",), market="SE")
    assert_type(artists, tuple[FullArtistOffsetPaging])
    assert_type(spotify.search("q", types=("track", "album")), tuple[OffsetPaging[Any], ...])


async def asynchronous(spotify: Spotify[Async]) -> None:
    found = spotify.search("blue", types=("track",), limit=10)
    assert_type(found, Awaitable[tuple[FullTrackPaging]])
    tracks, = await found
    assert_type(tracks, FullTrackPaging)
    assert_type(await spotify.search("blue", ("artist",)), tuple[FullArtistOffsetPaging])
"""

#: One error every checker reports: the proof that the files were checked.
CANARY = 'from spotipy import Spotify\n\nSpotify("token").album(42)\n'


@dataclass
class Module:
    """One file given to the checkers, and where each of its lines comes from."""

    name: str
    text: str = "from _given import *  # noqa: F403\n"
    origin: list[str] = field(default_factory=lambda: ["(preamble)"])

    def add(self, block: Block) -> None:
        lines = block.code.splitlines()
        self.text += "\n".join(lines) + "\n"
        self.origin += [f"{_label(block.page)}:{block.line + i}" for i in range(len(lines))]

    def where(self, line: int) -> str:
        """The page and line of the module's 1-based ``line``."""
        return self.origin[line - 1] if 0 < line <= len(self.origin) else f"{self.name}:{line}"


def _label(page: str) -> str:
    return page if page == "README.md" else f"docs/{page}"


def _pages() -> list[tuple[Path, Path]]:
    return [(ROOT / "README.md", ROOT)] + [(page, DOCS) for page in all_pages()]


def _modules() -> tuple[list[Module], list[Block]]:
    modules: list[Module] = []
    skipped: list[Block] = []
    for path, root in _pages():
        blocks = blocks_of(path, root)
        skipped += [b for b in blocks if b.skip is not None]
        runnable = [b for b in blocks if b.skip is None]
        if root == ROOT:
            for n, block in enumerate(runnable):
                module = Module(f"readme_{n}")
                module.text += "from _readme_given import *  # noqa: F403\n"
                module.origin.append("(preamble)")
                module.add(block)
                modules.append(module)
        elif runnable:
            module = Module("page_" + re.sub(r"\W", "_", path.relative_to(root).as_posix()[:-3]))
            for block in runnable:
                module.add(block)
            modules.append(module)
    return modules, skipped


MODULES, SKIPPED = _modules()
SPECIAL = {"search_types": SEARCH, "canary": CANARY}


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the modules, the stub of given names and the special modules."""
    folder = tmp_path_factory.mktemp("typed_examples")
    (folder / "_given.pyi").write_text(GIVEN, encoding="utf-8")
    (folder / "_readme_given.pyi").write_text(README_GIVEN, encoding="utf-8")
    for module in MODULES:
        (folder / f"{module.name}.py").write_text(module.text, encoding="utf-8")
    for name, text in SPECIAL.items():
        (folder / f"{name}.py").write_text(text, encoding="utf-8")
    return folder


def _report(errors: dict[str, list[tuple[int, str]]]) -> tuple[list[str], list[str], list[str]]:
    """Split a checker's errors into the examples', search's and the canary's."""
    by_name = {m.name: m for m in MODULES}
    examples = [
        f"{by_name[name].where(line)}: {message}"
        for name, found in errors.items()
        if name in by_name
        for line, message in found
    ]
    search = [f"search_types:{line}: {message}" for line, message in errors.get("search_types", [])]
    canary = [message for _, message in errors.get("canary", [])]
    unknown = sorted(set(errors) - set(by_name) - set(SPECIAL))
    assert not unknown, f"errors in files that are not examples: {unknown}"
    return examples, search, canary


def test_examples_were_found() -> None:
    assert any(m.name.startswith("readme_") for m in MODULES)
    assert sum(len(m.origin) for m in MODULES) > 200  # lines of example code


def test_mypy_strict(checked: Path) -> None:
    from mypy import api

    empty = checked / "mypy.ini"
    empty.write_text("[mypy]\n", encoding="utf-8")
    files = sorted(str(p) for p in checked.glob("*.py"))
    out, err, _ = api.run(
        ["--strict", "--python-version", "3.11", "--config-file", str(empty),
         "--cache-dir", str(checked / ".mypy_cache"), "--no-error-summary",
         "--show-error-codes", "--hide-error-context", *files]
    )  # fmt: skip
    assert not err.strip(), err
    errors: dict[str, list[tuple[int, str]]] = {}
    for line in out.splitlines():
        found = re.match(r"(.+?)\.py:(\d+): (error|note): (.*)", line)
        assert found is not None, line
        if found[3] == "error":
            errors.setdefault(Path(found[1]).name, []).append((int(found[2]), found[4]))
    examples, search, canary = _report(errors)
    assert canary, "mypy reported nothing in the canary: the files were not checked"
    assert not search, "\n".join(search)
    assert not examples, f"{len(examples)} errors:\n" + "\n".join(examples)


def test_pyright_strict(checked: Path) -> None:
    if not PYRIGHT.exists():
        pytest.skip("pyright is not installed: `make pyright` installs it into .pyright/")
    config = {
        "pythonVersion": "3.11",
        "typeCheckingMode": "strict",
        "include": ["."],
        # The README and the errors page call deprecated operations on purpose, to show
        # ExtendedQuotaRequired: a user's editor marks them (a warning, not an error).
        "reportDeprecated": "warning",
        # A page's blocks each import what they use; joined, imports repeat.
        "reportDuplicateImport": "none",
    }
    (checked / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    # pyright finds the installed spotipy through the python on PATH (this venv's).
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        [str(PYRIGHT), "--outputjson", "-p", str(checked)],
        cwd=checked, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    report = json.loads(done.stdout)
    errors: dict[str, list[tuple[int, str]]] = {}
    for diagnostic in report["generalDiagnostics"]:
        if diagnostic["severity"] != "error":
            continue
        name = Path(diagnostic["file"]).stem
        line = diagnostic["range"]["start"]["line"] + 1
        errors.setdefault(name, []).append((line, diagnostic["message"].splitlines()[0]))
    examples, search, canary = _report(errors)
    assert canary, "pyright reported nothing in the canary: the files were not checked"
    assert not search, "\n".join(search)
    assert not examples, f"{len(examples)} errors:\n" + "\n".join(examples)


@pytest.mark.parametrize("block", SKIPPED, ids=[f"{_label(b.page)}:{b.line}" for b in SKIPPED])
def test_no_run_blocks_are_not_type_checked(block: Block) -> None:
    """Each block marked no-run is reported as a skip, with the marker's reason."""
    assert block.skip, f"{_label(block.page)}:{block.line}: a no-run marker needs a reason"
    pytest.skip(f"{_label(block.page)}:{block.line} not type-checked: {block.skip}")
