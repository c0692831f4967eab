"""What /roles panel says, what a panel shows, and what a member reads after pressing one of its buttons."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aegis.domain.community import RolePanel
    from aegis.services.community.panels import Pressed

BUILDING = "build role panels"
AUDIT_REASON = "Role panel"
GONE = "That button's role is no longer on the panel; ask a moderator to check the panel."
NOT_ON_PANEL = "That role is not on the panel."
NOTHING_CHANGED = "ℹ️ Nothing to change: your roles are already as you picked."
MENU_PLACEHOLDER = "Pick your roles"
DESCRIBE_STYLE = "buttons: one button per role; menu: one drop-down list of the roles."
NONE_YET = "ℹ️ No role panels yet; /roles panel create makes one."
DESCRIBE_CHANNEL = "Where to post the panel."
DESCRIBE_TITLE = "The panel's heading, e.g. Pick your pronouns."
DESCRIBE_MODE = "normal: press to take or drop; unique: one role of the panel; verify: only gives; drop: only takes."
DESCRIBE_PANEL = "The panel's number (from /roles panel create or /roles panel list)."
DESCRIBE_ROLE = "The role the button gives (below mine, with no moderation permissions)."
DESCRIBE_EMOJI = "An emoji for the button."
DESCRIBE_LABEL = "The button's text (default: the role's name)."
MODE_HINT = {
    "normal": "Press a button to take the role, press again to drop it.",
    "unique": "Press a button to take its role; you can hold one of these at a time.",
    "verify": "Press a button to take its role.",
    "drop": "Press a button to drop its role.",
}


def bad_mode(mode: str, modes: tuple[str, ...]) -> str:
    return f"“{mode}” is not a panel mode; the modes are {', '.join(modes)}."


def bad_style(style: str, styles: tuple[str, ...]) -> str:
    return f"“{style}” is not a panel style; the styles are {', '.join(styles)}."


def bad_title(most: int) -> str:
    return f"A panel needs a title of 1 to {most} characters."


def bad_label(most: int) -> str:
    return f"A button's label can have {most} characters."


def full(most: int) -> str:
    return f"A panel holds {most} roles (what one Discord message can carry); make another panel."


def no_panel(panel_id: int) -> str:
    return f"There is no panel #{panel_id} here; /roles panel list shows them."


def not_posted(problem: str) -> str:
    return f"I could not post the panel there: {problem}"


def not_updated(problem: str) -> str:
    return f"The panel is saved, but I could not update its message: {problem}"


def discord_refused(problem: str) -> str:
    return f"Discord did not let me change your roles: {problem}"


def panel_text(panel: "RolePanel") -> str:
    return f"**{panel.title}**\n{MODE_HINT[panel.mode]}"


def created(panel: "RolePanel") -> str:
    return (
        f"✅ Panel #{panel.id} posted in <#{panel.channel_id}> ({panel.mode}); /roles panel add {panel.id} adds roles."
    )


def saved(panel: "RolePanel") -> str:
    roles = " ".join(f"<@&{r.role_id}>" for r in panel.roles) or "no roles yet"
    return f"✅ Panel #{panel.id}: {roles}"


def listing(panels: "list[RolePanel]") -> str:
    if not panels:
        return NONE_YET
    lines = [f"#{p.id} {p.title} — <#{p.channel_id}>, {p.mode}, {len(p.roles)} role(s)" for p in panels]
    return "**Role panels**\n" + "\n".join(lines)


def pressed(result: "Pressed") -> str:
    if not result.given and not result.taken and result.unchanged is None:
        return NOTHING_CHANGED
    if result.unchanged is not None:
        if result.mode == "verify":
            return f"ℹ️ You already have <@&{result.unchanged}>; this panel only gives roles."
        return f"ℹ️ You do not have <@&{result.unchanged}>; this panel only takes roles away."
    parts = [f"you now have {' '.join(f'<@&{r}>' for r in result.given)}"] if result.given else []
    if result.taken:
        parts.append(f"{' '.join(f'<@&{r}>' for r in result.taken)} taken off")
    text = "; ".join(parts)
    return f"✅ {text[0].upper()}{text[1:]}."
