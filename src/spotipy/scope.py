"""Authorisation scopes and their set algebra.

:class:`scope` enumerates every scope of the Spotify Web API; :class:`Scope` is an
immutable set of scope strings that adds and subtracts with strings, enum members and
other scopes::

    from spotipy.scope import Scope, every, read, scope, write

    wanted = scope.user_read_email + scope.playlist_read_private   # a Scope
    wanted += "user-top-read user-library-read"                     # str splits on spaces
    str(wanted)      # 'playlist-read-private user-library-read user-read-email user-top-read'
    every - write == read                                            # True

``read``, ``write`` and ``every`` are module constants and also attributes of the enum
(``scope.every``); iterating over :class:`scope` yields only the real scopes.

Where ``streaming`` and ``app-remote-control`` go: both let an application act on the
user's players (play content through the Web Playback SDK, or drive the Spotify app
through the App Remote SDKs), so they are in :data:`write`.  A token granted only
:data:`read` can look but never change anything, which is what "read" should promise.
``user-personalized`` gives access to personalised content and changes nothing, so it
is in :data:`read`.

The scopes of Spotify Open Access (``user-soa-link``, ``soa-manage-entitlements`` ...)
belong to a separate partner API and are deliberately not listed: ``check_scopes`` treats
them as unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from enum import StrEnum
from typing import ClassVar, Final, Self

__all__ = [
    "AuthorisationScopes",
    "Scope",
    "check_scopes",
    "every",
    "read",
    "scope",
    "scopes",
    "write",
]

_SHOWN: Final = 80


def _flatten(values: Iterable[object]) -> Iterator[str]:
    """Yield the scope strings in ``values``, splitting strings on whitespace."""
    for value in values:
        if isinstance(value, str):
            # str.split returns plain str objects, also for enum members.
            yield from value.split()
        elif isinstance(value, Iterable):
            yield from _flatten(value)
        else:
            raise TypeError(
                f"Scope members must be str, enum members or iterables of them, "
                f"got {type(value).__name__}"
            )


class Scope(frozenset[str]):
    """Hold an immutable set of authorisation scopes.

    Parameters
    ----------
    *members
        Scope strings, :class:`scope` members, or iterables of them (another
        :class:`Scope`, a list ...).  A string holding several scopes separated by
        whitespace counts as several scopes, so the ``scope`` field of a token response
        can be passed as it is.  Members are stored as plain ``str`` values, so
        duplicates given in different forms collapse.

    Notes
    -----
    ``str(Scope(...))`` is the sorted members joined by single spaces, the form OAuth
    expects.  ``+`` is union and ``-`` is difference; either side may be a
    :class:`Scope`, a ``str`` or a :class:`scope` member, and the result is always a
    :class:`Scope`.  ``|``, ``&`` and ``^`` with any set also give a :class:`Scope`.
    Other operand types are refused with ``TypeError``.

    Examples
    --------
    >>> str(Scope("user-read-email", scope.user_top_read) + "streaming")
    'streaming user-read-email user-top-read'
    """

    __slots__ = ()

    def __new__(cls, *members: str | Iterable[str]) -> Self:
        """Build a scope set from strings, enum members and iterables of them."""
        return super().__new__(cls, _flatten(members))

    @classmethod
    def _of(cls, items: Iterable[str]) -> Scope:
        """Wrap strings already known to be single scopes, skipping the splitting."""
        return frozenset.__new__(cls, items)

    def __str__(self) -> str:
        """Return the sorted members joined by single spaces."""
        return " ".join(sorted(self))

    def __repr__(self) -> str:
        """Return ``Scope('a', 'b')`` with the members sorted."""
        return f"{type(self).__name__}({', '.join(map(repr, sorted(self)))})"

    def __add__(self, other: object) -> Scope:
        """Return the union with a Scope, a str or an enum member."""
        if isinstance(other, str | Scope):
            return Scope(self, other)
        return NotImplemented

    def __radd__(self, other: object) -> Scope:
        """Return the union with a str or an enum member on the left."""
        if isinstance(other, str | Scope):
            return Scope(other, self)
        return NotImplemented

    def __sub__(self, other: object) -> Scope:
        """Return the members that are not in a Scope, str or enum member."""
        if isinstance(other, str | Scope):
            return Scope._of(frozenset.difference(self, Scope(other)))
        return NotImplemented

    def __rsub__(self, other: object) -> Scope:
        """Return a str or enum member on the left, minus this scope set."""
        if isinstance(other, str | Scope):
            return Scope._of(frozenset.difference(Scope(other), self))
        return NotImplemented

    def __or__(self, other: object) -> Scope:
        """Return the union with any set of scopes."""
        if isinstance(other, AbstractSet):
            return Scope._of(frozenset.union(self, Scope(other)))
        return NotImplemented

    __ror__ = __or__

    def __and__(self, other: object) -> Scope:
        """Return the intersection with any set of scopes."""
        if isinstance(other, AbstractSet):
            return Scope._of(frozenset.intersection(self, Scope(other)))
        return NotImplemented

    __rand__ = __and__

    def __xor__(self, other: object) -> Scope:
        """Return the symmetric difference with any set of scopes."""
        if isinstance(other, AbstractSet):
            return Scope._of(frozenset.symmetric_difference(self, Scope(other)))
        return NotImplemented

    __rxor__ = __xor__

    def unknown(self) -> Scope:
        """Return the members that are not Spotify scopes.

        Returns
        -------
        Scope
            The members missing from :class:`scope`; empty if all are known.
        """
        return Scope._of(frozenset.difference(self, _KNOWN))

    def validate(self) -> Self:
        """Check that every member is a Spotify scope.

        Returns
        -------
        Scope
            This scope set, unchanged, for chaining.

        Raises
        ------
        ValueError
            Naming the unknown members (with a suggestion for near misses).
        """
        unknown = self.unknown()
        if not unknown:
            return self
        import difflib  # only a refusal needs it

        described = []
        for name in sorted(unknown):
            shown = repr(name)
            if len(shown) > _SHOWN:
                shown = shown[: _SHOWN - 3] + "..."
            close = difflib.get_close_matches(name, _KNOWN, n=1)
            described.append(f"{shown} (did you mean {close[0]!r}?)" if close else shown)
        noun = "scope" if len(described) == 1 else "scopes"
        raise ValueError(
            f"Unknown authorisation {noun}: {', '.join(described)}; "
            "the known scopes are the members of spotipy.scope.scope"
        )


class scope(StrEnum):  # lower case like the 2020 spotipy API: users type ``scope.every``
    """Enumerate the authorisation scopes of the Spotify Web API.

    Member names use underscores (``scope.user_read_email``); values are Spotify's
    hyphenated names (``"user-read-email"``), and ``str(member)`` is the value.

    ``member + other`` and ``member - other`` (``other`` a member, ``str`` or
    :class:`Scope`) give a :class:`Scope`, on either side.  Note that this replaces
    string concatenation: ``"a" + scope.streaming`` is ``Scope('a', 'streaming')``.

    The class attributes ``scope.read``, ``scope.write`` and ``scope.every`` are the
    module constants :data:`read`, :data:`write` and :data:`every`; they are not
    members and iteration never yields them.
    """

    ugc_image_upload = "ugc-image-upload"
    user_read_playback_state = "user-read-playback-state"
    user_modify_playback_state = "user-modify-playback-state"
    user_read_currently_playing = "user-read-currently-playing"
    app_remote_control = "app-remote-control"
    streaming = "streaming"
    playlist_read_private = "playlist-read-private"
    playlist_read_collaborative = "playlist-read-collaborative"
    playlist_modify_private = "playlist-modify-private"
    playlist_modify_public = "playlist-modify-public"
    user_follow_modify = "user-follow-modify"
    user_follow_read = "user-follow-read"
    user_read_playback_position = "user-read-playback-position"
    user_top_read = "user-top-read"
    user_read_recently_played = "user-read-recently-played"
    user_library_modify = "user-library-modify"
    user_library_read = "user-library-read"
    user_read_email = "user-read-email"
    user_read_private = "user-read-private"
    user_personalized = "user-personalized"

    # Annotated without a value, so not members; assigned after the class is built.
    read: ClassVar[Scope]
    write: ClassVar[Scope]
    every: ClassVar[Scope]

    def __add__(self, other: object) -> Scope:  # type: ignore[override]
        """Return the union with a member, a str or a Scope."""
        if isinstance(other, str | Scope):
            return Scope(self, other)
        return NotImplemented

    def __radd__(self, other: object) -> Scope:
        """Return the union with a str or a Scope on the left."""
        if isinstance(other, str | Scope):
            return Scope(other, self)
        return NotImplemented

    def __sub__(self, other: object) -> Scope:
        """Return this scope unless ``other`` holds it, as a Scope."""
        if isinstance(other, str | Scope):
            return Scope(self) - other
        return NotImplemented

    def __rsub__(self, other: object) -> Scope:
        """Return a str or Scope on the left, without this scope."""
        if isinstance(other, str | Scope):
            return Scope(other) - self
        return NotImplemented


#: The 2020 spotipy API's name for :class:`scope`.
AuthorisationScopes = scope
#: The 2020 spotipy API's alias of :class:`scope`.
scopes = scope

_KNOWN: Final = frozenset(member.value for member in scope)

#: Every scope that only reads or informs and changes nothing.
read: Final = Scope(
    scope.playlist_read_collaborative,
    scope.playlist_read_private,
    scope.user_follow_read,
    scope.user_library_read,
    scope.user_personalized,
    scope.user_read_currently_playing,
    scope.user_read_email,
    scope.user_read_playback_position,
    scope.user_read_playback_state,
    scope.user_read_private,
    scope.user_read_recently_played,
    scope.user_top_read,
)
#: Every scope that changes something or controls a player (incl. streaming, app remote).
write: Final = Scope(
    scope.app_remote_control,
    scope.playlist_modify_private,
    scope.playlist_modify_public,
    scope.streaming,
    scope.ugc_image_upload,
    scope.user_follow_modify,
    scope.user_library_modify,
    scope.user_modify_playback_state,
)
#: All scopes: ``read + write``.
every: Final = read + write

scope.read = read
scope.write = write
scope.every = every


def check_scopes(values: str | Iterable[str] | None) -> Scope:
    """Normalise scopes to a :class:`Scope` and check that all are Spotify scopes.

    Parameters
    ----------
    values
        ``None`` (no scope), a space-separated string, a :class:`scope` member, a
        :class:`Scope`, or an iterable of any of these.

    Returns
    -------
    Scope
        The scopes as a set.

    Raises
    ------
    ValueError
        Naming the unknown scopes.
    TypeError
        If a member is neither a string nor an iterable.
    """
    if isinstance(values, Scope):
        return values.validate()
    return Scope(() if values is None else values).validate()
