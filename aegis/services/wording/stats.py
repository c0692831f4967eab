"""What /stats says: totals with a sparkline of the days behind them."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the report's own module words its refusals from here
    from aegis.services.stats.report import Report

BARS = "▁▂▃▄▅▆▇█"
DESCRIBE_DAYS = "How many days back, 1 to 90 (default 14)."
READING = "read the server's statistics"


def too_many_days(days: int, most: int) -> str:
    return f"I can show 1 to {most} days (the counters keep {most}), not {days}."


SERIES = {
    "messages": "Messages",
    "joins": "Joins",
    "leaves": "Leaves",
    "cases": "Cases",
    "detections": "Automod detections",
    "pardons": "Pardons",
}


def sparkline(values: list[int]) -> str:
    """One block per day, scaled to the busiest day; a quiet day is the lowest block, never a gap."""
    top = max(values, default=0)
    if top == 0:
        return BARS[0] * len(values)
    return "".join(BARS[min(len(BARS) - 1, value * (len(BARS) - 1) // top)] if value else BARS[0] for value in values)


def stats_reply(report: "Report", days: int) -> str:
    span = report.days
    head = f"**Statistics, last {days} day{'s' if days != 1 else ''}** ({span[0].day:%d %b} – {span[-1].day:%d %b})"
    lines = [head, "```"]
    for name, label in SERIES.items():
        lines.append(f"{label:<19} {report.total(name):>7,}  {sparkline(report.series(name))}")
    lines.append("```")
    for name, label in (("cases", "Cases by type"), ("detections", "Detections by rule")):
        counts = report.by(name).most_common(6)
        if counts:
            lines.append(f"{label}: " + ", ".join(f"{key} {n:,}" for key, n in counts))
    return "\n".join(lines)
