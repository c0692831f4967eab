"""Every sentence Aegis says on Discord, in tables a reviewer or translator can read in one place, one module per
capability: moderation (case titles, mod log, DMs, the reply to an action), checks (refusals: permissions,
hierarchy, membership), records (cases, histories, pardons), settings (/settings, and what an automod change
cannot be), automod (/automod's listings), raids (raid mode), commands (too fast, a failure of Aegis's own).
aegis.bot.replies sends them; the commands format none."""
