"""[metrics] listen and [logging] format: off and logfmt by default, checked, and overridable from the environment."""

import pytest

from aegis.config import ConfigError, load_config
from tests.test_config import write


def test_metrics_are_off_and_logs_logfmt_by_default(tmp_path):
    config = load_config(tmp_path / "absent.toml", env={}, must_exist=False)
    assert config.metrics.listen is None
    assert config.logging.format == "logfmt"


def test_listen_and_format_from_the_file_and_the_environment(tmp_path):
    path = write(tmp_path, '[metrics]\nlisten = "127.0.0.1:9464"\n[logging]\nformat = "json"\n')
    config = load_config(path, env={})
    assert config.metrics.address == ("127.0.0.1", 9464)
    assert config.logging.format == "json"
    config = load_config(path, env={"AEGIS_METRICS_LISTEN": "0.0.0.0:9000", "AEGIS_LOG_FORMAT": "logfmt"})
    assert (config.metrics.address, config.logging.format) == (("0.0.0.0", 9000), "logfmt")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[metrics]\nlisten = "9464"\n', 'must be "HOST:PORT" (e.g. "127.0.0.1:9464"), or empty to serve no metrics'),
        ('[metrics]\nlisten = "localhost:http"\n', 'must be "HOST:PORT"'),
        ('[logging]\nformat = "xml"\n', "must be one of logfmt, json"),
    ],
)
def test_a_bad_value_says_what_a_good_one_looks_like(tmp_path, text, says):
    with pytest.raises(ConfigError, match=None) as raised:
        load_config(write(tmp_path, text), env={})
    assert says in str(raised.value)
