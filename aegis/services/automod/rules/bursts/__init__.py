"""Rules that judge a member's messages over a window of time: how fast, and how alike."""
