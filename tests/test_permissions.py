from aegis.domain.permissions import REQUIRED_PERMISSIONS, missing_permissions, required_permissions_value


def test_the_invite_value_is_the_union_of_the_required_bits():
    assert required_permissions_value() == 1099780189334
    assert len({p.bit for p in REQUIRED_PERMISSIONS}) == len(REQUIRED_PERMISSIONS) == 12


def test_missing_permissions_names_what_a_role_lacks():
    without_audit_log = required_permissions_value() & ~(1 << 7)
    assert [p.label for p in missing_permissions(without_audit_log)] == ["View Audit Log"]
    assert missing_permissions(1 << 3) == []  # Administrator implies every permission
