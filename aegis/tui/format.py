"""How values look on screen. Times are UTC throughout the console."""

from datetime import datetime

from aegis.domain.actors import ActorKind


def when(at: datetime | None) -> str:
    return at.strftime("%m-%d %H:%M:%S") if at else ""


def moment(at: datetime | None, now: datetime) -> str:
    """Just the time on the day it is, with the date before that: for narrow columns."""
    if at is None:
        return ""
    return at.strftime("%H:%M:%S" if at.date() == now.date() else "%m-%d %H:%M")


def ident(value: int | None) -> str:
    return "" if value is None else str(value)


def named(name: str, value: int | None, width: int = 20) -> str:
    """`Alpha (111)`: a name beside its id. The name may be shortened (visibly, with …), the id never is,
    since a cut id looks like a real one."""
    if value is None:
        return ""
    return f"{clip(name, width)} ({value})" if name else str(value)


def actor(kind: ActorKind, actor_id: int | None, name: str = "") -> str:
    """`mod_max (9001)` for a moderator the bot has named, `moderator:9001` otherwise; `automod`, `operator`…"""
    if actor_id is None:
        return kind.value
    return named(name, actor_id) if name else f"{kind.value}:{actor_id}"


def clip(text: str | None, width: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def countdown(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = int(abs(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{sign}{days}d {hours:02}h{minutes:02}m"
    return f"{sign}{hours:02}:{minutes:02}:{secs:02}"
