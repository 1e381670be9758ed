"""Application configuration: environment variables and INI files."""

from __future__ import annotations

import os
import stat
import warnings
from pathlib import Path

import pytest

import spotipy.util.config
from spotipy.util import (
    MissingConfigurationWarning,
    config_from_environment,
    config_from_file,
    config_to_file,
)

VARS = (
    "SPOTIPY_CLIENT_ID",
    "SPOTIPY_CLIENT_SECRET",
    "SPOTIPY_REDIRECT_URI",
    "SPOTIPY_USER_REFRESH",
)
VALUES = ("an-id", "a-secret", "https://example.com/callback", "a-refresh")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def full_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in zip(VARS, VALUES, strict=True):
        monkeypatch.setenv(name, value)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


# -- environment -----------------------------------------------------------------------------


@pytest.mark.usefixtures("full_environment")
def test_environment_gives_three_values() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert config_from_environment() == VALUES[:3]


@pytest.mark.usefixtures("full_environment")
def test_environment_gives_the_refresh_token_on_request() -> None:
    assert config_from_environment(return_refresh=True) == VALUES


def test_missing_environment_values_are_none_and_warn_by_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SPOTIPY_CLIENT_ID", "an-id")
    with pytest.warns(MissingConfigurationWarning) as record:
        values = config_from_environment(return_refresh=True)
    assert values == ("an-id", None, None, None)
    messages = " ".join(str(w.message) for w in record)
    for name in VARS[1:]:
        assert name in messages
    assert "SPOTIPY_CLIENT_ID" not in messages
    assert all(w.filename == __file__ for w in record)  # blamed on the caller


def test_renamed_variables_are_read_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spotipy.util.config, "client_id_var", "MY_ID")
    monkeypatch.setattr(spotipy.util.config, "client_secret_var", "MY_SECRET")
    monkeypatch.setattr(spotipy.util.config, "redirect_uri_var", "MY_URI")
    monkeypatch.setattr(spotipy.util.config, "user_refresh_var", "MY_REFRESH")
    for name, value in zip(("MY_ID", "MY_SECRET", "MY_URI", "MY_REFRESH"), VALUES, strict=True):
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SPOTIPY_CLIENT_ID", "the-old-name")
    assert config_from_environment(return_refresh=True) == VALUES


def test_renamed_variable_is_named_in_the_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spotipy.util.config, "client_secret_var", "MY_SECRET")
    with pytest.warns(MissingConfigurationWarning) as record:
        config_from_environment()
    messages = [str(w.message) for w in record]
    assert len(messages) == 3
    assert any("MY_SECRET" in m for m in messages)
    assert not any("SPOTIPY_CLIENT_SECRET" in m for m in messages)


# -- files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("as_path", [True, False], ids=["Path", "str"])
def test_round_trip(tmp_path: Path, as_path: bool) -> None:
    path = tmp_path / "app.ini"
    where: str | Path = path if as_path else str(path)
    config_to_file(where, VALUES)
    assert config_from_file(where) == VALUES[:3]
    assert config_from_file(where, return_refresh=True) == VALUES


def test_file_format_is_the_documented_ini(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    config_to_file(path, VALUES[:3])
    text = path.read_text(encoding="utf-8")
    assert text.startswith("[DEFAULT]\n")
    for name, value in zip(VARS[:3], VALUES, strict=False):
        assert f"{name} = {value}\n" in text


def test_hand_written_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    path.write_text(
        "[DEFAULT]\nSPOTIPY_CLIENT_ID=your_id\nSPOTIPY_CLIENT_SECRET=your_secret\n"
        "SPOTIPY_REDIRECT_URI=your_uri\n",
        encoding="utf-8",
    )
    assert config_from_file(path) == ("your_id", "your_secret", "your_uri")


def test_sections_inherit_from_default(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    config_to_file(path, VALUES[:3])
    config_to_file(path, ("other-id",), section="other")
    assert config_from_file(path, "other") == ("other-id", *VALUES[1:3])
    assert config_from_file(path) == VALUES[:3]


def test_keys_are_case_sensitive(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    path.write_text(
        "[DEFAULT]\nspotipy_client_id=lower\nSPOTIPY_CLIENT_SECRET=s\nSPOTIPY_REDIRECT_URI=u\n",
        encoding="utf-8",
    )
    with pytest.warns(MissingConfigurationWarning, match="SPOTIPY_CLIENT_ID"):
        assert config_from_file(path) == (None, "s", "u")
    config_to_file(path, {"Mixed_Case": "kept"})
    assert "Mixed_Case = kept" in path.read_text(encoding="utf-8")
    assert "spotipy_client_id=lower" in path.read_text(encoding="utf-8")  # kept as written


def test_missing_file_raises_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        config_from_file(tmp_path / "nothing.ini")


def test_missing_section_raises_key_error(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    config_to_file(path, VALUES)
    with pytest.raises(KeyError, match="absent"):
        config_from_file(path, "absent")


def test_missing_file_values_are_none_and_warn_by_name(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    config_to_file(path, ("an-id",))
    with pytest.warns(MissingConfigurationWarning) as record:
        values = config_from_file(path, return_refresh=True)
    assert values == ("an-id", None, None, None)
    messages = " ".join(str(w.message) for w in record)
    assert all(name in messages for name in VARS[1:])


def test_renamed_variables_name_the_file_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spotipy.util.config, "client_id_var", "MY_ID")
    monkeypatch.setattr(spotipy.util.config, "user_refresh_var", "MY_REFRESH")
    path = tmp_path / "app.ini"
    config_to_file(path, VALUES)
    text = path.read_text(encoding="utf-8")
    assert "MY_ID = an-id" in text
    assert "MY_REFRESH = a-refresh" in text
    assert "SPOTIPY_CLIENT_ID" not in text
    assert config_from_file(path, return_refresh=True) == VALUES


def test_writing_keeps_other_sections_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    path.write_text(
        "[DEFAULT]\nSPOTIPY_CLIENT_ID=old-id\nunrelated=kept\n\n[other]\nkey=value\n",
        encoding="utf-8",
    )
    config_to_file(path, (None, "new-secret"))
    with pytest.warns(MissingConfigurationWarning, match="SPOTIPY_REDIRECT_URI"):
        assert config_from_file(path) == ("old-id", "new-secret", None)
    text = path.read_text(encoding="utf-8")
    assert "SPOTIPY_CLIENT_ID=old-id" in text  # None skipped, not overwritten
    assert "SPOTIPY_CLIENT_SECRET = new-secret" in text
    assert "unrelated=kept" in text
    assert "[other]\nkey=value" in text


def test_none_items_never_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    config_to_file(path, VALUES)
    config_to_file(path, (None, None, None, "new-refresh"))
    assert config_from_file(path, return_refresh=True) == (*VALUES[:3], "new-refresh")


def test_a_dict_is_written_as_given(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    config_to_file(path, {"SPOTIPY_CLIENT_ID": "an-id", "extra": "x"}, section="mine")
    text = path.read_text(encoding="utf-8")
    assert "[mine]\nSPOTIPY_CLIENT_ID = an-id\nextra = x\n" in text
    with pytest.warns(MissingConfigurationWarning):
        assert config_from_file(path, "mine") == ("an-id", None, None)


def test_too_many_values_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at most 4"):
        config_to_file(tmp_path / "app.ini", (*VALUES, "fifth"))
    assert not (tmp_path / "app.ini").exists()


def test_written_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    config_to_file(path, VALUES)
    assert mode_of(path) == 0o600


def test_rewriting_a_readable_file_makes_it_private(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    path.write_text("[DEFAULT]\n", encoding="utf-8")
    os.chmod(path, 0o644)
    config_to_file(path, VALUES)
    assert mode_of(path) == 0o600


def test_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    for i in range(5):
        config_to_file(path, {f"key{i}": "value"})
    assert leftovers(tmp_path, {"app.ini"}) == []


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "app.ini"
    config_to_file(path, VALUES)
    before = path.read_bytes()

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        config_to_file(path, ("another-id", "another-secret"))
    assert path.read_bytes() == before
    assert leftovers(tmp_path, {"app.ini"}) == []


def test_config_into_a_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config_to_file("app.ini", VALUES)
    assert config_from_file("app.ini", return_refresh=True) == VALUES
    assert leftovers(tmp_path, {"app.ini"}) == []
