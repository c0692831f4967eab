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


def actor(kind: ActorKind, actor_id: int | None) -> str:
    return kind.value if actor_id is None else f"{kind.value}:{actor_id}"


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
