"""Kith's sender against a real Postfix, for bench/mail.

`fill URL N` queues N messages straight into the outbox of the database at
URL (sqlite://PATH or postgres://…): realistic subjects, a plain text body
of about 1 KB and an HTML body of about 2 KB, due a minute ago, to
addresses at bench.invalid (which the bench's Postfix discards).

`watch URL N PID START POSTFIX_LOG LOG_FROM` waits, polling the
outbox every 100 ms, until none of the N messages is queued, while
watching the resident memory of the server PID (started at the Unix time
START), then prints the rate against the floor and what Postfix saw in its
log after byte LOG_FROM.
"""

import csv
import io
import os
import random
import secrets
import sqlite3
import string
import textwrap
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ left in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from memory import PeakWatch  # noqa: E402

FLOOR = 200.0  # messages a second
POLL = 0.1
STALL = 20.0  # seconds without a message going before giving up

COLUMNS = ("to_address", "purpose", "subject", "text_body", "html_body", "unsubscribe_url",
           "automatic", "message_id", "created_at", "due_at", "state")

NAMES = ["Alice", "Ben", "Chloé", "Dev", "Esther", "Farid", "Grace", "Hamid", "Ines", "Jonas",
         "Kasia", "Liam", "Maya", "Niamh", "Owen", "Priya", "Quentin", "Rosa", "Sam", "Tomás"]
NEEDS = ["A lift to the hospital on Tuesday morning", "Help carrying a sofa up two flights",
         "Someone to walk Biscuit while I recover", "Shopping from the market on Saturday",
         "Fixing a dripping kitchen tap", "Company for a walk in the park",
         "Help filling in a housing benefit form", "Watering the allotment for a week",
         "Collecting a prescription from the chemist", "Moving boxes to the community centre"]
SITE = "Larkhill Neighbours"
BASE = "https://larkhill.example.org"


def token(n=24):
    return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(n))


def pad(words, size):
    """`words` said again until about `size` characters."""
    out = words
    while len(out) < size:
        out += " " + words
    return out[:size].rsplit(" ", 1)[0] + "."


def message(i, rng):
    """One queued message: (purpose, subject, text, html, unsubscribe URL, automatic)."""
    name, helper, need = rng.choice(NAMES), rng.choice(NAMES), rng.choice(NEEDS)
    need_url = f"{BASE}/needs/{rng.randint(1, 20000)}"
    kind = i % 4
    if kind == 0:
        purpose, subject = "new_offer", f"{helper} offered to help with “{need}”"
        action = ("See the offer", need_url)
        para = [f"{helper} offered to help with your need “{need}”.",
                "You can accept or decline the offer on the need's page; "
                f"{helper} is told either way and nobody else sees your answer."]
    elif kind == 1:
        purpose, subject = "new_message", f"New messages from {helper} about “{need}”"
        action = ("Open the conversation", f"{BASE}/conversations/{rng.randint(1, 50000)}")
        para = [f"{helper} wrote to you about “{need}”. Here is what arrived while you were away."]
    elif kind == 2:
        purpose, subject = "reminder", f"Reminder: “{need}” is tomorrow"
        action = ("See the need", need_url)
        para = [f"“{need}” is tomorrow. The details (the address, a phone number) are on the "
                "need's page, for those taking part only."]
    else:
        purpose, subject = "confirm", f"Confirm your address for {SITE}"
        action = ("Confirm my address", f"{BASE}/account/confirm/{token(43)}")
        para = [f"Someone, hopefully you, signed up to {SITE} with this address. Open the link "
                "within 48 hours to confirm it; it works once."]
    automatic = purpose != "confirm"
    unsubscribe = f"{BASE}/mail/unsubscribe/{token(86)}" if automatic else ""
    quote = pad(f"Hello {name}, I can come round at ten if that suits you, and I will bring "
                "the trolley. Let me know if anything changes, or if the lift is still broken.",
                520)
    reason = ("You get this because you are a member of " + SITE + ". "
              + ("You chose to get these at once." if automatic else "Account mail cannot be turned off."))
    text = (f"Hello {name},\n\n" + "\n\n".join(para) + f"\n\n{action[0]}: {action[1]}\n\n"
            f"From {helper}:\n" + "\n".join("> " + line for line in textwrap.wrap(quote, 70))
            + f"\n\n-- \n{SITE}\n{reason}"
            + (f"\nStop these e-mails: {unsubscribe}" if unsubscribe else ""))
    style = "font-size:14px;color:#57606a"
    html = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{subject}</title>\n</head>\n"
        '<body style="margin:0;padding:16px;font-family:system-ui,-apple-system,\'Segoe UI\','
        'sans-serif;font-size:16px;line-height:1.5;color:#1f2328;background:#ffffff">\n'
        f'<div style="max-width:36em;margin:0 auto">\n<p>Hello {name},</p>\n'
        + "".join(f"<p>{p}</p>\n" for p in para)
        + f'<p><a href="{action[1]}" style="display:inline-block;padding:10px 18px;'
        f'background:#1d5fa8;color:#ffffff;text-decoration:none;border-radius:6px;'
        f'font-weight:600">{action[0]}</a></p>\n'
        f'<p style="{style}">Or copy this address into your browser: {action[1]}</p>\n'
        f'<p style="margin-bottom:4px">From {helper}:</p>\n'
        '<blockquote style="margin:0 0 16px;padding:4px 12px;border-left:3px solid #d0d7de;'
        f'color:#1f2328;white-space:pre-line">{quote}</blockquote>\n'
        '<hr style="border:none;border-top:1px solid #d0d7de;margin:24px 0 12px">\n'
        f'<p style="{style}">{SITE}<br>{reason}'
        + (f'<br><a href="{unsubscribe}" style="color:#57606a">Stop these e-mails</a>'
           if unsubscribe else "")
        + "</p>\n</div>\n</body>\n</html>\n")
    return purpose, subject, text, html, unsubscribe, automatic


def rows(n):
    rng = random.Random(7)
    now = int(time.time())
    for i in range(n):
        purpose, subject, text, html, unsubscribe, automatic = message(i, rng)
        yield (f"n{i + 1}@bench.invalid", purpose, subject, text, html, unsubscribe,
               automatic, f"{i:06d}{token(18)}", now - 60, now - 60, "queued")


class Sqlite:
    def __init__(self, url):
        self.conn = sqlite3.connect(url.removeprefix("sqlite://"), timeout=10)

    def fill(self, n):
        with self.conn:
            self.conn.executemany(
                f"INSERT INTO outbox ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                rows(n))

    def query(self, sql):
        return [tuple(str(v) for v in row) for row in self.conn.execute(sql)]


class Postgres:
    """Through one psql kept open (no PostgreSQL driver for Python needed)."""

    def __init__(self, url):
        self.url = url
        self.psql = None

    def fill(self, n):
        data = io.StringIO()
        data.write(f"COPY outbox ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv);\n")
        writer = csv.writer(data, lineterminator="\n", quoting=csv.QUOTE_ALL)  # "" is not NULL
        for row in rows(n):
            writer.writerow(["true" if v is True else "false" if v is False else v for v in row])
        data.write("\\.\n")
        subprocess.run(["psql", self.url, "-X", "-q", "-v", "ON_ERROR_STOP=1"],
                       input=data.getvalue(), text=True, check=True, stdout=subprocess.DEVNULL)

    def query(self, sql):
        if self.psql is None:
            self.psql = subprocess.Popen(["psql", self.url, "-X", "-q", "-A", "-t", "-F", "\t"],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.psql.stdin.write(f"{sql};\n\\echo __end__\n")
        self.psql.stdin.flush()
        out = []
        for line in self.psql.stdout:
            line = line.rstrip("\n")
            if line == "__end__":
                return out
            if line:
                out.append(tuple(line.split("\t")))
        raise RuntimeError("psql ended")


def database(url):
    return Postgres(url) if url.startswith("postgres") else Sqlite(url)


def counts(db):
    """Rows by state, and how many wait after a failed try."""
    found = {"queued": 0, "sent": 0, "failed": 0, "retrying": 0}
    for state, count in db.query("SELECT state, count(*) FROM outbox GROUP BY state"):
        found[state] = int(count)
    found["retrying"] = int(db.query(
        "SELECT count(*) FROM outbox WHERE state = 'queued' AND attempts > 0 "
        "AND lease_until IS NULL")[0][0])
    return found


def postfix_seen(log, start, want):
    """Postfix's SMTP connections and discarded messages in `log` after
    byte `start`; waits a little for its log to catch up."""
    connects = discarded = 0
    for _ in range(50):
        with open(log, "rb") as f:
            f.seek(start)
            lines = f.read().decode(errors="replace").splitlines()
        connects = sum("]: connect from " in line for line in lines)
        discarded = sum("/discard[" in line and "status=sent" in line for line in lines)
        if discarded >= want:
            break
        time.sleep(0.1)
    return connects, discarded


def watch(url, n, pid, start, log, log_from):
    db = database(url)
    last, last_change, done = -1, time.time(), None
    with PeakWatch(pid) as memory:
        while True:
            now = time.time()
            found = counts(db)
            finished = found["sent"] + found["failed"]
            if finished >= n:
                done = now
                break
            if finished != last:
                last, last_change = finished, now
            elif now - last_change > STALL:
                break
            if not os.path.exists(f"/proc/{pid}"):
                break
            time.sleep(POLL)
    end = done or time.time()
    elapsed = end - start
    sent = found["sent"]
    rate = sent / elapsed if elapsed > 0 else 0.0
    ratio = rate / FLOOR
    connects, discarded = postfix_seen(log, log_from, sent)
    print(f"messages: {n} queued, {sent} sent, {found['failed']} failed"
          + (f", {found['queued']} still queued ({found['retrying']} after a failed try)"
             if found["queued"] else ""))
    print(f"time: {elapsed:.2f} s from starting the server "
          + ("to the last one out" if done else f"until it stopped (nothing went for {STALL:.0f} s)"))
    print(f"rate: {rate:.0f} messages/s; / floor {FLOOR:.0f}/s = {ratio:.2f} "
          f"{'PASS' if done and ratio >= 1 and not found['failed'] else 'FAIL'}")
    print(f"server peak memory: {memory.peak:.1f} MiB")
    print(f"postfix: {connects} SMTP connection(s), {discarded} message(s) discarded")
    if found["failed"] or found["queued"]:
        for answer, count in db.query(
                "SELECT last_answer, count(*) FROM outbox WHERE last_answer <> '' "
                "AND state <> 'sent' GROUP BY last_answer ORDER BY 2 DESC LIMIT 3"):
            print(f"  last answer ({count}x): {answer}")
    return 0 if done else 1


def main():
    if sys.argv[1] == "fill":
        database(sys.argv[2]).fill(int(sys.argv[3]))
        return 0
    url, n, pid, start, log, log_from = sys.argv[2:8]
    return watch(url, int(n), int(pid), float(start), log, int(log_from))


if __name__ == "__main__":
    sys.exit(main())
