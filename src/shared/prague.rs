//! Prague wall-clock time, computed the same way on the server and in the browser so
//! hydration matches.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};

/// Prague local time, "22. 11. 2026 14:05". The EU rule (CEST from the last Sunday of March
/// 01:00 UTC to the last Sunday of October 01:00 UTC) is fixed by law, so a tz database is
/// not needed for one zone.
pub fn prague_datetime(utc: DateTime<Utc>) -> String {
    let local = utc + prague_offset(utc);
    local.format("%-d. %-m. %Y %H:%M").to_string()
}

/// Prague's offset from UTC at that moment: one hour in winter, two in summer.
pub fn prague_offset(utc: DateTime<Utc>) -> Duration {
    let year = utc.year();
    let start = last_sunday_0100_utc(year, 3);
    let end = last_sunday_0100_utc(year, 10);
    if utc >= start && utc < end {
        Duration::hours(2)
    } else {
        Duration::hours(1)
    }
}

/// A Prague wall-clock time as UTC. In the autumn hour that happens twice, the first is
/// meant; a spring time that never happens reads as summer time.
pub fn prague_local_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    let as_winter = Utc.from_utc_datetime(&local) - Duration::hours(1);
    let as_summer = Utc.from_utc_datetime(&local) - Duration::hours(2);
    if prague_offset(as_summer) == Duration::hours(2) {
        as_summer
    } else {
        as_winter
    }
}

/// The start of the Prague day `utc` falls in, and the start of the next one, in UTC.
pub fn prague_day_bounds(utc: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let day = (utc + prague_offset(utc)).date_naive();
    let start = prague_local_to_utc(day.and_time(chrono::NaiveTime::MIN));
    let next = day.succ_opt().unwrap_or(day);
    (
        start,
        prague_local_to_utc(next.and_time(chrono::NaiveTime::MIN)),
    )
}

fn last_sunday_0100_utc(year: i32, month: u32) -> DateTime<Utc> {
    let mut day = NaiveDate::from_ymd_opt(year, month, 31).unwrap_or_default();
    while day.weekday() != Weekday::Sun {
        day = day.pred_opt().unwrap_or(day);
    }
    Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0).unwrap_or_default())
}
