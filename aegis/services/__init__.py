"""What Aegis does, independent of how it is asked: every front end calls these. No discord, textual or click."""
