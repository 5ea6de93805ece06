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
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, JoinType, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, RelationTrait,
};

use super::model::{
    Bucket, DurationStats, OverdueTask, OwnerFilter, PersonRow, PipelineRow, Report, ReportFilter,
    SHORTLIST, Shortlist, SourceRow, SpeedToLead, WaitingLead, day_start,
};
use crate::activities::model::ActivityKind;
use crate::clients::model::Stage;
use crate::error::AppError;
use crate::leads::model::{LeadSource, LeadStatus, full_name};
use crate::leads::store::people_by_id;
use crate::server::entities::{activity, lead, lead_status_change, opportunity};

/// Statuses still being worked: closed leads wait for nobody.
const ACTIVE: [LeadStatus; 4] = [
    LeadStatus::New,
    LeadStatus::Assigned,
    LeadStatus::InProcess,
    LeadStatus::Qualified,
];

fn codes(statuses: &[LeadStatus]) -> Vec<&'static str> {
    statuses.iter().map(|s| s.code()).collect()
}

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

fn minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    Ord::max((to - from).num_minutes(), 0)
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

    let new_leads = lead::Entity::find()
        .filter(created_between(window.from, window.to))
        .filter(leads.clone())
        .count(db)
        .await? as u32;
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
    )
    .await?;
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
    for (source, owner, status, n) in created {
        let n = n as u32;
        if let Some(row) = sources.iter_mut().find(|r| r.source == source) {
            row.new += n;
        }
        if let Some(slot) = funnel.iter_mut().find(|(f, _)| *f == status) {
            slot.1 += n;
        }
        people.entry(owner).or_insert_with(empty_row).new += n;
    }
    for (source, owner, status, n) in closed {
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
        speed: speed_to_lead(db, &window, leads.clone(), now).await?,
        funnel,
        pipeline: pipeline(db, &filter).await?,
        waiting: waiting(db, leads.clone(), now).await?,
        overdue: overdue(db, leads, now).await?,
    })
}

/// Leads matching `which`, counted by source × owner × status: one GROUP BY that feeds the
/// sources table, the people table and the funnel.
async fn tally(
    db: &DatabaseConnection,
    which: Condition,
) -> Result<Vec<(LeadSource, Option<i32>, LeadStatus, i64)>, AppError> {
    Ok(lead::Entity::find()
        .select_only()
        .column(lead::Column::Source)
        .column(lead::Column::OwnerId)
        .column(lead::Column::Status)
        .column_as(lead::Column::Id.count(), "n")
        .filter(which)
        .group_by(lead::Column::Source)
        .group_by(lead::Column::OwnerId)
        .group_by(lead::Column::Status)
        .into_tuple()
        .all(db)
        .await?)
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
        .column_as(lead::Column::Id.count(), "n")
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
/// such change falls in the period.
async fn time_to_qualify(
    db: &DatabaseConnection,
    window: &super::model::Window,
    leads: Condition,
) -> Result<DurationStats, AppError> {
    let earlier = Alias::new("earlier");
    let qualified = LeadStatus::Qualified.code();
    let earlier_change = Query::select()
        .expr(Expr::val(1))
        .from_as(lead_status_change::Entity, earlier.clone())
        .and_where(
            Expr::col((earlier.clone(), lead_status_change::Column::LeadId)).equals((
                lead_status_change::Entity,
                lead_status_change::Column::LeadId,
            )),
        )
        .and_where(Expr::col((earlier.clone(), lead_status_change::Column::ToStatus)).eq(qualified))
        .and_where(
            Expr::col((earlier, lead_status_change::Column::Id)).lt(Expr::col((
                lead_status_change::Entity,
                lead_status_change::Column::Id,
            ))),
        )
        .to_owned();
    let rows: Vec<(DateTime<Utc>, DateTime<Utc>)> = lead_status_change::Entity::find()
        .select_only()
        .column(lead::Column::CreatedAt)
        .column(lead_status_change::Column::ChangedAt)
        .join(
            JoinType::InnerJoin,
            lead_status_change::Relation::Lead.def(),
        )
        .filter(lead_status_change::Column::ToStatus.eq(qualified))
        .filter(lead_status_change::Column::ChangedAt.gte(window.from))
        .filter(lead_status_change::Column::ChangedAt.lt(window.to))
        .filter(Expr::exists(earlier_change).not())
        .filter(leads)
        .into_tuple()
        .all(db)
        .await?;
    Ok(DurationStats::of(
        rows.into_iter()
            .map(|(created, qualified)| minutes(created, qualified))
            .collect(),
    ))
}

async fn speed_to_lead(
    db: &DatabaseConnection,
    window: &super::model::Window,
    leads: Condition,
    now: DateTime<Utc>,
) -> Result<SpeedToLead, AppError> {
    let contacted: Vec<(DateTime<Utc>, DateTime<Utc>)> = lead::Entity::find()
        .select_only()
        .column(lead::Column::CreatedAt)
        .column(lead::Column::FirstContactAt)
        .filter(created_between(window.from, window.to))
        .filter(lead::Column::FirstContactAt.is_not_null())
        .filter(leads.clone())
        .into_tuple()
        .all(db)
        .await?;
    // Not contacted, and their hour is up: they count against the share.
    let hour_ago = now - Duration::hours(1);
    let missed = lead::Entity::find()
        .filter(created_between(window.from, Ord::min(window.to, hour_ago)))
        .filter(lead::Column::FirstContactAt.is_null())
        .filter(leads)
        .count(db)
        .await? as u32;
    let minutes: Vec<i64> = contacted.iter().map(|(c, f)| minutes(*c, *f)).collect();
    let within_hour = minutes.iter().filter(|m| **m <= 60).count() as u32;
    Ok(SpeedToLead {
        counted: minutes.len() as u32 + missed,
        within_hour,
        to_first_contact: DurationStats::of(minutes),
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

/// Active leads nobody has contacted an hour after they came in, longest waiting first.
async fn waiting(
    db: &DatabaseConnection,
    leads: Condition,
    now: DateTime<Utc>,
) -> Result<Shortlist<WaitingLead>, AppError> {
    let query = lead::Entity::find()
        .filter(lead::Column::FirstContactAt.is_null())
        .filter(lead::Column::CreatedAt.lt(now - Duration::hours(1)))
        .filter(lead::Column::Status.is_in(codes(&ACTIVE)))
        .filter(leads);
    let total = query.clone().count(db).await? as u32;
    let rows = query
        .order_by_asc(lead::Column::CreatedAt)
        .order_by_asc(lead::Column::Id)
        .limit(SHORTLIST)
        .all(db)
        .await?;
    let names = people_by_id(db, rows.iter().filter_map(|l| l.owner_id).collect()).await?;
    let items = rows
        .into_iter()
        .map(|l| WaitingLead {
            lead_id: l.id,
            name: full_name(&l.first_name, &l.last_name),
            company: l.company,
            owner: l
                .owner_id
                .and_then(|id| names.get(&id))
                .map(|p| p.name.clone()),
            created_at: l.created_at,
        })
        .collect();
    Ok(Shortlist { items, total })
}

/// Open tasks past their time on active leads, most overdue first.
async fn overdue(
    db: &DatabaseConnection,
    leads: Condition,
    now: DateTime<Utc>,
) -> Result<Shortlist<OverdueTask>, AppError> {
    let mut active_leads = Query::select();
    active_leads
        .column(lead::Column::Id)
        .from(lead::Entity)
        .and_where(lead::Column::Status.is_in(codes(&ACTIVE)))
        .cond_where(leads);
    let query = activity::Entity::find()
        .filter(activity::Column::Kind.eq(ActivityKind::Task.code()))
        .filter(activity::Column::DoneAt.is_null())
        .filter(activity::Column::OccursAt.lt(now))
        .filter(activity::Column::LeadId.in_subquery(active_leads.to_owned()));
    let total = query.clone().count(db).await? as u32;
    let tasks = query
        .order_by_asc(activity::Column::OccursAt)
        .order_by_asc(activity::Column::Id)
        .limit(SHORTLIST)
        .all(db)
        .await?;
    let lead_rows = lead::Entity::find()
        .filter(lead::Column::Id.is_in(tasks.iter().map(|t| t.lead_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let names = people_by_id(db, lead_rows.iter().filter_map(|l| l.owner_id).collect()).await?;
    let by_id: HashMap<i32, lead::Model> = lead_rows.into_iter().map(|l| (l.id, l)).collect();
    let items = tasks
        .into_iter()
        .filter_map(|t| {
            let l = by_id.get(&t.lead_id)?;
            Some(OverdueTask {
                task_id: t.id,
                lead_id: t.lead_id,
                lead_name: full_name(&l.first_name, &l.last_name),
                subject: t.subject,
                owner: l
                    .owner_id
                    .and_then(|id| names.get(&id))
                    .map(|p| p.name.clone()),
                due: t.occurs_at?,
            })
        })
        .collect();
    Ok(Shortlist { items, total })
}
