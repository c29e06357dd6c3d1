"""Floods the server with made-up request heads; see bench/head-flood."""

import os
import random
import socket
import string
import sys
import threading
import time
import urllib.request

import memory

HOST, PORT, PID, LOG = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
DURATION = float(os.environ.get("DURATION", "30"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "8"))


def rss_mib():
    return memory.rss_mib(PID)


def metrics_size():
    with urllib.request.urlopen(f"http://{HOST}:{PORT}/metrics") as answer:
        return len(answer.read())


def made_up_head(rng):
    kind = rng.randrange(4)
    client = f"10.{rng.randrange(4)}.{rng.randrange(250)}.{rng.randrange(1, 250)}"
    path = "/" + "".join(rng.choices(string.ascii_lowercase, k=rng.randrange(1, 200)))
    method = "GET"
    headers = [f"Host: {HOST}", f"X-Forwarded-For: {client}"]
    if kind == 0:
        method = "".join(rng.choices(string.ascii_uppercase, k=1000))
    elif kind == 1:
        name = "X-" + "".join(rng.choices(string.ascii_lowercase, k=40))
        headers.append(f"{name}: {'v' * 9000}")
    elif kind == 2:
        path += "?q=" + "a" * 9000
    else:
        method = "".join(rng.choices(string.ascii_uppercase, k=rng.randrange(3, 20)))
    return (f"{method} {path} HTTP/1.1\r\n" + "\r\n".join(headers) + "\r\n\r\n").encode()


def read_answer(sock, buffer):
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        buffer += chunk
    head, rest = buffer.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        rest += chunk
    return int(head.split(b" ")[1]), rest[length:]


def flood(seed, deadline, counts):
    rng = random.Random(seed)
    sock, buffer = None, b""
    while time.monotonic() < deadline:
        try:
            if sock is None:
                sock, buffer = socket.create_connection((HOST, PORT)), b""
            sock.sendall(made_up_head(rng))
            status, buffer = read_answer(sock, buffer)
            counts[status] = counts.get(status, 0) + 1
        except (ConnectionError, OSError):
            counts["closed"] = counts.get("closed", 0) + 1
            if sock is not None:
                sock.close()
            sock = None
    if sock is not None:
        sock.close()


def main():
    # One of each kind first, so that the series they add (a fixed few)
    # exist before the figures are taken: what is compared is growth.
    flood(-1, time.monotonic() + 0.5, {})
    metrics_size()
    before, metrics_before, log_before = rss_mib(), metrics_size(), os.path.getsize(LOG)
    deadline = time.monotonic() + DURATION
    counts = [dict() for _ in range(CONNECTIONS)]
    threads = [threading.Thread(target=flood, args=(i, deadline, counts[i])) for i in range(CONNECTIONS)]
    started = time.monotonic()
    with memory.PeakWatch(PID) as watch:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.monotonic() - started
    after, metrics_after, log_after = rss_mib(), metrics_size(), os.path.getsize(LOG)
    total = {}
    for c in counts:
        for k, v in c.items():
            total[k] = total.get(k, 0) + v
    answered = sum(v for k, v in total.items() if k != "closed")
    print(f"requests answered: {answered} in {elapsed:.1f} s ({answered / elapsed:.0f}/s); by status: {dict(sorted(total.items(), key=str))}")
    print(f"resident memory: before {before:.1f} MiB, peak {watch.peak:.1f} MiB, after {after:.1f} MiB (after / before {after / before:.2f})")
    print(f"/metrics: before {metrics_before} bytes, after {metrics_after} bytes (ratio {metrics_after / metrics_before:.2f})")
    grown = log_after - log_before
    print(f"log: grew {grown / 1024:.0f} KiB, {grown / max(answered, 1):.0f} bytes per request")


main()
