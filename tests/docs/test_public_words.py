"""No public text says "seed" for the 2020 spotipy API.

Users never saw that design document: the built site (pages and reference), the help of
every command of the ``spotipy`` tool, and the demo's help and output say "the 2020
spotipy API" or name the method.  "seed" stays where it means something to a user: the
emulator's random ``seed`` (``Emulator(seed=0)``, ``--seed``) and Spotify's
recommendation seeds (``seed_artists``, ``RecommendationSeed`` ...), each allowed use
spelled out below.
"""

from __future__ import annotations

import ast
import html
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from spotipy.cli._app import cli

ROOT = Path(__file__).resolve().parents[2]

#: The uses of "seed" that are not the 2020 design document, matched on text whose
#: whitespace is collapsed to single spaces.
ALLOWED = [
    # Spotify's recommendation seeds: names of the API and the models.
    r"\bseed_(?:artists|tracks|genres)\b",
    r"\brecommendation_genre_seeds\b",
    r"/recommendations/available-genre-seeds\b",
    r"\bRecommendationSeed\b",
    r"\bSeed(?:Ids|Genres)\b",
    r"\bMAX_SEEDS\b",
    # ... and the words of their docstrings.
    r"\brecommended from seed artists, genres and tracks\b",
    r"\bWith no seed or more than 5 in all\b",
    r"\bgenres that may seed recommendations\b",
    r"\bthe seeds they came from\b",
    r"\bSeed (?:artists|genres|tracks)\b",
    r"\bRecommendations seeds tracks\b",  # the reference's table of contents
    r"\bseeds list\[RecommendationSeed\] \| None The seeds\.",
    r"\bseeds(?: class-attribute)?(?: instance-attribute)?(?: ¶)? seeds: list\b",
    r"\bseeds The seeds\b",
    r"\bID of the seed artist or track\b",
    r"\bWeb API link to the seed\b",
    r"\bOne seed of a recommendation\b",
    r"\bthe recommendation genre seeds\b",
    r"\bgenre seed(?:s|['\u2019]s)?\b",  # /recommendations/available-genre-seeds' answers
    # The emulator's random seed: its parameter, attribute and option.
    r"\bseed ?= ?\d+\b",
    r"\bseed: int\b",
    r"--seed(?: SEED)?\b",
    r"\bseed = seed\b",
    r"\bcatalogue\(seed\)",
    r"\bspotify_emulator\.seed\b",
    r"\bseed instance-attribute\b",
    r"\bseed int Seed of the invented catalogue; equal seeds give equal data\b",
    r"\b[Ss]eed of the invented catalogue\b",
    r"\bthe same seed gives the same\b",
    r"\bhashed base62 IDs from a seed\b",
    r"\bthe catalogue of a seed\b",
    r"\bA new seed pays\b|\bwith a new seed pays\b",
    r"\bprofile, seed, client_id\b",
    r"\bprofile seed client_id\b",  # the reference's table of contents
    r"\(profile, seed, auto_approve, \.\.\.\)",
]
_ALLOWED = re.compile("|".join(f"(?:{pattern})" for pattern in ALLOWED))


def seed_words(text: str) -> list[str]:
    """Each "seed" of ``text`` that no allowed use explains, with some context."""
    text = " ".join(text.split())
    left = _ALLOWED.sub(lambda m: "_" * len(m.group()), text)
    return [text[max(0, m.start() - 60) : m.end() + 40] for m in re.finditer("(?i)seed", left)]


def test_the_check_finds_the_2020_meaning_and_passes_the_allowed_ones() -> None:
    assert seed_words("the seed's name for playlist_items()") != []
    assert seed_words("The seed's story, told for real") != []
    assert seed_words("Seeds of old") != []
    assert seed_words("Emulator(seed=0) and seed_artists= and RecommendationSeed") == []
    assert seed_words("Emulator(seed=0) but the seed had it") != []


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPOTIPY_")}
    env["COLUMNS"] = "100"
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, env=env
    )


def page_text(path: Path) -> str:
    """The text of an HTML page: inline tags dropped, others made spaces, entities decoded."""
    text = re.sub(INLINE, "", path.read_text(encoding="utf-8"))
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


#: Tags inside a line of text (highlighted code is a span per token).
INLINE = re.compile(r"</?(?:span|code|a|em|strong|b|i|small|abbr|kbd|mark)\b[^>]*>")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site, built into a temporary folder."""
    folder = tmp_path_factory.mktemp("docs") / "site"
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert built.returncode == 0, built.stderr
    return folder


def test_the_built_site_says_no_seed(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert site / "reference" / "client" / "index.html" in pages
    found = {
        str(page.relative_to(site)): words
        for page in pages
        if (words := seed_words(page_text(page)))
    }
    assert found == {}


def test_the_reference_shows_how_to_close_clients_and_senders(site: Path) -> None:
    client = (site / "reference" / "client" / "index.html").read_text(encoding="utf-8")
    for name in ("close", "aclose", "__enter__", "__exit__", "__aenter__", "__aexit__"):
        assert f'id="spotipy.client.SpotifyBase.{name}"' in client, name
    # The page opens with prose, before the constructor's overloads.
    text = page_text(site / "reference" / "client" / "index.html")
    body = text[text.index("Spotify, the client") :]
    assert body.index("Closing a client") < body.index("Spotify(", body.index("Closing a client"))
    prose = client.index("holds a token, a sender")
    assert prose < client.index('id="spotipy.Spotify"')
    assert prose < client.index("overload")
    assert "async with Spotify(token, asynchronous=True) as spotify" in text
    sender = (site / "reference" / "sender" / "index.html").read_text(encoding="utf-8")
    for name in ("Sender.__enter__", "Sender.__exit__", "AsyncSender.__aenter__"):
        assert f'id="spotipy.sender.{name}"' in sender, name
    assert 'id="spotipy.sender.AsyncSender.__aexit__"' in sender


def docstrings(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of every docstring of a module: its own, its classes' and functions'."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            text = ast.get_docstring(node, clean=False)
            if text:
                line = node.body[0].lineno if node.body else 1
                yield line, text


#: Further uses in docstrings that the site does not show (private modules, the emulator's
#: internals): recommendation seeds and the emulator's random seed, each named.
DOCSTRING_ALLOWED = re.compile(
    "|".join(
        f"(?:{pattern})"
        for pattern in [
            # Recommendation seeds.
            r"\bSeed IDs, URIs or URLs\b",
            r"\ball seeds go in one request\b",
            r"\bGenre seeds\b",
            r"\bchecked seed lists\b",
            r"\b1 to 5 seeds\b",
            r"\bthe seeds'? (?:tracks|pools)\b",
            r"\bTracks for the seeds\b",
            r"\brecommendation seeds\b",
            r"\bgenres that seed recommendations\b",
            r"\beach seed's pool sizes\b",
            r"\bartist and track seeds\b",
            r'"Invalid seed"',
            r"\bgenre seeds nothing\b",
            # The emulator's random seed.
            r"\bmade up from the seed\b",
            r"\bhashed from the seed\b",
            r"\bwith the same seed\b",
            r"\bfrom seed, kind and index\b",
            r"\ba seeded generator\b",
            r"\bcatalogue of ``seed``",
            r"\bobject of one seed\b",
            r"\bseed The same seed always gives\b",
            r"\bseed Seed of the invented catalogue\b",  # Parameters: name, then text
            r"\bequal seeds give equal data\b",
            r"\bthe same per seed\b",
        ]
    )
)


def test_no_docstring_of_the_package_says_seed() -> None:
    # help() and editors show every docstring, the private modules' included.
    found = {
        f"{path.relative_to(ROOT)}:{line}": words
        for path in sorted((ROOT / "src" / "spotipy").rglob("*.py"))
        for line, text in docstrings(path)
        if (words := seed_words(DOCSTRING_ALLOWED.sub("_", " ".join(text.split()))))
    }
    assert found == {}


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The path of every command under ``group``, the group itself first."""
    paths = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            paths += command_paths(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


@pytest.mark.parametrize("path", command_paths(cli), ids=lambda p: " ".join(("spotipy", *p)))
def test_the_help_of_every_command_says_no_seed(path: tuple[str, ...]) -> None:
    done = run("-m", "spotipy.cli", *path, "--help")
    assert done.returncode == 0, done.stderr
    assert "Usage" in done.stdout or "usage" in done.stdout
    assert seed_words(done.stdout + done.stderr) == []


def test_the_demo_says_no_seed() -> None:
    helped = run(str(ROOT / "examples" / "demo.py"), "--help")
    assert helped.returncode == 0
    assert "2020 spotipy API" in helped.stdout
    assert seed_words(helped.stdout + helped.stderr) == []
    shown = run(str(ROOT / "examples" / "demo.py"))
    assert shown.returncode == 0, shown.stderr
    assert "all_items yielded" in shown.stdout
    assert seed_words(shown.stdout + shown.stderr) == []
