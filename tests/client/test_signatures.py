"""Every endpoint has its real signature at run time: on the class, bound sync and async.

``inspect.signature`` (what ``help()``, IPython's completion of keyword names and
editors read) gives the declared parameters with their types, and the flow's result as
the return annotation: ``T`` on the class and on a sync client, ``Awaitable[T]`` on an
async one, as the type checkers see them.
"""

from __future__ import annotations

import inspect
import pydoc
import typing
from collections.abc import Awaitable, Generator
from typing import Any

import pytest

import spotipy.model
from spotipy import Spotify
from spotipy.emulator import Emulator
from spotipy.model import FullAlbum
from tests.conftest import Runner
from tests.endpoints import endpoints

ENDPOINTS = endpoints()
MODEL_NAMES = {name: getattr(spotipy.model, name) for name in spotipy.model.__all__}


def declared(name: str) -> inspect.Signature:
    """The signature as written in the endpoint's module, its annotations evaluated."""
    func = ENDPOINTS[name].func
    written = inspect.signature(func)
    hints = typing.get_type_hints(func, localns=MODEL_NAMES)
    flow = hints["return"]
    assert typing.get_origin(flow) is Generator, name  # Flow[T]
    return written.replace(
        parameters=[p.replace(annotation=hints[p.name]) for p in written.parameters.values()
                    if p.name != "self"],
        return_annotation=typing.get_args(flow)[2],
    )  # fmt: skip


def without_self(signature: inspect.Signature) -> inspect.Signature:
    params = list(signature.parameters.values())
    assert params[0].name == "self"
    return signature.replace(parameters=params[1:])


def test_every_endpoint_is_walked() -> None:
    assert len(ENDPOINTS) >= 97  # the operations; some have more than one method


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_signature_matches_the_declaration(name: str) -> None:
    expected = declared(name)
    on_class = inspect.signature(getattr(Spotify, name))
    assert without_self(on_class) == expected
    assert inspect.signature(getattr(Spotify("token"), name)) == expected
    on_async = inspect.signature(getattr(Spotify("token", asynchronous=True), name))
    assert on_async.parameters == expected.parameters
    assert on_async.return_annotation == Awaitable[expected.return_annotation]


@pytest.mark.parametrize("name", ["playlist_add", "playlist_create", "search", "album"])
def test_help_shows_the_parameters(name: str) -> None:
    first = next(iter(declared(name).parameters))
    for target in (getattr(Spotify, name), getattr(Spotify("token"), name)):
        text = pydoc.render_doc(target, renderer=pydoc.plaintext)
        assert f"{name}(" in text, text[:300]
        assert f"{first}: " in text, text[:300]
        assert "(...)" not in text
        assert "Spotify reference:" in text  # the docstring with its notes


def test_bound_methods_keep_names_and_docs() -> None:
    for spotify in (Spotify("token"), Spotify("token", asynchronous=True)):
        bound = spotify.playlist_add
        assert bound.__name__ == "playlist_add"
        assert bound.__qualname__.endswith("playlist_add")
        assert bound.__module__ == "spotipy.client._api.playlist"
        assert bound.__doc__ == Spotify.playlist_add.__doc__
        assert bound.__self__ is spotify


def test_the_class_attribute_is_callable_with_the_client_first(
    run: Runner, emulator: Emulator, spotify: Spotify[Any]
) -> None:
    album_id = emulator.catalogue.album_ids[0]
    album = run(Spotify.album(spotify, album_id, market="SE"))
    assert isinstance(album, FullAlbum)
    assert album.id == album_id
    assert emulator.requests[-1].path == f"/v1/albums/{album_id}"


def test_credentials_flow_methods_have_signatures_too() -> None:
    from spotipy.auth import Credentials, Token

    expected = "(code: str) -> spotipy.auth.Token"
    assert str(inspect.signature(Credentials("id", "secret").request_user_token)) == expected
    bound = Credentials("id", "secret", asynchronous=True).request_user_token
    assert inspect.signature(bound).return_annotation == Awaitable[Token]


def test_annotations_naming_what_is_not_there_stay_as_written() -> None:
    from spotipy._flow import Flow, FlowMethod

    def flow(self: object, count: Missing) -> Flow[int]:  # type: ignore[name-defined]  # noqa: F821
        return 1
        yield

    signature = inspect.signature(FlowMethod(flow))
    assert str(signature) == "(self: 'object', count: 'Missing') -> 'Flow[int]'"
