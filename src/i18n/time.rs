//! Times as a Czech team reads them: ages ("před 35 min") and Prague wall-clock dates.
//! Computed the same way on the server and in the browser so hydration matches.

use chrono::{DateTime, Utc};

use super::Texts;
pub use crate::shared::prague::{
    prague_datetime, prague_day_bounds, prague_local_to_utc, prague_offset,
};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use chrono::{Duration, NaiveDate, TimeZone};

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
