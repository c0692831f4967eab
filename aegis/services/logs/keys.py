"""`aegis data rotate-key`: every logged message re-sealed under a new key, without a moment where a row cannot
be read (the key file keeps the old keys until the last row is re-sealed)."""

import time

from aegis.services.logs.cipher import RECHECK_S, ContentCipher
from aegis.storage.records import logged_messages

BATCH = 500


def rotate_key(cipher: ContentCipher, *, settle_s: float = 2 * RECHECK_S, progress=lambda done: None) -> int:
    """Rows re-sealed. Safe to run again after a crash: it starts a fresh rotation and finishes both.

    A running bot reads the key file again within RECHECK_S; what it sealed under an old key until then is
    found by a second pass, `settle_s` after the first."""
    cipher.begin_rotation()
    done = _pass(cipher, lambda token: True, progress)
    time.sleep(settle_s)
    _pass(cipher, lambda token: not cipher.sealed_by_newest(token), progress)
    cipher.finish_rotation()
    return done


def _pass(cipher: ContentCipher, wanted, progress) -> int:
    done, after = 0, 0
    while batch := logged_messages.sealed_after(after, BATCH):
        resealed = [(message_id, cipher.reseal(token)) for message_id, token in batch if wanted(token)]
        logged_messages.reseal(resealed)
        done += len(resealed)
        after = batch[-1][0]
        progress(done)
    return done
