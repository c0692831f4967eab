"""/poll: Discord's own polls (votes counted and closed by Discord), posted by moderators, on the record."""

import math
from datetime import timedelta

from aegis.domain.actors import Actor
from aegis.domain.community import PollSpec
from aegis.domain.durations import BadDuration, parse_duration
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.domain.refusals import Refusal
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import check_privilege
from aegis.services.ports import DiscordCallFailed
from aegis.services.wording.community import polls as words
from aegis.storage.moderation import audit

MANAGE_MESSAGES = "manage_messages"
MAX_QUESTION, MAX_ANSWER, MAX_ANSWERS = 300, 55, 10
MAX_OPEN = timedelta(days=32)  # Discord's longest poll


def read_poll(question: str, options: str, duration: str | None, multiple: bool) -> PollSpec | Refusal:
    question = question.strip()
    if not question or len(question) > MAX_QUESTION:
        return Refusal("poll_question", words.bad_question(MAX_QUESTION))
    answers = tuple(a.strip() for a in options.split("|") if a.strip())
    if not 2 <= len(answers) <= MAX_ANSWERS:
        return Refusal("poll_answers", words.bad_count(len(answers), MAX_ANSWERS))
    if too_long := [a for a in answers if len(a) > MAX_ANSWER]:
        return Refusal("poll_answer", words.answer_too_long(too_long[0], MAX_ANSWER))
    hours = 24
    if duration is not None:
        length = parse_duration(duration, maximum=MAX_OPEN)
        if isinstance(length, BadDuration):
            return Refusal("duration", str(length))
        hours = max(1, math.ceil(length.total_seconds() / 3600))  # Discord counts polls in whole hours
    return PollSpec(question, answers, hours, multiple)


async def post(
    guild_id: int,
    actor: Actor,
    channel_id: int,
    question: str,
    options: str,
    duration: str | None,
    multiple: bool,
    gateway,
) -> PollSpec | Refusal:
    if refusal := check_privilege(actor, MANAGE_MESSAGES, words.POSTING):
        return refusal
    spec = read_poll(question, options, duration, multiple)
    if isinstance(spec, Refusal):
        return spec
    try:
        message_id = await gateway.post_poll(channel_id, spec)
    except DiscordCallFailed as exc:
        return Refusal("poll_post", words.not_posted(str(exc)))
    details = {
        "channel_id": channel_id,
        "message_id": message_id,
        "question": spec.question,
        "answers": list(spec.answers),
        "hours": spec.hours,
    }
    await db_call(audit.record, NewAuditEntry(actor, "poll.create", guild_id, metadata=details))
    return spec
