"""Who is where, as the bot sees it arrive: guild names, members joining and leaving, usernames. What the console
shows beside every id. Plain values in (no Discord objects); each call is one short database write."""

from aegis.services.roster.record import GuildSeen, UserSeen, guild_seen, member_joined, member_left, user_seen

__all__ = ["GuildSeen", "UserSeen", "guild_seen", "member_joined", "member_left", "user_seen"]
