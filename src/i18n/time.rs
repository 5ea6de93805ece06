//! Times as a Czech team reads them: ages ("před 35 min") and Prague wall-clock dates.
//! Computed the same way on the server and in the browser so hydration matches.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};

use super::Texts;

/// "před 35 min", "před 2 h", "před 3 dny".
pub fn age(t: &Texts, then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - then).num_minutes().max(0);
    match minutes {
        0 => t.time_just_now.to_string(),
        1..=59 => (t.time_minutes_ago)(minutes),
        60..=1439 => (t.time_hours_ago)(minutes / 60),
        _ => (t.time_days_ago)(minutes / 1440),
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn ages_in_czech() {
        let t = Locale::Cs.texts();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        assert_eq!(age(t, now, now), "právě teď");
        assert_eq!(age(t, now - Duration::minutes(35), now), "před 35 min");
        assert_eq!(age(t, now - Duration::hours(2), now), "před 2 h");
        assert_eq!(age(t, now - Duration::days(1), now), "před 1 dnem");
        assert_eq!(age(t, now - Duration::days(3), now), "před 3 dny");
        assert_eq!(age(t, now + Duration::minutes(5), now), "právě teď");
    }

    #[test]
    fn prague_wall_clock_back_to_utc() {
        let winter = NaiveDate::from_ymd_opt(2026, 11, 22)
            .unwrap()
            .and_hms_opt(14, 5, 0)
            .unwrap();
        assert_eq!(
            prague_local_to_utc(winter),
            Utc.with_ymd_and_hms(2026, 11, 22, 13, 5, 0).unwrap()
        );
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1)
            .unwrap()
            .and_hms_opt(15, 5, 0)
            .unwrap();
        assert_eq!(
            prague_local_to_utc(summer),
            Utc.with_ymd_and_hms(2026, 7, 1, 13, 5, 0).unwrap()
        );
        let (start, end) =
            prague_day_bounds(Utc.with_ymd_and_hms(2026, 11, 22, 23, 30, 0).unwrap());
        assert_eq!(start, Utc.with_ymd_and_hms(2026, 11, 22, 23, 0, 0).unwrap());
        assert_eq!(end, Utc.with_ymd_and_hms(2026, 11, 23, 23, 0, 0).unwrap());
    }

    #[test]
    fn prague_summer_and_winter_time() {
        let winter = Utc.with_ymd_and_hms(2026, 11, 22, 13, 5, 0).unwrap();
        assert_eq!(prague_datetime(winter), "22. 11. 2026 14:05");
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 13, 5, 0).unwrap();
        assert_eq!(prague_datetime(summer), "1. 7. 2026 15:05");
        // 2026: CEST starts 29 March 01:00 UTC, ends 25 October 01:00 UTC.
        let before = Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap();
        assert_eq!(prague_datetime(before), "29. 3. 2026 01:59");
        let after = Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap();
        assert_eq!(prague_datetime(after), "29. 3. 2026 03:00");
        let autumn = Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap();
        assert_eq!(prague_datetime(autumn), "25. 10. 2026 02:00");
    }
}
