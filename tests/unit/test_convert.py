"""Tests of spotipy.convert: IDs, URIs and URLs."""

from __future__ import annotations

import string
from enum import StrEnum

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from spotipy import convert
from spotipy.convert import (
    ID_ALPHABET,
    ID_LENGTH,
    IdentifierType,
    check_id,
    check_type,
    from_uri,
    from_url,
    id_from,
    is_id,
    to_uri,
    to_url,
    uri_from,
)
from spotipy.errors import ConversionError, SpotipyError

TRACK = "6rqhFgbbKwnb9MLmUQDhG6"
ALBUM = "1DFixLWuPkv3KT3TnV35m3"
PLAYLIST = "37i9dQZF1DXcBWIGoYBM5M"

CATALOGUE = [t for t in IdentifierType if t is not IdentifierType.user]

catalogue_ids = st.text(alphabet=ID_ALPHABET, min_size=ID_LENGTH, max_size=ID_LENGTH)
user_ids = st.one_of(
    st.from_regex(r"[A-Za-z0-9._~-]{1,30}", fullmatch=True),
    # Escapes of letters (%41..) and of two-byte UTF-8 (%C3%A9): never of path syntax.
    st.from_regex(r"[a-z]{1,10}(%C3%[89AB][0-9A-F]|%4[1-9A-F]){1,3}[a-z0-9]{0,5}", fullmatch=True),
    st.text(alphabet="abcäöüñéß_.-0123456789", min_size=1, max_size=20),
).filter(lambda s: s not in (".", ".."))
typed_ids = st.one_of(
    st.tuples(st.sampled_from(CATALOGUE), catalogue_ids),
    st.tuples(st.just(IdentifierType.user), user_ids),
)


def reference_user_id_ok(value: str) -> bool:
    """Restate the documented user ID rule independently of the implementation."""
    if not value or value in (".", "..") or not value.isprintable():
        return False
    if any(char.isspace() or char in "/\\?#:," for char in value):
        return False
    for i, char in enumerate(value):
        if char == "%" and not all(c in string.hexdigits for c in value[i + 1 : i + 3]):
            return False
        if char == "%" and len(value[i + 1 : i + 3]) != 2:
            return False
    return True


def message(exc: pytest.ExceptionInfo[ConversionError]) -> str:
    return str(exc.value)


# --- constants and types ------------------------------------------------------------


def test_public_names_sorted() -> None:
    for name in convert.__all__:
        assert hasattr(convert, name)


def test_alphabet() -> None:
    assert len(ID_ALPHABET) == 62
    assert set(ID_ALPHABET) == set(string.digits + string.ascii_letters)
    assert ID_LENGTH == 22


def test_identifier_types() -> None:
    assert issubclass(IdentifierType, StrEnum)
    assert [t.value for t in IdentifierType] == [
        "album",
        "artist",
        "audiobook",
        "chapter",
        "episode",
        "playlist",
        "show",
        "track",
        "user",
    ]
    for t in IdentifierType:
        assert t.name == t.value == str(t)
        assert f"{t}" == t.value


def test_conversion_error_is_value_error() -> None:
    with pytest.raises(ValueError, match="identifier type"):
        check_type("tracks")
    assert issubclass(ConversionError, SpotipyError)


@pytest.mark.parametrize("type_", [*IdentifierType, *(t.value for t in IdentifierType)])
def test_check_type_accepts(type_: str) -> None:
    check_type(type_)


@pytest.mark.parametrize("type_", ["Track", "tracks", "", " track", "local", None, 1, []])
def test_check_type_refuses(type_: object) -> None:
    with pytest.raises(ConversionError, match="expected one of album, artist") as exc:
        check_type(type_)  # type: ignore[arg-type]
    assert repr(type_) in message(exc)


# --- check_id / is_id ---------------------------------------------------------------


@pytest.mark.parametrize("id_", [TRACK, ALBUM, PLAYLIST, "0" * 22, "z" * 22, "Z" * 22])
def test_check_id_accepts_catalogue(id_: str) -> None:
    check_id(id_)
    for t in CATALOGUE:
        check_id(id_, t)
        assert is_id(id_, t)
    assert is_id(id_)


@pytest.mark.parametrize(
    ("id_", "expected"),
    [
        ("", "the ID is empty"),
        ("abc", "expected 22 base62 characters (0-9, A-Z, a-z), got 3"),
        (TRACK + "a", "got 23"),
        (TRACK[:-1] + "-", "found '-'"),
        (TRACK[:-1] + "é", "found 'é'"),
        (TRACK[:-1] + "٣", "found '٣'"),  # a non-ASCII digit: isalnum alone would pass it
        (" " + TRACK[1:], "found ' '"),
        (f"spotify:track:{TRACK}", "looks like a URI or URL: use id_from"),
        (f"open.spotify.com/track/{TRACK}", "looks like a URI or URL"),
        (b"6rqhFgbbKwnb9MLmUQDhG6", "expected a str, got bytes"),
        (None, "expected a str, got NoneType"),
        (123, "expected a str, got int"),
    ],
)
def test_check_id_refuses_catalogue(id_: object, expected: str) -> None:
    with pytest.raises(ConversionError) as exc:
        check_id(id_)  # type: ignore[arg-type]
    assert expected in message(exc)
    assert message(exc).startswith(f"Invalid Spotify ID {id_!r}")
    with pytest.raises(ConversionError, match="Invalid track ID"):
        check_id(id_, "track")  # type: ignore[arg-type]
    assert not is_id(id_)
    assert not is_id(id_, "track")


@pytest.mark.parametrize(
    "id_",
    [
        "spotify",
        "smedjan",
        "1234567890",
        "spotify_espa%C3%B1a",
        "spotify_españa",
        "a.b-c_d~e",
        TRACK,
    ],
)
def test_user_ids_accepted(id_: str) -> None:
    check_id(id_, "user")
    check_id(id_, IdentifierType.user)
    assert is_id(id_, "user")


@pytest.mark.parametrize(
    "id_",
    ["", " ", "a b", "a\tb", "a/b", "a\\b", "a?b", "a#b", "a:b", "a,b", "a%", "a%4", "a%zz", ".",
     "..", "a\x00b", "a\u200bb", "a\nb"],
)  # fmt: skip
def test_user_ids_refused(id_: str) -> None:
    with pytest.raises(ConversionError, match="Invalid user ID") as exc:
        check_id(id_, "user")
    assert repr(id_) in message(exc)
    assert not is_id(id_, "user")


def test_check_id_unknown_type() -> None:
    with pytest.raises(ConversionError, match="identifier type 'song'"):
        check_id(TRACK, "song")
    assert not is_id(TRACK, "song")
    assert not is_id(TRACK, [])  # type: ignore[arg-type]


def test_long_values_are_shortened_in_messages() -> None:
    long = "x" * 10_000 + "?"
    for call in (
        lambda: check_id(long),
        lambda: check_id(long, "user"),
        lambda: check_type(long),
        lambda: from_uri(long),
        lambda: from_url(long),
        lambda: id_from(long, "track"),
        lambda: from_uri(f"spotify:{long}:{TRACK}"),
    ):
        with pytest.raises(ConversionError) as exc:
            call()
        assert len(message(exc)) < 400
        assert "xxx..." in message(exc)


@given(catalogue_ids)
def test_property_catalogue_ids_accepted(id_: str) -> None:
    check_id(id_)
    assert is_id(id_)
    assert id_from(id_, "track") == id_


@given(catalogue_ids, st.integers(0, ID_LENGTH - 1), st.characters())
def test_property_any_non_base62_char_refused(id_: str, index: int, char: str) -> None:
    assume(char not in ID_ALPHABET)
    bad = id_[:index] + char + id_[index + 1 :]
    assert not is_id(bad)
    with pytest.raises(ConversionError) as exc:
        check_id(bad)
    assert repr(char) in message(exc)


@given(st.text(alphabet=ID_ALPHABET, max_size=40))
def test_property_only_length_22_accepted(id_: str) -> None:
    assert is_id(id_) == (len(id_) == ID_LENGTH)


@given(st.text(max_size=30))
def test_property_is_id_agrees_with_check_id(value: str) -> None:
    for type_ in (None, "track", "user"):
        try:
            check_id(value, type_)
        except ConversionError:
            assert not is_id(value, type_)
        else:
            assert is_id(value, type_)


@given(st.text(max_size=30))
def test_property_user_rule_matches_documentation(value: str) -> None:
    assert is_id(value, "user") == reference_user_id_ok(value)


# --- URIs ----------------------------------------------------------------------------


def test_to_uri() -> None:
    assert to_uri("track", TRACK) == f"spotify:track:{TRACK}"
    assert to_uri(IdentifierType.album, ALBUM) == f"spotify:album:{ALBUM}"
    assert to_uri("user", "smedjan") == "spotify:user:smedjan"
    assert type(to_uri(IdentifierType.show, TRACK)) is str


def test_to_uri_refuses() -> None:
    with pytest.raises(ConversionError, match="identifier type 'tracks'"):
        to_uri("tracks", TRACK)
    with pytest.raises(ConversionError, match="Invalid track ID 'abc'"):
        to_uri("track", "abc")
    with pytest.raises(ConversionError, match="Invalid user ID 'a:b'"):
        to_uri("user", "a:b")


def test_from_uri() -> None:
    assert from_uri(f"spotify:track:{TRACK}") == ("track", TRACK)
    type_, id_ = from_uri("spotify:user:smedjan")
    assert type_ is IdentifierType.user
    assert id_ == "smedjan"


def test_from_uri_legacy_playlist() -> None:
    type_, id_ = from_uri(f"spotify:user:spotify:playlist:{PLAYLIST}")
    assert type_ is IdentifierType.playlist
    assert id_ == PLAYLIST


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("", "expected 'spotify:<type>:<id>'"),
        ("spotify", "expected 'spotify:<type>:<id>'"),
        (TRACK, "expected 'spotify:<type>:<id>'"),
        (f"Spotify:track:{TRACK}", "expected 'spotify:<type>:<id>'"),
        (f"spotfy:track:{TRACK}", "expected 'spotify:<type>:<id>'"),
        (f"spotify:track:{TRACK}:extra", "expected 'spotify:<type>:<id>'"),
        (f"spotify:track{TRACK}", "expected 'spotify:<type>:<id>'"),
        (f"spotify:user:x:album:{ALBUM}", "expected 'spotify:<type>:<id>'"),
        (f"spotify:user:x:playlist:{PLAYLIST}:x", "expected 'spotify:<type>:<id>'"),
        ("spotify:local:artist:album:title:123", "local files have no Spotify ID"),
        (f"spotify:tracks:{TRACK}", "unknown type 'tracks'"),
        (f"spotify::{TRACK}", "unknown type ''"),
        ("spotify:track:abc", "bad track ID, expected 22 base62"),
        ("spotify:track:", "bad track ID, the ID is empty"),
        ("spotify:user:a b", "bad user ID"),
        ("spotify:user:x:playlist:abc", "bad playlist ID"),
        (f"https://open.spotify.com/track/{TRACK}", "expected 'spotify:<type>:<id>'"),
        (None, "expected a str, got NoneType"),
    ],
)
def test_from_uri_refuses(uri: object, expected: str) -> None:
    with pytest.raises(ConversionError, match="Invalid Spotify URI") as exc:
        from_uri(uri)  # type: ignore[arg-type]
    assert expected in message(exc)


@given(typed_ids)
def test_property_uri_round_trip(pair: tuple[IdentifierType, str]) -> None:
    type_, id_ = pair
    uri = to_uri(type_, id_)
    assert from_uri(uri) == (type_, id_)
    assert to_uri(*from_uri(uri)) == uri
    assert from_uri(uri)[0] is type_


# --- URLs ----------------------------------------------------------------------------


def test_to_url() -> None:
    assert to_url("track", TRACK) == f"https://open.spotify.com/track/{TRACK}"
    assert to_url(IdentifierType.user, "smedjan") == "https://open.spotify.com/user/smedjan"
    with pytest.raises(ConversionError, match="Invalid album ID"):
        to_url("album", "nope")
    with pytest.raises(ConversionError, match="identifier type"):
        to_url("song", TRACK)


@pytest.mark.parametrize(
    "url",
    [
        f"https://open.spotify.com/track/{TRACK}",
        f"http://open.spotify.com/track/{TRACK}",
        f"open.spotify.com/track/{TRACK}",
        f"HTTPS://Open.Spotify.COM/track/{TRACK}",
        f"https://open.spotify.com/track/{TRACK}?si=4472348a63dd4f83",
        f"https://open.spotify.com/track/{TRACK}?si=x&context=spotify%3Aalbum%3A{ALBUM}",
        f"https://open.spotify.com/track/{TRACK}#fragment",
        f"https://open.spotify.com/track/{TRACK}#a?b",
        f"https://open.spotify.com/track/{TRACK}?a#b/c",
        f"https://open.spotify.com/track/{TRACK}/",
        f"https://open.spotify.com/track/{TRACK}/?si=x",
        f"https://open.spotify.com/intl-de/track/{TRACK}",
        f"https://open.spotify.com/intl-pt/track/{TRACK}?si=x",
        f"https://open.spotify.com/intl-zh-tw/track/{TRACK}",
        f"https://open.spotify.com/embed/track/{TRACK}",
        f"https://open.spotify.com/intl-fr/embed/track/{TRACK}?utm_source=generator",
        f"  https://open.spotify.com/track/{TRACK}\n",
    ],
)
def test_from_url_accepts(url: str) -> None:
    assert from_url(url) == ("track", TRACK)
    assert id_from(url, "track") == TRACK
    assert uri_from(url, "track") == f"spotify:track:{TRACK}"


def test_from_url_user_and_legacy_playlist() -> None:
    assert from_url("https://open.spotify.com/user/smedjan?si=1") == ("user", "smedjan")
    type_, id_ = from_url(f"https://open.spotify.com/user/spotify/playlist/{PLAYLIST}?si=1")
    assert type_ is IdentifierType.playlist
    assert id_ == PLAYLIST


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", "expected 'https://open.spotify.com/<type>/<id>'"),
        ("https://open.spotify.com", "expected 'https://open"),
        ("https://open.spotify.com/", "expected 'https://open"),
        (f"https://open.spotify.com//track/{TRACK}", "expected 'https://open"),
        (f"https://open.spotify.com/track/{TRACK}//", "expected 'https://open"),
        (f"https://open.spotify.com/track/{TRACK}/x", "expected 'https://open"),
        (f"https://open.spotify.com/user/x/album/{ALBUM}", "expected 'https://open"),
        (f"https://open.spotify.com/intl-deutsch/track/{TRACK}", "expected 'https://open"),
        (f"https://play.spotify.com/track/{TRACK}", "expected 'https://open"),
        (f"https://open.spotify.com.evil.example/track/{TRACK}", "expected 'https://open"),
        (f"https://evil.example/open.spotify.com/track/{TRACK}", "expected 'https://open"),
        (f"ftp://open.spotify.com/track/{TRACK}", "expected 'https://open"),
        (f"spotify:track:{TRACK}", "expected 'https://open"),
        ("https://spotify.link/ZTUz3yFnzDb", "short links must be followed first"),
        ("https://spotify.app.link/abc", "short links must be followed first"),
        (f"https://open.spotify.com/tracks/{TRACK}", "unknown type 'tracks'"),
        (f"https://open.spotify.com/genre/{TRACK}", "unknown type 'genre'"),
        ("https://open.spotify.com/track/abc?si=1", "bad track ID, expected 22 base62"),
        ("https://open.spotify.com/user/a:b", "bad user ID"),
        (None, "expected a str, got NoneType"),
    ],
)
def test_from_url_refuses(url: object, expected: str) -> None:
    with pytest.raises(ConversionError, match="Invalid Spotify URL") as exc:
        from_url(url)  # type: ignore[arg-type]
    assert expected in message(exc)


@given(
    typed_ids,
    st.sampled_from(["https://", "http://", "", "HTTPS://"]),
    st.sampled_from(["", "intl-de/", "intl-ja/", "intl-pt-br/", "embed/", "intl-es/embed/"]),
    st.sampled_from(["", "/"]),
    st.sampled_from(["", "?si=abc", "?si=a&b=c/d", "#x", "?a=b#c", "#a?b"]),
)
def test_property_url_round_trip(
    pair: tuple[IdentifierType, str], scheme: str, prefix: str, slash: str, tail: str
) -> None:
    type_, id_ = pair
    url = to_url(type_, id_)
    assert url.startswith("https://open.spotify.com/")
    assert from_url(url) == (type_, id_)
    decorated = f"{scheme}open.spotify.com/{prefix}{type_}/{id_}{slash}{tail}"
    assert from_url(decorated) == (type_, id_)


# --- id_from / uri_from ----------------------------------------------------------------


def test_id_from_forms() -> None:
    assert id_from(TRACK, "track") == TRACK
    assert id_from(f"spotify:track:{TRACK}", "track") == TRACK
    assert id_from(f"https://open.spotify.com/track/{TRACK}?si=1", IdentifierType.track) == TRACK
    assert id_from(f"spotify:user:x:playlist:{PLAYLIST}", "playlist") == PLAYLIST
    assert id_from("smedjan", "user") == "smedjan"
    assert id_from("spotify:user:smedjan", "user") == "smedjan"
    assert id_from("https://open.spotify.com/user/smedjan", "user") == "smedjan"


@pytest.mark.parametrize(
    ("value", "type_", "expected"),
    [
        (f"spotify:album:{ALBUM}", "track", "Expected a track ID, URI or URL, got a album URI"),
        (f"https://open.spotify.com/album/{ALBUM}", "track", "got a album URL"),
        ("spotify:user:smedjan", "track", "got a user URI"),
        (f"spotify:track:{TRACK}", "user", "got a track URI"),
        (f"spotify:user:x:playlist:{PLAYLIST}", "user", "got a playlist URI"),
        (f"https://open.spotify.com/track/{TRACK}", "episode", "got a track URL"),
    ],
)
def test_id_from_type_mismatch(value: str, type_: str, expected: str) -> None:
    with pytest.raises(ConversionError) as exc:
        id_from(value, type_)
    assert expected in message(exc)
    assert repr(value) in message(exc)
    with pytest.raises(ConversionError, match=expected):
        uri_from(value, type_)


@pytest.mark.parametrize(
    ("value", "type_", "expected"),
    [
        ("abc", "track", "Invalid track ID, URI or URL 'abc': expected 22 base62"),
        ("", "album", "Invalid album ID, URI or URL '': the ID is empty"),
        ("a b", "user", "Invalid user ID, URI or URL 'a b': expected a username"),
        ("spotify:track:abc", "track", "Invalid Spotify URI"),
        ("spotify:nope", "track", "Invalid Spotify URI"),
        ("abc/def", "track", "Invalid Spotify URL"),
        (None, "track", "Invalid track ID, URI or URL None: expected a str, got NoneType"),
        (1, "user", "expected a str, got int"),
    ],
)
def test_id_from_refuses(value: object, type_: str, expected: str) -> None:
    with pytest.raises(ConversionError) as exc:
        id_from(value, type_)  # type: ignore[arg-type]
    assert expected in message(exc)
    with pytest.raises(ConversionError):
        uri_from(value, type_)  # type: ignore[arg-type]


def test_id_from_unknown_type() -> None:
    with pytest.raises(ConversionError, match="identifier type 'tracks'"):
        id_from(TRACK, "tracks")
    with pytest.raises(ConversionError, match="identifier type 'tracks'"):
        uri_from(TRACK, "tracks")


def test_uri_from_forms() -> None:
    uri = f"spotify:track:{TRACK}"
    assert uri_from(TRACK, "track") == uri
    assert uri_from(uri, "track") == uri
    assert uri_from(f"open.spotify.com/track/{TRACK}", "track") == uri
    legacy = f"spotify:user:spotify:playlist:{PLAYLIST}"
    assert uri_from(legacy, "playlist") == f"spotify:playlist:{PLAYLIST}"
    assert uri_from("smedjan", "user") == "spotify:user:smedjan"
    assert uri_from("spotify:user:smedjan", "user") == "spotify:user:smedjan"
    assert uri_from("https://open.spotify.com/user/smedjan", "user") == "spotify:user:smedjan"


def test_uri_from_bad_id_after_right_prefix() -> None:
    with pytest.raises(ConversionError, match="bad track ID"):
        uri_from("spotify:track:abc", "track")
    with pytest.raises(ConversionError, match="bad user ID"):
        uri_from("spotify:user:a b", "user")


@given(typed_ids)
def test_property_id_from_and_uri_from_all_forms(pair: tuple[IdentifierType, str]) -> None:
    type_, id_ = pair
    uri = to_uri(type_, id_)
    for form in (id_, uri, to_url(type_, id_), f"{to_url(type_, id_)}?si=1"):
        assert id_from(form, type_) == id_
        assert id_from(form, type_.value) == id_
        assert uri_from(form, type_) == uri


@given(typed_ids, st.sampled_from(list(IdentifierType)))
def test_property_id_from_refuses_other_types(
    pair: tuple[IdentifierType, str], wanted: IdentifierType
) -> None:
    type_, id_ = pair
    assume(type_ is not wanted)
    for form in (to_uri(type_, id_), to_url(type_, id_)):
        with pytest.raises(ConversionError, match=f"got a {type_.value} UR"):
            id_from(form, wanted)


@pytest.mark.parametrize(
    "hostile", ["%2e%2e", "%2E%2e", ".%2e", "..%2Fme", "a%2Fb", "%2F", "x%00y", "a%5cb"]
)
@pytest.mark.parametrize(
    "form", ["{}", "spotify:user:{}", "https://open.spotify.com/user/{}"], ids=["id", "uri", "url"]
)
def test_user_ids_that_decode_to_path_syntax_are_refused(hostile: str, form: str) -> None:
    # A decoding proxy would read /v1/users/%2e%2e as /v1/users/.. (issue: path segments).
    with pytest.raises(ConversionError):
        convert.id_from(form.format(hostile), "user")


def test_percent_escaped_user_ids_still_work() -> None:
    assert convert.id_from("spotify:user:spotify_espa%C3%B1a", "user") == "spotify_espa%C3%B1a"
    with pytest.raises(ConversionError):
        convert.id_from("u" * 100_000, "user")
