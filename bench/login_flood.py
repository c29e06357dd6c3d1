"""Floods the log-in form and watches the server's memory; see bench/login-flood."""

import concurrent.futures
import http.cookiejar
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import memory

BASE = sys.argv[1]
PID = int(sys.argv[2])
ATTEMPTS = int(os.environ.get("ATTEMPTS", "2000"))
CLIENTS = int(os.environ.get("CLIENTS", "400"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "100"))
IDLE = 12


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def rss_mib():
    return memory.rss_mib(PID)


def attempt(i):
    client = f"10.{20 + i % CLIENTS // 250}.{i % CLIENTS % 250}.7"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    html = opener.open(BASE + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode(
        {"csrf_token": token, "email": f"nobody{i}@example.org", "password": "wrong guess here"}
    ).encode()
    request = urllib.request.Request(BASE + "/login", data=data)
    request.add_header("Origin", BASE)
    request.add_header("X-Forwarded-For", client)
    try:
        return opener.open(request).status
    except urllib.error.HTTPError as e:
        return e.code


def main():
    before = rss_mib()
    started = time.perf_counter()
    statuses = {}
    with memory.PeakWatch(PID) as watch:
        with concurrent.futures.ThreadPoolExecutor(CONCURRENCY) as pool:
            for status in pool.map(attempt, range(ATTEMPTS)):
                statuses[status] = statuses.get(status, 0) + 1
    seconds = time.perf_counter() - started
    # Let the server finish whatever it still holds, then read it again;
    # and once more after the hashing threads' idle time (10 s), when they
    # give their argon2 memory back.
    time.sleep(2)
    after = rss_mib()
    time.sleep(IDLE)
    idle = rss_mib()
    answers = ", ".join(f"{n} x {s}" for s, n in sorted(statuses.items()))
    print(f"{ATTEMPTS} wrong log-ins from {CLIENTS} addresses, {CONCURRENCY} at a time: {seconds:.1f} s ({answers})")
    print(f"resident memory before:        {before:6.1f} MiB")
    print(f"resident memory peak:          {watch.peak:6.1f} MiB")
    print(f"resident memory 2 s after:     {after:6.1f} MiB   (floor: under 100 MiB)")
    print(f"resident memory {2 + IDLE} s after:    {idle:6.1f} MiB   (goal: under 60 MiB)")
    ok = after < 100 and statuses.get(422, 0) > 0
    print(f"{'PASS' if ok else 'FAIL'}  memory after the flood under 100 MiB")
    print(f"{'PASS' if idle < 60 else 'MISS'}  memory once idle under 60 MiB")
    sys.exit(0 if ok else 1)


main()
