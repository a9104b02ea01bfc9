"""Work in forked processes (background.py): the search export beside the pages, maps over every core."""

import os
import time

import pytest

from vitrines.background import Background, BackgroundError, Then


def test_the_result_comes_back_from_the_process():
    job = Background(lambda: {"files": list(range(100_000))})  # more than a pipe holds at once
    assert job.result() == {"files": list(range(100_000))}
    job.stop()  # nothing left to stop


def test_a_process_may_yield_the_cores_to_the_build():
    """The build's check of its published files runs niced: it yields to the loading and the search."""
    assert Background(lambda: os.nice(0), nice=10).result() == min(os.nice(0) + 10, 19)
    assert os.nice(0) == Background(lambda: os.nice(0)).result()


def test_work_may_go_on_in_the_process_after_its_result_is_handed_back(tmp_path):
    go, done = tmp_path / "go", tmp_path / "done"

    def afterwards():  # waits for the result to have reached the build's process
        for _ in range(3000):
            if go.exists():
                done.write_text("after the result")
                return
            time.sleep(0.01)
        done.write_text("the result was not handed back first")

    job = Background(lambda: Then("the files", afterwards))
    assert job.result() == "the files"
    go.touch()
    job.process.join()
    assert done.read_text() == "after the result"


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


def test_fork_map_keeps_the_order_over_several_processes(monkeypatch):
    import os

    from vitrines.background import fork_map

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    parent = os.getpid()
    found = fork_map(lambda n: (n * n, os.getpid()), list(range(1000)))
    assert [square for square, _ in found] == [n * n for n in range(1000)]
    assert {pid for _, pid in found} - {parent}  # made in worker processes
    assert set(fork_map(lambda n: os.getpid(), [1, 2, 3])) == {parent}  # few: here
