"""Player, browse, audio and recommendation models."""

from __future__ import annotations

from datetime import UTC, datetime

from spotipy.model import (
    Actions,
    AudioAnalysis,
    AudioFeatures,
    CategoryPaging,
    Context,
    ContextType,
    CurrentlyPlaying,
    CurrentlyPlayingContext,
    CurrentlyPlayingType,
    Device,
    DeviceType,
    FullEpisode,
    FullTrack,
    LocalTrack,
    PlayHistoryPaging,
    Queue,
    RecommendationAttribute,
    Recommendations,
    RepeatState,
    UnknownItem,
    decode,
)
from spotipy.serialise import to_json
from tests.unit import test_model_payloads as p


def test_playback_state() -> None:
    state = decode(p.encode(p.playback(p.full_track())), CurrentlyPlayingContext)
    assert isinstance(state.item, FullTrack)
    assert state.device is not None
    assert state.device.type == DeviceType.Speaker
    assert state.device.volume_percent == 59
    assert state.repeat_state == RepeatState.off
    assert state.currently_playing_type == CurrentlyPlayingType.track
    assert state.context is not None
    assert state.context.type == ContextType.playlist
    assert state.actions == Actions(interrupting_playback=False, pausing=False, resuming=True)
    assert state.timestamp == 1700000000000
    assert decode(to_json(state).encode(), CurrentlyPlayingContext) == state


def test_nested_disallows_are_understood() -> None:
    payload = p.playback(p.full_track(), actions={"disallows": {"resuming": True}})
    state = decode(p.encode(payload), CurrentlyPlayingContext)
    assert state.actions is not None
    assert state.actions.disallows is not None
    assert state.actions.disallows.resuming is True
    # The nested form, as Spotify sends it, reads like the documented flat one.
    assert state.actions.resuming is True
    assert state.actions.pausing is None


def test_currently_playing_episode_local_unknown_and_nothing() -> None:
    episode = decode(p.encode(p.playback(p.full_episode())), CurrentlyPlaying)
    assert isinstance(episode.item, FullEpisode)
    local = decode(p.encode(p.playback(p.local_track())), CurrentlyPlaying)
    assert isinstance(local.item, LocalTrack)
    odd = decode(p.encode(p.playback({"type": "ad", "id": "x"})), CurrentlyPlaying)
    assert isinstance(odd.item, UnknownItem)
    nothing = decode(p.encode(p.playback(None, currently_playing_type="ad")), CurrentlyPlaying)
    assert nothing.item is None
    assert nothing.currently_playing_type == CurrentlyPlayingType.ad


def test_unknown_device_type_and_lookup() -> None:
    payload = p.device() | {"type": "Hologram", "id": None, "volume_percent": None}
    device = decode(p.encode(payload), Device)
    assert device.type == "Hologram"
    assert device.id is None
    assert DeviceType("tv") is DeviceType.TV


def test_queue() -> None:
    payload = {
        "currently_playing": p.full_track(),
        "queue": [p.full_episode(), None, {"type": "video", "id": "v"}, p.full_track()],
    }
    queue = decode(p.encode(payload), Queue)
    assert isinstance(queue.currently_playing, FullTrack)
    assert queue.queue is not None
    kinds = [type(item).__name__ for item in queue.queue]
    assert kinds == ["FullEpisode", "UnknownItem", "FullTrack"]
    assert decode(to_json(queue).encode(), Queue) == queue
    empty = decode(b'{"currently_playing": null, "queue": []}', Queue)
    assert empty.currently_playing is None
    assert empty.queue == []


def test_recently_played() -> None:
    payload = {
        "href": f"{p.API}/me/player/recently-played?limit=2",
        "items": [
            {"track": p.full_track(), "played_at": "2024-05-01T08:00:00.123Z", "context": None},
            {"track": p.full_track(), "played_at": "garbage", "context": p.context()},
        ],
        "limit": 2,
        "next": f"{p.API}/me/player/recently-played?before=1714550400123&limit=2",
        "cursors": {"after": "1714550400123", "before": "1714550400000"},
    }
    page = decode(p.encode(payload), PlayHistoryPaging)
    first, second = page.items
    assert first.played_at == datetime(2024, 5, 1, 8, 0, 0, 123000, tzinfo=UTC)
    assert second.played_at is None
    assert isinstance(second.context, Context)
    assert page.cursors is not None
    assert page.cursors.before == "1714550400000"
    exhausted = decode(b'{"items": [], "next": null, "cursors": null}', PlayHistoryPaging)
    assert exhausted.cursors is None


def test_categories() -> None:
    category = {
        "href": f"{p.API}/browse/categories/dinner",
        "icons": [p.image(274)],
        "id": "dinner",
        "name": "Cooking & Dining",
    }
    page = decode(p.encode({"categories": p.paging([category], "browse/categories")}), dict)
    typed = decode(p.encode(page["categories"]), CategoryPaging)
    assert typed.items[0].name == "Cooking & Dining"
    assert typed.items[0].icons is not None


def test_audio_features_and_analysis() -> None:
    features = {
        "acousticness": 0.00242,
        "analysis_url": f"{p.API}/audio-analysis/11dFghVXANMlKmJXsNCbNl",
        "danceability": 0.585,
        "duration_ms": 237040,
        "energy": 0.842,
        "id": "11dFghVXANMlKmJXsNCbNl",
        "instrumentalness": 0.00686,
        "key": 9,
        "liveness": 0.0866,
        "loudness": -5.883,
        "mode": 0,
        "speechiness": 0.0556,
        "tempo": 118.211,
        "time_signature": 4,
        "track_href": f"{p.API}/tracks/11dFghVXANMlKmJXsNCbNl",
        "type": "audio_features",
        "uri": "spotify:track:11dFghVXANMlKmJXsNCbNl",
        "valence": 0.428,
    }
    decoded = decode(p.encode([features, None]), list[AudioFeatures | None])
    assert decoded[0] is not None
    assert decoded[0].tempo == 118.211
    assert decoded[1] is None
    interval = {"start": 0.5, "duration": 2.1, "confidence": 0.9}
    analysis = {
        "meta": {"analyzer_version": "4.0.0"},
        "track": {"tempo": 118.2},
        "bars": [interval],
        "beats": [interval],
        "tatums": [interval],
        "sections": [interval | {"loudness": -5.0, "tempo": 118, "key": 9, "mode": 1}],
        "segments": [interval | {"pitches": [0.1, 0.9], "timbre": [42.1], "loudness_max": -3}],
    }
    result = decode(p.encode(analysis), AudioAnalysis)
    assert result.sections is not None
    assert result.sections[0].tempo == 118
    assert result.segments is not None
    assert result.segments[0].pitches == [0.1, 0.9]


def test_recommendations() -> None:
    payload = {
        "seeds": [
            {
                "afterFilteringSize": 250,
                "afterRelinkingSize": 250,
                "href": f"{p.API}/artists/1vCWHaC5f2uS3yhpwWbIA6",
                "id": "1vCWHaC5f2uS3yhpwWbIA6",
                "initialPoolSize": 250,
                "type": "ARTIST",
            }
        ],
        "tracks": [p.full_track()],
    }
    result = decode(p.encode(payload), Recommendations)
    assert result.seeds is not None
    assert result.seeds[0].initialPoolSize == 250
    assert result.tracks is not None
    assert result.tracks[0].name == "Song number 1"
    assert RecommendationAttribute("Tempo") is RecommendationAttribute.tempo
    assert '"afterFilteringSize":250' in to_json(result)
