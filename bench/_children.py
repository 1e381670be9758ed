"""Child processes for the benchmarks that measure one side per process.

Standard library only: a child that imports this pays for nothing else, so its memory
and CPU are its side's own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any


def in_child(script: str, side: str, options: dict[str, Any]) -> Any:
    """Run ``script --child SIDE OPTIONS`` in a new interpreter; its last line, as JSON.

    The child answers through :func:`child_answer`; the environment (``PYTHONPATH``,
    which picks the spotipy under test) is inherited.
    """
    out = subprocess.run(
        [sys.executable, script, "--child", side, json.dumps(options)],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def child_answer(given: list[str], work: Callable[..., object]) -> int:
    """In a child made by :func:`in_child`: print ``work(side, **options)`` as JSON."""
    side, options = given
    print(json.dumps(work(side, **json.loads(options))))
    return 0
