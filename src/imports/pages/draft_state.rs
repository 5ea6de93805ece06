//! A draft batch's state as the page holds it: the settings' signals every section shares,
//! the latest preview, and where a refused mapping's reason belongs. The sections
//! (`draft`, `mapping`, `preview_table`) sit above it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::imports::api::preview_import;
use crate::imports::model::{ImportPreview, ImportRefusal, ImportSettings, RowFilter};

/// How many sample values of a column the mapping shows.
const SAMPLES: usize = 3;

/// The draft as the page holds it. Copy: every section gets the same signals.
#[derive(Clone, Copy)]
pub struct Draft {
    pub batch: i32,
    /// What the user has chosen (sent with every preview and the commit).
    pub settings: RwSignal<ImportSettings>,
    /// The last preview the server gave.
    pub preview: RwSignal<ImportPreview>,
    /// Why the last request was refused (None once one succeeds).
    pub error: RwSignal<Option<AppError>>,
    /// A preview is on its way.
    pub loading: RwSignal<bool>,
    /// A few values of each column, from the first rows of the file.
    pub samples: RwSignal<Vec<Vec<String>>>,
    /// Numbers the requests, so an answer overtaken by a later change is dropped.
    requests: StoredValue<u64>,
}

/// Where a refusal is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorSpot {
    Sheet,
    Mapping,
    Owner,
    Status,
    /// Above the commit button.
    General,
}

pub fn error_spot(error: &AppError) -> ErrorSpot {
    match error {
        AppError::Import(refusal) => match refusal {
            ImportRefusal::NoSuchSheet => ErrorSpot::Sheet,
            ImportRefusal::MappingDoesNotFit
            | ImportRefusal::FieldMappedTwice(_)
            | ImportRefusal::NoNameColumn
            | ImportRefusal::NoContactColumn
            | ImportRefusal::NoRecognisableColumn => ErrorSpot::Mapping,
            ImportRefusal::OwnerUnavailable => ErrorSpot::Owner,
            ImportRefusal::StatusNotImportable => ErrorSpot::Status,
            _ => ErrorSpot::General,
        },
        _ => ErrorSpot::General,
    }
}

impl Draft {
    pub fn new(preview: ImportPreview) -> Self {
        Draft {
            batch: preview.batch.id,
            settings: RwSignal::new(preview.settings.clone()),
            samples: RwSignal::new(samples_of(&preview)),
            preview: RwSignal::new(preview),
            error: RwSignal::new(None),
            loading: RwSignal::new(false),
            requests: StoredValue::new(0),
        }
    }

    /// The translated refusal, if the last one belongs at `spot`.
    pub fn error_at(&self, spot: ErrorSpot) -> Signal<Option<String>> {
        let error = self.error;
        let i18n = use_i18n();
        Signal::derive(move || {
            error.with(|e| {
                e.as_ref()
                    .filter(|e| error_spot(e) == spot)
                    .map(|e| i18n.t().error(e))
            })
        })
    }

    /// Changes the settings and shows the preview again from the first row.
    pub fn change(&self, edit: impl FnOnce(&mut ImportSettings)) {
        self.settings.update(edit);
        let filter = self.preview.with_untracked(|p| p.filter);
        self.show(filter, 0);
    }

    /// Changes the settings and shows the same page of rows again (a row's own choice).
    pub fn change_in_place(&self, edit: impl FnOnce(&mut ImportSettings)) {
        self.settings.update(edit);
        let (filter, offset) = self.preview.with_untracked(|p| (p.filter, p.offset));
        self.show(filter, offset);
    }

    /// Asks for the rows `filter` admits from `offset`, with the settings on screen.
    pub fn show(&self, filter: RowFilter, offset: u32) {
        let this = *self;
        let number = this.requests.get_value() + 1;
        this.requests.set_value(number);
        this.loading.set(true);
        let settings = this.settings.get_untracked();
        spawn_local(async move {
            let answer = preview_import(this.batch, Some(settings), filter, offset).await;
            // A later request is on its way (or the page is gone): this answer is old.
            if this.requests.try_get_value() != Some(number) {
                return;
            }
            this.loading.set(false);
            match answer {
                Ok(preview) => {
                    let headers_changed = this
                        .preview
                        .with_untracked(|p| p.headers != preview.headers);
                    let from_the_top = preview.filter == RowFilter::All && preview.offset == 0;
                    if headers_changed || from_the_top {
                        this.samples.set(samples_of(&preview));
                    }
                    this.error.set(None);
                    // The settings in force: another sheet comes with its own mapping.
                    this.settings.set(preview.settings.clone());
                    this.preview.set(preview);
                }
                Err(err) => this.error.set(Some(err)),
            }
        });
    }
}

/// Up to [`SAMPLES`] different non-empty values of each column among the preview's rows.
fn samples_of(preview: &ImportPreview) -> Vec<Vec<String>> {
    (0..preview.headers.len())
        .map(|column| {
            let mut values: Vec<String> = Vec::new();
            for row in &preview.rows {
                if values.len() == SAMPLES {
                    break;
                }
                if let Some(cell) = row.cells.get(column)
                    && !cell.is_empty()
                    && !values.contains(cell)
                {
                    values.push(cell.clone());
                }
            }
            values
        })
        .collect()
}
