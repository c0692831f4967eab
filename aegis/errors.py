class AegisError(Exception):
    """An expected failure with a message written for the person who has to act on it."""
