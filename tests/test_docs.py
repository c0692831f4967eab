"""The README stays one screen with the two set-up commands, every docs page is reachable from the site's nav,
every setting is documented, and the getting-started page lists exactly the permissions the invite asks for."""

import re
from pathlib import Path

from aegis.config import SETTINGS
from aegis.domain.permissions import REQUIRED_PERMISSIONS, required_permissions_value

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_fits_on_a_screen_and_gives_the_two_set_up_commands():
    assert len(README.splitlines()) < 150
    commands = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)
    assert commands == ["pip install -e . && aegis demo", "pip install -e '.[test]' && python -m pytest"]
    assert "![The operator console](docs/tui.svg)" in README and (DOCS / "tui.svg").is_file()
    assert "## How it is built" in README and "domain ← storage ← services ← {bot, tui} ← demo ← cli" in README


def test_every_link_in_the_readme_leads_to_a_file():
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    assert targets
    missing = [t for t in targets if not t.startswith("http") and not (ROOT / t).exists()]
    assert missing == []


def nav_pages() -> list[str]:
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = mkdocs.split("\nnav:\n", 1)[1]
    return re.findall(r"^\s+- (?:[^:\n]+: )?(\S+\.md)\s*$", nav, re.MULTILINE)


def test_every_docs_page_is_in_the_nav_and_every_nav_entry_is_a_page():
    pages = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md"))
    assert sorted(nav_pages()) == pages


def test_every_setting_is_in_the_configuration_reference():
    reference = (DOCS / "configuration.md").read_text(encoding="utf-8").splitlines()
    undocumented = []
    for setting in SETTINGS:
        rows = [line for line in reference if f"[{setting.section}]" in line and f"{setting.key}`" in line]
        if not rows or (setting.env and not any(setting.env in row for row in rows)):
            undocumented.append(setting.name)
    assert undocumented == []


def test_getting_started_lists_exactly_the_permissions_the_invite_asks_for():
    page = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    table = page.split("| permission | without it |", 1)[1].split("\n\n", 1)[0]
    listed = re.findall(r"^\| ([^|]+?) \|", table, re.MULTILINE)
    assert listed == [p.label for p in REQUIRED_PERMISSIONS]
    assert f"&scope=bot+applications.commands&permissions={required_permissions_value()}\n" in page


def test_no_page_names_a_path_only_one_machine_has():
    pages = [ROOT / "README.md", *DOCS.rglob("*.md")]
    local = [p.name for p in pages if re.search(r"/work/|/home/\w|/Users/", p.read_text(encoding="utf-8"))]
    assert local == []
