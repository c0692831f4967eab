"""What happened in the demo, read back from Aegis's database and the double's record of the bot's calls —
never from the script — and whether each scene showed what it is there to show."""

from collections import Counter
from dataclasses import dataclass, field

from aegis.demo import scenes
from aegis.demo.chronicle import BAN, BULK, MEMBER, MESSAGE, Posted
from aegis.demo.scenes import Scene
from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import Case, CaseType
from aegis.domain.raids import Raid
from aegis.double import RecordedRequest
from aegis.double.world.community import Community
from aegis.storage import raids
from aegis.storage.moderation import cases


@dataclass(frozen=True)
class CaseLine:
    number: int
    type: CaseType
    target: str
    by: str
    reason: str
    state: str


@dataclass
class Happenings:
    cases: list[CaseLine] = field(default_factory=list)
    deleted: Counter = field(default_factory=Counter)  # author -> messages the bot deleted
    timed_out: list[str] = field(default_factory=list)
    kicked: list[str] = field(default_factory=list)
    banned: list[str] = field(default_factory=list)
    unbanned: list[str] = field(default_factory=list)
    raids: list[Raid] = field(default_factory=list)

    def cases_of(self, target: str, *types: CaseType) -> list[CaseLine]:
        return [c for c in self.cases if c.target == target and (not types or c.type in types)]


def gather(community: Community, posted: Posted, requests: list[RecordedRequest]) -> Happenings:
    """Call with the double's requests as copied on its own thread; reads the database here."""
    found = Happenings(raids=sorted(raids.recent(guild_id=community.guild.id), key=lambda r: r.id))
    found.cases = [_case_line(case, community) for case in _all_cases(community.guild.id)]
    for request in (r for r in requests if r.status < 400):
        _count(request, community, posted, found)
    return found


def _all_cases(guild_id: int) -> list[Case]:
    found, number = [], 1
    while (case := cases.get(guild_id, number)) is not None:
        found.append(case)
        number += 1
    return found


def _case_line(case: Case, community: Community) -> CaseLine:
    if case.actor_kind is ActorKind.MODERATOR and case.moderator_id:
        by = community.name_of(case.moderator_id)
    else:
        by = case.actor_kind.value
    target = community.name_of(case.target_id) if case.target_id != community.guild.id else "the server"
    return CaseLine(case.number, case.type, target, by, case.reason or "", case.discord_state.value)


def _count(request: RecordedRequest, community: Community, posted: Posted, found: Happenings) -> None:
    key, params = (request.method, request.route), request.params
    if key == ("DELETE", MESSAGE):
        found.deleted[posted.authors.get(int(params["message_id"]), "someone")] += 1
    elif key == ("POST", BULK):
        found.deleted.update(posted.authors.get(int(i), "someone") for i in request.json.get("messages", []))
    elif key == ("PATCH", MEMBER) and (request.json or {}).get("communication_disabled_until"):
        found.timed_out.append(community.name_of(int(params["user_id"])))
    elif key == ("DELETE", MEMBER):
        found.kicked.append(community.name_of(int(params["user_id"])))
    elif key == ("PUT", BAN):
        found.banned.append(community.name_of(int(params["user_id"])))
    elif key == ("DELETE", BAN):
        found.unbanned.append(community.name_of(int(params["user_id"])))


# --- each scene's evidence: (shown, what the record says) ---


def verdicts(found: Happenings, script: tuple[Scene, ...], played: int) -> list[tuple[str, bool | None, str]]:
    """(title, shown, what the record says) per scene; shown is None for a scene the demo ended before."""
    checks = {"chat": _chat, "spam": _spam, "raid": _raid, "ladder": _ladder, "tempban": _tempban}
    return [
        (scene.title, *checks[scene.key](found))
        if n < played
        else (scene.title, None, "not played: the demo ended first")
        for n, scene in enumerate(script)
    ]


def _chat(found: Happenings) -> tuple[bool, str]:
    talkers = {author for author, _ in scenes.CHAT}
    touched = sorted({c.target for c in found.cases if c.target in talkers} | (talkers & set(found.deleted)))
    if touched:
        return False, f"Aegis acted on ordinary chat by {', '.join(touched)}"
    return True, f"{len(scenes.CHAT)} messages, nothing done"


def _spam(found: Happenings) -> tuple[bool, str]:
    who = scenes.SPAM_AUTHOR
    deleted, automod = found.deleted[who], [c for c in found.cases_of(who) if c.by == "automod"]
    shown = deleted > 0 and who in found.timed_out and bool(automod)
    case = f"case #{automod[0].number} ({automod[0].type.value})" if automod else "no automod case"
    return shown, f"{deleted} of {who}'s messages deleted, {who} {_was(who in found.timed_out)}timed out, {case}"


def _raid(found: Happenings) -> tuple[bool, str]:
    raiders = [name for name in found.timed_out if name in scenes.RAIDERS]
    if not found.raids:
        return False, f"no raid recorded; {len(raiders)} newcomers timed out"
    raid = found.raids[-1]
    state = "still on" if raid.active else f"off again ({raid.end_reason or 'ended'})"
    return bool(raiders), f"raid #{raid.id} ({raid.joins} joins), {len(raiders)} newcomers timed out, raid mode {state}"


def _ladder(found: Happenings) -> tuple[bool, str]:
    who = scenes.WARNED
    warns = found.cases_of(who, CaseType.WARN)
    rungs = [c for c in found.cases_of(who) if c.type in (CaseType.TIMEOUT, CaseType.KICK)]
    steps = ", ".join(f"#{c.number} {c.type.value}" for c in found.cases_of(who)) or "no cases"
    return len(warns) == len(scenes.WARNINGS) and len(rungs) == 2, f"{who}: {steps}"


def _tempban(found: Happenings) -> tuple[bool, str]:
    who = scenes.TEMPBANNED
    bans = found.cases_of(who, CaseType.TEMPBAN)
    lifted = who in found.unbanned
    return bool(bans) and lifted, f"{who} {_was(who in found.banned)}banned, {_was(lifted)}unbanned by the expiry"


def _was(yes: bool) -> str:
    return "" if yes else "not "


def render(found: Happenings, elapsed_s: float, judged: list[tuple[str, bool | None, str]]) -> list[str]:
    lines = [f"What happened in {elapsed_s:.0f} s (read from Aegis's database and the Discord double):", "", "Cases:"]
    for c in found.cases:
        reason = c.reason if len(c.reason) <= 70 else c.reason[:69] + "…"
        lines.append(f"  #{c.number:<3} {c.type.value:<9} {c.target:<10} by {c.by:<9} {c.state:<10} {reason}")
    if not found.cases:
        lines.append("  none")
    deleted = ", ".join(f"{author} {count}" for author, count in found.deleted.most_common()) or "none"
    lines += [
        "",
        f"Deletions: {sum(found.deleted.values())} messages ({deleted})",
        f"Timeouts: {len(found.timed_out)} ({', '.join(found.timed_out) or 'none'})",
        f"Kicks: {', '.join(found.kicked) or 'none'}",
        f"Bans: {', '.join(found.banned) or 'none'}; unbans: {', '.join(found.unbanned) or 'none'}",
        f"Raids: {len(found.raids)}",
        "",
        "Scenes:",
    ]
    marks = {True: "✓", False: "✗", None: "–"}
    lines += [f"  {marks[shown]} {title}: {says}" for title, shown, says in judged]
    return lines
