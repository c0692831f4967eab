"""Role panels as the service keeps them: modes, what may go on a panel, and every change on the record."""

from aegis.domain.actors import Actor
from aegis.domain.community import PanelRole
from aegis.domain.refusals import Refusal
from aegis.services.community import panels
from aegis.services.community.givable import DANGEROUS, GivableRole, MemberNow
from aegis.storage.moderation import audit
from aegis.storage.records import userdata
from tests.community.fake_community import FakeCommunityGateway

GUILD, CHANNEL = 111, 555
ADMIN = Actor.moderator(1, frozenset({"manage_roles"}))
MEMBER = Actor.moderator(2, frozenset())
A, B = GivableRole(50, "A", 1), GivableRole(51, "B", 2)


class PanelGateway(FakeCommunityGateway):
    def __init__(self):
        super().__init__()
        self.givable = {A.id: A, B.id: B}
        self.shown: list = []

    async def post_panel(self, panel):
        self.shown.append(panel)
        return 777

    async def edit_panel(self, panel):
        self.shown.append(panel)


async def panel(gateway, mode):
    made = await panels.create(GUILD, ADMIN, CHANNEL, "Pick", mode, gateway)
    for role in (A, B):
        await panels.add(GUILD, ADMIN, made.id, role, gateway.bot, "", "", gateway)
    return made.id


async def test_every_dangerous_permission_keeps_a_role_off_a_panel(db):
    gateway = PanelGateway()
    made = await panels.create(GUILD, ADMIN, CHANNEL, "Pick", "normal", gateway)
    assert made.message_id == 777
    for permission in DANGEROUS:
        role = GivableRole(60, "Risky", 1, frozenset({permission}))
        assert (await panels.add(GUILD, ADMIN, made.id, role, gateway.bot, "", "", gateway)).check == "role_dangerous"
    assert isinstance(await panels.add(GUILD, MEMBER, made.id, A, gateway.bot, "", "", gateway), Refusal)
    assert "no panel #9" in (await panels.add(GUILD, ADMIN, 9, A, gateway.bot, "", "", gateway)).reason
    assert (
        "the modes are normal, unique, verify, drop"
        in (await panels.create(GUILD, ADMIN, 1, "x", "odd", gateway)).reason
    )


async def test_normal_toggles_drop_only_takes_and_each_press_is_audited(db):
    gateway = PanelGateway()
    normal = await panel(gateway, "normal")
    gateway.join(7)
    assert (await panels.press(GUILD, normal, A.id, await gateway.member(GUILD, 7), gateway)).given == (50,)
    assert (await panels.press(GUILD, normal, A.id, await gateway.member(GUILD, 7), gateway)).taken == (50,)
    drop = await panel(gateway, "drop")
    unchanged = await panels.press(GUILD, drop, B.id, await gateway.member(GUILD, 7), gateway)
    assert unchanged.unchanged == 51 and gateway.state.roles[7] == set()
    presses = audit.page(audit.AuditFilter(guild_id=GUILD, action="rolepanel.press"))
    assert [(e.actor_id, e.metadata["given"], e.metadata["taken"]) for e in reversed(presses)] == [
        (7, [50], []),
        (7, [], [50]),
    ]


async def test_a_role_that_moved_above_aegis_is_not_given_on_a_press(db):
    gateway = PanelGateway()
    made = await panel(gateway, "normal")
    gateway.givable[A.id] = GivableRole(50, "A", 9)
    result = await panels.press(GUILD, made, A.id, MemberNow(7), gateway)
    assert result.check == "role_hierarchy" and "add_role" not in gateway.state.calls
    removed = await panels.remove(GUILD, ADMIN, made, A.id, gateway)
    assert [r.role_id for r in removed.roles] == [51]
    assert (await panels.press(GUILD, made, A.id, MemberNow(7), gateway)).check == "panel_gone"


def test_custom_ids_round_trip_and_others_are_not_ours():
    assert panels.parse_custom_id(panels.custom_id(3, 50)) == (3, 50)
    assert panels.parse_custom_id("aegis:role:x:1") is None and panels.parse_custom_id("other:1") is None


async def test_export_names_the_panels_a_member_built_and_forget_takes_them_out(db):
    await panel(PanelGateway(), "normal")
    assert len(userdata.rows_naming(1)["role_panel"]) == 1
    userdata.forget(1)
    assert userdata.rows_naming(1)["role_panel"] == []


async def test_a_menu_pick_in_verify_mode_only_gives_and_in_drop_mode_only_takes(db):
    gateway = PanelGateway()
    made = await panels.create(GUILD, ADMIN, CHANNEL, "Pick", "verify", gateway, style="menu")
    assert made.style == "menu"
    for role in (A, B):
        await panels.add(GUILD, ADMIN, made.id, role, gateway.bot, "", "", gateway)
    gateway.join(7)
    assert (await panels.choose(GUILD, made.id, [50], await gateway.member(GUILD, 7), gateway)).given == (50,)
    nothing = await panels.choose(GUILD, made.id, [], await gateway.member(GUILD, 7), gateway)
    assert (nothing.given, nothing.taken) == ((), ()) and gateway.state.roles[7] == {50}
    drop = await panel(gateway, "drop")
    assert (await panels.choose(GUILD, drop, [50, 51], await gateway.member(GUILD, 7), gateway)).taken == (50,)
    assert (await panels.choose(GUILD, drop, [99], await gateway.member(GUILD, 7), gateway)).check == "panel_gone"
    assert (
        "the styles are buttons, menu" in (await panels.create(GUILD, ADMIN, 1, "x", "normal", gateway, "list")).reason
    )
    assert panels.parse_menu_id(panels.menu_id(4)) == 4 and panels.parse_menu_id("aegis:roles:x") is None


async def test_a_panel_holds_25_roles_what_one_message_can_carry(db):
    gateway = PanelGateway()
    made = await panels.create(GUILD, ADMIN, CHANNEL, "Many", "normal", gateway)
    for n in range(25):
        added = await panels.add(GUILD, ADMIN, made.id, GivableRole(100 + n, f"R{n}", 1), gateway.bot, "", "", gateway)
    assert len(added.roles) == 25
    full = await panels.add(GUILD, ADMIN, made.id, GivableRole(200, "One more", 1), gateway.bot, "", "", gateway)
    assert full.check == "panel_full"
    relabelled = await panels.add(GUILD, ADMIN, made.id, GivableRole(100, "R0", 1), gateway.bot, "⭐", "Star", gateway)
    assert relabelled.roles[0] == PanelRole(100, "⭐", "Star") and len(relabelled.roles) == 25
