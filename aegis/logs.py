import logging
import sys

from aegis.redact import redact

FORMAT = "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"


def setup_logging(level: str) -> None:
    """One structured line per event (key=value), on stderr, for journald or a log shipper."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter(FORMAT, datefmt="%Y-%m-%dT%H:%M:%S%z"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("discord").setLevel(max(logging.getLevelName(level), logging.INFO))


class RedactingFormatter(logging.Formatter):
    """Every line, tracebacks included, with URL passwords masked: a library may log the URL it was given."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
