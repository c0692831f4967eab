"""What /poll says."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aegis.domain.community import PollSpec

POSTING = "post polls"
DESCRIBE_QUESTION = "What to ask, up to 300 characters."
DESCRIBE_OPTIONS = "The answers, separated by |, e.g. Pizza | Tacos | Sushi (2 to 10, each up to 55 characters)."
DESCRIBE_DURATION = "How long it stays open, e.g. 2h or 3d (default 24h, at most 32 days)."
DESCRIBE_MULTIPLE = "Whether members may pick more than one answer."


def bad_question(most: int) -> str:
    return f"A poll needs a question of 1 to {most} characters."


def bad_count(count: int, most: int) -> str:
    return f"A poll needs 2 to {most} answers separated by |; I found {count}."


def answer_too_long(answer: str, most: int) -> str:
    return f"“{answer[:60]}” is longer than the {most} characters Discord allows an answer."


def not_posted(problem: str) -> str:
    return f"I could not post the poll here: {problem}"


def posted(spec: "PollSpec") -> str:
    return f"✅ Poll posted: {len(spec.answers)} answers, open for {spec.hours} hour{'s' if spec.hours != 1 else ''}."
