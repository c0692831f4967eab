"""Small rules of English that every front end's sentences share."""

VOWEL_SOUNDS = ("a", "e", "i", "o", "u")


def article(noun: str) -> str:
    """`a ban`, `an automod`: the indefinite article before a word."""
    return f"{'an' if noun[:1].lower() in VOWEL_SOUNDS else 'a'} {noun}"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 message`, `2 messages`; `many` for a plural that is not noun + s."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"
