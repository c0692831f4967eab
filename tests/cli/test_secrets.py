import logging

from aegis.logs import setup_logging
from aegis.redact import redact


def test_log_lines_never_carry_a_url_password(capsys):
    setup_logging("INFO")
    try:
        raise RuntimeError("could not connect to postgresql://aegis:hunter2@db:5432/aegis")
    except RuntimeError:
        logging.getLogger("aegis.test").exception("redis=%s failed", "redis://:hunter3@127.0.0.1:6379/0")
    err = capsys.readouterr().err
    assert "redis=redis://:***@127.0.0.1:6379/0 failed" in err
    assert "postgresql://aegis:***@db:5432/aegis" in err  # the traceback too
    assert "hunter2" not in err and "hunter3" not in err


def test_redact_masks_userinfo_and_query_passwords_and_leaves_the_rest():
    assert redact("postgresql://u:p@ss@h:5432/d") == "postgresql://u:***@h:5432/d"
    assert redact("postgresql://u@h/d?password=pw&sslmode=require") == "postgresql://u@h/d?password=***&sslmode=require"
    assert redact("sqlite:////srv/aegis.db") == "sqlite:////srv/aegis.db"
    assert redact("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


def test_db_status_and_backup_output_mask_the_password(postgres_url, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from aegis.cli import main

    monkeypatch.chdir(tmp_path)
    scheme, rest = postgres_url.split("://", 1)
    user, host = rest.split("@", 1)
    with_password = f"{scheme}://{user.split(':')[0]}:hunter2@{host}"  # the test server trusts any password
    env = {"AEGIS_DATABASE_URL": with_password, "AEGIS_CONFIG": None}
    status = CliRunner().invoke(main, ["db", "status"], env=env)
    backup = CliRunner().invoke(main, ["db", "backup", "-o", "x.aegisbak"], env=env)
    assert status.exit_code == 0 and backup.exit_code == 0, status.output + backup.output
    assert f"database: {scheme}://{user.split(':')[0]}:***@{host}" in status.output
    assert f"from {scheme}://{user.split(':')[0]}:***@{host}" in backup.output
    assert "hunter2" not in status.output + backup.output
