"""What the event logs' message store costs per message, part by part: sealing (orjson + Fernet) and writing
(one statement per 500 rows), in CPU microseconds of this process.

    python scripts/bench_log_store.py [--messages 20000] [--database-url sqlite:////tmp/x.db | postgresql://…]

Without --database-url it writes to a temporary SQLite file. A Postgres URL must name a database that can be
migrated and written to (a scratch one).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    from aegis.domain.logs import KeptMessage
    from aegis.services.logs.cipher import ContentCipher
    from aegis.services.logs.store import seal
    from aegis.storage import migrations
    from aegis.storage.database import connect
    from aegis.storage.records import logged_messages

    scratch = Path(tempfile.mkdtemp())
    url = args.database_url or f"sqlite:///{scratch / 'bench.db'}"
    cipher = ContentCipher.beside(scratch)
    now = datetime.now(UTC)
    text = "hey everyone, how is it going? apple river stone 123"
    messages = [KeptMessage(10**17 + n, 1, 2, 3, "alice", text, now) for n in range(args.messages)]
    start = time.process_time()
    sealed = [seal(cipher, message) for message in messages]
    sealing = time.process_time() - start
    db = connect(url)
    migrations.apply(db)
    start = time.process_time()
    logged_messages.save(sealed)
    writing = time.process_time() - start
    db.close()
    per = 1e6 / args.messages
    print(f"{args.messages} messages on {url.split(':')[0]}: seal {sealing * per:.1f} us, write {writing * per:.1f} us")


if __name__ == "__main__":
    main()
