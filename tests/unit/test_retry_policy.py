"""The pure retry policy, as tables: outcome in, decision out."""

from __future__ import annotations

import email.utils

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spotipy._http import Request, Response
from spotipy.errors import TransportError
from spotipy.sender._retry import (
    LONGEST_WAIT,
    Action,
    Decision,
    Outcome,
    RetryConfig,
    RetryState,
    backoff_wait,
    decide,
)

NOW = 1_700_000_000.0
API = "https://api.spotify.com/v1"


def request(method: str = "GET", *, idempotent: bool | None = None) -> Request:
    return Request(method, f"{API}/me/player", idempotent=idempotent)


def answer(status: int, method: str = "GET", **headers: str) -> Response:
    return Response(
        status, {k.replace("_", "-"): v for k, v in headers.items()}, b"", request(method)
    )


def failure(method: str, *, sent: bool) -> TransportError:
    return TransportError("boom", request(method), sent=sent)


def http_date(offset: float) -> str:
    return email.utils.formatdate(NOW + offset, usegmt=True)


def run(
    outcome: Outcome,
    state: RetryState | None = None,
    rng: float = 0.5,
    **config: float,
) -> Decision:
    return decide(
        state or RetryState(),
        outcome,
        RetryConfig(**config),  # type: ignore[arg-type]
        now=NOW,
        rng=lambda: rng,
    )


# --- 429 -----------------------------------------------------------------------------

RATE_LIMITED = [
    # (label, response, wait, retry_after)
    ("seconds", answer(429, Retry_After="7"), 7.0, 7.0),
    # RFC 9110: delay-seconds is digits only; a fraction is unreadable, so the default wait.
    ("fraction", answer(429, Retry_After="2.5"), 1.0, None),
    ("lower-case name", answer(429, retry_after="3"), 3.0, 3.0),
    ("upper-case name", answer(429, RETRY_AFTER="4"), 4.0, 4.0),
    ("HTTP date", answer(429, Retry_After=http_date(30)), 30.0, 30.0),
    ("HTTP date in the past", answer(429, Retry_After=http_date(-30)), 0.0, 0.0),
    ("no header", answer(429), 1.0, None),
    ("unreadable header", answer(429, Retry_After="soon"), 1.0, None),
    ("exactly the cap", answer(429, Retry_After="60"), 60.0, 60.0),
    ("POST", answer(429, "POST", Retry_After="2"), 2.0, 2.0),
    ("PATCH", answer(429, "PATCH", Retry_After="2"), 2.0, 2.0),
]


@pytest.mark.parametrize(
    ("response", "wait", "retry_after"),
    [case[1:] for case in RATE_LIMITED],
    ids=[case[0] for case in RATE_LIMITED],
)
def test_429_is_retried_after_retry_after_for_any_method(
    response: Response, wait: float, retry_after: float | None
) -> None:
    decision = run(response, retries=0)  # retries=0 still retries 429s, as in the seed
    assert decision.action is Action.RETRY
    assert decision.wait == wait
    assert decision.retry_after == retry_after
    assert decision.state == RetryState(retries_used=0, rate_limit_retries_used=1)


@pytest.mark.parametrize(
    ("response", "max_wait", "retry_after"),
    [
        (answer(429, Retry_After="61"), 60.0, 61.0),
        (answer(429, Retry_After="86400"), 60.0, 86400.0),
        (answer(429, Retry_After=http_date(3600)), 60.0, 3600.0),
        (answer(429), 0.5, None),  # the default wait of 1 s is over a tiny cap too
    ],
)
def test_429_over_the_cap_gives_up_at_once(
    response: Response, max_wait: float, retry_after: float | None
) -> None:
    decision = run(response, max_wait=max_wait)
    assert decision.action is Action.RAISE
    assert decision.wait == 0.0
    assert decision.retry_after == retry_after
    assert "exceeds max_wait" in decision.reason
    assert decision.state == RetryState()


@pytest.mark.parametrize(("budget", "used"), [(3, 3), (0, 0), (1, 5)])
def test_429_budget_is_bounded(budget: int, used: int) -> None:
    state = RetryState(rate_limit_retries_used=used)
    decision = run(answer(429, Retry_After="1"), state, rate_limit_retries=budget, retries=9)
    assert decision.action is Action.RAISE
    assert decision.retry_after == 1.0
    assert decision.reason == f"{budget} rate-limit retries used up"


def test_429_budget_is_separate_from_retries() -> None:
    state = RetryState(retries_used=2, rate_limit_retries_used=2)
    decision = run(answer(429, Retry_After="1"), state, retries=2, rate_limit_retries=3)
    assert decision.action is Action.RETRY
    assert decision.state == RetryState(retries_used=2, rate_limit_retries_used=3)


def quota_answer(
    retry_after: str | None, method: str = "GET", reason: str = "QUOTA_EXCEEDED"
) -> Response:
    body = f'{{"error": {{"status": 429, "message": "Too many requests", "reason": "{reason}"}}}}'
    headers = {} if retry_after is None else {"retry-after": retry_after}
    return Response(429, headers, body.encode(), request(method))


QUOTA = [
    # (label, response, retry_after): never retried, whatever the wait or the budget left
    ("a day", quota_answer("86400"), 86400.0),
    ("a short wait", quota_answer("2"), 2.0),
    ("no header", quota_answer(None), None),
    ("POST", quota_answer("5", "POST"), 5.0),
]


@pytest.mark.parametrize(
    ("response", "retry_after"), [c[1:] for c in QUOTA], ids=[c[0] for c in QUOTA]
)
def test_a_spent_quota_is_never_retried(response: Response, retry_after: float | None) -> None:
    decision = run(response, retries=3, rate_limit_retries=5, max_wait=1e9)
    assert decision.action is Action.RAISE
    assert decision.retry_after == retry_after
    assert "QUOTA_EXCEEDED" in decision.reason
    assert decision.state == RetryState()


def test_another_429_reason_is_a_rate_limit() -> None:
    decision = run(quota_answer("2", reason="SOMETHING_ELSE"))
    assert decision.action is Action.RETRY
    assert decision.wait == 2.0


# --- 5xx -----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "HEAD"])
def test_server_errors_on_idempotent_requests_are_retried_with_jitter(
    status: int, method: str
) -> None:
    decision = run(answer(status, method), retries=3, rng=0.5)
    assert decision.action is Action.RETRY
    assert decision.wait == 0.25  # 0.5 (rng) * 0.5 s (first cap)
    assert decision.state == RetryState(retries_used=1)


def test_backoff_doubles_and_is_capped() -> None:
    state, waits = RetryState(), []
    for _ in range(6):
        decision = run(answer(503), state, rng=1.0, retries=6, backoff=0.5, max_wait=5.0)
        assert decision.action is Action.RETRY
        waits.append(decision.wait)
        state = decision.state
    assert waits == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]
    last = run(answer(503), state, retries=6)
    assert last.action is Action.RETURN
    assert last.reason == "status 503, 6 retries used up"


def test_backoff_is_full_jitter() -> None:
    config = RetryConfig(backoff=1.0)
    assert backoff_wait(2, config, lambda: 0.0) == 0.0
    assert backoff_wait(2, config, lambda: 0.25) == 1.0
    assert backoff_wait(10_000, config, lambda: 0.5) == 30.0  # no overflow, capped at max_wait


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_server_errors_on_non_idempotent_requests_are_returned(status: int, method: str) -> None:
    decision = run(answer(status, method), retries=5)
    assert decision.action is Action.RETURN
    assert decision.reason == f"status {status} on a non-idempotent request"


def test_a_post_marked_idempotent_is_retried() -> None:
    response = Response(500, None, b"", request("POST", idempotent=True))
    assert run(response, retries=1).action is Action.RETRY
    get = Response(500, None, b"", request("GET", idempotent=False))
    assert run(get, retries=1).action is Action.RETURN


@pytest.mark.parametrize("status", [200, 201, 204, 304, 400, 401, 403, 404, 501, 505])
def test_other_statuses_are_returned(status: int) -> None:
    decision = run(answer(status), retries=5)
    assert decision == Decision(Action.RETURN, RetryState(), f"status {status}")


# --- transport errors -----------------------------------------------------------------

FAILURES = [
    # (method, sent, retries, used, action)
    ("POST", False, 1, 0, Action.RETRY),  # connect error: never reached Spotify
    ("POST", True, 5, 0, Action.RAISE),  # read timeout: Spotify may have acted
    ("PATCH", True, 5, 0, Action.RAISE),
    ("GET", True, 1, 0, Action.RETRY),
    ("PUT", True, 1, 0, Action.RETRY),
    ("GET", False, 1, 0, Action.RETRY),
    ("GET", False, 0, 0, Action.RAISE),
    ("GET", True, 2, 2, Action.RAISE),
    ("POST", False, 2, 2, Action.RAISE),
]


@pytest.mark.parametrize(("method", "sent", "retries", "used", "action"), FAILURES)
def test_transport_errors(method: str, sent: bool, retries: int, used: int, action: Action) -> None:
    decision = run(failure(method, sent=sent), RetryState(retries_used=used), retries=retries)
    assert decision.action is action
    if action is Action.RETRY:
        assert decision.wait == 0.5 * min(60.0, 0.5 * 2**used)
        assert decision.state == RetryState(retries_used=used + 1)
    else:
        assert decision.wait == 0.0
        assert decision.state == RetryState(retries_used=used)


def test_not_idempotent_failure_reason() -> None:
    decision = run(failure("POST", sent=True), retries=3)
    assert decision.reason == "the request may have reached the server and is not idempotent"


@pytest.mark.parametrize("name", ["retries", "rate_limit_retries", "max_wait", "backoff"])
def test_negative_limits_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        RetryConfig(**{name: -1})


# --- properties ------------------------------------------------------------------------

outcomes = st.one_of(
    st.builds(
        answer,
        st.sampled_from([200, 404, 429, 500, 502, 503, 504]),
        st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
        Retry_After=st.sampled_from(["0", "1", "30", "61", "9999", "x", http_date(10)]),
    ),
    st.builds(failure, st.sampled_from(["GET", "POST"]), sent=st.booleans()),
)


@given(
    st.lists(outcomes, min_size=1, max_size=30),
    st.integers(0, 4),
    st.integers(0, 4),
    st.floats(0, 0.999),
)
def test_retries_are_bounded_and_waits_capped(
    script: list[Outcome], retries: int, rate_limit_retries: int, rng: float
) -> None:
    config = RetryConfig(retries=retries, rate_limit_retries=rate_limit_retries)
    state = RetryState()
    attempts = 0
    for outcome in script:
        attempts += 1
        decision = decide(state, outcome, config, now=NOW, rng=lambda: rng)
        assert 0.0 <= decision.wait <= config.max_wait
        if decision.action is not Action.RETRY:
            break
        not_acted_on = isinstance(outcome, TransportError) and not outcome.sent
        rate_limited = isinstance(outcome, Response) and outcome.status_code == 429
        # A request Spotify may have acted on is replayed only when idempotent.
        assert outcome.request.idempotent or not_acted_on or rate_limited
        state = decision.state
    assert attempts <= 1 + retries + rate_limit_retries


def test_retry_after_date_without_zone_is_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    import time as time_module

    from spotipy.errors import parse_retry_after

    monkeypatch.setenv("TZ", "America/New_York")
    time_module.tzset()
    try:
        now = 1_800_000_000.0
        stamp = time_module.strftime("%a, %d %b %Y %H:%M:%S -0000", time_module.gmtime(now + 30))
        assert parse_retry_after(stamp, now=now) == pytest.approx(30.0)
    finally:
        monkeypatch.delenv("TZ")
        time_module.tzset()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("10", 10.0),
        (" 7 ", 7.0),
        ("0", 0.0),
        ("1_0", None),  # float() reads digit separators; RFC 9110 does not
        ("1e3", None),
        ("1.5", None),
        ("-3", None),
        ("inf", None),
        ("nan", None),
        ("10 s", None),
        ("9" * 400, 1e15),  # a huge wait, never an OverflowError
    ],
)
def test_retry_after_is_read_as_rfc_9110_says(header: str, expected: float | None) -> None:
    from spotipy.errors import parse_retry_after

    assert parse_retry_after(header) == expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0])
@pytest.mark.parametrize("name", ["max_wait", "backoff"])
def test_non_finite_waits_are_refused(name: str, value: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        RetryConfig(**{name: value})  # type: ignore[arg-type]


# --- the longest wait ----------------------------------------------------------------

HUGE = 1e300  # a max_wait and budget that allow anything


@pytest.mark.parametrize(
    ("response", "retry_after"),
    [
        (answer(429, Retry_After="604801"), 604_801.0),  # a week and a second
        (answer(429, Retry_After="100000000000"), 1e11),  # time.sleep overflows
        (answer(429, Retry_After="9" * 400), 1e15),  # read as 1e15 s, never an overflow
        (answer(429, Retry_After=http_date(10 * 365 * 86_400)), 10 * 365 * 86_400.0),
    ],
)
def test_a_retry_after_beyond_the_longest_wait_is_given_up_whatever_max_wait_says(
    response: Response, retry_after: float
) -> None:
    decision = run(response, max_wait=HUGE, budget=HUGE)
    assert decision.action is Action.RAISE
    assert decision.wait == 0.0
    assert decision.retry_after == pytest.approx(retry_after)
    assert "longer than a week" in decision.reason


def test_a_retry_after_of_a_week_is_still_waited_when_max_wait_allows() -> None:
    decision = run(answer(429, Retry_After=str(int(LONGEST_WAIT))), max_wait=HUGE, budget=HUGE)
    assert decision.action is Action.RETRY
    assert decision.wait == LONGEST_WAIT


@pytest.mark.parametrize("n", [0, 10, 40, 64, 1000])
def test_the_backoff_never_exceeds_the_longest_wait(n: int) -> None:
    config = RetryConfig(retries=9, max_wait=HUGE, backoff=HUGE, budget=HUGE)
    assert backoff_wait(n, config, lambda: 0.999) <= LONGEST_WAIT
