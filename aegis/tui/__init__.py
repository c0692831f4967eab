"""The operator console (`aegis tui`): Textual front end over the storage read side."""
