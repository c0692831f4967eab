"""Fault injection for the end-to-end crash tests: `AEGIS_CRASH_AT=<point>` makes the process SIGKILL itself
when the action path reaches that point, so a test stops the bot at an exact step boundary without racing it.

Points: `journaled` (the journal committed, nothing asked of Discord), `answered:<call>` (Discord answered that
step, nothing settled), `settled` (the case says what happened; nothing armed or told), `expiry:claimed` and
`expiry:answered` in the expiry runner. `AEGIS_CRASH_CASE=<type>` narrows it to one case type. Unset, nothing
here runs beyond one dictionary lookup."""

import os
import signal

POINT = os.environ.get("AEGIS_CRASH_AT")
CASE_TYPE = os.environ.get("AEGIS_CRASH_CASE")


def reached(point: str, case_type: str | None = None) -> None:
    if POINT is None or point != POINT or (CASE_TYPE and case_type != CASE_TYPE):
        return
    os.kill(os.getpid(), signal.SIGKILL)
