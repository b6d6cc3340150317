"""Worker processes share the cores: each worker's encoder gets cores / N threads."""

from __future__ import annotations

import os

import pytest

from eventwire.annotate.events import _threads
from eventwire.context import Config
from eventwire.pipeline import per_worker


def test_each_worker_gets_its_share_of_the_cores() -> None:
    cfg = per_worker(Config(options={"events": {"none_veto": 0.8}}), 2)
    assert cfg.options["events"] == {"none_veto": 0.8, "threads": max(1, (os.cpu_count() or 1) // 2)}


def test_one_process_and_a_users_setting_are_left_alone() -> None:
    base = Config()
    assert per_worker(base, 1) is base
    mine = Config(options={"events": {"threads": 3}})
    assert per_worker(mine, 4).options["events"]["threads"] == 3


def test_more_workers_than_cores_still_get_one_thread() -> None:
    assert per_worker(Config(), 10_000).options["events"]["threads"] == 1


@pytest.mark.parametrize("bad", [0, -1, "2", 1.5, True])
def test_a_bad_threads_setting_is_a_clear_error(bad: object) -> None:
    with pytest.raises(ValueError, match=r"events\.threads"):
        _threads({"threads": bad})
