"""The few Discord REST reads doctor makes, with the token and base URL the bot uses (AEGIS_DISCORD_API_URL)."""

import json
import urllib.error
import urllib.request
from typing import Any

from aegis import __version__

TIMEOUT_S = 10


class DiscordApiError(Exception):
    def __init__(self, status: int | None, message: str):
        super().__init__(message)
        self.status = status


class DiscordApi:
    def __init__(self, api_url: str, token: str):
        self.api_url = api_url.rstrip("/")
        self._headers = {
            "Authorization": f"Bot {token}",
            "User-Agent": f"DiscordBot (https://github.com/aegis, {__version__}) aegis-doctor",
        }

    def get(self, path: str) -> Any:
        request = urllib.request.Request(self.api_url + path, headers=self._headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            raise DiscordApiError(exc.code, f"{exc.code} {exc.reason}: {_message(exc)}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DiscordApiError(None, f"cannot reach {self.api_url}: {reason}") from None


def _message(exc: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(exc.read() or b"{}")
    except ValueError:
        return "no explanation"
    return str(body.get("message", "no explanation")) if isinstance(body, dict) else "no explanation"
