"""Work done in forked processes: one piece of a build run while the build goes on
(:class:`Background`), and one function applied to many items over every core (:func:`fork_map`).

The search export and the open data are long computations of their own (seconds at 50,000
shops) that no page waits for: they run beside the page planning and rendering, so that both
cores stay busy, and their files are collected before the output is committed. Where ``fork``
is not available the work is done at once, in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from dataclasses import dataclass
from typing import Callable

_MAPPING = None  # (function, items) while worker processes map; they inherit it by fork


def _map_part(indexes: range) -> list:
    one, items = _MAPPING
    return [one(items[i]) for i in indexes]


def fork_map(one, items: list, parallel_from: int = 400) -> list:
    """``[one(item) for item in items]``, over every core (up to 8) when there are at least
    ``parallel_from`` items; ``one`` and the items reach the workers by fork, not by pickle."""
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < parallel_from or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [one(item) for item in items]
    global _MAPPING
    _MAPPING = (one, items)
    try:
        size = -(-len(items) // (workers * 4))
        parts = [range(i, min(i + size, len(items))) for i in range(0, len(items), size)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return [result for part in pool.map(_map_part, parts) for result in part]
    finally:
        _MAPPING = None


class BackgroundError(RuntimeError):
    pass


@dataclass
class Then:
    """What ``work()`` returns to hand ``value`` back at once and run ``then()`` afterwards in its
    process: writing a cache for the next build while this one goes on."""
    value: object
    then: Callable[[], None]


class Background:
    def __init__(self, work, nice: int = 0):
        """Start ``work()`` (it returns something picklable, which :meth:`result` returns);
        ``nice``: how much less of the cores it asks for than the build (see os.nice)."""
        self.process = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self.value = work()
            if isinstance(self.value, Then):
                self.value, then = self.value.value, self.value.then
                then()
            return
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)

        def run():
            then = None
            if nice:
                os.nice(nice)
            try:
                value = work()
                if isinstance(value, Then):
                    value, then = value.value, value.then
                outcome = (True, value)
            except BaseException:  # reported by result(), in the build's process
                outcome = (False, traceback.format_exc())
            send.send(outcome)
            if then is not None:
                then()  # (an exception here is printed, and the process ends with code 1)

        self.process = context.Process(target=run, name="vitrines-background")
        self.process.start()
        send.close()

    def result(self):
        if self.process is None:
            return self.value
        try:
            ok, value = self.receive.recv()
        except EOFError:  # the process died without a word (killed, out of memory)
            self.process.join()
            ok, value = False, f"the process ended with code {self.process.exitcode}"
        finally:
            self.receive.close()
        # (not joined: it may still be doing its ``then``; multiprocessing joins it at exit)
        if not ok:
            raise BackgroundError(value)
        return value

    def stop(self) -> None:
        """End the process if its result was not collected (the build failed meanwhile)."""
        if self.process is not None and self.process.exitcode is None and not self.receive.closed:
            self.process.terminate()
            self.process.join()
            self.receive.close()
