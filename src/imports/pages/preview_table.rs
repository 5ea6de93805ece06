//! The preview: counts of each kind as filter buttons, one page of rows (never the whole
//! file: a page is at most `PREVIEW_PAGE_SIZE` rows), and the pager. A row shows what the
//! lead would be, what it is (new, duplicate with links to what it matches, invalid with the
//! reason by the cell it comes from) and, for a duplicate, its own choice.
//!
//! On a narrow screen the table scrolls sideways inside its own focusable region, never the
//! page.

use leptos::prelude::*;

use super::draft_state::Draft;
use crate::i18n::{I18n, Texts, use_i18n};
use crate::imports::model::{
    CellIssue, CellProblem, DuplicateChoice, ImportField, MatchTarget, PREVIEW_PAGE_SIZE,
    PreviewRow, RowChoice, RowFilter, RowOutcome,
};
use crate::leads::model::format_phone;

#[component]
pub fn PreviewSection(draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let preview = draft.preview;
    let filter = move || preview.with(|p| p.filter);
    let tab = move |kind: RowFilter| {
        let label = move || {
            let c = preview.with(|p| p.counts);
            let t = t();
            match kind {
                RowFilter::All => (t.filter_all)(c.rows),
                RowFilter::New => (t.filter_new)(c.new),
                RowFilter::Duplicate => (t.filter_duplicate)(c.duplicate),
                RowFilter::Invalid => (t.filter_invalid)(c.invalid),
            }
        };
        view! {
            <button type="button" class="filter-chip" data-filter=filter_code(kind)
                aria-pressed=move || if filter() == kind { "true" } else { "false" }
                on:click=move |_| draft.show(kind, 0)>
                {label}
            </button>
        }
    };
    let rows = move || {
        preview.with(|p| {
            p.rows
                .iter()
                .map(|row| (row_key(row), row.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="import-section import-preview" aria-labelledby="import-preview-title">
            <h2 id="import-preview-title">{move || t().preview_title}</h2>
            <div class="preview-filters" role="group" aria-label=move || t().filter_label>
                {tab(RowFilter::All)}
                {tab(RowFilter::New)}
                {tab(RowFilter::Duplicate)}
                {tab(RowFilter::Invalid)}
            </div>
            <p class="muted preview-status" aria-live="polite">
                {move || draft.loading.get().then(|| t().preview_refreshing)}
            </p>
            <div class="table-scroll" role="region" tabindex="0"
                aria-label=move || t().table_label
                aria-busy=move || draft.loading.get().then_some("true")>
                <table class="preview-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || t().col_row}</th>
                            <th scope="col">{move || t().col_name}</th>
                            <th scope="col">{move || i18n.t().field_email}</th>
                            <th scope="col">{move || i18n.t().field_phone}</th>
                            <th scope="col">{move || i18n.t().field_company}</th>
                            <th scope="col">{move || t().col_result}</th>
                            <th scope="col">{move || t().col_choice}</th>
                        </tr>
                    </thead>
                    <tbody>
                        // Keyed by what the row shows but its choice: choosing keeps the row
                        // (and the focus in its select); a new mapping redraws what changed.
                        <For each=rows key=|(key, _)| key.clone() let((_, row))>
                            <PreviewRowView draft row/>
                        </For>
                    </tbody>
                </table>
                <Show when=move || preview.with(|p| p.rows.is_empty())>
                    <p class="muted no-rows">{move || t().no_rows}</p>
                </Show>
            </div>
            <Pager draft/>
        </section>
    }
}

fn filter_code(filter: RowFilter) -> &'static str {
    match filter {
        RowFilter::All => "all",
        RowFilter::New => "new",
        RowFilter::Duplicate => "duplicate",
        RowFilter::Invalid => "invalid",
    }
}

/// What identifies a row's rendering: everything but the duplicate choice (which the row's
/// select reads from the settings).
fn row_key(row: &PreviewRow) -> String {
    let outcome = match &row.outcome {
        RowOutcome::Duplicate { matches, .. } => format!("D{matches:?}"),
        other => format!("{other:?}"),
    };
    format!("{}|{:?}|{outcome}|{:?}", row.row, row.values, row.cells)
}

/// Which cell of the table a field's problem is shown by.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Name,
    Email,
    Phone,
    Company,
    /// In the result cell, with the field's name.
    Other,
}

fn slot_of(field: ImportField) -> Slot {
    match field {
        ImportField::FirstName | ImportField::LastName | ImportField::FullName => Slot::Name,
        ImportField::Email => Slot::Email,
        ImportField::Phone => Slot::Phone,
        ImportField::Company | ImportField::Ico => Slot::Company,
        _ => Slot::Other,
    }
}

#[component]
fn PreviewRowView(draft: Draft, row: PreviewRow) -> impl IntoView {
    let i18n = use_i18n();
    let number = row.row;
    let problems: Vec<CellProblem> = match &row.outcome {
        RowOutcome::Invalid { problems } => problems.clone(),
        _ => Vec::new(),
    };
    let kind = row.outcome.kind();
    let kind_code = match kind {
        crate::imports::model::RowKind::New => "new",
        crate::imports::model::RowKind::Duplicate => "duplicate",
        crate::imports::model::RowKind::Invalid => "invalid",
    };
    let values = &row.values;
    let name = format!("{} {}", values.first_name, values.last_name)
        .trim()
        .to_string();
    let phone = if values.phone.starts_with('+') {
        format_phone(&values.phone)
    } else {
        values.phone.clone()
    };
    let company = match (values.company.is_empty(), values.ico.is_empty()) {
        (false, false) => format!("{} ({})", values.company, values.ico),
        (true, false) => values.ico.clone(),
        _ => values.company.clone(),
    };
    let cell = |slot: Slot, shown: String| {
        view! { <ValueCell place=slot shown problems=problems.clone() cells=row.cells.clone()/> }
    };
    let result =
        match row.outcome.clone() {
            RowOutcome::New => ().into_any(),
            RowOutcome::Duplicate { matches, .. } => view! {
                <ul class="row-matches">
                    {matches.into_iter().map(|m| match_view(i18n, m.target, m.by)).collect_view()}
                </ul>
            }
            .into_any(),
            RowOutcome::Invalid { problems } => {
                let others: Vec<CellProblem> = problems
                    .into_iter()
                    .filter(|p| slot_of(p.field) == Slot::Other)
                    .collect();
                (!others.is_empty())
                .then(|| view! {
                    <ul class="row-problems">
                        {others.into_iter().map(|p| view! {
                            <li class="cell-problem">{move || problem_text(i18n, p, true)}</li>
                        }).collect_view()}
                    </ul>
                })
                .into_any()
            }
        };
    let fill_possible = match &row.outcome {
        RowOutcome::Duplicate { matches, .. } => matches
            .iter()
            .any(|m| matches!(m.target, MatchTarget::Lead { .. })),
        _ => false,
    };
    view! {
        <tr data-row=number data-kind=kind_code class=format!("preview-row kind-{kind_code}")>
            <td class="row-number">{number}</td>
            {cell(Slot::Name, name)}
            {cell(Slot::Email, values.email.clone())}
            {cell(Slot::Phone, phone)}
            {cell(Slot::Company, company)}
            <td class="row-result">
                <span class="kind-badge" data-kind=kind_code>{move || i18n.t().imports.kind(kind)}</span>
                {result}
            </td>
            <td class="row-choice">
                {(kind == crate::imports::model::RowKind::Duplicate).then(|| view! { <RowChoiceSelect draft row=number fill_possible/> })}
            </td>
        </tr>
    }
}

/// A cell of the table: the value the lead would get, or the cell as in the file when the
/// value is missing because the cell is wrong, with the reasons below it.
#[component]
fn ValueCell(
    place: Slot,
    shown: String,
    problems: Vec<CellProblem>,
    cells: Vec<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let mine: Vec<CellProblem> = problems
        .into_iter()
        .filter(|p| slot_of(p.field) == place)
        .collect();
    let shown = if shown.is_empty() {
        mine.iter()
            .filter_map(|p| p.column)
            .find_map(|c| cells.get(c as usize).filter(|v| !v.is_empty()).cloned())
            .unwrap_or_default()
    } else {
        shown
    };
    // Name and company cells hold more than one field: say which.
    let with_field = matches!(place, Slot::Name | Slot::Company);
    let invalid = !mine.is_empty();
    view! {
        <td class:cell-invalid=invalid>
            <span class="cell-value">{shown}</span>
            {mine.into_iter().map(|p| view! {
                <span class="cell-problem">{move || problem_text(i18n, p, with_field)}</span>
            }).collect_view()}
        </td>
    }
}

/// The reason of a cell's problem: the lead rules' message for a lead field, the import's
/// own for the rest.
fn issue_text(t: &Texts, issue: CellIssue) -> String {
    let own = t.imports;
    match issue {
        CellIssue::Lead(problem) => t.field_problem(problem),
        CellIssue::UnknownSource => own.issue_unknown_source.into(),
        CellIssue::UnknownOwner => own.issue_unknown_owner.into(),
        CellIssue::InactiveOwner => own.issue_inactive_owner.into(),
        CellIssue::UnknownStatus => own.issue_unknown_status.into(),
        CellIssue::StatusNotImportable => own.issue_status_not_importable.into(),
        CellIssue::UnknownRegion => own.issue_unknown_region.into(),
        CellIssue::UnknownProduct => own.issue_unknown_product.into(),
    }
}

fn problem_text(i18n: I18n, problem: CellProblem, with_field: bool) -> String {
    let t = i18n.t();
    let reason = issue_text(t, problem.issue);
    if with_field {
        format!("{}: {reason}", t.imports.field(problem.field))
    } else {
        reason
    }
}

/// "Lead Jan Novák (stejný e-mail)" with a link to it, or "Dříve v souboru: řádek 7".
fn match_view(
    i18n: I18n,
    target: MatchTarget,
    by: Vec<crate::imports::model::MatchedBy>,
) -> impl IntoView {
    let reasons = move || {
        let t = i18n.t().imports;
        let list: Vec<&str> = by.iter().map(|b| t.matched_by(*b)).collect();
        if list.is_empty() {
            String::new()
        } else {
            format!(" ({})", list.join(", "))
        }
    };
    let url = target.url();
    let (label, name): (fn(I18n) -> &'static str, String) = match &target {
        MatchTarget::Lead { name, .. } => (|i| i.t().import_pages.match_lead, name.clone()),
        MatchTarget::Contact { name, .. } => (|i| i.t().import_pages.match_contact, name.clone()),
        MatchTarget::Account { name, .. } => (|i| i.t().import_pages.match_account, name.clone()),
        MatchTarget::Row { row } => {
            let row = *row;
            return view! {
                <li class="row-match">
                    {move || i18n.t().import_pages.match_row}": "
                    {move || (i18n.t().imports.row_n)(row)}
                    {reasons}
                </li>
            }
            .into_any();
        }
    };
    view! {
        <li class="row-match">
            {move || label(i18n)}" "
            <a href=url.unwrap_or_default()>{name}</a>
            {reasons}
        </li>
    }
    .into_any()
}

/// A duplicate row's own choice; its value is what the settings say for the row.
#[component]
fn RowChoiceSelect(draft: Draft, row: u32, fill_possible: bool) -> impl IntoView {
    let i18n = use_i18n();
    let settings = draft.settings;
    let current = move || settings.with(|s| s.choice_for(row));
    let offered: Vec<DuplicateChoice> = DuplicateChoice::ALL
        .into_iter()
        .filter(|c| fill_possible || *c != DuplicateChoice::FillEmpty)
        .collect();
    view! {
        <select class="row-choice-select"
            aria-label=move || (i18n.t().import_pages.row_choice_label)(row)
            prop:value=move || current().code()
            on:change=move |ev| {
                if let Some(choice) = DuplicateChoice::from_code(&event_target_value(&ev)) {
                    draft.change_in_place(|s| {
                        s.row_choices.retain(|c| c.row != row);
                        s.row_choices.push(RowChoice { row, choice });
                    });
                }
            }>
            {offered.into_iter().map(|choice| view! {
                <option value=choice.code() selected=move || current() == choice>
                    {move || i18n.t().imports.choice(choice)}
                </option>
            }).collect_view()}
        </select>
    }
}

/// "Řádky 101–200 z 240" with the previous and next page.
#[component]
fn Pager(draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let place = move || {
        draft
            .preview
            .with(|p| (p.filter, p.offset, p.filtered, p.rows.len() as u32))
    };
    let shown = move || {
        let (_, offset, filtered, listed) = place();
        (listed > 0).then(|| (t().shown_rows)(offset + 1, offset + listed, filtered))
    };
    let has_prev = move || place().1 > 0;
    let has_next = move || {
        let (_, offset, filtered, listed) = place();
        offset + listed < filtered
    };
    view! {
        <div class="pager">
            <span class="muted" data-testid="shown-rows">{shown}</span>
            <Show when=move || has_prev() || has_next()>
                <button type="button" class="button secondary" disabled=move || !has_prev()
                    on:click=move |_| {
                        let (filter, offset, _, _) = place();
                        draft.show(filter, offset.saturating_sub(PREVIEW_PAGE_SIZE));
                    }>
                    {move || t().prev_page}
                </button>
                <button type="button" class="button secondary" disabled=move || !has_next()
                    on:click=move |_| {
                        let (filter, offset, _, listed) = place();
                        draft.show(filter, offset + listed);
                    }>
                    {move || t().next_page}
                </button>
            </Show>
        </div>
    }
}
