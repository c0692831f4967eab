"""How many cases a member has in a guild, by type: the record /userinfo shows moderators."""

from datetime import datetime

import peewee as pw

from aegis.domain.community import MemberRecord
from aegis.storage import models as m
from aegis.storage.moderation import cases


def member_record(guild_id: int, user_id: int, at: datetime) -> MemberRecord:
    C = m.Case
    query = (
        C.select(C.type, pw.fn.COUNT(C.id))
        .where((C.guild == guild_id) & (C.target_id == user_id) & (C.target_kind == "user"))
        .group_by(C.type)
        .tuples()
    )
    by_type = dict(query)
    return MemberRecord(sum(by_type.values()), by_type, cases.active_warning_count(guild_id, user_id, at))
