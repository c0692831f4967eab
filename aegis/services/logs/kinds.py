"""The event-log types a server can route to a channel, as moderators type them in /log set."""

MESSAGE_EDIT, MESSAGE_DELETE, BULK_DELETE = "message-edit", "message-delete", "bulk-delete"
MEMBER_JOIN, MEMBER_LEAVE, NAMES, MEMBER_ROLES = "member-join", "member-leave", "names", "member-roles"
CHANNELS, ROLES, VOICE, INVITES, MODERATION = "channels", "roles", "voice", "invites", "moderation"

KINDS = {
    MESSAGE_EDIT: "message edits, before and after",
    MESSAGE_DELETE: "deleted messages: content, author, channel, reply, attachments re-uploaded",
    BULK_DELETE: "bulk deletes (purges): one file with the messages",
    MEMBER_JOIN: "joins: account age and prior cases in this server",
    MEMBER_LEAVE: "leaves: the roles they had",
    NAMES: "nickname and username changes",
    MEMBER_ROLES: "roles given and taken",
    CHANNELS: "channels created and deleted",
    ROLES: "roles created and deleted",
    VOICE: "voice joins, leaves and moves",
    INVITES: "invites created",
    MODERATION: "moderation actions (the mod log)",
}
# The types whose logs need a message's content: a server with none of them on keeps no content at all.
NEED_CONTENT = frozenset({MESSAGE_EDIT, MESSAGE_DELETE, BULK_DELETE})
