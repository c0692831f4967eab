"""Role panels: a message of buttons members press to take or drop roles. Who builds them needs Manage Roles; a role
goes on a panel only if Aegis could give it and it carries no permission to moderate or run the server, and that
is asked again at every press."""

from dataclasses import dataclass

from aegis.domain.actors import Actor, ActorKind
from aegis.domain.community import PANEL_MODES, PANEL_STYLES, PanelRole, RolePanel
from aegis.domain.refusals import Refusal
from aegis.services.community.givable import GivableRole, MemberNow, check_givable
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import Person, check_privilege
from aegis.services.ports import DiscordCallFailed
from aegis.services.wording.community import panels as words
from aegis.storage.community import panels as store

MANAGE_ROLES = "manage_roles"
MAX_ROLES = 25  # five rows of five buttons: what one Discord message holds
MAX_TITLE = 200
MAX_LABEL = 80
PREFIX = "aegis:role"


MENU_PREFIX = "aegis:roles"


def custom_id(panel_id: int, role_id: int) -> str:
    return f"{PREFIX}:{panel_id}:{role_id}"


def menu_id(panel_id: int) -> str:
    return f"{MENU_PREFIX}:{panel_id}"


def parse_custom_id(value: str) -> tuple[int, int] | None:
    """(panel, role) of a panel's button."""
    parts = value.split(":")
    if len(parts) != 4 or ":".join(parts[:2]) != PREFIX or not (parts[2].isdigit() and parts[3].isdigit()):
        return None
    return int(parts[2]), int(parts[3])


def parse_menu_id(value: str) -> int | None:
    """The panel of a panel's select menu."""
    head, _, panel = value.rpartition(":")
    return int(panel) if head == MENU_PREFIX and panel.isdigit() else None


@dataclass(frozen=True, slots=True)
class Pressed:
    given: tuple[int, ...] = ()
    taken: tuple[int, ...] = ()
    unchanged: int | None = None  # the role pressed, when the panel's mode left it as it was
    mode: str = "normal"


async def create(
    guild_id: int, actor: Actor, channel_id: int, title: str, mode: str, gateway, style: str = "buttons"
) -> RolePanel | Refusal:
    if refusal := check_privilege(actor, MANAGE_ROLES, words.BUILDING):
        return refusal
    if mode not in PANEL_MODES:
        return Refusal("panel_mode", words.bad_mode(mode, PANEL_MODES))
    if style not in PANEL_STYLES:
        return Refusal("panel_style", words.bad_style(style, PANEL_STYLES))
    if not title.strip() or len(title) > MAX_TITLE:
        return Refusal("panel_title", words.bad_title(MAX_TITLE))
    panel = await db_call(store.create, guild_id, channel_id, title.strip(), mode, actor, style)
    try:
        message_id = await gateway.post_panel(panel)
    except DiscordCallFailed as exc:
        await db_call(store.delete, guild_id, panel.id, actor)
        return Refusal("panel_post", words.not_posted(str(exc)))
    await db_call(store.posted, panel.id, message_id)
    return await db_call(store.get, guild_id, panel.id)


async def add(
    guild_id: int, actor: Actor, panel_id: int, role: GivableRole, bot: Person, emoji: str, label: str, gateway
) -> RolePanel | Refusal:
    panel = await _panel_for_builder(guild_id, actor, panel_id)
    if isinstance(panel, Refusal):
        return panel
    if refusal := check_givable(bot, role):
        return refusal
    if len(panel.roles) >= MAX_ROLES and all(r.role_id != role.id for r in panel.roles):
        return Refusal("panel_full", words.full(MAX_ROLES))
    if len(label) > MAX_LABEL or len(emoji) > 64:
        return Refusal("panel_label", words.bad_label(MAX_LABEL))
    panel = await db_call(store.add_role, guild_id, panel, PanelRole(role.id, emoji.strip(), label.strip()), actor)
    return await _shown(panel, gateway)


async def remove(guild_id: int, actor: Actor, panel_id: int, role_id: int, gateway) -> RolePanel | Refusal:
    panel = await _panel_for_builder(guild_id, actor, panel_id)
    if isinstance(panel, Refusal):
        return panel
    if all(r.role_id != role_id for r in panel.roles):
        return Refusal("panel_role", words.NOT_ON_PANEL)
    return await _shown(await db_call(store.remove_role, guild_id, panel, role_id, actor), gateway)


async def listing(guild_id: int, actor: Actor) -> list[RolePanel] | Refusal:
    return check_privilege(actor, MANAGE_ROLES, words.BUILDING) or await db_call(store.listing, guild_id)


async def press(guild_id: int, panel_id: int, role_id: int, member: MemberNow, gateway) -> Pressed | Refusal:
    """What one press changes, done: the role given or taken as the panel's mode says (in unique mode, the panel's
    other roles go). Every role given is checked against Aegis as it stands now."""
    panel = await db_call(store.get, guild_id, panel_id)
    if panel is None or all(r.role_id != role_id for r in panel.roles):
        return Refusal("panel_gone", words.GONE)
    give, take = _plan(panel, role_id, member)
    if not give and not take:
        return Pressed(unchanged=role_id, mode=panel.mode)
    return await _apply(panel, member, give, take, gateway)


async def choose(guild_id: int, panel_id: int, chosen: list[int], member: MemberNow, gateway) -> Pressed | Refusal:
    """A pick in a panel's select menu: the roles chosen are the ones the member wants of the panel (in verify mode
    only given, in drop mode only taken)."""
    panel = await db_call(store.get, guild_id, panel_id)
    on_panel = [r.role_id for r in panel.roles] if panel else []
    if panel is None or any(role_id not in on_panel for role_id in chosen):
        return Refusal("panel_gone", words.GONE)
    held = [r for r in on_panel if r in member.role_ids]
    give = [] if panel.mode == "drop" else [r for r in chosen if r not in member.role_ids]
    if panel.mode == "drop":
        take = [r for r in chosen if r in member.role_ids]
    else:
        take = [] if panel.mode == "verify" else [r for r in held if r not in chosen]
    if not give and not take:
        return Pressed(mode=panel.mode)
    return await _apply(panel, member, give, take, gateway)


async def _apply(panel: RolePanel, member: MemberNow, give: list[int], take: list[int], gateway) -> Pressed | Refusal:
    guild_id, panel_id = panel.guild_id, panel.id
    bot = await gateway.bot_member(guild_id)
    for wanted in give:
        role = await gateway.givable_role(guild_id, wanted)
        if role is None:
            return Refusal("panel_gone", words.GONE)
        if refusal := check_givable(bot, role):
            return refusal
    try:
        for wanted in give:
            await gateway.add_role(guild_id, member.id, wanted, reason=words.AUDIT_REASON)
        for unwanted in take:
            await gateway.remove_role(guild_id, member.id, unwanted, reason=words.AUDIT_REASON)
    except DiscordCallFailed as exc:
        return Refusal("panel_discord", words.discord_refused(str(exc)))
    actor = Actor(ActorKind.MEMBER, member.id)
    await db_call(store.pressed, guild_id, panel_id, actor, list(give), list(take))
    return Pressed(tuple(give), tuple(take), mode=panel.mode)


def _plan(panel: RolePanel, role_id: int, member: MemberNow) -> tuple[list[int], list[int]]:
    has = role_id in member.role_ids
    if panel.mode == "verify":
        return ([] if has else [role_id]), []
    if panel.mode == "drop":
        return [], ([role_id] if has else [])
    if has:
        return [], [role_id]
    others = [r.role_id for r in panel.roles if r.role_id != role_id and r.role_id in member.role_ids]
    return [role_id], (others if panel.mode == "unique" else [])


async def _panel_for_builder(guild_id: int, actor: Actor, panel_id: int) -> RolePanel | Refusal:
    if refusal := check_privilege(actor, MANAGE_ROLES, words.BUILDING):
        return refusal
    return await db_call(store.get, guild_id, panel_id) or Refusal("no_panel", words.no_panel(panel_id))


async def _shown(panel: RolePanel, gateway) -> RolePanel | Refusal:
    try:
        await gateway.edit_panel(panel)
    except DiscordCallFailed as exc:
        return Refusal("panel_post", words.not_updated(str(exc)))
    return panel
