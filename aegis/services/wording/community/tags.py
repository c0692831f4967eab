"""What /tag says."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aegis.domain.community import Tag

CREATING = "create tags here (the server lets moderators create them)"
EDITING = "edit someone else's tag"
DELETING = "delete someone else's tag"
DECIDING = "decide who may create tags"
EMPTY = "A tag needs some text to post."
NONE_YET = "ℹ️ This server has no tags yet; /tag create makes one."

DESCRIBE_NAME = "The tag's name: lowercase letters, digits, - and _, up to 32."
DESCRIBE_TEXT = "What the tag posts, up to 2000 characters. Mentions in it never ping."
DESCRIBE_CREATORS = "Who may create tags: moderators (Manage Messages) or everyone."


def bad_name(name: str) -> str:
    return f"“{name}” cannot be a tag name: use 1 to 32 lowercase letters, digits, - and _, starting with a letter or digit."


def exists(name: str) -> str:
    return f"There is already a tag “{name}”; /tag edit changes it."


def no_tag(name: str) -> str:
    return f"There is no tag “{name}”; /tag list shows the ones there are."


def too_long(length: int, most: int) -> str:
    return f"That text is {length} characters; a tag can hold {most}."


def bad_creators(who: str, choices: tuple[str, ...]) -> str:
    return f"“{who}” is not a choice; tag creators can be {' or '.join(choices)}."


def created(tag: "Tag") -> str:
    return f"✅ Tag “{tag.name}” saved; /tag show {tag.name} posts it."


def edited(tag: "Tag") -> str:
    return f"✅ Tag “{tag.name}” changed."


def deleted(tag: "Tag") -> str:
    return f"✅ Tag “{tag.name}” deleted."


def posted(tag: "Tag") -> str:
    return f"✅ Posted “{tag.name}”."


def not_posted(problem: str) -> str:
    return f"⛔ I could not post the tag here: {problem}"


def listing(tags: "list[Tag]") -> str:
    if not tags:
        return NONE_YET
    return f"**Tags ({len(tags)})**\n" + ", ".join(f"`{tag.name}`" for tag in tags)


def info(tag: "Tag") -> str:
    author = f"<@{tag.created_by}>" if tag.created_by else "a member who asked to be forgotten"
    lines = [
        f"**Tag “{tag.name}”**",
        f"Created by {author} on {tag.created_at:%d %b %Y %H:%M} UTC",
        f"Posted {tag.uses} time{'s' if tag.uses != 1 else ''}",
    ]
    if tag.updated_by is not None:
        lines.append(f"Last changed by <@{tag.updated_by}> on {tag.updated_at:%d %b %Y %H:%M} UTC")
    return "\n".join(lines)


def creators_saved(who: str) -> str:
    return f"✅ From now on {'everyone' if who == 'everyone' else 'moderators (Manage Messages)'} may create tags."
