"""What the mod log reads when a delayed autorole or a scheduled announcement could not be done."""


def autorole_failed(role_id: int, user_id: int, error: str) -> str:
    return f"⚠️ Autorole: I could not give <@&{role_id}> to <@{user_id}>: {error}"


def announcement_failed(action_id: int, channel_id: int, error: str) -> str:
    return f"⚠️ Announcement #{action_id} was not posted in <#{channel_id}>: {error}"
