"""Drives bench/board: seed, serve, log in, load with wrk, report."""

import http.cookiejar
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

KITH = os.environ.get("KITH_BIN", "target/release/kith")
DURATION = int(os.environ.get("DURATION", "10"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "16"))
PASSWORD = "kith demo neighbour"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def serve(url, port):
    server = subprocess.Popen(
        [KITH, "serve", "--bind", f"127.0.0.1:{port}", "--database-url", url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "KITH_LOG": "warn"},
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz").read()
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    sys.exit("the server did not start")


def log_in(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    html = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": "member1@demo.kith.invalid", "password": PASSWORD}).encode()
    request = urllib.request.Request(base + "/login", data=data, headers={"Origin": base})
    try:
        opener.open(request)
    except urllib.error.HTTPError as e:
        if e.code != 303:
            raise
    cookie = next(c for c in jar if c.name == "kith_session")
    return opener, f"kith_session={cookie.value}"


def member_rows(db_path):
    """Ids the member pages need, straight from the scratch database."""
    db = sqlite3.connect(db_path)
    me = db.execute("SELECT id FROM users WHERE email = 'member1@demo.kith.invalid'").fetchone()[0]
    thread = db.execute(
        "SELECT o.need_id, o.id FROM offers o JOIN needs n ON n.id = o.need_id "
        "WHERE o.volunteer_id = ? OR n.author_id = ? ORDER BY o.id DESC LIMIT 1", (me, me)
    ).fetchone()
    busiest = db.execute(
        "SELECT volunteer_id FROM offers WHERE status = 'accepted' "
        "GROUP BY volunteer_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    members = db.execute("SELECT max(id) FROM users").fetchone()[0]
    needs = db.execute("SELECT max(id) FROM needs").fetchone()[0]
    db.close()
    return me, thread, busiest, members, needs


def paths(base, opener, db_path):
    board = opener.open(base + "/needs").read().decode()
    need = re.search(r'<a href="(/needs/\d+)">', board).group(1)
    form = opener.open(base + "/needs/new").read().decode()
    category = re.findall(r'<option value="(\d+)"', form)[1]
    deep = "/needs"
    for _ in range(50):
        page = opener.open(base + deep).read().decode()
        link = re.search(r'<a class="button" href="([^"]+)" id="next-page"', page)
        if not link:
            break
        deep = link.group(1).replace("&amp;", "&")
    me, thread, busiest, _, _ = member_rows(db_path)
    thread_need, thread_offer = thread or (0, 0)
    return {
        "/healthz": "/healthz",
        "home": "/",
        "board, first page": "/needs",
        "board, one category": f"/needs?category={category}",
        "board, page 51": deep,
        "search \"clinic\"": "/needs?q=clinic",
        "a need": need,
        "new need form": "/needs/new",
        "my needs": "/needs/mine",
        "I'm helping with": "/needs/helping",
        "a conversation": f"/needs/{thread_need}/offers/{thread_offer}/messages",
        "notifications": "/notifications",
        "my profile": f"/people/{me}",
        "busiest helper's profile": f"/people/{busiest}",
        "profile form": "/profile",
        "account": "/account",
        "report form": f"/report?kind=need&id={need.rsplit('/', 1)[1]}",
        "moderators' public log": "/modlog",
    }


def wrk(url, cookie, vary=None, count=0):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", "-H", f"Cookie: {cookie}"]
    env = dict(os.environ)
    if vary:
        command += ["-s", "bench/varied.lua"]
        env["KITH_VARY"] = vary
        env["KITH_COUNT"] = str(count)
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True, env=env).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def percentile(p):
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, percentile(50), percentile(99), int(errors.group(1)) if errors else 0


def peak_memory_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure(members, needs, port, only=None):
    scratch = tempfile.mkdtemp()
    url = f"sqlite://{scratch}/kith.db"
    seeded = subprocess.run([KITH, "seed", "--members", str(members), "--needs", str(needs), "--database-url", url],
                            capture_output=True, text=True, check=True).stdout.strip()
    print(seeded)
    server = serve(url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        opener, cookie = log_in(base)
        results = {}
        db_path = f"{scratch}/kith.db"
        for name, path in paths(base, opener, db_path).items():
            if only and name not in only:
                continue
            results[name] = wrk(base + path, cookie)
        _, _, _, member_count, need_count = member_rows(db_path)
        results["a need at random *"] = wrk(base + "/needs", cookie, vary="need", count=need_count)
        results["a profile at random *"] = wrk(base + "/needs", cookie, vary="profile", count=member_count)
        if not only:
            results["board, varied pages *"] = wrk(base + "/needs", cookie, vary="board")
            results["search, varied words *"] = wrk(base + "/needs", cookie, vary="search")
        return results, peak_memory_mb(server.pid)
    finally:
        server.terminate()
        server.wait()


def main():
    print(f"wrk: 2 threads, {CONNECTIONS} connections, {DURATION} s per page; server and load share this machine.\n")
    small, _ = measure(100, 1_000, 18_501, only={"/healthz", "board, first page", "a need"})
    large, peak = measure(10_000, 100_000, 18_502)
    health = large["/healthz"][0]
    print(f"\n{'page (100,000 needs)':<26} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs healthz':>11} {'errors':>7}")
    for name, (rps, p50, p99, errors) in large.items():
        print(f"{name:<26} {rps:>9.0f} {p50:>8.2f} {p99:>8.2f} {rps / health:>11.2f} {errors:>7}")
    print("* every request asks for another page, word, need or member, so recently read pages are rarely reused")

    def growth(row):
        small_ratio = small[row][0] / small["/healthz"][0]
        large_ratio = large[row][0] / health
        return small_ratio, large_ratio, small_ratio / large_ratio

    print(f"\n{'cost at 100,000 needs / at 1,000':<34} {'1,000':>7} {'100,000':>8} {'growth':>7}")
    growths = {}
    for row in ["board, first page", "a need", "a need at random *", "a profile at random *"]:
        small_ratio, large_ratio, g = growth(row)
        growths[row] = g
        print(f"{row:<34} {small_ratio:>7.2f} {large_ratio:>8.2f} {g:>6.2f}x")
    need_rate = large["a need at random *"][0]
    profile_rate = large["a profile at random *"][0]
    print(f"\na profile at random vs a need at random: {profile_rate / need_rate:.2f} (floor: at least 0.5)")
    print(f"server peak memory (VmHWM): {peak:.1f} MB (floor: under 100 MB)")
    floors = [
        ("board first page >= 1/3 of /healthz", large["board, first page"][0] / health >= 1 / 3),
        ("search >= 1/4 of /healthz", large['search "clinic"'][0] / health >= 1 / 4),
        ("no page's cost grows more than 1.5x from 1,000 to 100,000 needs", all(g <= 1.5 for g in growths.values())),
        ("a profile costs at most twice a need page", profile_rate / need_rate >= 0.5),
        ("peak memory < 100 MB", peak < 100),
        ("no errors", all(r[3] == 0 for r in large.values())),
    ]
    for name, ok in floors:
        print(f"{'PASS' if ok else 'FAIL'}  {name}")


if __name__ == "__main__":
    main()
