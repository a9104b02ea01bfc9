"""The search export runs in a forked process beside the pages (background.py)."""

import time

import pytest

from vitrines.background import Background, BackgroundError


def test_the_result_comes_back_from_the_process():
    job = Background(lambda: {"files": list(range(100_000))})  # more than a pipe holds at once
    assert job.result() == {"files": list(range(100_000))}
    job.stop()  # nothing left to stop


def test_an_error_in_the_process_is_raised_with_its_traceback():
    def fails():
        raise ValueError("no such shop")

    with pytest.raises(BackgroundError, match="ValueError: no such shop"):
        Background(fails).result()


def test_a_build_that_fails_meanwhile_ends_the_process():
    job = Background(lambda: time.sleep(60))
    start = time.perf_counter()
    job.stop()
    assert time.perf_counter() - start < 10 and job.process.exitcode is not None
