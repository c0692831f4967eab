"""Each automod rule's cost on long, hostile messages: linear in length, under 1 ms at 4,000 characters.

    python scripts/bench_automod_long_messages.py [--checks 40]

For every rule and every shape (whitespace runs, repeated separators, zalgo, emoji, URLs, mentions, ...) the
rule checks a stream of messages of 1,000, 2,000 and 4,000 characters (stateful rules with a full history of
near-copies, their worst case), and the median cost of one check is taken. Figures are printed as multiples of a
baseline measured in the same run (one `\\S+` regex scan of a message of that length), so they compare across
machines; absolute microseconds are printed beside them. Exits 1 if a rule's cost at 4,000 characters grows
faster than linearly from 1,000 (more than 6x for 4x the length, where quadratic is 16x) or passes 1 ms.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aegis.services.automod import MessageContext, parse_settings
from aegis.services.automod.rules import MESSAGE_RULES

LENGTHS = (1000, 2000, 4000)
LINEAR_GROWTH_LIMIT = 6.0  # cost(4,000) / cost(1,000): 4 is linear, 16 quadratic; the rest is noise headroom
NOISE_FLOOR_S = 20e-6  # below this, fixed costs dominate and a growth ratio says nothing
BUDGET_S = 1e-3
BASELINE = re.compile(r"\S+")
SHAPES = {
    "spaces": " ",
    "spaces then hint": " " * 199 + "[",
    # One run of whitespace the length of the message: what made the old spelled-dot pattern quadratic.
    "one space run": lambda n: "discord." + " " * (n - 9) + "[",
    "tabs and newlines": "\t\n",
    "spelled dots": "example [.] com ",
    "dot words": "a (dot) b ",
    "separators": ".-_/\\|",
    "brackets": "[(<{",
    "hosts": "a.b.c.",
    "urls": "https://sub.example.com/path?q=1 ",
    "obfuscated urls": "hxxps[:]//bad[.]example(.)com\\x ",
    "invites": "discord . gg / abc123 ",
    "discord and spaces": "discord" + " " * 60,
    "mentions": "<@123456789012345678> <@&234567890123456789> ",
    "custom emoji": "<:pog:123456789012345678>",
    "emoji": "😀👍🏽👨‍👩‍👧🇫🇷1️⃣",
    "zalgo": "a" + "\u0301\u0316\u0353" * 3,
    "shouting": "FREE NITRO CLICK NOW ",
    "cyrillic": "привет как дела ",
    "fullwidth": "ｆｒｅｅ ｎｉｔｒｏ ",
    "letters": "a",
}
SETTINGS = parse_settings(
    {
        "rules": {
            "words": {"words": [f"badword{i}" for i in range(190)] + ["spam*", "f*ck"], "regexes": [r"(a+)+$"]},
            "links": {"mode": "allow"},
            "invites": {"allowed_codes": ["ours"]},
            "caps": {"min_letters": 1},
        }
    }
)
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def message(shape: str, length: int) -> str:
    unit = SHAPES[shape]
    if callable(unit):
        return unit(length)
    return (unit * (length // len(unit) + 1))[:length]


def variant(text: str, i: int) -> str:
    """A near-copy: one character changed, as spammers do to dodge exact-match filters."""
    at = (i * 7919) % len(text)
    return text[:at] + "xyz"[i % 3] + text[at + 1 :]


def median_cost(check, texts: list[str]) -> float:
    costs = []
    for text in texts:
        started = time.perf_counter()
        check(text)
        costs.append(time.perf_counter() - started)
    return statistics.median(costs)


def rule_cost(rule_type, shape: str, length: int, checks: int) -> float:
    rule, rs = rule_type(), SETTINGS.settings.rule(rule_type.name)
    base = message(shape, length)
    count = iter(range(10**9))

    def check(text: str) -> None:
        i = next(count)
        ctx = MessageContext(1, 2, i, 3, text, T0 + timedelta(seconds=i * 0.2), mention_user_ids=(5, 6))
        rule.check(ctx, rs)

    for i in range(30):  # fill the stateful rules' histories (25 messages for duplicates)
        check(variant(base, i))
    return median_cost(check, [variant(base, 30 + i) for i in range(checks)])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checks", type=int, default=40, help="timed checks per rule, shape and length")
    args = parser.parse_args()
    assert SETTINGS.ok, SETTINGS.errors
    baseline = {n: median_cost(BASELINE.findall, [message("urls", n)] * 200) for n in LENGTHS}
    print("baseline (one \\S+ scan): " + ", ".join(f"{n} chars {baseline[n] * 1e6:.1f} us" for n in LENGTHS))
    print(f"{'rule':<14}{'worst shape at 4,000':<22}" + "".join(f"{n:>16}" for n in LENGTHS) + f"{'growth':>9}")
    failures = []
    for rule_type in MESSAGE_RULES:
        costs = {shape: {n: rule_cost(rule_type, shape, n, args.checks) for n in LENGTHS} for shape in SHAPES}
        worst = max(costs, key=lambda s: costs[s][4000])
        row = costs[worst]
        cells = "".join(f"{row[n] / baseline[n]:>7.1f}x {row[n] * 1e6:>5.0f}us" for n in LENGTHS)
        growths = {s: c[4000] / c[1000] for s, c in costs.items() if c[4000] > NOISE_FLOOR_S}
        steepest = max(growths, key=growths.get, default=None)
        growth = f"{growths[steepest]:.1f}x" if steepest else "flat"
        print(f"{rule_type.name:<14}{worst:<22}{cells}{growth:>9}" + (f" ({steepest})" if steepest else ""))
        if row[4000] > BUDGET_S:
            failures.append(f"{rule_type.name}: {row[4000] * 1e3:.2f} ms on {worst!r} at 4,000 characters")
        if steepest and growths[steepest] > LINEAR_GROWTH_LIMIT:
            failures.append(f"{rule_type.name}: {growths[steepest]:.1f}x from 1,000 to 4,000 on {steepest!r}")
    for failure in failures:
        print("NOT LINEAR OR OVER BUDGET:", failure)
    print("every rule linear and under 1 ms at 4,000 characters" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
