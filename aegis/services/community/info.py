"""/userinfo, /serverinfo, /avatar, /roleinfo: the front end reads Discord into cards; what Aegis itself knows of a
member (their cases) is added only for a moderator who asks."""

from aegis import clock
from aegis.domain.actors import Actor
from aegis.domain.community import MemberRecord
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import check_privilege
from aegis.services.moderation.records import MODERATE_MEMBERS
from aegis.storage.community import case_counts


async def member_record(guild_id: int, user_id: int, actor: Actor) -> MemberRecord | None:
    """The member's cases here, or None for someone who may not read them (Moderate Members)."""
    if check_privilege(actor, MODERATE_MEMBERS, "") is not None:
        return None
    return await db_call(case_counts.member_record, guild_id, user_id, clock.now())
