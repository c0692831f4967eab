"""Setting a deployment up: aegis init (and its questions) and aegis doctor."""
