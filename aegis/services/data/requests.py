"""A member asking for their own data (/mydata): sent to them by DM, at most once a day.

The daily allowance is read from the audit log, so it holds across restarts and every bot process; a DM that
could not be delivered (closed DMs) does not use it up."""

import json
from datetime import datetime, timedelta

from aegis import clock
from aegis.domain.actors import Actor, ActorKind
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.domain.refusals import Refusal
from aegis.services.data.export import export_user
from aegis.services.dbcall import db_call
from aegis.services.ports import DiscordGateway
from aegis.services.wording import data as words
from aegis.storage.moderation import audit

ONCE_EVERY = timedelta(days=1)
SENT = "data.export_sent"


async def send_own_data(gateway: DiscordGateway, user_id: int, guild_id: int | None, unseal=None) -> datetime | Refusal:
    """The time it was sent, or why not. `unseal` opens their logged messages (see export_user)."""
    member = Actor(ActorKind.MEMBER, user_id)
    last = await db_call(audit.latest, SENT, member)
    now = clock.now()
    if last is not None and now - last < ONCE_EVERY:
        return Refusal("rate_limited", words.once_a_day(last, last + ONCE_EVERY))
    document = await db_call(export_user, user_id, None, unseal)
    data = json.dumps(document, indent=2, ensure_ascii=False).encode()
    if not await gateway.direct_message_file(user_id, words.EXPORT_DM, f"aegis-data-{user_id}.json", data):
        return Refusal("dm_closed", words.DM_CLOSED)
    records = sum(len(rows) for rows in document["sections"].values())
    await db_call(audit.record, NewAuditEntry(member, SENT, guild_id, metadata={"records": records}))
    return now
