"""Shows, episodes, audiobooks, chapters, browse, recommendations and audio features.

What the generic sweeps cannot know: paging reaches every episode and chapter, several-IDs
gets keep their order, recommendations honour their seeds, limit and filters, and the
checks that span arguments refuse before any request.
"""

from __future__ import annotations

from typing import Any

import pytest

from spotipy import Spotify
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.errors import BadRequest, NotFound
from spotipy.model import (
    AudioFeatures,
    FullAudiobook,
    FullShow,
    SimpleChapter,
    SimpleEpisode,
    SimplePlaylistPaging,
)
from tests.conftest import Runner, make_sender

#: A well-formed ID the catalogue does not hold.
UNKNOWN = "0" * 22


def api_requests(emulator: Emulator) -> list[Any]:
    return [r for r in emulator.requests if r.path.startswith("/v1/")]


def user_client(emulator: Emulator, mode: str, *scopes: str) -> Spotify[Any]:
    token = emulator.user_token(DEFAULT_USER_ID, scopes)
    return Spotify(token, make_sender(emulator, mode))


# Shows, episodes, audiobooks, chapters ------------------------------------------------------


def test_show_episodes_page_through_every_episode(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    view = emulator.catalogue
    show_id = view.show_ids[2]
    expected = view.show_episode_ids(show_id)
    show = run(spotify.show(show_id))
    assert isinstance(show, FullShow)
    assert show.total_episodes == len(expected)
    assert show.episodes is not None
    assert [e.id for e in show.episodes.items] == expected[:50]
    first = run(spotify.show_episodes(show_id, limit=4))
    episodes: list[SimpleEpisode] = run.collect(spotify.all_items(first))
    assert [e.id for e in episodes] == expected
    assert first.total == show.total_episodes


def test_audiobook_chapters_page_through_every_chapter(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    view = emulator.catalogue
    book_id = view.audiobook_ids[1]
    expected = view.audiobook_chapter_ids(book_id)
    book = run(spotify.audiobook(book_id))
    assert isinstance(book, FullAudiobook)
    assert book.total_chapters == len(expected)
    assert book.chapters is not None
    assert book.chapters.total == len(expected)
    first = run(spotify.audiobook_chapters(book_id, limit=7, offset=0))
    chapters: list[SimpleChapter] = run.collect(spotify.all_items(first))
    assert [c.id for c in chapters] == expected
    assert [c.chapter_number for c in chapters] == list(range(1, len(expected) + 1))
    chapter = run(spotify.chapter(expected[-1]))
    assert chapter.audiobook is not None
    assert chapter.audiobook.id == book_id


def test_resume_points_need_the_playback_position_scope(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    episode_id = emulator.catalogue.episode_ids[4]
    with_scope = user_client(emulator, mode, "user-read-playback-position")
    without = user_client(emulator, mode)
    assert run(with_scope.episode(episode_id)).resume_point is not None
    assert run(without.episode(episode_id)).resume_point is None
    show_id = emulator.catalogue.show_ids[0]
    page = run(with_scope.show_episodes(show_id, limit=3))
    assert all(e.resume_point is not None for e in page.items)


@pytest.mark.parametrize(
    ("method", "kind"),
    [
        ("shows", "show"),
        ("episodes", "episode"),
        ("audiobooks", "audiobook"),
        ("chapters", "chapter"),
        ("tracks_audio_features", "track"),
    ],
)
def test_several_ids_keep_order_and_none_for_unknown(
    spotify: Spotify[Any], run: Runner, emulator: Emulator, method: str, kind: str
) -> None:
    known: list[str] = getattr(emulator.catalogue, f"{kind}_ids")[3:6][::-1]
    asked = [known[0], UNKNOWN, known[1], known[2]]
    found = run(getattr(spotify, method)(asked))
    assert [None if f is None else f.id for f in found] == [known[0], None, known[1], known[2]]


def test_several_shows_with_chunking_keep_order(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    shows = emulator.catalogue.show_ids[::-1]
    assert len(shows) > 50
    before = len(api_requests(emulator))
    found = run(spotify.shows(shows))
    assert [s.id for s in found if s is not None] == shows
    assert len(api_requests(emulator)) - before == 2


def test_unknown_show_and_chapter_are_not_found(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    with pytest.raises(NotFound):
        run(spotify.show(UNKNOWN))
    with pytest.raises(NotFound):
        run(spotify.chapter(UNKNOWN))


# Audio features and analysis ------------------------------------------------------------


def test_audio_features_of_several_tracks_equal_single_calls(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    tracks = emulator.catalogue.track_ids[10:15]
    several = run(spotify.tracks_audio_features(tracks))
    single = [run(spotify.track_audio_features(t)) for t in tracks]
    assert several == single
    assert all(isinstance(f, AudioFeatures) for f in several)
    first = single[0]
    assert first.duration_ms == emulator.catalogue.track(tracks[0])["duration_ms"]
    assert first.key is not None
    assert 0 <= first.key <= 11


def test_audio_analysis_covers_the_track(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    track_id = emulator.catalogue.track_ids[7]
    analysis = run(spotify.track_audio_analysis(track_id))
    features = run(spotify.track_audio_features(track_id))
    duration = emulator.catalogue.track(track_id)["duration_ms"] / 1000
    assert analysis.track["tempo"] == features.tempo
    assert analysis.segments
    assert analysis.sections
    assert analysis.beats
    end = analysis.segments[-1]
    assert end.start is not None
    assert end.duration is not None
    assert end.start + end.duration == pytest.approx(duration, abs=0.01)
    assert analysis.sections[0].start == 0


# Artists -----------------------------------------------------------------------------------


def test_top_tracks_are_the_artists_most_popular(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    artist_id = emulator.catalogue.artist_ids[4]
    tracks = run(spotify.artist_top_tracks(artist_id, "SE"))
    assert [t.id for t in tracks] == emulator.catalogue.artist_track_ids(artist_id)[:10]
    assert all(artist_id in [a.id for a in t.artists] for t in tracks)
    popularity = [t.popularity for t in tracks]
    assert popularity == sorted(popularity, reverse=True)
    assert api_requests(emulator)[-1].query == {"market": "SE"}


def test_related_artists_share_genres(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    view = emulator.catalogue
    artist_id = next(a for a in view.artist_ids if view.artist_genres(a))
    related = run(spotify.artist_related_artists(artist_id))
    assert related
    assert artist_id not in [a.id for a in related]
    genres = set(view.artist_genres(artist_id))
    assert genres.intersection(related[0].genres or [])


# Browse ------------------------------------------------------------------------------------


def test_featured_playlists_give_a_message_and_a_paging(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    message, page = run(
        spotify.featured_playlists(country="SE", locale="sv_SE", timestamp="2026-02-01T09:00:00")
    )
    assert isinstance(message, str)
    assert message
    assert isinstance(page, SimplePlaylistPaging)
    editorial = emulator.catalogue.editorial_playlist_ids
    assert [p.id for p in page.items] == editorial[:20]
    assert page.total == len(editorial)
    assert all(p.owner.id == "spotify" for p in page.items)
    # The spec declares only locale, limit and offset: country and timestamp stay home.
    assert api_requests(emulator)[-1].query == {"locale": "sv_SE", "limit": "20", "offset": "0"}
    # Their pages wrap the paging beside the message; next() finds it all the same.
    _, small = run(spotify.featured_playlists(limit=2))
    after = run(spotify.next(small))
    assert after is not None
    assert [p.id for p in after.items] == editorial[2:4]


def test_categories_and_their_playlists(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    view = emulator.catalogue
    first = run(spotify.categories(limit=5))
    categories = run.collect(spotify.all_items(first))
    assert [c.id for c in categories] == view.category_ids
    assert all(c.icons for c in categories)
    chosen = view.category_ids[3]
    category = run(spotify.category(chosen, locale="sv_SE"))
    assert category.id == chosen
    playlists = run(spotify.category_playlists(chosen, limit=50))
    assert [p.id for p in playlists.items] == view.category_playlist_ids(chosen)
    with pytest.raises(NotFound):
        run(spotify.category("no-such-category"))
    before = len(api_requests(emulator))
    with pytest.raises(ValueError, match="category_id"):
        run(spotify.category("../me"))
    assert len(api_requests(emulator)) == before


def test_new_releases_markets_and_genre_seeds(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    view = emulator.catalogue
    page = run(spotify.new_releases(limit=10, offset=10))
    assert [a.id for a in page.items] == view.new_release_ids[10:20]
    dates = [a.release_date for a in page.items]
    assert dates == sorted(dates, reverse=True)
    assert run(spotify.available_markets()) == view.markets
    assert run(spotify.recommendation_genre_seeds()) == view.genres


# Recommendations ---------------------------------------------------------------------------


def test_recommendations_honour_seeds_and_limit(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    view = emulator.catalogue
    artist_id = next(a for a in view.artist_ids if len(view.artist_track_ids(a)) > 8)
    found = run(spotify.recommendations(artist_ids=[artist_id], limit=5))
    assert len(found.tracks) == 5
    assert all(artist_id in [a.id for a in t.artists] for t in found.tracks)
    assert found.seeds is not None
    assert [(s.id, s.type) for s in found.seeds] == [(artist_id, "ARTIST")]
    genre = view.genres[0]
    by_genre = run(spotify.recommendations(genres=genre, limit=30, min_popularity=40))
    assert 0 < len(by_genre.tracks) <= 30
    for track in by_genre.tracks:
        assert track.popularity is not None
        assert track.popularity >= 40
        assert any(genre in view.artist_genres(a.id) for a in track.artists)
    sent = api_requests(emulator)[-1].query
    assert sent == {"limit": "30", "seed_genres": genre, "min_popularity": "40"}


def test_recommendations_filter_on_audio_features(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    view = emulator.catalogue
    found = run(
        spotify.recommendations(
            genres=view.genres[:2], limit=20, min_energy=0.5, max_tempo=140.0, target_valence=0.8
        )
    )
    assert found.tracks
    features = run(spotify.tracks_audio_features([t.id for t in found.tracks]))
    for f in features:
        assert f is not None
        assert f.energy is not None
        assert f.energy >= 0.5
        assert f.tempo is not None
        assert f.tempo <= 140.0


@pytest.mark.parametrize(
    ("arguments", "match"),
    [
        ({"genres": ["a", "b", "c"], "artist_ids": ["x" * 22] * 2, "track_ids": ["y" * 22]}, "5"),
        ({}, "seeds"),
        ({"genres": "folk", "min_loudnesss": -5}, "min_loudnesss"),
        ({"genres": "folk", "tempo": 120}, "tempo"),
        ({"genres": "folk", "max_energy": 1.5}, "max_energy"),
        ({"genres": "folk", "target_key": 2.5}, "target_key"),
        ({"genres": "folk,jazz"}, "genres"),
    ],
)
def test_bad_recommendations_fail_before_any_request(
    spotify: Spotify[Any], run: Runner, emulator: Emulator, arguments: dict[str, Any], match: str
) -> None:
    before = len(api_requests(emulator))
    with pytest.raises((ValueError, TypeError), match=match):
        run.call(lambda: spotify.recommendations(**arguments))
    assert len(api_requests(emulator)) == before


def test_unknown_seed_artist_is_a_bad_request(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    with pytest.raises(BadRequest):
        run(spotify.recommendations(artist_ids=[UNKNOWN]))
