"""Native polls: the poll a bot sends with a message, as Discord stores and returns it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aegis.double.rest import errors
from aegis.double.world.snowflakes import iso, utcnow

MAX_ANSWERS, MAX_HOURS = 10, 768


def created(request: dict[str, Any]) -> dict[str, Any]:
    """The poll object from a poll create request, or Discord's 400 for one it would refuse."""
    answers = request.get("answers") or []
    if not 1 <= len(answers) <= MAX_ANSWERS:
        raise errors.invalid_form_body(
            "poll.answers", f"Must be between 1 and {MAX_ANSWERS} in length.", "BASE_TYPE_BAD_LENGTH"
        )
    hours = int(request.get("duration") or 24)
    if not 1 <= hours <= MAX_HOURS:
        raise errors.invalid_form_body(
            "poll.duration", f"int value should be between 1 and {MAX_HOURS}.", "NUMBER_TYPE_MAX"
        )
    return {
        "question": {"text": (request.get("question") or {}).get("text", "")},
        "answers": [{"answer_id": n + 1, "poll_media": answer["poll_media"]} for n, answer in enumerate(answers)],
        "expiry": iso(utcnow() + timedelta(hours=hours)),
        "allow_multiselect": bool(request.get("allow_multiselect")),
        "layout_type": int(request.get("layout_type") or 1),
        "results": {"is_finalized": False, "answer_counts": []},
    }
