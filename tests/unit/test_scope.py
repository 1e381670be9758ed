"""Tests of spotipy.scope: the scope enum, Scope set algebra and validation."""

from __future__ import annotations

import copy
import pickle
import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spotipy import scope as scope_module
from spotipy.scope import (
    AuthorisationScopes,
    Scope,
    check_scopes,
    every,
    read,
    scope,
    scopes,
    write,
)

SPEC = Path(__file__).parents[3] / "shared" / "spotify-openapi" / "fixed-spotify-open-api.yml"

EXPECTED = {
    "ugc-image-upload",
    "user-read-playback-state",
    "user-modify-playback-state",
    "user-read-currently-playing",
    "app-remote-control",
    "streaming",
    "playlist-read-private",
    "playlist-read-collaborative",
    "playlist-modify-private",
    "playlist-modify-public",
    "user-follow-modify",
    "user-follow-read",
    "user-read-playback-position",
    "user-top-read",
    "user-read-recently-played",
    "user-library-modify",
    "user-library-read",
    "user-read-email",
    "user-read-private",
    "user-personalized",
}

members = st.sampled_from(list(scope))
# A scope in any accepted form: enum member, its str, or an unknown token.
tokens = st.one_of(
    members,
    members.map(str),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12),
)
scope_sets = st.lists(tokens, max_size=8).map(lambda items: Scope(*items))
# Operands of the algebra: a Scope or a member, and anything that may stand beside one.
algebraic = st.one_of(scope_sets, members)
operands = st.one_of(scope_sets, members, tokens)


def as_set(value: Scope | str) -> frozenset[str]:
    return frozenset(str(value).split())


# --- the enum ---------------------------------------------------------------------------


def test_public_names_sorted() -> None:
    for name in scope_module.__all__:
        assert hasattr(scope_module, name)


def test_every_scope_is_listed() -> None:
    assert {member.value for member in scope} == EXPECTED
    assert len(scope) == len(EXPECTED)


def test_spec_scopes_are_all_listed() -> None:
    if not SPEC.exists():
        pytest.skip("the OpenAPI spec is not available")
    text = SPEC.read_text(encoding="utf-8")
    block = text[text.index("securitySchemes:") :]
    block = block[block.index("scopes:") : block.index("\n  responses:")]
    in_spec = set(re.findall(r"^ {12}([a-z-]+):", block, flags=re.MULTILINE))
    assert len(in_spec) >= 19
    assert in_spec <= {member.value for member in scope}


def test_member_names_and_values() -> None:
    assert issubclass(scope, StrEnum)
    for member in scope:
        assert member.name == member.value.replace("-", "_")
        assert str(member) == member.value
        assert f"{member}" == member.value
        assert scope(member.value) is member
    assert scope.user_read_email == "user-read-email"


def test_aliases() -> None:
    assert AuthorisationScopes is scope
    assert scopes is scope


def test_read_write_every() -> None:
    assert isinstance(read, Scope)
    assert isinstance(write, Scope)
    assert isinstance(every, Scope)
    assert not read & write
    assert every == read + write
    assert every == Scope(*scope)
    assert set(every) == EXPECTED
    assert every - write == read
    assert every - read == write


def test_read_write_classification() -> None:
    for member in scope:
        if "-modify-" in member.value:
            assert member in write
        if "-read-" in member.value or member.value.endswith("-read"):
            assert member in read
    assert {scope.streaming, scope.app_remote_control, scope.ugc_image_upload} <= write
    assert scope.user_personalized in read


def test_constants_as_enum_attributes() -> None:
    assert scope.read is read
    assert scope.write is write
    assert scope.every is every
    assert list(scope) == [scope[name] for name in scope.__members__]
    assert "read" not in scope.__members__
    assert "every" not in scope.__members__
    assert all(isinstance(member, scope) for member in scope)
    with pytest.raises(AttributeError):
        scope.user_read_email = "x"  # type: ignore[misc]


# --- Scope construction --------------------------------------------------------------


def test_scope_construction() -> None:
    assert Scope() == frozenset()
    assert Scope("") == frozenset()
    assert Scope("a") == {"a"}
    assert Scope("a b", "c") == {"a", "b", "c"}
    assert Scope("  a\tb\n") == {"a", "b"}
    nested: Any = ["a", ("b", ["c d"])]  # deeper nesting works, though the types say one level
    assert Scope(nested, Scope("e")) == {"a", "b", "c", "d", "e"}
    assert Scope(scope.streaming, "streaming") == {"streaming"}
    assert len(Scope(scope.streaming, "streaming")) == 1
    assert isinstance(Scope("a"), frozenset)


def test_scope_members_are_plain_str() -> None:
    for value in (Scope(scope.streaming), scope.streaming + scope.user_top_read, every):
        assert all(type(item) is str for item in value)


@pytest.mark.parametrize("bad", [1, None, b"streaming", [1], object()])
def test_scope_construction_refuses(bad: object) -> None:
    with pytest.raises(TypeError, match="Scope members must be str"):
        Scope(bad)  # type: ignore[arg-type]


def test_str_and_repr() -> None:
    value = Scope("c", scope.user_read_email, "a")
    assert str(value) == "a c user-read-email"
    assert repr(value) == "Scope('a', 'c', 'user-read-email')"
    assert repr(Scope()) == "Scope()"
    assert str(Scope()) == ""
    assert eval(repr(value), {"Scope": Scope}) == value


def test_pickle_and_copy() -> None:
    for value in (every, Scope(), Scope("a b")):
        loaded = pickle.loads(pickle.dumps(value))
        assert loaded == value
        assert type(loaded) is Scope
        assert copy.copy(value) == value
        assert copy.deepcopy(value) == value


def test_hash_and_membership() -> None:
    assert hash(Scope("a", "b")) == hash(frozenset({"a", "b"}))
    assert {Scope("a"): 1}[Scope("a")] == 1
    assert scope.streaming in Scope("streaming")
    assert "streaming" in Scope(scope.streaming)


# --- operators -------------------------------------------------------------------------

S = Scope("a", "streaming")
M = scope.user_top_read


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (S + Scope("b"), {"a", "streaming", "b"}),
        (S + "b c", {"a", "streaming", "b", "c"}),
        (S + M, {"a", "streaming", "user-top-read"}),
        ("b" + S, {"a", "streaming", "b"}),
        (M + S, {"a", "streaming", "user-top-read"}),
        (M + scope.streaming, {"user-top-read", "streaming"}),
        (M + M, {"user-top-read"}),
        (M + "b", {"user-top-read", "b"}),
        ("b" + M, {"user-top-read", "b"}),
        (S - Scope("a"), {"streaming"}),
        (S - "a b", {"streaming"}),
        (S - scope.streaming, {"a"}),
        ("a b" - S, {"b"}),
        (M - S, {"user-top-read"}),
        (M - (S + M), set()),
        (M - M, set()),
        (M - scope.streaming, {"user-top-read"}),
        (M - "user-top-read", set()),
        ("user-top-read b" - M, {"b"}),
        (S | {"b"}, {"a", "streaming", "b"}),
        (frozenset({"b"}) | S, {"a", "streaming", "b"}),
        (S & {"a", "b"}, {"a"}),
        (frozenset({"a", "b"}) & S, {"a"}),
        (S ^ {"a", "b"}, {"streaming", "b"}),
        (frozenset({"a", "b"}) ^ S, {"streaming", "b"}),
        (S | Scope("x"), {"a", "streaming", "x"}),
    ],
)
def test_operators(result: object, expected: set[str]) -> None:
    assert type(result) is Scope
    assert result == expected


def test_enum_add_replaces_concatenation() -> None:
    assert "prefix:" + scope.streaming == Scope("prefix:", "streaming")


BAD_OPERANDS: list[Any] = [1, None, 1.5, ["a"], ("a",), b"a", object()]
BINARY: list[Callable[[Any, Any], Any]] = [
    lambda a, b: a + b,
    lambda a, b: b + a,
    lambda a, b: a - b,
    lambda a, b: b - a,
]


@pytest.mark.parametrize("bad", BAD_OPERANDS)
@pytest.mark.parametrize("operation", BINARY)
@pytest.mark.parametrize("value", [S, M], ids=["Scope", "member"])
def test_unsupported_operands_raise_type_error(
    value: object, operation: Callable[[Any, Any], Any], bad: object
) -> None:
    with pytest.raises(TypeError):
        operation(value, bad)


@pytest.mark.parametrize("bad", [1, "a", None])
def test_set_operators_refuse_non_sets(bad: Any) -> None:
    operations: list[Callable[[], object]] = [
        lambda: S | bad,
        lambda: bad | S,
        lambda: S & bad,
        lambda: bad & S,
        lambda: S ^ bad,
        lambda: bad ^ S,
    ]
    for operation in operations:
        with pytest.raises(TypeError):
            operation()


def test_dunders_return_not_implemented() -> None:
    for method in ("__add__", "__radd__", "__sub__", "__rsub__"):
        assert getattr(S, method)(1) is NotImplemented
        assert getattr(M, method)(1) is NotImplemented
    for method in ("__or__", "__ror__", "__and__", "__rand__", "__xor__", "__rxor__"):
        assert getattr(S, method)("a") is NotImplemented


def test_in_place_operators_rebind() -> None:
    value = Scope("a")
    original = value
    value += "b"
    value -= scope.streaming
    assert value == {"a", "b"}
    assert original == {"a"}


# --- algebra properties ---------------------------------------------------------------


@given(algebraic, operands)
def test_property_add_commutes(a: Scope | scope, b: Scope | str) -> None:
    assert a + b == b + a
    assert type(a + b) is Scope
    assert type(b + a) is Scope
    assert a + b == as_set(a) | as_set(b)


@given(algebraic, operands, operands)
def test_property_add_associates(a: Scope | scope, b: Scope | str, c: Scope | str) -> None:
    # Grouping the right-hand pair first needs one of them to be a Scope or member.
    assert (a + b) + c == a + (Scope(b) + c)


@given(algebraic)
def test_property_self_difference_is_empty(a: Scope | scope) -> None:
    for result in (a - a, a - str(a), str(a) - a):
        assert result == Scope()
        assert type(result) is Scope
        assert str(result) == ""


@given(algebraic, operands)
def test_property_difference(a: Scope | scope, b: Scope | str) -> None:
    pairs: list[tuple[Any, Any]] = [(a, b), (b, a)]
    for left, right in pairs:
        result = left - right
        assert type(result) is Scope
        assert result == as_set(left) - as_set(right)
        assert (left + right) - right == result
        assert not result & as_set(right)


@given(scope_sets)
def test_property_str_sorted_and_round_trips(value: Scope) -> None:
    text = str(value)
    assert text.split() == sorted(value)
    assert "  " not in text
    assert Scope(text) == value
    assert eval(repr(value), {"Scope": Scope}) == value


@given(st.lists(tokens, max_size=8))
def test_property_forms_are_interchangeable(items: list[str]) -> None:
    expected = Scope(*items)
    assert Scope(*(str(item) for item in items)) == expected
    assert Scope(" ".join(items)) == expected
    assert Scope(items) == expected
    assert Scope(expected) == expected
    assert len(expected) == len({str(item) for item in items})


@given(st.lists(members, max_size=8), st.lists(members, max_size=8))
def test_property_known_members_validate(a: list[scope], b: list[scope]) -> None:
    value = Scope(*a) + Scope(*b)
    assert value.validate() is value
    assert not value.unknown()
    assert value <= every


# --- validation -----------------------------------------------------------------------


def test_check_scopes_normalises() -> None:
    assert check_scopes(None) == Scope()
    assert check_scopes("") == Scope()
    assert check_scopes("user-read-email streaming") == {"user-read-email", "streaming"}
    assert check_scopes(scope.streaming) == {"streaming"}
    assert check_scopes([scope.streaming, "user-top-read"]) == {"streaming", "user-top-read"}
    assert check_scopes(every) is every
    assert type(check_scopes(["streaming"])) is Scope


def test_check_scopes_names_unknown() -> None:
    with pytest.raises(ValueError, match="Unknown authorisation scope: 'nope'") as exc:
        check_scopes("streaming nope")
    assert "spotipy.scope.scope" in str(exc.value)
    with pytest.raises(ValueError, match="Unknown authorisation scopes: ") as exc:
        check_scopes(["user-read-emails", "zzz", "user-top-read"])
    text = str(exc.value)
    assert "'user-read-emails' (did you mean 'user-read-email'?)" in text
    assert "'zzz'" in text
    assert "user-top-read" not in text


def test_validate_shortens_long_names() -> None:
    with pytest.raises(ValueError, match="Unknown") as exc:
        Scope("x" * 5000).validate()
    assert len(str(exc.value)) < 300
    assert "xxx..." in str(exc.value)


def test_unknown_and_validate_methods() -> None:
    value = Scope("streaming", "abc")
    assert value.unknown() == {"abc"}
    assert type(value.unknown()) is Scope
    with pytest.raises(ValueError, match="'abc'"):
        value.validate()
    assert every.validate() is every


def test_check_scopes_type_error() -> None:
    with pytest.raises(TypeError):
        check_scopes([1])  # type: ignore[list-item]
