"""The script scales with --duration: every step, and the tempban's expiry, fall inside the run."""

import pytest

from aegis.demo.scenes import Pace, build_scenes


@pytest.mark.parametrize("duration", [10, 20, 60, 600])
def test_every_step_and_the_tempban_expiry_fit_in_the_duration(duration):
    pace = Pace(duration)
    scenes = build_scenes(pace)
    times = [step.at for scene in scenes for step in scene.steps]
    assert times == sorted(times) and times[0] >= 0
    tempban = next(s for s in scenes if s.key == "tempban")
    assert tempban.starts + pace.tempban_s < duration * 0.9, "the unban must come before the report"
    assert f"{pace.tempban_s} seconds" in tempban.shows


def test_scenes_start_later_in_a_longer_demo():
    short, long = build_scenes(Pace(20)), build_scenes(Pace(60))
    assert [s.key for s in short] == ["chat", "spam", "raid", "ladder", "tempban"]
    assert all(b.starts == pytest.approx(3 * a.starts, abs=0.01) for a, b in zip(short, long, strict=True))
