"""Time AutomodEngine.check_message on ordinary chat with every rule enabled.

    /work/venv/bin/python scripts/bench_automod_rules.py [--messages 200000]

Ordinary chat is what the gateway loop sees almost always, so that is the figure that
matters (target: <= 50 us per message). Settings are a realistic busy guild: 200
filtered words, a few regexes, a deny-list of 500 domains, all rules on.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aegis.services.automod import AutomodEngine, MessageContext, parse_settings

CHAT = [
    "hey everyone, how is it going?",
    "I was thinking about the game tonight, anyone up for it",
    "lol",
    "ok. sure, see you at 8",
    "Did you see the patch notes? https://example.org/notes/1.2",
    "that boss fight was brutal 😅",
    "brb",
    "Can someone help me with my config? it says error on line 12",
    "gg wp",
    "I'll be there in 5 minutes, just finishing dinner",
    "Check out <#123456789012345678> for the rules",
    "nice <:pog:123456789012345678>",
    "Ça marche, à plus tard !",
    "Has anyone tried the new map yet? It looks huge.",
]


def settings():
    words = [f"badword{i}" for i in range(190)] + ["spam*", "scam*", "fr*ee nitro", "assh*le", "idiot"]
    return parse_settings(
        {
            "rules": {
                "words": {"words": words, "regexes": [r"free\s+nitro", r"steam\s*gift", r"(a+)+$"]},
                "links": {"denied_domains": [f"bad{i}.example.com" for i in range(500)] + ["grabify.link"]},
                "invites": {"allowed_codes": ["aegis"]},
            }
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200_000)
    args = parser.parse_args()
    parsed = settings()
    assert parsed.ok, parsed.errors
    engine = AutomodEngine(lambda guild_id: parsed.settings)
    rng = random.Random(1)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    # 2,000 members across 20 channels, a message every 50 ms: nobody trips a rule.
    contexts = [
        MessageContext(
            guild_id=1,
            channel_id=rng.randrange(20),
            message_id=10**17 + i,
            author_id=rng.randrange(2000),
            author_role_ids=frozenset({rng.randrange(5)}),
            content=rng.choice(CHAT),
            created_at=start + timedelta(milliseconds=50 * i),
        )
        for i in range(args.messages)
    ]
    for ctx in contexts[:2000]:  # warm caches (tldextract, first-time allocations)
        engine.check_message(ctx)
    runs = []
    tripped = 0
    for _ in range(3):
        engine = AutomodEngine(lambda guild_id: parsed.settings)
        t0 = time.perf_counter()
        for ctx in contexts:
            tripped += bool(engine.check_message(ctx))
        runs.append((time.perf_counter() - t0) / len(contexts) * 1e6)
    per_rule = []
    for rule in AutomodEngine(lambda guild_id: parsed.settings)._message_rules:
        rule_settings = parsed.settings.rule(rule.name)
        t0 = time.perf_counter()
        for ctx in contexts:
            rule.check(ctx, rule_settings)
        per_rule.append(f"{rule.name} {(time.perf_counter() - t0) / len(contexts) * 1e6:.1f}")
    print("per rule (us): " + ", ".join(per_rule))
    print(
        f"{len(contexts)} messages x3, all rules on: "
        f"median {statistics.median(runs):.1f} us/message (runs: {', '.join(f'{r:.1f}' for r in runs)}), "
        f"{tripped} verdicts"
    )


if __name__ == "__main__":
    main()
