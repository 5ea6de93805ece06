//! The communication log of a lead: calls, meetings, tasks, emails and notes. Plain serde types
//! and rules shared by the browser and the server; no I/O.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::model::PersonRef;
use crate::error::{Field, FieldError, FieldProblem};
use crate::shared::prague::{prague_local_to_utc, prague_offset};

/// What was done. Stored by its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(16))"
    )
)]
pub enum ActivityKind {
    #[default]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "note"))]
    Note,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "call"))]
    Call,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "meeting"))]
    Meeting,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "task"))]
    Task,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "email"))]
    Email,
}

impl ActivityKind {
    /// In the order the composer offers them: the quick note first.
    pub const ALL: [ActivityKind; 5] = [
        ActivityKind::Note,
        ActivityKind::Call,
        ActivityKind::Meeting,
        ActivityKind::Task,
        ActivityKind::Email,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActivityKind::Note => "note",
            ActivityKind::Call => "call",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Task => "task",
            ActivityKind::Email => "email",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// How a call went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CallOutcome {
    Reached,
    NoAnswer,
    Busy,
    LeftMessage,
    WrongNumber,
}

impl CallOutcome {
    pub const ALL: [CallOutcome; 5] = [
        CallOutcome::Reached,
        CallOutcome::NoAnswer,
        CallOutcome::Busy,
        CallOutcome::LeftMessage,
        CallOutcome::WrongNumber,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CallOutcome::Reached => "reached",
            CallOutcome::NoAnswer => "no_answer",
            CallOutcome::Busy => "busy",
            CallOutcome::LeftMessage => "left_message",
            CallOutcome::WrongNumber => "wrong_number",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// Which way an email went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum EmailDirection {
    /// We wrote to the lead: that is contact.
    #[default]
    Outgoing,
    /// The lead wrote to us: a record, but not our response.
    Incoming,
}

impl EmailDirection {
    pub const ALL: [EmailDirection; 2] = [EmailDirection::Outgoing, EmailDirection::Incoming];

    pub fn code(self) -> &'static str {
        match self {
            EmailDirection::Outgoing => "outgoing",
            EmailDirection::Incoming => "incoming",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// The composer form as typed: every field a string, as the HTML form posts it. Times are
/// Prague wall-clock values from `datetime-local` / `date` inputs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityInput {
    pub kind: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub direction: String,
    #[serde(default)]
    pub place: String,
    /// A meeting's time or a task's due date (or date and time).
    #[serde(default)]
    pub when: String,
}

/// A checked activity, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidActivity {
    pub kind: ActivityKind,
    pub subject: String,
    pub body: String,
    pub outcome: Option<CallOutcome>,
    pub direction: Option<EmailDirection>,
    pub place: String,
    pub when: Option<DateTime<Utc>>,
}

impl ValidActivity {
    /// Whether logging it means we contacted the lead (speed-to-lead): a call, a meeting or
    /// an email we sent. Notes, tasks and emails the lead sent us do not count.
    pub fn is_contact(&self) -> bool {
        match self.kind {
            ActivityKind::Call | ActivityKind::Meeting => true,
            ActivityKind::Email => self.direction == Some(EmailDirection::Outgoing),
            ActivityKind::Note | ActivityKind::Task => false,
        }
    }
}

pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 10_000;
pub const PLACE_MAX: usize = 200;

impl ActivityInput {
    /// Checks the fields the kind needs; every problem is reported against its field.
    pub fn validate(&self) -> Result<ValidActivity, Vec<FieldError>> {
        let mut errors = Vec::new();
        let Some(kind) = ActivityKind::from_code(self.kind.trim()) else {
            return Err(vec![FieldError::new(
                Field::ActivityKind,
                FieldProblem::UnknownChoice,
            )]);
        };
        let subject = self.subject.trim().to_string();
        let body = self.body.trim().to_string();
        let place = self.place.trim().to_string();
        let mut limit = |field, value: &str, max| {
            if value.chars().count() > max {
                errors.push(FieldError::new(field, FieldProblem::TooLong { max }));
            }
        };
        limit(Field::Subject, &subject, SUBJECT_MAX);
        limit(Field::Body, &body, BODY_MAX);
        limit(Field::Place, &place, PLACE_MAX);

        let needs_subject = matches!(
            kind,
            ActivityKind::Meeting | ActivityKind::Task | ActivityKind::Email
        );
        if needs_subject && subject.is_empty() {
            errors.push(FieldError::new(Field::Subject, FieldProblem::Required));
        }
        if kind == ActivityKind::Note && body.is_empty() {
            errors.push(FieldError::new(Field::Body, FieldProblem::Required));
        }
        let outcome = if kind == ActivityKind::Call {
            match CallOutcome::from_code(self.outcome.trim()) {
                Some(o) => Some(o),
                None => {
                    errors.push(FieldError::new(Field::Outcome, FieldProblem::Required));
                    None
                }
            }
        } else {
            None
        };
        let direction = if kind == ActivityKind::Email {
            match EmailDirection::from_code(self.direction.trim()) {
                Some(d) => Some(d),
                None => {
                    errors.push(FieldError::new(Field::Direction, FieldProblem::Required));
                    None
                }
            }
        } else {
            None
        };
        let when = if matches!(kind, ActivityKind::Meeting | ActivityKind::Task) {
            let raw = self.when.trim();
            if raw.is_empty() {
                errors.push(FieldError::new(Field::When, FieldProblem::Required));
                None
            } else {
                match parse_prague_time(raw) {
                    Some(t) => Some(t),
                    None => {
                        errors.push(FieldError::new(Field::When, FieldProblem::InvalidDate));
                        None
                    }
                }
            }
        } else {
            None
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ValidActivity {
            kind,
            subject,
            body,
            outcome,
            direction,
            place: if kind == ActivityKind::Meeting {
                place
            } else {
                String::new()
            },
            when,
        })
    }
}

/// A `datetime-local` ("2026-11-23T14:30") or `date` ("2026-11-23", meaning the end of that
/// working day, 17:00) value, read as Prague wall-clock time.
pub fn parse_prague_time(raw: &str) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(END_OF_WORKDAY))
        })?;
    // Years far outside a sales team's calendar are typos, not plans.
    let year = naive.date().format("%Y").to_string().parse::<i32>().ok()?;
    if !(2000..=2100).contains(&year) {
        return None;
    }
    Some(prague_local_to_utc(naive))
}

const END_OF_WORKDAY: NaiveTime = match NaiveTime::from_hms_opt(17, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// The value a `datetime-local` input shows for a moment, in Prague time.
pub fn prague_input_value(utc: DateTime<Utc>) -> String {
    (utc + prague_offset(utc))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// One entry of a lead's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityView {
    pub id: i32,
    pub lead_id: i32,
    pub kind: ActivityKind,
    pub subject: String,
    pub body: String,
    pub outcome: Option<CallOutcome>,
    pub direction: Option<EmailDirection>,
    pub place: String,
    pub when: Option<DateTime<Utc>>,
    pub done_at: Option<DateTime<Utc>>,
    /// None when the author's account has since been removed.
    pub author: Option<PersonRef>,
    pub created_at: DateTime<Utc>,
}

impl ActivityView {
    /// An open task whose due time has passed.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.kind == ActivityKind::Task
            && self.done_at.is_none()
            && self.when.is_some_and(|w| w < now)
    }
}

/// A task in "Moje úkoly": the task and the lead it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskItem {
    pub task: ActivityView,
    pub lead_name: String,
    pub lead_company: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn input(kind: &str) -> ActivityInput {
        ActivityInput {
            kind: kind.into(),
            ..ActivityInput::default()
        }
    }

    fn problems(result: Result<ValidActivity, Vec<FieldError>>) -> Vec<(Field, FieldProblem)> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn each_kind_asks_for_what_it_needs() {
        assert_eq!(
            problems(input("note").validate()),
            vec![(Field::Body, FieldProblem::Required)]
        );
        assert_eq!(
            problems(input("call").validate()),
            vec![(Field::Outcome, FieldProblem::Required)]
        );
        assert_eq!(
            problems(input("meeting").validate()),
            vec![
                (Field::Subject, FieldProblem::Required),
                (Field::When, FieldProblem::Required)
            ]
        );
        assert_eq!(
            problems(input("task").validate()),
            vec![
                (Field::Subject, FieldProblem::Required),
                (Field::When, FieldProblem::Required)
            ]
        );
        assert_eq!(
            problems(input("email").validate()),
            vec![
                (Field::Subject, FieldProblem::Required),
                (Field::Direction, FieldProblem::Required)
            ]
        );
        assert_eq!(
            problems(input("fax").validate()),
            vec![(Field::ActivityKind, FieldProblem::UnknownChoice)]
        );
    }

    #[test]
    fn a_call_needs_only_its_outcome() {
        let call = ActivityInput {
            outcome: "no_answer".into(),
            place: "ignored for calls".into(),
            ..input("call")
        }
        .validate()
        .unwrap();
        assert_eq!(call.outcome, Some(CallOutcome::NoAnswer));
        assert_eq!(call.place, "");
        assert!(call.is_contact());
    }

    #[test]
    fn only_our_own_contact_counts_for_speed_to_lead() {
        let email = |direction: &str| ActivityInput {
            subject: "Nabídka".into(),
            direction: direction.into(),
            ..input("email")
        };
        assert!(email("outgoing").validate().unwrap().is_contact());
        assert!(!email("incoming").validate().unwrap().is_contact());
        let note = ActivityInput {
            body: "Volat po veletrhu".into(),
            ..input("note")
        };
        assert!(!note.validate().unwrap().is_contact());
    }

    #[test]
    fn times_are_prague_wall_clock() {
        // Winter: CET, UTC+1.
        assert_eq!(
            parse_prague_time("2026-11-23T14:30"),
            Some(Utc.with_ymd_and_hms(2026, 11, 23, 13, 30, 0).unwrap())
        );
        // Summer: CEST, UTC+2.
        assert_eq!(
            parse_prague_time("2026-07-01T09:00"),
            Some(Utc.with_ymd_and_hms(2026, 7, 1, 7, 0, 0).unwrap())
        );
        // A bare date is due at the end of that working day.
        assert_eq!(
            parse_prague_time("2026-11-24"),
            Some(Utc.with_ymd_and_hms(2026, 11, 24, 16, 0, 0).unwrap())
        );
        assert_eq!(parse_prague_time("24. 11. 2026"), None);
        assert_eq!(parse_prague_time("1026-11-24"), None);
        let t = Utc.with_ymd_and_hms(2026, 7, 1, 7, 0, 0).unwrap();
        assert_eq!(parse_prague_time(&prague_input_value(t)), Some(t));
    }

    #[test]
    fn bad_dates_and_long_texts_are_reported_by_field() {
        let task = ActivityInput {
            subject: "x".repeat(SUBJECT_MAX + 1),
            when: "zítra".into(),
            ..input("task")
        };
        assert_eq!(
            problems(task.validate()),
            vec![
                (Field::Subject, FieldProblem::TooLong { max: SUBJECT_MAX }),
                (Field::When, FieldProblem::InvalidDate)
            ]
        );
    }

    #[test]
    fn an_open_task_past_due_is_overdue() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
        let task = ActivityView {
            id: 1,
            lead_id: 1,
            kind: ActivityKind::Task,
            subject: "Zavolat".into(),
            body: String::new(),
            outcome: None,
            direction: None,
            place: String::new(),
            when: Some(now - chrono::Duration::minutes(1)),
            done_at: None,
            author: None,
            created_at: now,
        };
        assert!(task.is_overdue(now));
        let done = ActivityView {
            done_at: Some(now),
            ..task.clone()
        };
        assert!(!done.is_overdue(now));
        let future = ActivityView {
            when: Some(now + chrono::Duration::minutes(1)),
            ..task
        };
        assert!(!future.is_overdue(now));
    }

    /// On the server `ActivityKind` is stored as its `code()`: the active enum's value is that very
    /// string for every variant, and reads back as the variant; anything else is an error.
    #[cfg(feature = "ssr")]
    #[test]
    fn kind_is_stored_as_its_code() {
        use sea_orm::{ActiveEnum, Iterable};
        for variant in ActivityKind::iter() {
            assert_eq!(variant.to_value(), variant.code(), "{variant:?}");
            let stored = variant.code().to_owned();
            assert_eq!(ActivityKind::try_from_value(&stored).ok(), Some(variant));
        }
        assert!(ActivityKind::try_from_value(&"unknown value".to_owned()).is_err());
    }
}
