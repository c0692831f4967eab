"""What Discord says about the bot: does the token work, are the privileged intents on, and in each server,
has it the permissions Aegis needs and a role high enough for the roles it must give and take."""

from dataclasses import dataclass

from aegis.domain.permissions import granted_by, invite_url, missing_permissions
from aegis.services.doctor.discord_api import DiscordApi, DiscordApiError
from aegis.services.doctor.findings import Finding, note, ok, problem

PORTAL = "https://discord.com/developers/applications"
# Application flags: the unlimited ones for verified bots, *_LIMITED for bots in under 100 servers.
INTENTS = (
    ("Server Members Intent", (1 << 14) | (1 << 15), "joins, raid detection and the hierarchy checks"),
    ("Message Content Intent", (1 << 18) | (1 << 19), "automod reading what members write"),
)


@dataclass(frozen=True, slots=True)
class Role:
    id: int
    name: str
    position: int
    permissions: int


def check_token(api: DiscordApi, token: str) -> tuple[Finding, dict | None]:
    if not token:
        fix = f"set AEGIS_DISCORD_TOKEN (or [discord] token in aegis.toml); get one at {PORTAL} → your app → Bot"
        return problem("token", "no Discord bot token is configured", fix), None
    try:
        me = api.get("/users/@me")
    except DiscordApiError as exc:
        if exc.status == 401:
            fix = f"reset the token at {PORTAL} → your app → Bot → Reset Token, and set AEGIS_DISCORD_TOKEN to it"
            return problem("token", f"Discord refuses the token ({exc})", fix), None
        return problem("token", str(exc), "check the network, or AEGIS_DISCORD_API_URL if you set it"), None
    return ok("token", f"logged in as {me.get('username')} (id {me.get('id')})"), me


def check_intents(api: DiscordApi) -> tuple[list[Finding], dict | None]:
    try:
        application = api.get("/applications/@me")
    except DiscordApiError as exc:
        return [problem("intents", f"cannot read the application: {exc}", "run aegis doctor again")], None
    flags = int(application.get("flags") or 0)
    found = []
    for name, bits, needed_for in INTENTS:
        if not flags & bits:
            fix = f"{PORTAL} → {application.get('name')} → Bot → Privileged Gateway Intents → turn on {name}"
            found.append(problem("intents", f"the {name} is off; Aegis needs it for {needed_for}", fix))
    return found or [ok("intents", "Server Members and Message Content intents are on")], application


def check_guilds(api: DiscordApi, me: dict, application_id: int, mute_role_of) -> list[Finding]:
    """`mute_role_of(guild_id)` is the mute role id set for the server (None: none, or no database)."""
    invite = invite_url(application_id)
    try:
        guilds = api.get("/users/@me/guilds")
    except DiscordApiError as exc:
        return [problem("guilds", f"cannot list the bot's servers: {exc}", "run aegis doctor again")]
    if not guilds:
        return [problem("guilds", "the bot is in no server yet", f"invite it: {invite}")]
    found = []
    for guild in guilds:
        found += check_guild(api, int(me["id"]), guild, invite, mute_role_of(int(guild["id"])))
    return found


def check_guild(api: DiscordApi, bot_id: int, guild: dict, invite: str, mute_role_id: int | None) -> list[Finding]:
    check = f"guild {guild.get('name')}"
    guild_id = int(guild["id"])
    try:
        roles = {
            int(r["id"]): Role(int(r["id"]), r["name"], r["position"], int(r["permissions"]))
            for r in api.get(f"/guilds/{guild_id}/roles")
        }
        member = api.get(f"/guilds/{guild_id}/members/{bot_id}")
    except DiscordApiError as exc:
        return [problem(check, f"cannot read the server's roles or the bot's member: {exc}", "run aegis doctor again")]
    mine = [roles[int(r)] for r in member.get("roles", []) if int(r) in roles]
    top = max(mine, key=lambda r: r.position, default=roles.get(guild_id))
    found = _permissions(check, guild, roles, mine, top, invite)
    found += _role_order(check, roles, top, mute_role_id)
    return found


def _permissions(check: str, guild: dict, roles: dict[int, Role], mine: list[Role], top: Role | None, invite: str):
    everyone = roles.get(int(guild["id"]))
    granted = granted_by([everyone.permissions if everyone else 0, *(r.permissions for r in mine)])
    missing = [] if guild.get("owner") else missing_permissions(granted)
    if not missing:
        return [ok(check, "has every permission Aegis needs")]
    where = f"Server Settings → Roles → {top.name}" if top else "Server Settings → Roles"
    return [
        problem(
            check,
            f"missing {p.label}: {p.why}",
            f"{where} → turn on {p.label} (or re-invite with {invite})",
        )
        for p in missing
    ]


def _role_order(check: str, roles: dict[int, Role], top: Role | None, mute_role_id: int | None) -> list[Finding]:
    position = top.position if top else 0
    found = []
    if mute_role_id is not None:
        mute = roles.get(mute_role_id)
        if mute is None:
            found.append(
                problem(
                    check, f"the mute role (id {mute_role_id}) no longer exists", "set one with /settings mute-role"
                )
            )
        elif mute.position >= position:
            found.append(
                problem(
                    check,
                    f"the mute role @{mute.name} (position {mute.position}) is not below Aegis's highest role "
                    f"@{top.name if top else 'everyone'} (position {position}): Aegis cannot give or take it",
                    f"Server Settings → Roles → drag @{top.name if top else 'Aegis'} above @{mute.name}",
                )
            )
        else:
            found.append(ok(check, f"its highest role @{top.name} is above the mute role @{mute.name}"))
    above = sorted((r for r in roles.values() if r.position > position), key=lambda r: -r.position)
    if above:
        names = ", ".join(f"@{r.name}" for r in above)
        found.append(note(check, f"members with {names} rank above Aegis's highest role: Aegis cannot act on them"))
    return found
