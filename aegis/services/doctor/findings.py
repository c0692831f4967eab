from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    OK = "ok"
    NOTE = "note"  # worth knowing, not a problem
    PROBLEM = "FAIL"


@dataclass(frozen=True, slots=True)
class Finding:
    check: str  # "config", "files", "database", "migrations", "redis", "token", "intents", "guild <name>"
    status: Status
    detail: str
    fix: str = ""

    @property
    def problem(self) -> bool:
        return self.status is Status.PROBLEM


def ok(check: str, detail: str) -> Finding:
    return Finding(check, Status.OK, detail)


def note(check: str, detail: str) -> Finding:
    return Finding(check, Status.NOTE, detail)


def problem(check: str, detail: str, fix: str) -> Finding:
    return Finding(check, Status.PROBLEM, detail, fix)
