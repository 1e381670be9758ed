"""The plugin as a user's project sees it: pytest run in-process on a project of its own.

``pytester`` gives each test an empty directory (no conftest of ours), so the plugin's own
``spotify`` and its defaults are what the inner tests get.
"""

from __future__ import annotations

import pytest

# Unrelated plugins stay out of the inner runs (hypothesis re-imports itself in each).
QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest", "--strict-markers")

EXPORT = """
def my_export(spotify, playlist_id):
    page = spotify.playlist_items(playlist_id)
    return [(entry.item.id, entry.item.name) for entry in spotify.all_items(page)]
"""


def test_the_issue_example_passes_as_written(pytester: pytest.Pytester):
    pytester.makepyfile(myexport=EXPORT)
    pytester.makepyfile(
        test_export="""
        from myexport import my_export

        def test_my_export(spotify):
            rows = my_export(spotify, "37i9dQZEVXbMDoHDwVN2tF")
            assert len(rows) == 10_000

        def test_defaults(spotify, spotify_emulator):
            from spotipy.client import Spotify
            assert isinstance(spotify, Spotify) and not spotify.is_async
            assert spotify_emulator.profile == "development"
            assert spotify_emulator.seed == 0
            assert spotify.artist(spotify_emulator.catalogue.artist_ids[0]).id
            assert [r.path for r in spotify_emulator.requests][-1].startswith("/v1/artists/")
        """
    )
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(passed=2)


def test_markers_and_the_ini_option(pytester: pytest.Pytester):
    pytester.makeini("[pytest]\nspotify_emulator_profile = extended\n")
    pytester.makepyfile(
        """
        import pytest
        from spotipy.errors import ExtendedQuotaRequired

        pytestmark = pytest.mark.spotify_emulator(seed=4)

        def test_ini_profile(spotify_emulator):
            assert (spotify_emulator.profile, spotify_emulator.seed) == ("extended", 4)

        @pytest.mark.spotify_emulator(profile="development")
        def test_marker_beats_ini(spotify, spotify_emulator):
            artist = spotify_emulator.catalogue.artist_ids[0]
            with pytest.raises(ExtendedQuotaRequired):
                spotify.artist_related_artists(artist)

        def test_extended_serves_deprecated(spotify, spotify_emulator):
            artist = spotify_emulator.catalogue.artist_ids[0]
            assert spotify.artist_related_artists(artist)
        """
    )
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(passed=3)


def test_the_marker_is_registered(pytester: pytest.Pytester):
    result = pytester.runpytest("-p", "no:cacheprovider", "--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.spotify_emulator(**options):*"])


def test_bad_markers_error_clearly(pytester: pytest.Pytester):
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.spotify_emulator("extended")
        def test_positional(spotify_emulator):
            pass

        @pytest.mark.spotify_emulator(profle="extended")
        def test_misspelt(spotify):
            pass
        """
    )
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [
            "*@pytest.mark.spotify_emulator takes keyword arguments only*",
            "*spotify_emulator: unknown option 'profle'; the Emulator takes seed, *",
        ]
    )


def test_overriding_the_emulator_fixture(pytester: pytest.Pytester):
    pytester.makeconftest(
        """
        import pytest
        from spotipy.emulator import Emulator

        @pytest.fixture
        def spotify_emulator():
            return Emulator(seed=9, profile="extended", client_id="mine")
        """
    )
    pytester.makepyfile(
        """
        def test_clients_use_the_override(spotify, spotify_user, spotify_emulator):
            assert spotify_emulator.client_id == "mine"
            artist = spotify_emulator.catalogue.artist_ids[0]
            assert spotify.artist_related_artists(artist)
            assert spotify_user.current_user().id == "emulator-user"
            assert len(spotify_emulator.requests) == 2
        """
    )
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(passed=1)


def test_async_clients_close_at_teardown(pytester: pytest.Pytester):
    pytester.makepyfile(
        """
        import asyncio

        seen = []

        def test_use(async_spotify, async_spotify_user, spotify):
            seen.extend([async_spotify, async_spotify_user, spotify])
            user = asyncio.run(async_spotify_user.current_user())
            assert user.id == "emulator-user"

        def test_closed():
            assert len(seen) == 3
            for client in seen:
                assert client.sender.client.is_closed
        """
    )
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(passed=2)


def test_the_plugin_can_be_switched_off(pytester: pytest.Pytester):
    pytester.makepyfile("def test_it(spotify):\n    pass\n")
    result = pytester.runpytest(*QUIET, "-p", "no:spotipy")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'spotify' not found*"])


def test_loading_it_by_hand(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    # With entry points switched off, ``-p spotipy.testing`` loads the same plugin.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.spotify_emulator(profile="extended")
        def test_it(spotify_emulator, spotify):
            assert spotify_emulator.profile == "extended"
        """
    )
    result = pytester.runpytest(
        "-p", "no:cacheprovider", "-p", "spotipy.testing", "--strict-markers"
    )
    result.assert_outcomes(passed=1)
