"""One piece of a build run in a forked process while the build goes on.

The search export and the open data are long computations of their own (seconds at 50,000
shops) that no page waits for: they run beside the page planning and rendering, so that both
cores stay busy, and their files are collected before the output is committed. Where ``fork``
is not available the work is done at once, in this process.
"""

from __future__ import annotations

import multiprocessing
import traceback


class BackgroundError(RuntimeError):
    pass


class Background:
    def __init__(self, work):
        """Start ``work()`` (it returns something picklable, which :meth:`result` returns)."""
        self.process = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self.value = work()
            return
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)

        def run():
            try:
                outcome = (True, work())
            except BaseException:  # reported by result(), in the build's process
                outcome = (False, traceback.format_exc())
            send.send(outcome)

        self.process = context.Process(target=run, name="vitrines-background")
        self.process.start()
        send.close()

    def result(self):
        if self.process is None:
            return self.value
        try:
            ok, value = self.receive.recv()
        except EOFError:  # the process died without a word (killed, out of memory)
            ok, value = False, f"the process ended with code {self.process.exitcode}"
        finally:
            self.process.join()
            self.receive.close()
        if not ok:
            raise BackgroundError(value)
        return value

    def stop(self) -> None:
        """End the process if its result was not collected (the build failed meanwhile)."""
        if self.process is not None and self.process.exitcode is None and not self.receive.closed:
            self.process.terminate()
            self.process.join()
            self.receive.close()
