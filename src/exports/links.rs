//! "Export CSV" / "Export Excel": two small links to the download of the list on screen,
//! carrying its filter or search. Plain links (they work before the WebAssembly arrives);
//! `rel="external"` keeps the client-side router from taking them for a page.

use leptos::prelude::*;

use super::model::{ExportFormat, ExportList, export_href};
use crate::i18n::use_i18n;

#[component]
pub fn ExportLinks(
    list: ExportList,
    /// The screen's query parameters ("owner", "score", "closed" or "q") and their values.
    #[prop(into)]
    params: Signal<Vec<(&'static str, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = move || i18n.t().exports;
    let href = move |format: ExportFormat| move || export_href(list, format, &params.get());
    view! {
        <span class="export-links" role="group" aria-label=move || e().links_label>
            <a class="filter-chip export-link" rel="external" data-format="csv"
                href=href(ExportFormat::Csv) title=move || e().csv_title>
                {move || e().csv}
            </a>
            <a class="filter-chip export-link" rel="external" data-format="xlsx"
                href=href(ExportFormat::Xlsx) title=move || e().xlsx_title>
                {move || e().xlsx}
            </a>
        </span>
    }
}
