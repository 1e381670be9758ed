"""TokenFile: the newest refresh token, kept atomically in a private INI file."""

from __future__ import annotations

import configparser
import os
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import spotipy.util.config
from spotipy.auth import Token
from spotipy.emulator import DEFAULT_REDIRECT_URI, DEFAULT_USER_ID, Emulator
from spotipy.errors import RefreshTokenInvalid
from spotipy.util import RefreshingCredentials, RefreshingToken, TokenFile, config_from_file
from tests.conftest import Runner, make_sender


def user_token(refresh: str | None = "a-refresh-token", expires_in: int = 3600) -> Token:
    return Token("an-access-token", expires_in=expires_in, refresh_token=refresh)


def test_load_of_a_missing_file_is_none(tmp_path: Path) -> None:
    assert TokenFile(tmp_path / "app.ini").load() is None
    assert not (tmp_path / "app.ini").exists()


def test_save_then_load(tmp_path: Path) -> None:
    store = TokenFile(tmp_path / "app.ini")
    assert store.save(user_token("first")) is True
    assert store.load() == "first"
    assert store.save("second") is True
    assert TokenFile(str(tmp_path / "app.ini")).load() == "second"


def test_saves_what_config_from_file_reads(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    spotipy.util.config_to_file(path, ("an-id", "a-secret", "https://example.com/cb"))
    TokenFile(path).save("refresh")
    assert config_from_file(path, return_refresh=True) == (
        "an-id",
        "a-secret",
        "https://example.com/cb",
        "refresh",
    )


def test_sections_and_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "app.ini"
    alice, bob = TokenFile(path, "alice"), TokenFile(path, "bob")
    alice.save("alice-token")
    bob.save("bob-token")
    assert (alice.load(), bob.load()) == ("alice-token", "bob-token")
    assert TokenFile(path).load() is None
    assert TokenFile(path, "carol").load() is None
    custom = TokenFile(path, "alice", key="Other_Key")
    custom.save("other")
    assert "Other_Key = other" in path.read_text(encoding="utf-8")
    assert alice.load() == "alice-token"
    monkeypatch.setattr(spotipy.util.config, "user_refresh_var", "Other_Key")
    assert alice.load() == "other"  # the default key is read at call time


def test_an_app_token_saves_nothing(tmp_path: Path) -> None:
    store = TokenFile(tmp_path / "app.ini")
    assert store.save(user_token(None)) is False
    assert store.save("") is False
    assert not store.path.exists()


def test_the_same_token_is_not_rewritten(tmp_path: Path) -> None:
    store = TokenFile(tmp_path / "app.ini")
    assert store.save("same") is True
    before = store.path.stat().st_mtime_ns
    os.utime(store.path, ns=(before - 10**9, before - 10**9))
    assert store.save(user_token("same")) is False
    assert store.path.stat().st_mtime_ns == before - 10**9


def test_clear(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    spotipy.util.config_to_file(path, {"keep": "me"})
    store = TokenFile(path)
    assert store.clear() is False
    store.save("gone-soon")
    assert store.clear() is True
    assert store.load() is None
    assert "keep = me" in path.read_text(encoding="utf-8")


def test_a_section_never_inherits_the_default_token(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    spotipy.util.config_to_file(path, {"other": "value"}, section="user")
    TokenFile(path).save("someone-elses")
    section = TokenFile(path, "user")
    assert section.load() is None  # not the [DEFAULT] user's token
    assert section.clear() is False
    section.save("users-own")
    assert (section.load(), TokenFile(path).load()) == ("users-own", "someone-elses")
    assert "[user]\nother = value\nSPOTIPY_USER_REFRESH = users-own" in path.read_text("utf-8")


def test_keeps_other_content_and_is_private(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    path.write_text("[DEFAULT]\nSPOTIPY_CLIENT_ID=id\n\n[other]\nx=1\n", encoding="utf-8")
    os.chmod(path, 0o644)
    TokenFile(path, "new").save("token")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("[DEFAULT]\nSPOTIPY_CLIENT_ID=id\n\n[other]\nx=1\n")  # as it was
    assert "[new]\nSPOTIPY_USER_REFRESH = token" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.ini"]


def test_new_file_is_private(tmp_path: Path) -> None:
    store = TokenFile(tmp_path / "app.ini")
    store.save("token")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_repr_shows_no_token(tmp_path: Path) -> None:
    store = TokenFile(tmp_path / "app.ini", "me")
    store.save("very-secret-refresh-token")
    assert "very-secret" not in repr(store)
    assert "app.ini" in repr(store)
    assert "SPOTIPY_USER_REFRESH" in repr(store)


def test_threads_never_see_a_partial_file_nor_lose_a_section(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    # Padding makes every write large enough that a torn file would show.
    stores = [TokenFile(path, f"user{i}") for i in range(4)]
    saves = 40
    valid = {f"{i}-{n}-" + "x" * 2000 for i in range(4) for n in range(saves)}
    stop = threading.Event()
    seen: list[str] = []
    problems: list[BaseException] = []

    def writer(i: int) -> None:
        try:
            for n in range(saves):
                stores[i].save(f"{i}-{n}-" + "x" * 2000)
        except BaseException as error:  # pragma: no cover - reported below
            problems.append(error)

    def reader() -> None:
        try:
            while not stop.is_set():
                for store in stores:
                    value = store.load()
                    if value is not None:
                        assert value in valid
                        seen.append(value)
        except BaseException as error:  # pragma: no cover - reported below
            problems.append(error)

    read = threading.Thread(target=reader)
    read.start()
    writers = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    read.join()
    assert problems == []
    assert seen
    # The lock makes each read-modify-write whole: no save overwrote another section.
    assert [s.load() for s in stores] == [f"{i}-{saves - 1}-" + "x" * 2000 for i in range(4)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.ini"]


WRITER = textwrap.dedent(
    """
    import sys
    from spotipy.util import TokenFile

    path, section, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = TokenFile(path, section)
    for n in range(count):
        store.save(f"{section}-{n}-" + "y" * 1000)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="processes lock with flock on POSIX")
def test_processes_never_see_a_partial_file_nor_lose_a_section(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    count = 60
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    processes = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(count)], env=env)
        for name in ("a", "b")
    ]
    reads = 0
    while any(p.poll() is None for p in processes):
        if path.exists():
            parser = configparser.ConfigParser(interpolation=None)
            parser.read_string(path.read_text(encoding="utf-8"))  # always a whole file
            for name in parser.sections():
                assert parser[name]["SPOTIPY_USER_REFRESH"].endswith("y" * 1000)
            reads += 1
    assert [p.wait() for p in processes] == [0, 0]
    assert TokenFile(path, "a").load() == f"a-{count - 1}-" + "y" * 1000
    assert TokenFile(path, "b").load() == f"b-{count - 1}-" + "y" * 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.ini"]


# -- against the emulator --------------------------------------------------------------------


def expired_grant(emulator: Emulator, *, pkce: bool = False) -> Token:
    """A user token from the emulator whose access token counts as expired."""
    grant = emulator.user_grant(DEFAULT_USER_ID, ["user-read-private"], pkce=pkce)
    return Token.from_response(grant, uses_pkce=pkce, now=time.time() - 3600)


def refreshing_credentials(
    emulator: Emulator, mode: str, store: TokenFile
) -> RefreshingCredentials[Any]:
    # The seed's token persistence, in one line.
    return RefreshingCredentials(
        emulator.client_id,
        emulator.client_secret,
        DEFAULT_REDIRECT_URI,
        make_sender(emulator, mode),
        on_refresh=store.save,
    )


def test_rotation_is_persisted_on_refresh(
    emulator: Emulator, mode: str, run: Runner, tmp_path: Path
) -> None:
    emulator.rotate_refresh_tokens = "always"
    store = TokenFile(tmp_path / "app.ini")
    token = expired_grant(emulator)
    first = token.refresh_token
    assert first is not None
    store.save(token)
    credentials = refreshing_credentials(emulator, mode, store)
    refreshing = RefreshingToken(token, credentials.credentials, on_refresh=store.save)
    if run.is_async:
        run(refreshing.bearer_async())  # expired: refreshes before answering
    else:
        refreshing.bearer()
    assert emulator.token_requests[-1] == "refresh_token"
    assert refreshing.refresh_token not in (None, first)
    assert store.load() == refreshing.refresh_token
    # The saved token is the one that works now; the rotated one was retired.
    with pytest.raises(RefreshTokenInvalid):
        run(credentials.refresh_user_token(first))
    again = run(credentials.refresh_user_token(store.load() or ""))
    assert store.load() == again.refresh_token


def test_a_token_made_from_the_saved_refresh_token_is_persisted(
    emulator: Emulator, mode: str, run: Runner, tmp_path: Path
) -> None:
    # Making a token from a saved refresh token is itself a refresh, which may rotate:
    # unless the new refresh token is saved, the next run starts with a retired one.
    emulator.rotate_refresh_tokens = "always"
    store = TokenFile(tmp_path / "app.ini")
    saved = expired_grant(emulator).refresh_token or ""
    store.save(saved)
    credentials = refreshing_credentials(emulator, mode, store)
    token = run(credentials.refresh_user_token(store.load() or ""))
    assert store.load() == token.refresh_token != saved
    with pytest.raises(RefreshTokenInvalid):
        run(credentials.refresh_user_token(saved))


def test_without_rotation_the_file_is_left_alone(
    emulator: Emulator, mode: str, run: Runner, tmp_path: Path
) -> None:
    emulator.rotate_refresh_tokens = "never"
    store = TokenFile(tmp_path / "app.ini")
    token = expired_grant(emulator)
    store.save(token)
    stamp = store.path.stat().st_mtime_ns
    credentials = refreshing_credentials(emulator, mode, store)
    refreshing = RefreshingToken(token, credentials.credentials, on_refresh=store.on_refresh)
    run(refreshing.refresh_async()) if run.is_async else refreshing.refresh()
    assert emulator.token_requests[-1] == "refresh_token"
    assert store.load() == token.refresh_token == refreshing.refresh_token
    assert store.path.stat().st_mtime_ns == stamp


def test_pkce_rotation_is_persisted(
    emulator: Emulator, mode: str, run: Runner, tmp_path: Path
) -> None:
    # Apps with extended quota still see PKCE refresh tokens rotate.
    emulator.rotate_refresh_tokens = "pkce"
    store = TokenFile(tmp_path / "app.ini", "pkce-user")
    token = expired_grant(emulator, pkce=True)
    credentials: RefreshingCredentials[Any] = RefreshingCredentials(
        emulator.client_id, sender=make_sender(emulator, mode), on_refresh=store.save
    )
    refreshing = run(credentials.refresh_pkce_token(token.refresh_token or ""))
    assert refreshing.uses_pkce
    assert store.load() == refreshing.refresh_token != token.refresh_token
    run(refreshing.refresh_async()) if run.is_async else refreshing.refresh()
    assert store.load() == refreshing.refresh_token


def test_refresh_keeps_secrets_out_of_logs_and_output(
    emulator: Emulator,
    debug_log: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    emulator.rotate_refresh_tokens = "always"
    store = TokenFile(tmp_path / "app.ini")
    token = expired_grant(emulator)
    credentials = refreshing_credentials(emulator, "sync", store)
    refreshing = RefreshingToken(token, credentials.credentials, on_refresh=store.save)
    refreshing.bearer()
    secrets = [
        emulator.client_secret,
        token.access_token,
        token.refresh_token or "",
        refreshing.token.access_token,
        refreshing.refresh_token or "",
    ]
    seen = capsys.readouterr()
    text = seen.out + seen.err + debug_log.text + repr(store) + repr(refreshing)
    assert debug_log.records  # the refresh was logged, without its secrets
    for secret in secrets:
        assert secret not in text
