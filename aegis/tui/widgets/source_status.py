from datetime import datetime

from textual.widgets import Static

from aegis import clock


def hms(at: datetime | None) -> str:
    return at.strftime("%H:%M:%S") if at else "never"  # UTC, like every time the console shows


class SourceStatus(Static):
    """One line: when the data on screen was read, or since when its source has been down."""

    def __init__(self, source: str, **kwargs):
        super().__init__("loading…", **kwargs)
        self.source = source
        self.last_good: datetime | None = None
        self.down_since: datetime | None = None
        self.note = ""

    def ok(self, note: str = "") -> None:
        self.last_good, self.down_since, self.note = clock.now(), None, note
        self.remove_class("down")
        self.update(f"{self.source} · updated {hms(self.last_good)}" + (f" · {note}" if note else ""))

    def down(self, error: str, showing: str | None = None) -> None:
        """`showing` says what is on screen instead, when it is not the source's last good data."""
        if self.down_since is None:
            self.down_since = clock.now()
        self.add_class("down")
        showing = showing or f"showing data from {hms(self.last_good)}"
        self.update(f"{self.source} down since {hms(self.down_since)} · {showing} · {error}")
