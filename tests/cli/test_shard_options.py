"""`aegis run`'s shard options say what is wrong before anything connects."""

from click.testing import CliRunner

from aegis.cli import main


def run(*args: str):
    return CliRunner().invoke(main, ["run", *args], env={"AEGIS_DISCORD_TOKEN": ""}, catch_exceptions=False)


def test_auto_with_shard_ids_is_refused_with_the_way_out():
    result = run("--shard-ids", "0", "--shard-count", "auto")
    assert result.exit_code == 2
    assert "with --shard-ids give the total as a number, e.g. --shard-count 4" in result.output


def test_a_shard_count_that_is_neither_a_number_nor_auto_is_refused():
    result = run("--shard-count", "many")
    assert result.exit_code == 2
    assert "'many' is neither a number of shards (1 or more) nor 'auto'" in result.output
