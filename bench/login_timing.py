"""Times log-ins, sign-ups and forgotten-password requests for real and
unknown emails; see bench/login-timing."""

import http.cookiejar
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1]
ROUNDS = int(sys.argv[2])
PASSWORD = "kettle on the windowsill"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def token(opener, path):
    html = opener.open(BASE + path).read().decode()
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def post(opener, path, fields, client):
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(BASE + path, data=data)
    request.add_header("Origin", BASE)
    request.add_header("X-Forwarded-For", client)
    started = time.perf_counter()
    try:
        status = opener.open(request).status
    except urllib.error.HTTPError as e:
        status = e.code
    return status, time.perf_counter() - started


def main():
    members, new_signups, taken_signups = [], [], []
    for i in range(ROUNDS):
        for email, times, net in ((f"member{i}@example.org", new_signups, 1), (f"member{i}@example.org", taken_signups, 4)):
            opener = browser()
            fields = {
                "csrf_token": token(opener, "/signup"),
                "display_name": f"Member {i}",
                "email": email,
                "password": PASSWORD,
                "password_confirm": PASSWORD,
                # A new site asks applicants a question (approval mode).
                "answer": "Elm Street",
            }
            status, seconds = post(opener, "/signup", fields, f"10.{net}.{i // 250}.{i % 250}")
            assert status == 303, status
            times.append(seconds * 1000)
        members.append(f"member{i}@example.org")

    known, unknown = [], []
    for i, email in enumerate(members):
        for emails, times, net in ((email, known, 2), (f"nobody{i}@example.org", unknown, 3)):
            opener = browser()
            fields = {"csrf_token": token(opener, "/login"), "email": emails, "password": "wrong guess here"}
            status, seconds = post(opener, "/login", fields, f"10.{net}.{i // 250}.{i % 250}")
            assert status == 422, status
            times.append(seconds * 1000)

    # A known address commits a link and a letter; an unknown one does not.
    reset_known, reset_unknown = [], []
    for i, email in enumerate(members):
        for emails, times, net in ((email, reset_known, 5), (f"nobody{i}@example.org", reset_unknown, 6)):
            opener = browser()
            fields = {"csrf_token": token(opener, "/password/forgot"), "email": emails}
            status, seconds = post(opener, "/password/forgot", fields, f"10.{net}.{i // 250}.{i % 250}")
            assert status == 200, status
            times.append(seconds * 1000)

    def line(name, times):
        times = sorted(times)
        p90 = times[int(len(times) * 0.9) - 1]
        return f"{name:<32} median {statistics.median(times):7.1f} ms   p90 {p90:7.1f} ms   n={len(times)}"

    print(line("log-in, wrong password, real", known))
    print(line("log-in, unknown email", unknown))
    print(f"log-in ratio of medians (unknown / real): {statistics.median(unknown) / statistics.median(known):.2f}")
    print(line("sign-up, new email", new_signups))
    print(line("sign-up, email already taken", taken_signups))
    print(f"sign-up ratio of medians (taken / new): {statistics.median(taken_signups) / statistics.median(new_signups):.2f}")
    print(line("forgotten password, real", reset_known))
    print(line("forgotten password, unknown", reset_unknown))
    print(f"forgotten-password ratio of medians (unknown / real): {statistics.median(reset_unknown) / statistics.median(reset_known):.2f}")


main()
