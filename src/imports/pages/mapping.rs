//! The column mapping: one row per column of the file with its header, a few of its values
//! and what it fills (pre-filled by the server's recognition), the sheet of a workbook with
//! several, and "unmapped columns → description". The table is built once per set of
//! headers; a change re-renders nothing but values, so focus stays in the select just used.

use leptos::prelude::*;

use super::draft_state::{Draft, ErrorSpot};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::imports::model::{ColumnTarget, ImportField, ImportRefusal, RowFilter};

/// Every choice of a column's select, in the order shown.
fn targets() -> impl Iterator<Item = ColumnTarget> {
    [ColumnTarget::Ignore, ColumnTarget::AppendToDescription]
        .into_iter()
        .chain(ImportField::ALL.into_iter().map(ColumnTarget::Field))
}

/// True when every column that fills no field goes to the description (and there is one).
fn unmapped_appended(columns: &[ColumnTarget]) -> bool {
    let mut unmapped = columns
        .iter()
        .filter(|t| !matches!(t, ColumnTarget::Field(_)))
        .peekable();
    unmapped.peek().is_some() && unmapped.all(|t| *t == ColumnTarget::AppendToDescription)
}

#[component]
pub fn MappingSection(draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let settings = draft.settings;
    let headers = Memo::new(move |_| draft.preview.with(|p| p.headers.clone()));
    let sheets = Memo::new(move |_| draft.preview.with(|p| p.sheets.clone()));
    let mapping_error = draft.error_at(ErrorSpot::Mapping);
    let sheet_error = draft.error_at(ErrorSpot::Sheet);
    // The field two columns claim, to mark both.
    let twice = Memo::new(move |_| {
        draft.error.with(|e| match e {
            Some(AppError::Import(ImportRefusal::FieldMappedTwice(field))) => Some(*field),
            _ => None,
        })
    });
    let sheet_value = move || {
        settings
            .with(|s| s.sheet.clone())
            .or_else(|| sheets.with(|s| s.first().cloned()))
            .unwrap_or_default()
    };
    view! {
        <section class="import-section import-mapping" aria-labelledby="import-mapping-title">
            <h2 id="import-mapping-title">{move || t().mapping_title}</h2>
            <p class="field-hint">{move || t().mapping_intro}</p>
            <Show when=move || sheets.with(|s| s.len() > 1)>
                <div class="field" class:field-invalid=move || sheet_error.get().is_some()>
                    <label for="import-sheet">{move || t().sheet_label}</label>
                    <select id="import-sheet"
                        aria-describedby="import-sheet-error"
                        prop:value=sheet_value
                        on:change=move |ev| {
                            let sheet = event_target_value(&ev);
                            settings.update(|s| s.sheet = Some(sheet));
                            // Another sheet has other columns: start from its first rows.
                            draft.show(RowFilter::All, 0);
                        }>
                        {move || sheets.get().into_iter().map(|name| {
                            let (value, selected) = (name.clone(), name.clone());
                            view! { <option value=value selected=move || sheet_value() == selected>{name}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" id="import-sheet-error" aria-live="polite">{move || sheet_error.get().unwrap_or_default()}</p>
                </div>
            </Show>
            <table class="mapping-table">
                <thead>
                    <tr>
                        <th scope="col">{move || t().col_column}</th>
                        <th scope="col">{move || t().col_samples}</th>
                        <th scope="col">{move || t().col_target}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || headers.get().into_iter().enumerate().map(|(column, header)| {
                        view! { <MappingRow draft column header twice/> }
                    }).collect_view()}
                </tbody>
            </table>
            <label class="checkbox">
                <input type="checkbox" id="import-append-unmapped"
                    checked=settings.with_untracked(|s| unmapped_appended(&s.columns))
                    prop:checked=move || settings.with(|s| unmapped_appended(&s.columns))
                    on:change=move |ev| {
                        let append = event_target_checked(&ev);
                        draft.change(|s| {
                            for target in &mut s.columns {
                                match (*target, append) {
                                    (ColumnTarget::Ignore, true) => *target = ColumnTarget::AppendToDescription,
                                    (ColumnTarget::AppendToDescription, false) => *target = ColumnTarget::Ignore,
                                    _ => {}
                                }
                            }
                        });
                    }/>
                <span>{move || t().append_unmapped}</span>
            </label>
            <p class="field-error" id="import-mapping-error" role="alert">{move || mapping_error.get().unwrap_or_default()}</p>
        </section>
    }
}

#[component]
fn MappingRow(
    draft: Draft,
    column: usize,
    header: String,
    twice: Memo<Option<ImportField>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let settings = draft.settings;
    let target = move || settings.with(|s| s.columns.get(column).copied().unwrap_or_default());
    let invalid =
        move || matches!((target(), twice.get()), (ColumnTarget::Field(f), Some(g)) if f == g);
    let samples = move || {
        draft
            .samples
            .with(|s| s.get(column).map(|v| v.join(", ")).unwrap_or_default())
    };
    let shown_header = if header.trim().is_empty() {
        None
    } else {
        Some(header.clone())
    };
    let name = move || {
        shown_header
            .clone()
            .unwrap_or_else(|| (t().unnamed_column)(column + 1))
    };
    let id = format!("import-map-{column}");
    view! {
        <tr class:mapping-invalid=invalid data-column=column>
            <th scope="row"><label for=id.clone()>{name.clone()}</label></th>
            <td class="mapping-samples">{samples}</td>
            <td>
                <select id=id
                    aria-label=move || (t().map_label)(&name())
                    aria-invalid=move || invalid().then_some("true")
                    aria-describedby="import-mapping-error"
                    prop:value=move || target().code()
                    on:change=move |ev| {
                        if let Some(chosen) = ColumnTarget::from_code(&event_target_value(&ev)) {
                            draft.change(|s| {
                                if s.columns.len() <= column {
                                    s.columns.resize(column + 1, ColumnTarget::Ignore);
                                }
                                s.columns[column] = chosen;
                            });
                        }
                    }>
                    {targets().map(|option| {
                        let label = move || {
                            let t = i18n.t().imports;
                            match option {
                                ColumnTarget::Ignore => t.target_ignore,
                                ColumnTarget::AppendToDescription => t.target_append,
                                ColumnTarget::Field(field) => t.field(field),
                            }
                        };
                        view! {
                            <option value=option.code() selected=move || target() == option>{label}</option>
                        }
                    }).collect_view()}
                </select>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checkbox_is_on_only_when_every_unmapped_column_is_appended() {
        use ColumnTarget::*;
        let email = Field(ImportField::Email);
        assert!(unmapped_appended(&[email, AppendToDescription]));
        assert!(!unmapped_appended(&[email, AppendToDescription, Ignore]));
        assert!(!unmapped_appended(&[email]));
        assert!(!unmapped_appended(&[]));
    }

    #[test]
    fn every_target_is_offered_once() {
        let all: Vec<_> = targets().collect();
        assert_eq!(all.len(), 2 + ImportField::ALL.len());
        for target in &all {
            assert_eq!(all.iter().filter(|t| *t == target).count(), 1);
        }
    }
}
