"""The console's Demo panel: its first screen, and "post as member" reaching the double where the real bot acts."""

import pytest

from aegis.demo.director import Director
from aegis.demo.run import demo_console
from aegis.demo.scenes import SPAM, Pace, build_scenes
from aegis.demo.stack import DemoStack
from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType
from aegis.storage.moderation import cases
from tests.tui.tui_helpers import until

SIZE = (110, 30)


def test_first_screen(seeded_world, db, frozen, snap_compare):
    app = demo_console(db, seeded_world, Director(seeded_world, build_scenes(Pace(60))))

    async def loaded(pilot):
        pane = pilot.app.pane("demo")
        await until(pilot, lambda: pane.loaded and pane.cursor == 1, what="the demo panel's first poll")
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=SIZE, run_before=loaded)


async def test_key_7_comes_back_to_the_demo_tab(seeded_world, db):
    app = demo_console(db, seeded_world, Director(seeded_world, ()))
    async with app.run_test(size=SIZE) as pilot:
        tabs = app.query_one("TabbedContent")
        assert tabs.active == "demo"
        await pilot.press("1")
        assert tabs.active == "cases"
        await pilot.press("8")
        assert tabs.active == "demo"


@pytest.mark.slow
async def test_posting_as_a_member_reaches_the_double_and_automod_acts_and_a_moderator_can_warn():
    with DemoStack(Pace(60)) as stack:
        community, double = stack.community, stack.thread.double
        app = demo_console(stack.database, stack.world, Director(stack.world, ()))
        async with app.run_test(size=SIZE) as pilot:
            pane = app.pane("demo")
            await until(pilot, lambda: pane.loaded, what="the demo panel")
            pane.query_one("#post-as").value = "dave"
            field = pane.query_one("#post-text")
            field.focus()
            for _ in range(8):
                field.value = SPAM
                await pilot.press("enter")
                await until(pilot, lambda: field.value == "", what="the post to go")

            dave = community.user("dave")
            await until(
                pilot,
                lambda: stack.thread.call(lambda: community.member("dave").is_timed_out()),
                timeout=20,
                what="automod to time dave out",
            )
            await until(
                pilot,
                lambda: any("Aegis: timed out dave" in line for line in pane.lines),
                what="the feed to say so",
            )

            pane.query_one("#command-as").value = "noor"
            command = pane.query_one("#command-text")
            command.value = "/warn member:eve reason:testing the panel"
            command.focus()
            await pilot.press("enter")
            await until(
                pilot, lambda: any("answered noor" in line for line in pane.lines), timeout=20, what="the reply"
            )

        posted = stack.thread.call(lambda: [m for m in double.messages(community.general) if m.author_id == dave.id])
        assert posted == [], "the copies are deleted"
        [case] = [c for c in cases.for_target(community.guild.id, dave.id)]
        assert (case.type, case.actor_kind) == (CaseType.TIMEOUT, ActorKind.AUTOMOD)
        [warning] = cases.for_target(community.guild.id, community.user("eve").id)
        assert (warning.type, warning.moderator_id, warning.reason) == (
            CaseType.WARN,
            community.user("noor").id,
            "testing the panel",
        )
        assert any("answered noor (only they see it): ✅ Case #2: Warning — @eve" in line for line in pane.lines)
