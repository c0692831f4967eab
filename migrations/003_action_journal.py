"""003: the action journal — the outbox of Discord effects each case asks for, the events that asked (unique, so a
replay acts on nothing), leases on running expiries, and what ended a case."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields("mod_case", end_reason=pw.TextField(null=True))
    migrator.add_fields(
        "scheduled_action", owner=pw.CharField(max_length=128, null=True), lease_until=pw.DateTimeField(null=True)
    )

    @migrator.create_model
    class OutboxAction(pw.Model):
        id = pw.AutoField()
        guild = pw.ForeignKeyField(column_name="guild_id", field="id", model=migrator.orm["guild"], on_delete="CASCADE")
        case = pw.ForeignKeyField(
            column_name="case_id", field="id", model=migrator.orm["mod_case"], null=True, on_delete="CASCADE"
        )
        steps = pw.TextField()
        state = pw.CharField(max_length=16)
        error = pw.TextField(null=True)
        undo = pw.TextField()
        owner = pw.CharField(max_length=128)
        lease_until = pw.DateTimeField()
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "outbox_action"
            indexes = [(("state", "lease_until"), False), (("case",), False)]

    @migrator.create_model
    class ActionSource(pw.Model):
        id = pw.AutoField()
        source_id = pw.BigIntegerField(unique=True)
        case = pw.ForeignKeyField(
            column_name="case_id", field="id", model=migrator.orm["mod_case"], null=True, on_delete="CASCADE"
        )
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "action_source"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("action_source")
    migrator.remove_model("outbox_action")
    migrator.remove_fields("scheduled_action", "owner", "lease_until")
    migrator.remove_fields("mod_case", "end_reason")
