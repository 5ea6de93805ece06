//! The manager dashboard's domain: which slice of time and people a report covers, and the
//! numbers it answers. Plain serde types and pure rules shared by the browser and the server.
//!
//! Periods are Prague calendar weeks (from Monday) and months, because that is how a Czech
//! team talks about "this week". Each number is defined once, here, next to its type.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::model::PersonRef;
use crate::clients::model::{Stage, parse_date};
use crate::error::{Field, FieldError, FieldProblem};
use crate::i18n::time::{prague_local_to_utc, prague_offset};
use crate::leads::model::{LeadSource, LeadStatus};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum PeriodKind {
    #[default]
    Week,
    Month,
    Custom,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 3] = [PeriodKind::Week, PeriodKind::Month, PeriodKind::Custom];

    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Custom => "custom",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// How the new-leads chart groups its bars.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Granularity {
    #[default]
    Week,
    Month,
}

impl Granularity {
    pub fn code(self) -> &'static str {
        match self {
            Granularity::Week => "week",
            Granularity::Month => "month",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Granularity::Week, Granularity::Month]
            .into_iter()
            .find(|g| g.code() == code)
    }
}

/// Whose leads a report counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum OwnerFilter {
    #[default]
    Anyone,
    /// The pool: leads nobody owns yet.
    Nobody,
    Person(i32),
}

impl OwnerFilter {
    pub fn code(self) -> String {
        match self {
            OwnerFilter::Anyone => String::new(),
            OwnerFilter::Nobody => "pool".into(),
            OwnerFilter::Person(id) => id.to_string(),
        }
    }
}

/// The dashboard's filters exactly as the address bar carries them (`/dashboard?period=…`),
/// so a filtered view can be bookmarked and sent to a colleague. [`ReportQuery::validate`]
/// turns them into a [`ReportFilter`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ReportQuery {
    pub period: String,
    pub from: String,
    pub to: String,
    pub owner: String,
    pub source: String,
    pub per: String,
}

/// Validated filters. `first_day..=last_day` are Prague dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFilter {
    pub period: PeriodKind,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub owner: OwnerFilter,
    pub source: Option<LeadSource>,
    pub per: Granularity,
}

/// A custom period may span at most this many days (five years): the charts stay readable
/// and the queries bounded.
pub const MAX_CUSTOM_DAYS: i64 = 5 * 366;

impl ReportQuery {
    /// Checks the filters against `today` (a Prague date). Unknown choices and bad dates are
    /// field errors; an empty choice means "all".
    pub fn validate(&self, today: NaiveDate) -> Result<ReportFilter, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut problem = |field, p| problems.push(FieldError::new(field, p));
        let period = match self.period.trim() {
            "" => PeriodKind::Week,
            code => PeriodKind::from_code(code).unwrap_or_else(|| {
                problem(Field::Period, FieldProblem::UnknownChoice);
                PeriodKind::Week
            }),
        };
        let owner = match self.owner.trim() {
            "" => OwnerFilter::Anyone,
            "pool" => OwnerFilter::Nobody,
            id => id.parse().map(OwnerFilter::Person).unwrap_or_else(|_| {
                problem(Field::Owner, FieldProblem::UnknownChoice);
                OwnerFilter::Anyone
            }),
        };
        let source = match self.source.trim() {
            "" => None,
            code => LeadSource::from_code(code).or_else(|| {
                problem(Field::Source, FieldProblem::UnknownSource);
                None
            }),
        };
        let (first_day, last_day) = match period {
            PeriodKind::Week => {
                let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
                (monday, monday + Duration::days(6))
            }
            PeriodKind::Month => {
                let first = today.with_day(1).unwrap_or(today);
                (first, next_month(first) - Duration::days(1))
            }
            PeriodKind::Custom => {
                let mut day = |field, raw: &str| match parse_date(raw) {
                    Ok(Some(day)) => Some(day),
                    Ok(None) => {
                        problem(field, FieldProblem::Required);
                        None
                    }
                    Err(p) => {
                        problem(field, p);
                        None
                    }
                };
                let from = day(Field::PeriodFrom, &self.from);
                let to = day(Field::PeriodTo, &self.to);
                match (from, to) {
                    (Some(from), Some(to)) if to < from => {
                        problem(Field::PeriodTo, FieldProblem::EndBeforeStart);
                        (today, today)
                    }
                    (Some(from), Some(to)) if (to - from).num_days() >= MAX_CUSTOM_DAYS => {
                        problem(Field::PeriodTo, FieldProblem::PeriodTooLong);
                        (today, today)
                    }
                    (Some(from), Some(to)) => (from, to),
                    _ => (today, today),
                }
            }
        };
        let per = match self.per.trim() {
            "" if period == PeriodKind::Month => Granularity::Month,
            "" if (last_day - first_day).num_days() > 92 => Granularity::Month,
            "" => Granularity::Week,
            code => Granularity::from_code(code).unwrap_or_else(|| {
                problem(Field::Granularity, FieldProblem::UnknownChoice);
                Granularity::Week
            }),
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(ReportFilter {
            period,
            first_day,
            last_day,
            owner,
            source,
            per,
        })
    }
}

fn next_month(first: NaiveDate) -> NaiveDate {
    let (year, month) = if first.month() == 12 {
        (first.year() + 1, 1)
    } else {
        (first.year(), first.month() + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(first)
}

/// The start of a Prague day, in UTC.
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    prague_local_to_utc(day.and_time(chrono::NaiveTime::MIN))
}

/// The Prague date of an instant.
pub fn prague_date(t: DateTime<Utc>) -> NaiveDate {
    (t + prague_offset(t)).date_naive()
}

/// The instants a report counts between: the period so far, and the same stretch of the
/// period before it (this week until now against last week until the same weekday and hour),
/// so a Tuesday morning is not compared with a whole week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub before_from: DateTime<Utc>,
    pub before_to: DateTime<Utc>,
}

impl ReportFilter {
    pub fn window(&self, now: DateTime<Utc>) -> Window {
        let from = day_start(self.first_day);
        let end = day_start(self.last_day + Duration::days(1));
        let to = end.min(now).max(from);
        let before_first = match self.period {
            PeriodKind::Week => self.first_day - Duration::days(7),
            PeriodKind::Month => {
                let prev_last = self.first_day - Duration::days(1);
                prev_last.with_day(1).unwrap_or(prev_last)
            }
            PeriodKind::Custom => {
                self.first_day - Duration::days((self.last_day - self.first_day).num_days() + 1)
            }
        };
        let before_from = day_start(before_first);
        let before_to = (before_from + (to - from)).min(from);
        Window {
            from,
            to,
            before_from,
            before_to,
        }
    }

    /// The first day of each bar of the new-leads chart: the buckets that cover the period,
    /// extended back to at least 8 weeks or 6 months so there is a trend to see, and at most
    /// 60 bars (the latest ones).
    pub fn buckets(&self) -> Vec<NaiveDate> {
        let (first, min_bars) = match self.per {
            Granularity::Week => (
                self.first_day
                    - Duration::days(self.first_day.weekday().num_days_from_monday() as i64),
                8,
            ),
            Granularity::Month => (self.first_day.with_day(1).unwrap_or(self.first_day), 6),
        };
        let step = |d: NaiveDate| match self.per {
            Granularity::Week => d + Duration::days(7),
            Granularity::Month => next_month(d),
        };
        let back = |d: NaiveDate| match self.per {
            Granularity::Week => d - Duration::days(7),
            Granularity::Month => (d - Duration::days(1)).with_day(1).unwrap_or(d),
        };
        let mut days = vec![first];
        while let Some(&last) = days.last() {
            let next = step(last);
            if next > self.last_day {
                break;
            }
            days.push(next);
        }
        while days.len() < min_bars {
            days.insert(0, back(days[0]));
        }
        let excess = days.len().saturating_sub(60);
        days.drain(..excess);
        days
    }

    /// The day after the chart's last bar.
    pub fn buckets_end(&self, buckets: &[NaiveDate]) -> NaiveDate {
        let last = buckets.last().copied().unwrap_or(self.last_day);
        match self.per {
            Granularity::Week => last + Duration::days(7),
            Granularity::Month => next_month(last),
        }
    }
}

/// Closed leads by how they ended. The conversion rate is converted / closed: a lead still
/// being worked says nothing yet about its source or salesperson.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Outcomes {
    pub converted: u32,
    pub unqualified: u32,
}

impl Outcomes {
    pub fn closed(&self) -> u32 {
        self.converted + self.unqualified
    }

    /// In per cent; none while nothing has closed.
    pub fn rate(&self) -> Option<f64> {
        (self.closed() > 0).then(|| 100.0 * self.converted as f64 / self.closed() as f64)
    }

    pub fn add(&mut self, status: LeadStatus, count: u32) {
        match status {
            LeadStatus::Converted => self.converted += count,
            LeadStatus::Unqualified => self.unqualified += count,
            _ => {}
        }
    }
}

/// Minutes from one moment to another, over several leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DurationStats {
    pub count: u32,
    pub mean_minutes: Option<i64>,
    pub median_minutes: Option<i64>,
}

impl DurationStats {
    /// From a count and sum counted by the database and the middle one (odd count) or two
    /// (even count) values in order: the same numbers as [`DurationStats::of`] over all of them.
    pub fn from_parts(count: i64, sum: i64, middle: &[i64]) -> Self {
        let median = match middle {
            [m] => Some(*m),
            [a, b] => Some((a + b) / 2),
            _ => None,
        };
        if count <= 0 || median.is_none() {
            return DurationStats::default();
        }
        DurationStats {
            count: count as u32,
            mean_minutes: Some(sum / count),
            median_minutes: median,
        }
    }

    /// Over every value: what the database's count, sum and middle rows stand for.
    pub fn of(mut minutes: Vec<i64>) -> Self {
        minutes.sort_unstable();
        let n = minutes.len();
        let middle = match n {
            0 => &minutes[..],
            n if n % 2 == 1 => &minutes[n / 2..=n / 2],
            n => &minutes[n / 2 - 1..=n / 2],
        };
        DurationStats::from_parts(n as i64, minutes.iter().sum(), middle)
    }
}

/// Speed-to-lead over the leads created in the period. A lead not yet contacted counts against
/// the one-hour share once its hour is up; before that it is simply not counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SpeedToLead {
    /// Leads whose first hour is over or that were contacted: the share's denominator.
    pub counted: u32,
    pub within_hour: u32,
    pub to_first_contact: DurationStats,
}

impl SpeedToLead {
    pub fn share_within_hour(&self) -> Option<f64> {
        (self.counted > 0).then(|| 100.0 * self.within_hour as f64 / self.counted as f64)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    pub first_day: NaiveDate,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRow {
    pub source: LeadSource,
    /// Created in the period.
    pub new: u32,
    /// Closed in the period.
    pub outcomes: Outcomes,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    /// None: the pool.
    pub person: Option<PersonRef>,
    pub new: u32,
    pub outcomes: Outcomes,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineRow {
    pub stage: Stage,
    pub count: u32,
    pub amount_czk: i64,
}

/// A lead nobody has contacted an hour after it came in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingLead {
    pub lead_id: i32,
    pub name: String,
    pub company: String,
    pub owner: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A follow-up task past its time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueTask {
    pub task_id: i32,
    pub lead_id: i32,
    pub lead_name: String,
    pub subject: String,
    pub owner: Option<String>,
    pub due: DateTime<Utc>,
}

/// The first few of a list, and how long the whole list is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortlist<T> {
    pub items: Vec<T>,
    pub total: u32,
}

/// How many items of a needs-attention list the dashboard shows.
pub const SHORTLIST: u64 = 10;

/// Everything the dashboard shows, computed in one server call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub filter: ReportFilter,
    pub now: DateTime<Utc>,
    /// The newest live event when the numbers were read: the page listens from here on.
    pub event_id: i64,
    /// Who the salesperson filter offers.
    pub people: Vec<PersonRef>,
    pub new_leads: u32,
    pub new_leads_before: u32,
    pub series: Vec<Bucket>,
    pub sources: Vec<SourceRow>,
    pub by_person: Vec<PersonRow>,
    pub overall: Outcomes,
    pub to_qualify: DurationStats,
    pub speed: SpeedToLead,
    /// Leads created in the period by where they are now, in board order.
    pub funnel: Vec<(LeadStatus, u32)>,
    /// Open opportunities by stage (won and lost are not pipeline).
    pub pipeline: Vec<PipelineRow>,
    pub waiting: Shortlist<WaitingLead>,
    pub overdue: Shortlist<OverdueTask>,
}

/// Change against the period before, in per cent; none when there was nothing before.
pub fn change_percent(now: u32, before: u32) -> Option<f64> {
    (before > 0).then(|| 100.0 * (now as f64 - before as f64) / before as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn query(period: &str, from: &str, to: &str) -> ReportQuery {
        ReportQuery {
            period: period.into(),
            from: from.into(),
            to: to.into(),
            ..Default::default()
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn this_week_runs_from_monday_and_compares_with_last_week_so_far() {
        // Tuesday 24 Nov 2026, 10:00 Prague (09:00 UTC).
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let filter = query("", "", "").validate(day(2026, 11, 24)).unwrap();
        assert_eq!(filter.period, PeriodKind::Week);
        assert_eq!(
            (filter.first_day, filter.last_day),
            (day(2026, 11, 23), day(2026, 11, 29))
        );
        let w = filter.window(now);
        assert_eq!(
            w.from,
            Utc.with_ymd_and_hms(2026, 11, 22, 23, 0, 0).unwrap()
        );
        assert_eq!(w.to, now);
        assert_eq!(
            w.before_from,
            Utc.with_ymd_and_hms(2026, 11, 15, 23, 0, 0).unwrap()
        );
        assert_eq!(w.before_to, now - Duration::days(7));
    }

    #[test]
    fn this_month_and_its_chart_by_month() {
        let filter = query("month", "", "").validate(day(2026, 2, 10)).unwrap();
        assert_eq!(
            (filter.first_day, filter.last_day),
            (day(2026, 2, 1), day(2026, 2, 28))
        );
        assert_eq!(filter.per, Granularity::Month);
        let buckets = filter.buckets();
        assert_eq!(buckets.len(), 6);
        assert_eq!(buckets[0], day(2025, 9, 1));
        assert_eq!(buckets[5], day(2026, 2, 1));
        assert_eq!(filter.buckets_end(&buckets), day(2026, 3, 1));
        let now = Utc.with_ymd_and_hms(2026, 2, 10, 12, 0, 0).unwrap();
        let w = filter.window(now);
        // January 1st 00:00 Prague is 31 Dec 23:00 UTC.
        assert_eq!(
            w.before_from,
            Utc.with_ymd_and_hms(2025, 12, 31, 23, 0, 0).unwrap()
        );
        assert_eq!(w.before_to - w.before_from, w.to - w.from);
    }

    #[test]
    fn a_custom_period_is_checked_field_by_field() {
        let today = day(2026, 11, 24);
        let ok = query("custom", "1. 9. 2026", "2026-11-30")
            .validate(today)
            .unwrap();
        assert_eq!(
            (ok.first_day, ok.last_day),
            (day(2026, 9, 1), day(2026, 11, 30))
        );
        assert_eq!(
            ok.per,
            Granularity::Week,
            "91 days still reads well by week"
        );
        let weeks = ok.buckets();
        assert_eq!(weeks[0], day(2026, 8, 31), "weeks start on Monday");
        assert_eq!(*weeks.last().unwrap(), day(2026, 11, 30));

        let errs = query("custom", "", "31. 2. 2026")
            .validate(today)
            .unwrap_err();
        assert_eq!(
            errs,
            vec![
                FieldError::new(Field::PeriodFrom, FieldProblem::Required),
                FieldError::new(Field::PeriodTo, FieldProblem::InvalidDate),
            ]
        );
        let errs = query("custom", "2026-11-30", "2026-11-01")
            .validate(today)
            .unwrap_err();
        assert_eq!(
            errs,
            vec![FieldError::new(
                Field::PeriodTo,
                FieldProblem::EndBeforeStart
            )]
        );
        let bad = ReportQuery {
            period: "year".into(),
            owner: "x".into(),
            source: "fax".into(),
            ..Default::default()
        };
        assert_eq!(bad.validate(today).unwrap_err().len(), 3);
    }

    #[test]
    fn medians_means_and_rates() {
        let stats = DurationStats::of(vec![30, 10, 20, 1000]);
        assert_eq!(stats.count, 4);
        assert_eq!(stats.median_minutes, Some(25));
        assert_eq!(stats.mean_minutes, Some(265));
        assert_eq!(DurationStats::of(vec![]).median_minutes, None);
        assert_eq!(DurationStats::of(vec![7]).median_minutes, Some(7));
        // What the database hands over: count, sum, and the middle value or two.
        assert_eq!(DurationStats::from_parts(4, 1060, &[20, 30]), stats);
        assert_eq!(
            DurationStats::from_parts(3, 60, &[20]),
            DurationStats::of(vec![10, 20, 30])
        );
        assert_eq!(
            DurationStats::from_parts(0, 0, &[]),
            DurationStats::default()
        );
        let outcomes = Outcomes {
            converted: 1,
            unqualified: 3,
        };
        assert_eq!(outcomes.rate(), Some(25.0));
        assert_eq!(Outcomes::default().rate(), None);
        assert_eq!(change_percent(15, 10), Some(50.0));
        assert_eq!(change_percent(3, 0), None);
    }
}
