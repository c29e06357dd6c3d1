"""A server's resident memory, read from /proc, for the bench scripts."""

import threading


def rss_mib(pid):
    """Resident memory of process `pid` now, in MiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class PeakWatch:
    """Samples `pid`'s resident memory every 50 ms while in a `with` block;
    `peak` is the highest seen (the reading at the start included)."""

    def __init__(self, pid):
        self.pid = pid
        self.peak = rss_mib(pid)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch)

    def _watch(self):
        while not self._done.is_set():
            self.peak = max(self.peak, rss_mib(self.pid))
            self._done.wait(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._done.set()
        self._thread.join()
