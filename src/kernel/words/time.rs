//! Moments and days in words: "posted 3 hours ago", "today 18:31",
//! "Tomorrow", "Thursday 3 December". Every page that tells a time asks
//! here, so the whole site says it the same way, in the neighbourhood's
//! time zone.

use chrono::{Datelike, NaiveDate, SecondsFormat, Timelike};

use crate::clock::{Timestamp, Zone};

/// How a moment is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Manner {
    /// When something was put up, as the board says it: "just now",
    /// "3 hours ago", "yesterday", "2 days ago", then "on 24 November".
    Posted,
    /// When a message or notification came: "today 18:31",
    /// "yesterday 09:02", "2 days ago", then "24 November".
    Arrived,
}

/// Within this many hours, something from before midnight is still "3
/// hours ago" rather than "yesterday".
const HOURS_ACROSS_MIDNIGHT: i64 = 6;

/// `at` told as of `now`, in `zone`: the one place that decides the words
/// for a moment (see [`Manner`]). A moment after `now` (another server's
/// clock a little ahead) reads as the present.
pub fn moment(at: Timestamp, now: Timestamp, zone: Zone, manner: Manner) -> String {
    let seconds = now.seconds_since(at).max(0);
    let (then, here) = (zone.at(at), zone.at(now));
    let days = (here.date_naive() - then.date_naive()).num_days();
    match manner {
        Manner::Posted => match seconds {
            s if s < 60 => "just now".to_owned(),
            s if s < 3_600 => count(s / 60, "minute") + " ago",
            s if days <= 0 || s < HOURS_ACROSS_MIDNIGHT * 3_600 => {
                count(s / 3_600, "hour") + " ago"
            }
            _ if days == 1 => "yesterday".to_owned(),
            _ if days < 7 => format!("{days} days ago"),
            _ => format!("on {}", date(then.date_naive(), here.date_naive())),
        },
        Manner::Arrived => match days {
            d if d <= 0 && then.date_naive() == here.date_naive() => {
                format!("today {}", clock_time(then.hour(), then.minute()))
            }
            1 => format!("yesterday {}", clock_time(then.hour(), then.minute())),
            d if (2..7).contains(&d) => format!("{d} days ago"),
            _ => date(then.date_naive(), here.date_naive()),
        },
    }
}

/// A need's day as of `today`: "Today", "Tomorrow", "Yesterday", else the
/// weekday and date, with the year only when it is not this year
/// ("Thursday 3 December", "Monday 4 January 2027").
pub fn day(on: NaiveDate, today: NaiveDate) -> String {
    match (on - today).num_days() {
        0 => "Today".to_owned(),
        1 => "Tomorrow".to_owned(),
        -1 => "Yesterday".to_owned(),
        _ => format!(
            "{} {}",
            WEEKDAYS[on.weekday().num_days_from_monday() as usize],
            date(on, today)
        ),
    }
}

/// "24 November", or "24 November 2025" when not this year. Written out
/// directly rather than through a strftime pattern: a board page tells
/// twenty of these, and parsing a pattern each time showed in its speed.
fn date(on: NaiveDate, today: NaiveDate) -> String {
    let month = MONTHS[on.month0() as usize];
    if on.year() == today.year() {
        format!("{} {month}", on.day())
    } else {
        format!("{} {month} {}", on.day(), on.year())
    }
}

/// "09:02".
fn clock_time(hour: u32, minute: u32) -> String {
    format!("{hour:02}:{minute:02}")
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "1 hour", "3 hours".
fn count(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// A moment for the record, with its zone: "3 December 2026, 18:31 GMT"
/// (moderation and admin pages, read by staff who may be elsewhere).
pub fn stamp(at: Timestamp, zone: Zone) -> String {
    format!(
        "{} {}",
        zone.at(at).format("%-d %B %Y, %H:%M"),
        zone.label(at)
    )
}

/// The machine-readable moment for `<time datetime="…">`, with the zone's
/// offset: "2026-12-03T18:31:00+00:00".
pub fn iso(at: Timestamp, zone: Zone) -> String {
    zone.at(at).to_rfc3339_opts(SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime, TimeZone};

    use super::*;

    /// Unix time of a wall-clock moment ("2026-12-03 18:31", seconds
    /// optional) in `zone`.
    fn at(zone: &str, wall: &str) -> Timestamp {
        let tz: chrono_tz::Tz = zone.parse().expect("zone");
        let naive = NaiveDateTime::parse_from_str(wall, "%Y-%m-%d %H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(wall, "%Y-%m-%d %H:%M"))
            .expect("wall time");
        Timestamp(
            tz.from_local_datetime(&naive)
                .single()
                .expect("one")
                .timestamp(),
        )
    }

    fn zone(name: &str) -> Zone {
        Zone::named(name).expect("zone")
    }

    #[test]
    fn moments_read_as_words_relative_to_now() {
        // (zone, now, then, posted, arrived)
        let table = [
            // Thursday 3 December 2026, evening, in UTC.
            (
                "UTC",
                "2026-12-03 18:31",
                "2026-12-03 18:31",
                "just now",
                "today 18:31",
            ),
            (
                "UTC",
                "2026-12-03 18:31",
                "2026-12-03 18:30:30",
                "just now",
                "today 18:30",
            ),
            (
                "UTC",
                "2026-12-03 18:31",
                "2026-12-03 18:30",
                "1 minute ago",
                "today 18:30",
            ),
            (
                "UTC",
                "2026-12-03 18:31",
                "2026-12-03 18:29",
                "2 minutes ago",
                "today 18:29",
            ),
            (
                "UTC",
                "2026-12-03 18:31",
                "2026-12-03 17:31",
                "1 hour ago",
                "today 17:31",
            ),
            (
                "UTC",
                "2026-12-03 18:31",
                "2026-12-03 15:20",
                "3 hours ago",
                "today 15:20",
            ),
            (
                "UTC",
                "2026-12-03 18:31",
                "2026-12-03 00:01",
                "18 hours ago",
                "today 00:01",
            ),
            (
                "UTC",
                "2026-12-03 18:31",
                "2026-12-02 09:02",
                "yesterday",
                "yesterday 09:02",
            ),
            (
                "UTC",
                "2026-12-03 18:31",
                "2026-12-01 23:59",
                "2 days ago",
                "2 days ago",
            ),
            (
                "UTC",
                "2026-12-03 18:31",
                "2026-11-27 08:00",
                "6 days ago",
                "6 days ago",
            ),
            (
                "UTC",
                "2026-12-03 18:31",
                "2026-11-26 08:00",
                "on 26 November",
                "26 November",
            ),
            // Around midnight: a few minutes or hours back is not "yesterday".
            (
                "UTC",
                "2026-12-04 00:10",
                "2026-12-03 23:55",
                "15 minutes ago",
                "yesterday 23:55",
            ),
            (
                "UTC",
                "2026-12-04 01:00",
                "2026-12-03 22:00",
                "3 hours ago",
                "yesterday 22:00",
            ),
            (
                "UTC",
                "2026-12-04 07:00",
                "2026-12-03 22:00",
                "yesterday",
                "yesterday 22:00",
            ),
            // Across a year boundary the date keeps its year.
            (
                "UTC",
                "2027-01-02 10:00",
                "2026-12-31 10:00",
                "2 days ago",
                "2 days ago",
            ),
            (
                "UTC",
                "2027-01-20 10:00",
                "2026-12-31 10:00",
                "on 31 December 2026",
                "31 December 2026",
            ),
            // In Auckland (UTC+13 in December) the day turns at 11:00 UTC.
            (
                "Pacific/Auckland",
                "2026-12-04 08:00",
                "2026-12-03 23:30",
                "yesterday",
                "yesterday 23:30",
            ),
            (
                "Pacific/Auckland",
                "2026-12-04 08:00",
                "2026-12-04 07:45",
                "15 minutes ago",
                "today 07:45",
            ),
            // A clock a little ahead of ours: the present.
            (
                "UTC",
                "2026-12-03 18:31",
                "2026-12-03 18:33",
                "just now",
                "today 18:33",
            ),
        ];
        for (name, now, then, posted, arrived) in table {
            let (z, now, then) = (zone(name), at(name, now), at(name, then));
            assert_eq!(
                moment(then, now, z, Manner::Posted),
                posted,
                "{name} {then:?}"
            );
            assert_eq!(
                moment(then, now, z, Manner::Arrived),
                arrived,
                "{name} {then:?}"
            );
        }
    }

    #[test]
    fn one_instant_reads_differently_in_different_zones() {
        // 23:30 UTC on 3 December is already 4 December in Auckland.
        let then = at("UTC", "2026-12-03 23:30");
        let now = at("UTC", "2026-12-04 09:00");
        assert_eq!(
            moment(then, now, Zone::UTC, Manner::Arrived),
            "yesterday 23:30"
        );
        assert_eq!(
            moment(then, now, zone("Pacific/Auckland"), Manner::Arrived),
            "today 12:30"
        );
    }

    #[test]
    fn days_read_as_today_tomorrow_or_their_date() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        let today = d(2026, 12, 1);
        let table = [
            (d(2026, 12, 1), "Today"),
            (d(2026, 12, 2), "Tomorrow"),
            (d(2026, 11, 30), "Yesterday"),
            (d(2026, 12, 3), "Thursday 3 December"),
            (d(2027, 1, 4), "Monday 4 January 2027"),
            (d(2025, 12, 1), "Monday 1 December 2025"),
        ];
        for (on, words) in table {
            assert_eq!(day(on, today), words);
        }
        // New Year's Eve: tomorrow is next year, and still "Tomorrow".
        assert_eq!(day(d(2027, 1, 1), d(2026, 12, 31)), "Tomorrow");
    }

    #[test]
    fn records_carry_their_zone_and_machines_get_the_offset() {
        let london = zone("Europe/London");
        let winter = at("Europe/London", "2026-12-03 18:31");
        let summer = at("Europe/London", "2026-07-03 18:31");
        assert_eq!(stamp(winter, london), "3 December 2026, 18:31 GMT");
        assert_eq!(stamp(summer, london), "3 July 2026, 18:31 BST");
        assert_eq!(iso(summer, london), "2026-07-03T18:31:00+01:00");
        assert_eq!(iso(winter, Zone::UTC), "2026-12-03T18:31:00+00:00");
    }
}
