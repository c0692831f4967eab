"""Passwords out of anything Aegis prints or logs: URLs with credentials become `scheme://user:***@host`."""

import re

# The userinfo's password runs to the last "@" before the host (a password may hold an unencoded "@").
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^:/@\s'\"]*:)[^\s/'\"]*@", re.IGNORECASE)
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)[^&\s'\"]*", re.IGNORECASE)
MASK = "***"


def redact(text: str) -> str:
    """`text` with every URL password (in the userinfo or a `password=` query parameter) replaced by ***."""
    if "://" not in text:
        return text
    text = _URL_PASSWORD.sub(lambda m: f"{m['head']}{MASK}@", text)
    return _QUERY_PASSWORD.sub(lambda m: f"{m['head']}{MASK}", text)
