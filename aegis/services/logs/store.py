"""What a delete or edit log needs of each message, kept off discord.py's message cache: noted in memory on the
gateway loop (a dictionary assignment), written sealed in batches every few seconds, and read back when Discord
says the message was edited or deleted. Memory is bounded: past MAX_PENDING unwritten messages the oldest go."""

import logging
from collections.abc import Callable, Iterable

import orjson

from aegis.domain.logs import KeptAttachment, KeptMessage, SealedMessage
from aegis.services.dbcall import db_call
from aegis.services.logs.cipher import ContentCipher, InvalidToken
from aegis.storage.records import logged_messages

log = logging.getLogger("aegis.services.logs")
MAX_PENDING = 20_000


def seal(cipher: ContentCipher, message: KeptMessage) -> SealedMessage:
    secret = {
        "content": message.content,
        "author_name": message.author_name,
        "attachments": [[a.filename, a.url, a.size, a.content_type] for a in message.attachments],
    }
    token = cipher.seal(orjson.dumps(secret))  # orjson: a tenth of json.dumps's time, on every kept message
    return SealedMessage(
        message.id,
        message.guild_id,
        message.channel_id,
        message.author_id,
        message.reply_to_id,
        message.created_at,
        token,
    )


def opener(cipher: ContentCipher):
    """For a member's data export: a sealed row's content, author name and attachments as plain values."""

    def open_(token: str) -> dict:
        try:
            return orjson.loads(cipher.open(token))
        except InvalidToken:
            return {"content": None, "unreadable": "sealed under a key this deployment no longer has"}

    return open_


def unseal(cipher: ContentCipher, sealed: SealedMessage) -> KeptMessage | None:
    try:
        secret = orjson.loads(cipher.open(sealed.sealed))
    except InvalidToken:
        log.error("logged message %s is sealed under a key this deployment no longer has", sealed.id)
        return None
    return KeptMessage(
        sealed.id,
        sealed.guild_id,
        sealed.channel_id,
        sealed.author_id,
        secret["author_name"],
        secret["content"],
        sealed.created_at,
        sealed.reply_to_id,
        tuple(KeptAttachment(*a) for a in secret["attachments"]),
    )


class MessageStore:
    def __init__(self, cipher: ContentCipher, keeps: Callable[[int], bool | None]) -> None:
        """`keeps(guild_id)`: whether the guild keeps content for its logs; None while its settings are unknown
        (its messages wait for the next flush)."""
        self.cipher, self.keeps = cipher, keeps
        self._pending: dict[int, KeptMessage] = {}
        self.dropped = 0  # noted but never written, as memory was full

    def note(self, message: KeptMessage) -> None:
        pending = self._pending
        pending[message.id] = message
        if len(pending) > MAX_PENDING:
            del pending[next(iter(pending))]
            self.dropped += 1

    async def flush(self) -> int:
        """Writes what was noted since the last flush; on failure it is kept for the next one."""
        waiting, wanted = {}, []
        for message in self._pending.values():
            keeps = self.keeps(message.guild_id)
            if keeps is None:
                waiting[message.id] = message
            elif keeps:
                wanted.append(message)
        self._pending = waiting
        if not wanted:
            return 0
        try:
            return await db_call(self._write, wanted)
        except Exception:
            log.exception("logged messages not written (%d); keeping them for the next flush", len(wanted))
            for message in wanted:
                self._pending.setdefault(message.id, message)
            return 0

    def _write(self, messages: list[KeptMessage]) -> int:
        cipher = self.cipher
        return logged_messages.save([seal(cipher, message) for message in messages])

    async def find(self, message_ids: Iterable[int]) -> dict[int, KeptMessage]:
        """What is kept of these messages: the ones still in memory, then the database."""
        wanted = list(message_ids)
        found = {i: self._pending[i] for i in wanted if i in self._pending}
        rest = [i for i in wanted if i not in found]
        if rest:
            found.update(await db_call(self._read, rest))
        return found

    def _read(self, message_ids: list[int]) -> dict[int, KeptMessage]:
        found = {}
        for message_id, sealed in logged_messages.find(message_ids).items():
            if (message := unseal(self.cipher, sealed)) is not None:
                found[message_id] = message
        return found

    async def forget(self, message_ids: Iterable[int]) -> None:
        """A deleted message's content, once logged, is kept no longer."""
        wanted = list(message_ids)
        for message_id in wanted:
            self._pending.pop(message_id, None)
        await db_call(logged_messages.remove, wanted)
