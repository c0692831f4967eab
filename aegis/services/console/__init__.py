"""The operator console's read side and its few writes. Called from the console's worker threads, inside a
connection the console opened: plain synchronous functions over storage, with automod's parser and the
moderation rules applied here, so the console and the slash commands agree."""
