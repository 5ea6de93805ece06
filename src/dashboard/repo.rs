//! The dashboard's queries. Counting is left to the database (GROUP BY over indexed ranges);
//! only what needs a median comes back row by row, and only for the period's leads.
//!
//! Which leads each number counts:
//! - new leads, sources' and people's "new", the funnel, speed-to-lead: created in the period;
//! - conversion (per source, per person, overall): closed in the period, i.e. now Převedený
//!   or Nekvalifikovaný with that status set in the period;
//! - time to qualify: leads first marked Kvalifikovaný in the period (from the status history);
//! - pipeline and the needs-attention lists: as they stand now (the period does not apply).
//!
//! The salesperson filter means the lead's (or deal's) current owner.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Alias, CaseStatement, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::attention_repo::{self, codes};
use super::model::{
    Bucket, DurationStats, OwnerFilter, PersonRow, PipelineRow, Report, ReportFilter, SourceRow,
    SpeedToLead, day_start,
};
use crate::clients::model::Stage;
use crate::error::AppError;
use crate::leads::model::{LeadSource, LeadStatus};
use crate::leads::store::people_by_id;
use crate::server::entities::{lead, opportunity};

/// The salesperson and source filters, on the lead table.
fn lead_filter(filter: &ReportFilter) -> Condition {
    let mut cond = Condition::all();
    match filter.owner {
        OwnerFilter::Anyone => {}
        OwnerFilter::Nobody => cond = cond.add(lead::Column::OwnerId.is_null()),
        OwnerFilter::Person(id) => cond = cond.add(lead::Column::OwnerId.eq(id)),
    }
    if let Some(source) = filter.source {
        cond = cond.add(lead::Column::Source.eq(source.code()));
    }
    cond
}

fn created_between(from: DateTime<Utc>, to: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(lead::Column::CreatedAt.gte(from))
        .add(lead::Column::CreatedAt.lt(to))
}

pub async fn report(
    db: &DatabaseConnection,
    filter: ReportFilter,
    now: DateTime<Utc>,
) -> Result<Report, AppError> {
    // Read first: whatever changes after this id reaches the page as an event.
    let event_id = crate::live::bus::latest_id(db).await?;
    let window = filter.window(now);
    let leads = lead_filter(&filter);

    let new_leads_before = lead::Entity::find()
        .filter(created_between(window.before_from, window.before_to))
        .filter(leads.clone())
        .count(db)
        .await? as u32;

    let series = series(db, &filter, leads.clone()).await?;

    // Created in the period, and closed in it, each by source × owner × status.
    let created = tally(
        db,
        created_between(window.from, window.to).add(leads.clone()),
        true,
    )
    .await?;
    let new_leads = created.iter().map(|t| t.n).sum::<i64>() as u32;
    let contact = created
        .iter()
        .fold(Contacted::default(), |all, t| Contacted {
            count: all.count + t.contacted,
            minutes: all.minutes + t.contact_minutes_sum,
            within_hour: all.within_hour + t.contacted_within_hour,
        });
    let closed = tally(
        db,
        Condition::all()
            .add(
                lead::Column::Status
                    .is_in(codes(&[LeadStatus::Converted, LeadStatus::Unqualified])),
            )
            .add(lead::Column::StatusChangedAt.gte(window.from))
            .add(lead::Column::StatusChangedAt.lt(window.to))
            .add(leads.clone()),
        false,
    )
    .await?;

    let mut sources: Vec<SourceRow> = LeadSource::ALL
        .into_iter()
        .map(|source| SourceRow {
            source,
            new: 0,
            outcomes: Default::default(),
        })
        .collect();
    let mut people: HashMap<Option<i32>, PersonRow> = HashMap::new();
    let mut funnel: Vec<(LeadStatus, u32)> = LeadStatus::ALL.into_iter().map(|s| (s, 0)).collect();
    let mut overall = super::model::Outcomes::default();
    let empty_row = || PersonRow {
        person: None,
        new: 0,
        outcomes: Default::default(),
    };
    for Tally {
        source,
        owner,
        status,
        n,
        ..
    } in created
    {
        let n = n as u32;
        if let Some(row) = sources.iter_mut().find(|r| r.source == source) {
            row.new += n;
        }
        if let Some(slot) = funnel.iter_mut().find(|(f, _)| *f == status) {
            slot.1 += n;
        }
        people.entry(owner).or_insert_with(empty_row).new += n;
    }
    for Tally {
        source,
        owner,
        status,
        n,
        ..
    } in closed
    {
        let n = n as u32;
        if let Some(row) = sources.iter_mut().find(|r| r.source == source) {
            row.outcomes.add(status, n);
        }
        people
            .entry(owner)
            .or_insert_with(empty_row)
            .outcomes
            .add(status, n);
        overall.add(status, n);
    }
    let names = people_by_id(db, people.keys().filter_map(|id| *id).collect()).await?;
    let mut by_person: Vec<PersonRow> = people
        .into_iter()
        .map(|(owner, row)| PersonRow {
            person: owner.and_then(|id| names.get(&id).cloned()),
            ..row
        })
        .collect();
    // People by name, the pool last.
    by_person.sort_by(|a, b| match (&a.person, &b.person) {
        (Some(a), Some(b)) => a.name.cmp(&b.name),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });

    Ok(Report {
        filter,
        now,
        event_id,
        people: crate::assignment::repo::assignees(db).await?,
        new_leads,
        new_leads_before,
        series,
        sources,
        by_person,
        overall,
        to_qualify: time_to_qualify(db, &window, leads.clone()).await?,
        speed: speed_to_lead(db, &window, leads.clone(), contact, now).await?,
        funnel,
        pipeline: pipeline(db, &filter).await?,
        waiting: attention_repo::waiting(db, leads.clone(), now).await?,
        overdue: attention_repo::overdue(db, leads, now).await?,
    })
}

/// The generated columns of migration 48 (not in the entity: the database writes them).
const CONTACT_MINUTES: &str = "contact_minutes";
const QUALIFY_MINUTES: &str = "qualify_minutes";
const FIRST_QUALIFIED_AT: &str = "first_qualified_at";

/// One group of [`tally`]: how many leads, and what their first contacts add up to.
#[derive(Debug, FromQueryResult)]
struct Tally {
    source: LeadSource,
    owner: Option<i32>,
    status: LeadStatus,
    n: i64,
    contacted: i64,
    contact_minutes_sum: i64,
    contacted_within_hour: i64,
}

/// Leads contacted, their minutes to first contact summed, and how many within the hour.
#[derive(Clone, Copy, Debug, Default)]
struct Contacted {
    count: i64,
    minutes: i64,
    within_hour: i64,
}

/// Leads matching `which`, counted by source × owner × status: one GROUP BY that feeds the
/// new-leads total, the sources table, the people table, the funnel and speed-to-lead's
/// share and mean. It reads only a covering index; `contacts: false` (closed leads) leaves
/// the contact sums at 0, so that index need not hold the minutes.
async fn tally(
    db: &DatabaseConnection,
    which: Condition,
    contacts: bool,
) -> Result<Vec<Tally>, AppError> {
    let sum = |sql: String| {
        Expr::cust(if contacts {
            sql
        } else {
            "CAST(0 AS BIGINT)".into()
        })
    };
    Ok(lead::Entity::find()
        .select_only()
        .column_as(lead::Column::Source, "source")
        .column_as(lead::Column::OwnerId, "owner")
        .column_as(lead::Column::Status, "status")
        .column_as(Expr::cust("COUNT(*)"), "n")
        .column_as(sum(format!("COUNT({CONTACT_MINUTES})")), "contacted")
        .column_as(
            sum(format!(
                "CAST(COALESCE(SUM({CONTACT_MINUTES}), 0) AS BIGINT)"
            )),
            "contact_minutes_sum",
        )
        .column_as(
            sum(format!(
                "CAST(COALESCE(SUM(CASE WHEN {CONTACT_MINUTES} <= 60 THEN 1 ELSE 0 END), 0) AS BIGINT)"
            )),
            "contacted_within_hour",
        )
        .filter(which)
        .group_by(lead::Column::Source)
        .group_by(lead::Column::OwnerId)
        .group_by(lead::Column::Status)
        .into_model::<Tally>()
        .all(db)
        .await?)
}

/// Count, sum and median of a minutes column over the leads matching `which`, without
/// bringing the rows back: the database sums, then hands over only the one or two middle
/// values (ORDER BY … LIMIT 1 or 2 OFFSET (n-1)/2). `count` and `sum` come from the caller when it
/// already has them.
async fn minutes_stats(
    db: &DatabaseConnection,
    column: &'static str,
    which: Condition,
    count: i64,
    sum: i64,
) -> Result<DurationStats, AppError> {
    if count <= 0 {
        return Ok(DurationStats::default());
    }
    let middle: Vec<i64> = lead::Entity::find()
        .select_only()
        .column_as(Expr::col(Alias::new(column)), "m")
        .filter(which)
        .filter(Expr::col(Alias::new(column)).is_not_null())
        .order_by_asc(Expr::col(Alias::new(column)))
        .offset(((count - 1) / 2) as u64)
        .limit(if count % 2 == 1 { 1 } else { 2 })
        .into_tuple()
        .all(db)
        .await?;
    Ok(DurationStats::from_parts(count, sum, &middle))
}

/// New leads per chart bar, counted in one query: each lead gets the number of its bar by a
/// CASE over the bars' start instants, then the database counts per number.
async fn series(
    db: &DatabaseConnection,
    filter: &ReportFilter,
    leads: Condition,
) -> Result<Vec<Bucket>, AppError> {
    let days = filter.buckets();
    let starts: Vec<DateTime<Utc>> = days.iter().map(|d| day_start(*d)).collect();
    let end = day_start(filter.buckets_end(&days));
    let mut case = CaseStatement::new();
    for (i, next) in starts.iter().skip(1).enumerate() {
        case = case.case(lead::Column::CreatedAt.lt(*next), Expr::val(i as i32));
    }
    let case: Expr = case.finally(Expr::val(starts.len() as i32 - 1)).into();
    let counts: Vec<(i32, i64)> = lead::Entity::find()
        .select_only()
        .column_as(case, "bar")
        // COUNT(*), not COUNT(id): PostgreSQL's created-at index does not hold the id.
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(created_between(starts[0], end))
        .filter(leads)
        // By position: PostgreSQL would not see a repeated CASE with its own parameters as
        // the same expression.
        .group_by(Expr::cust("1"))
        .into_tuple()
        .all(db)
        .await?;
    let mut series: Vec<Bucket> = days
        .into_iter()
        .map(|first_day| Bucket {
            first_day,
            count: 0,
        })
        .collect();
    for (bar, n) in counts {
        if let Some(bucket) = series.get_mut(bar as usize) {
            bucket.count += n as u32;
        }
    }
    Ok(series)
}

/// From creation to the first time a lead was marked Kvalifikovaný, for leads whose first
/// such change falls in the period (the database keeps that moment on the lead, migration 48).
async fn time_to_qualify(
    db: &DatabaseConnection,
    window: &super::model::Window,
    leads: Condition,
) -> Result<DurationStats, AppError> {
    let first_qualified = || Expr::col(Alias::new(FIRST_QUALIFIED_AT));
    let which = Condition::all()
        .add(first_qualified().gte(window.from))
        .add(first_qualified().lt(window.to))
        .add(leads);
    let (count, sum): (i64, i64) = lead::Entity::find()
        .select_only()
        .column_as(Expr::cust(format!("COUNT({QUALIFY_MINUTES})")), "n")
        .column_as(
            Expr::cust(format!(
                "CAST(COALESCE(SUM({QUALIFY_MINUTES}), 0) AS BIGINT)"
            )),
            "total",
        )
        .filter(which.clone())
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((0, 0));
    minutes_stats(db, QUALIFY_MINUTES, which, count, sum).await
}

/// Speed-to-lead over the leads created in the period: the contacted ones' count, sum and
/// share come from the tally; here only the median and the leads whose hour ran out unheard.
async fn speed_to_lead(
    db: &DatabaseConnection,
    window: &super::model::Window,
    leads: Condition,
    contacted: Contacted,
    now: DateTime<Utc>,
) -> Result<SpeedToLead, AppError> {
    // Not contacted, and their hour is up: they count against the share.
    let hour_ago = now - Duration::hours(1);
    let missed = lead::Entity::find()
        .filter(created_between(window.from, Ord::min(window.to, hour_ago)))
        // The same as first_contact_at IS NULL, but held by the created-at index.
        .filter(Expr::col(Alias::new(CONTACT_MINUTES)).is_null())
        .filter(leads.clone())
        .count(db)
        .await? as u32;
    let to_first_contact = minutes_stats(
        db,
        CONTACT_MINUTES,
        created_between(window.from, window.to).add(leads),
        contacted.count,
        contacted.minutes,
    )
    .await?;
    Ok(SpeedToLead {
        counted: contacted.count as u32 + missed,
        within_hour: contacted.within_hour as u32,
        to_first_contact,
    })
}

/// Open deals by stage. The salesperson filter means the deal's owner; the source filter, the
/// source of the lead the deal was converted from.
async fn pipeline(
    db: &DatabaseConnection,
    filter: &ReportFilter,
) -> Result<Vec<PipelineRow>, AppError> {
    let mut query = opportunity::Entity::find()
        .select_only()
        .column(opportunity::Column::Stage)
        .column_as(opportunity::Column::Id.count(), "n")
        .column_as(
            Expr::cust("CAST(COALESCE(SUM(amount_czk), 0) AS BIGINT)"),
            "amount",
        )
        .filter(opportunity::Column::Stage.is_not_in([Stage::Won.code(), Stage::Lost.code()]))
        .group_by(opportunity::Column::Stage);
    match filter.owner {
        OwnerFilter::Anyone => {}
        OwnerFilter::Nobody => query = query.filter(opportunity::Column::OwnerId.is_null()),
        OwnerFilter::Person(id) => query = query.filter(opportunity::Column::OwnerId.eq(id)),
    }
    if let Some(source) = filter.source {
        let from_source = Query::select()
            .column(lead::Column::ConvertedOpportunityId)
            .from(lead::Entity)
            .and_where(lead::Column::Source.eq(source.code()))
            .and_where(lead::Column::ConvertedOpportunityId.is_not_null())
            .to_owned();
        query = query.filter(opportunity::Column::Id.in_subquery(from_source));
    }
    let rows: Vec<(Stage, i64, i64)> = query.into_tuple().all(db).await?;
    Ok(Stage::ALL
        .into_iter()
        .filter(|s| !matches!(s, Stage::Won | Stage::Lost))
        .map(|stage| {
            let (count, amount_czk) = rows
                .iter()
                .find(|(row_stage, _, _)| *row_stage == stage)
                .map(|(_, n, amount)| (*n as u32, *amount))
                .unwrap_or((0, 0));
            PipelineRow {
                stage,
                count,
                amount_czk,
            }
        })
        .collect())
}
