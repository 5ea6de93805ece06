//! `/dashboard`: the filters (kept in the address, so a view can be bookmarked), then the
//! report. The page listens to the live event stream and reads the report again shortly after
//! any lead changes (changes arriving together are read once), and every minute for the
//! "waiting over an hour" list, which changes with time alone.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::load_report;
use super::attention::Attention;
use super::model::{
    Granularity, OwnerFilter, PeriodKind, Report, ReportQuery, change_percent, prague_date,
};
use super::texts::format_minutes;
use crate::error::{AppError, Field};
use crate::i18n::time::prague_datetime;
use crate::i18n::use_i18n;
use crate::leads::model::LeadSource;
use crate::qualification::model::format_czk;
use crate::ui::charts::{Bar, BarChart, ColumnChart, TableHeads};
use crate::ui::clock::use_now;

/// How long the page waits after an event before reading the report, so a burst of changes
/// costs one read.
const SETTLE_MS: u64 = 300;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().dashboard;
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        query_map.with(|q| {
            let get = |key: &str| q.get(key).unwrap_or_default();
            ReportQuery {
                period: get("period"),
                from: get("from"),
                to: get("to"),
                owner: get("owner"),
                source: get("source"),
                per: get("per"),
            }
        })
    });
    let refreshes = RwSignal::new(0u32);
    let report = Resource::new(
        move || (query.get(), refreshes.get()),
        |(q, _)| load_report(q),
    );
    keep_live(report, refreshes);

    view! {
        <section class="page dashboard-page">
            <header class="dashboard-head">
                <h1>{move || t().title}</h1>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        report.await.ok().map(|r| view! {
                            <p class="live-status" data-event-id=r.event_id>
                                <span class="live-dot" aria-hidden="true"></span>
                                {move || t().live}" · "
                                <time datetime=r.now.to_rfc3339()>{move || (t().updated)(&prague_datetime(r.now))}</time>
                            </p>
                        })
                    })}
                </Transition>
            </header>
            <Filters query/>
            <Transition fallback=move || view! { <p class="loading">{move || i18n.t().board_loading}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => view! { <ReportView r/> }.into_any(),
                        Err(AppError::Invalid(_)) => view! {
                            <p class="form-error" role="alert">{move || t().fix_filters}</p>
                        }.into_any(),
                        Err(err) => view! {
                            <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Listens from the first report's event on (so nothing between reading and listening is
/// missed) and asks for a new read after changes and every minute. Browser only.
fn keep_live(report: Resource<Result<Report, AppError>>, refreshes: RwSignal<u32>) {
    let owner = Owner::current();
    let listening = StoredValue::new(false);
    let pending = StoredValue::new(false);
    let refresh_soon = move || {
        if !pending.get_value() {
            pending.set_value(true);
            crate::ui::timers::after(std::time::Duration::from_millis(SETTLE_MS), move || {
                pending.try_set_value(false);
                refreshes.try_update(|n| *n += 1);
            });
        }
    };
    Effect::new(move |_| {
        if listening.get_value() {
            return;
        }
        let Some(from) = report.with(|r| match r {
            Some(Ok(r)) => Some(r.event_id),
            _ => None,
        }) else {
            return;
        };
        listening.set_value(true);
        // Under the page's owner, not this effect's: the effect runs again with every report,
        // and what it started must live as long as the page.
        let start = move || {
            crate::live::listen::listen(from, move |_| refresh_soon());
            crate::ui::timers::every_while_shown(std::time::Duration::from_secs(60), move || {
                refreshes.try_update(|n| *n += 1);
            });
        };
        match &owner {
            Some(owner) => owner.with(start),
            None => start(),
        }
    });
}

/// The filters as a GET form, so they work before the WebAssembly arrives. Afterwards each
/// change applies at once: the page goes to the address the filters make (no reload).
#[component]
fn Filters(query: Memo<ReportQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().dashboard;
    let now = use_now();
    let checked = Memo::new(move |_| query.get().validate(prague_date(now.get_untracked())));
    let error = move |field: Field| {
        Signal::derive(move || {
            checked.with(|c| {
                c.as_ref().err().and_then(|errors| {
                    errors
                        .iter()
                        .find(|e| e.field == field)
                        .map(|e| i18n.t().field_problem(e.problem))
                })
            })
        })
    };
    // The shown period's days, so "Vlastní" starts from what is on screen.
    let shown_day = move |q: &ReportQuery, first: bool| {
        let raw = if first { &q.from } else { &q.to };
        match checked.get_untracked() {
            Ok(f) if q.period != PeriodKind::Custom.code() || raw.is_empty() => {
                if first { f.first_day } else { f.last_day }.to_string()
            }
            _ => raw.clone(),
        }
    };
    let from_query = move || {
        let q = query.get();
        let (from, to) = (shown_day(&q, true), shown_day(&q, false));
        (q, from, to)
    };
    let (q0, from0, to0) = from_query();
    let period = RwSignal::new(q0.period.clone());
    let from = RwSignal::new(from0);
    let to = RwSignal::new(to0);
    let owner = RwSignal::new(q0.owner.clone());
    let source = RwSignal::new(q0.source.clone());
    let per = RwSignal::new(q0.per.clone());
    // Back and forward change the address: follow it.
    Effect::new(move |_| {
        let (q, f, t) = from_query();
        period.set(q.period);
        from.set(f);
        to.set(t);
        owner.set(q.owner);
        source.set(q.source);
        per.set(q.per);
    });
    let custom = move || period.get() == PeriodKind::Custom.code();
    // No period in the address means this week. The select must name it: a value none of its
    // options has leaves it blank (selectedIndex -1) once the browser sets it.
    let period_shown = move || {
        let p = period.get();
        if p.is_empty() {
            PeriodKind::Week.code().to_string()
        } else {
            p
        }
    };
    let navigate = leptos_router::hooks::use_navigate();
    let go = Callback::new(move |()| {
        let mut pairs = vec![("period", period.get_untracked())];
        if custom() {
            pairs.push(("from", from.get_untracked()));
            pairs.push(("to", to.get_untracked()));
        }
        pairs.push(("owner", owner.get_untracked()));
        pairs.push(("source", source.get_untracked()));
        pairs.push(("per", per.get_untracked()));
        // Dates, codes and numbers: nothing in them needs escaping.
        let query: Vec<String> = pairs
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        navigate(
            &format!("/dashboard?{}", query.join("&")),
            Default::default(),
        );
    });
    let set = move |signal: RwSignal<String>| {
        move |ev: leptos::ev::Event| {
            signal.set(event_target_value(&ev));
            go.run(());
        }
    };
    let people = Resource::new(|| (), |_| crate::assignment::api::list_assignees());
    view! {
        <form method="get" action="/dashboard" class="dashboard-filters" aria-label=move || t().filters
            on:submit=move |ev| {
                ev.prevent_default();
                go.run(());
            }
        >
            <div class="field">
                <label for="dash-period">{move || t().period}</label>
                <select id="dash-period" name="period" prop:value=period_shown on:change=move |ev| {
                    period.set(event_target_value(&ev));
                    // The chart's grouping follows the period unless chosen again.
                    per.set(String::new());
                    go.run(());
                }>
                    {PeriodKind::ALL.into_iter().map(|k| {
                        let label = move || match k {
                            PeriodKind::Week => t().period_week,
                            PeriodKind::Month => t().period_month,
                            PeriodKind::Custom => t().period_custom,
                        };
                        let is = move || period_shown() == k.code();
                        view! { <option value=k.code() selected=is>{label}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" aria-live="polite">{move || error(Field::Period).get()}</p>
            </div>
            <div class="field dash-day" class:hidden=move || !custom()>
                <label for="dash-from">{move || t().from}</label>
                <input id="dash-from" name="from" type="date" prop:value=move || from.get()
                    aria-invalid=move || error(Field::PeriodFrom).get().is_some().then_some("true")
                    on:change=set(from)/>
                <p class="field-error" aria-live="polite">{move || error(Field::PeriodFrom).get()}</p>
            </div>
            <div class="field dash-day" class:hidden=move || !custom()>
                <label for="dash-to">{move || t().to}</label>
                <input id="dash-to" name="to" type="date" prop:value=move || to.get()
                    aria-invalid=move || error(Field::PeriodTo).get().is_some().then_some("true")
                    on:change=set(to)/>
                <p class="field-error" aria-live="polite">{move || error(Field::PeriodTo).get()}</p>
            </div>
            <div class="field">
                <label for="dash-owner">{move || t().owner}</label>
                <select id="dash-owner" name="owner" on:change=set(owner)>
                    <option value="" selected=move || owner.get().is_empty()>{move || t().owner_all}</option>
                    <option value="pool" selected=move || owner.get() == OwnerFilter::Nobody.code()>{move || t().owner_pool}</option>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            people.await.unwrap_or_default().into_iter().map(|p| {
                                let code = OwnerFilter::Person(p.id).code();
                                let is = { let code = code.clone(); move || owner.get() == code };
                                view! { <option value=code selected=is>{p.name}</option> }
                            }).collect_view()
                        })}
                    </Suspense>
                </select>
                <p class="field-error" aria-live="polite">{move || error(Field::Owner).get()}</p>
            </div>
            <div class="field">
                <label for="dash-source">{move || t().source}</label>
                <select id="dash-source" name="source" prop:value=move || source.get() on:change=set(source)>
                    <option value="" selected=move || source.get().is_empty()>{move || t().source_all}</option>
                    {LeadSource::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=move || source.get() == s.code()>
                            {move || i18n.t().source(s)}
                        </option>
                    }).collect_view()}
                </select>
                <p class="field-error" aria-live="polite">{move || error(Field::Source).get()}</p>
            </div>
            <div class="field">
                <label for="dash-per">{move || t().per}</label>
                <select id="dash-per" name="per" on:change=set(per)>
                    {[Granularity::Week, Granularity::Month].into_iter().map(|g| {
                        let is = move || {
                            let chosen = per.get();
                            if chosen.is_empty() {
                                checked.get().map(|f| f.per == g).unwrap_or(g == Granularity::Week)
                            } else {
                                chosen == g.code()
                            }
                        };
                        let label = move || match g {
                            Granularity::Week => t().per_week,
                            Granularity::Month => t().per_month,
                        };
                        view! { <option value=g.code() selected=is>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button secondary dash-apply">{move || t().apply}</button>
        </form>
    }
}

fn percent_or_dash(i18n: crate::i18n::I18n, value: Option<f64>) -> String {
    value
        .map(|p| (i18n.t().dashboard.percent)(p))
        .unwrap_or_else(|| "—".into())
}

#[component]
fn ReportView(r: Report) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().dashboard;
    let change = change_percent(r.new_leads, r.new_leads_before);
    let overall = r.overall;
    let to_qualify = r.to_qualify;
    let speed = r.speed;
    let per = r.filter.per;
    let series = r.series.clone();
    let column_bars = move || {
        series
            .iter()
            .map(|b| Bar {
                label: match per {
                    Granularity::Week => b.first_day.format("%-d. %-m.").to_string(),
                    Granularity::Month => {
                        use chrono::Datelike;
                        format!(
                            "{} {}",
                            t().months[b.first_day.month0() as usize],
                            b.first_day.year() % 100
                        )
                    }
                },
                value: b.count as f64,
                text: b.count.to_string(),
            })
            .collect::<Vec<_>>()
    };
    let sources = r.sources.clone();
    let by_person = r.by_person.clone();
    let attention = r.clone();
    let funnel = r.funnel.clone();
    let pipeline = r.pipeline.clone();
    view! {
        <div class="kpis">
            <article class="kpi" id="kpi-new">
                <h2>{move || t().kpi_new}</h2>
                <p class="kpi-value">{r.new_leads}</p>
                <p class="kpi-detail">{move || match change {
                    Some(pct) => (t().change)(&format!("{}{}", if pct > 0.0 { "+" } else { "" }, (t().percent)(pct))),
                    None => t().change_none.to_string(),
                }}</p>
            </article>
            <article class="kpi" id="kpi-conversion">
                <h2>{move || t().kpi_conversion}</h2>
                <p class="kpi-value">{move || percent_or_dash(i18n, overall.rate())}</p>
                <p class="kpi-detail">{move || (t().conversion_detail)(overall.converted, overall.closed())}</p>
            </article>
            <article class="kpi" id="kpi-qualify">
                <h2>{move || t().kpi_to_qualify}</h2>
                <p class="kpi-value">{move || to_qualify.median_minutes.map(format_minutes).unwrap_or_else(|| t().nothing_yet.into())}</p>
                <p class="kpi-detail">{move || to_qualify.mean_minutes.map(|m| (t().to_qualify_detail)(&format_minutes(m), to_qualify.count))}</p>
            </article>
            <article class="kpi" id="kpi-speed">
                <h2>{move || t().kpi_speed}</h2>
                <p class="kpi-value">{move || percent_or_dash(i18n, speed.share_within_hour())}</p>
                <p class="kpi-detail">{move || speed.to_first_contact.median_minutes.map(|m| (t().speed_detail)(&format_minutes(m)))}</p>
            </article>
        </div>

        <section class="dash-card dash-wide">
            {move || {
                let title = match per {
                    Granularity::Week => t().chart_new_by_week,
                    Granularity::Month => t().chart_new_by_month,
                };
                let heads = TableHeads {
                    label: match per { Granularity::Week => t().col_week, Granularity::Month => t().col_month }.into(),
                    value: t().col_count.into(),
                    summary: t().show_table.into(),
                };
                view! { <ColumnChart id="chart-new" title=title.into() bars=column_bars() heads/> }
            }}
        </section>

        <section class="dash-card" aria-labelledby="sources-title">
            <h2 id="sources-title">{move || t().sources_title}</h2>
            {
                let sources = sources.clone();
                move || {
                    let bars = sources.iter().map(|s| Bar {
                        label: i18n.t().source(s.source).into(),
                        value: s.new as f64,
                        text: s.new.to_string(),
                    }).collect();
                    let heads = TableHeads { label: t().col_source.into(), value: t().col_new.into(), summary: t().show_table.into() };
                    view! { <BarChart id="chart-sources" title=t().sources_chart.into() bars heads/> }
                }
            }
            <table class="report-table" id="sources-table">
                <thead><tr>
                    <th scope="col">{move || t().col_source}</th>
                    <th scope="col" class="num">{move || t().col_new}</th>
                    <th scope="col" class="num">{move || t().col_converted}</th>
                    <th scope="col" class="num">{move || t().col_unqualified}</th>
                    <th scope="col" class="num">{move || t().col_rate}</th>
                </tr></thead>
                <tbody>
                    {sources.into_iter().map(|s| view! {
                        <tr data-source=s.source.code()>
                            <th scope="row">{move || i18n.t().source(s.source)}</th>
                            <td class="num">{s.new}</td>
                            <td class="num">{s.outcomes.converted}</td>
                            <td class="num">{s.outcomes.unqualified}</td>
                            <td class="num rate">{move || percent_or_dash(i18n, s.outcomes.rate())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>

        // tabindex: on a phone the table scrolls sideways, and the keyboard must reach it.
        <section class="dash-card" aria-labelledby="people-title" tabindex="0">
            <h2 id="people-title">{move || t().people_title}</h2>
            <Show when={let empty = by_person.is_empty(); move || !empty} fallback=move || view! { <p class="muted">{move || t().people_empty}</p> }>
                <table class="report-table" id="people-table">
                    <thead><tr>
                        <th scope="col">{move || t().col_person}</th>
                        <th scope="col" class="num">{move || t().col_new}</th>
                        <th scope="col" class="num">{move || t().col_converted}</th>
                        <th scope="col" class="num">{move || t().col_unqualified}</th>
                        <th scope="col" class="num">{move || t().col_rate}</th>
                    </tr></thead>
                    <tbody>
                        {by_person.clone().into_iter().map(|p| {
                            let outcomes = p.outcomes;
                            let person_id = p.person.as_ref().map(|p| p.id.to_string()).unwrap_or_else(|| "pool".into());
                            let name = p.person.map(|p| p.name);
                            view! {
                                <tr data-person=person_id>
                                    <th scope="row">{move || name.clone().unwrap_or_else(|| t().pool.into())}</th>
                                    <td class="num">{p.new}</td>
                                    <td class="num">{outcomes.converted}</td>
                                    <td class="num">{outcomes.unqualified}</td>
                                    <td class="num rate">{move || percent_or_dash(i18n, outcomes.rate())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
        </section>

        <section class="dash-card">
            <h2>{move || t().funnel_title}</h2>
            {move || {
                let bars = funnel.iter().map(|(status, n)| Bar {
                    label: i18n.t().status(*status).into(),
                    value: *n as f64,
                    text: n.to_string(),
                }).collect();
                let heads = TableHeads { label: t().col_status.into(), value: t().col_count.into(), summary: t().show_table.into() };
                view! { <BarChart id="chart-funnel" title=t().funnel_title.into() bars heads/> }
            }}
        </section>

        <section class="dash-card">
            <h2>{move || t().pipeline_title}</h2>
            {move || {
                let bars = pipeline.iter().map(|row| Bar {
                    label: format!("{} ({})", i18n.t().clients.stage(row.stage), row.count),
                    value: row.amount_czk as f64,
                    text: format_czk(row.amount_czk),
                }).collect();
                let heads = TableHeads { label: t().col_stage.into(), value: t().col_amount.into(), summary: t().show_table.into() };
                view! { <BarChart id="chart-pipeline" title=t().pipeline_title.into() bars heads/> }
            }}
        </section>

        <Attention r=attention/>
    }
}
