//! The BANT panel on a lead's detail page: need, budget, authority, timing and notes, with
//! the suggested score worked out live as the salesperson fills it in, and a hand override.

use leptos::prelude::*;

use super::api::SaveQualification;
use super::model::{
    Bant, BudgetStatus, Qualification, QualificationInput, Score, Timing, format_czk,
};
use crate::error::{AppError, Field};
use crate::i18n::use_i18n;
use crate::leads::detail_model::LeadDetail;
use crate::leads::model::LeadStatus;
use crate::ui::field::{SelectField, TextArea, TextField};
use crate::ui::field_errors::error_for;
use crate::ui::form_flash::{field_errors_of, last_error};
use crate::ui::toast::use_toasts;

/// Two-way values of the form, as typed.
#[derive(Clone, Copy)]
struct Values {
    need: RwSignal<String>,
    need_confirmed: RwSignal<String>,
    budget_czk: RwSignal<String>,
    budget_status: RwSignal<String>,
    decision_maker: RwSignal<String>,
    approvers: RwSignal<String>,
    timing: RwSignal<String>,
    notes: RwSignal<String>,
    score_override: RwSignal<String>,
}

fn yes_no_code(value: Option<bool>) -> String {
    match value {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => String::new(),
    }
}

impl Values {
    fn new(q: Option<&Qualification>) -> Self {
        let bant = q.map(|q| q.bant.clone()).unwrap_or_default();
        Values {
            need: RwSignal::new(bant.need),
            need_confirmed: RwSignal::new(yes_no_code(bant.need_confirmed)),
            budget_czk: RwSignal::new(bant.budget_czk.map(format_czk).unwrap_or_default()),
            budget_status: RwSignal::new(bant.budget_status.code().into()),
            decision_maker: RwSignal::new(yes_no_code(bant.decision_maker)),
            approvers: RwSignal::new(bant.approvers),
            timing: RwSignal::new(bant.timing.code().into()),
            notes: RwSignal::new(bant.notes),
            score_override: RwSignal::new(
                q.and_then(|q| q.score_override)
                    .map(|s| s.code().to_string())
                    .unwrap_or_default(),
            ),
        }
    }

    fn set(&self, typed: QualificationInput) {
        self.need.set(typed.need);
        self.need_confirmed.set(typed.need_confirmed);
        self.budget_czk.set(typed.budget_czk);
        self.budget_status.set(typed.budget_status);
        self.decision_maker.set(typed.decision_maker);
        self.approvers.set(typed.approvers);
        self.timing.set(typed.timing);
        self.notes.set(typed.notes);
        self.score_override.set(typed.score_override);
    }

    fn input(&self) -> QualificationInput {
        QualificationInput {
            need: self.need.get(),
            need_confirmed: self.need_confirmed.get(),
            budget_czk: self.budget_czk.get(),
            budget_status: self.budget_status.get(),
            decision_maker: self.decision_maker.get(),
            approvers: self.approvers.get(),
            timing: self.timing.get(),
            notes: self.notes.get(),
            score_override: self.score_override.get(),
        }
    }
}

#[component]
pub fn QualificationPanel(
    current: RwSignal<LeadDetail>,
    /// What a refused plain post (no WebAssembly) typed, and why it was refused.
    flash: Option<(QualificationInput, AppError)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let action = ServerAction::<SaveQualification>::new();
    let values = Values::new(current.with_untracked(|d| d.qualification.clone()).as_ref());
    let (typed, flash_error) = flash.unzip();
    if let Some(typed) = typed {
        values.set(typed);
    }
    let last_error = last_error(action.value(), flash_error);
    let errors = field_errors_of(last_error);
    let error_of = move |field: Field| error_for(errors, field);
    let read_only = Signal::derive(move || current.with(|d| d.status == LeadStatus::Converted));

    Effect::new(move |_| match action.value().get() {
        Some(Ok(saved)) => {
            current.set(saved);
            toasts.info(i18n.t().qualification_saved);
        }
        Some(Err(AppError::Invalid(_))) | None => {}
        Some(Err(err)) => toasts.error(i18n.t().error(&err)),
    });

    // The rule's suggestion for what is typed right now (the server applies the same rule).
    let suggestion = Memo::new(move |_| {
        values
            .input()
            .validate()
            .ok()
            .map(|q| q.bant)
            .unwrap_or_else(|| Bant {
                need_confirmed: match values.need_confirmed.get().as_str() {
                    "yes" => Some(true),
                    "no" => Some(false),
                    _ => None,
                },
                ..Bant::default()
            })
    });
    let explanation = move || {
        let t = i18n.t();
        let bant = suggestion.get();
        let reasons = bant.reasons();
        let mark = |met: bool| if met { "✓" } else { "✗" };
        let detail = format!(
            "{} {}, {} {}, {} {}, {} {}",
            t.bant_need,
            mark(reasons.need),
            t.bant_budget,
            mark(reasons.budget),
            t.bant_authority,
            mark(reasons.authority),
            t.bant_timing,
            mark(reasons.timing)
        );
        let why = if reasons.no_need {
            t.score_no_need.to_string()
        } else {
            (t.score_met)(reasons.met(), &detail)
        };
        (bant.suggested_score(), why)
    };

    let yes_no = Signal::derive(move || {
        let t = i18n.t();
        vec![
            (String::new(), t.choice_unknown.to_string()),
            ("yes".to_string(), t.choice_yes.to_string()),
            ("no".to_string(), t.choice_no.to_string()),
        ]
    });
    let budget_statuses = Signal::derive(move || {
        let t = i18n.t();
        BudgetStatus::ALL
            .iter()
            .map(|s| (s.code().to_string(), t.budget_status(*s).to_string()))
            .collect::<Vec<_>>()
    });
    let timings = Signal::derive(move || {
        let t = i18n.t();
        Timing::ALL
            .iter()
            .map(|s| (s.code().to_string(), t.timing(*s).to_string()))
            .collect::<Vec<_>>()
    });
    let scores = Signal::derive(move || {
        let t = i18n.t();
        std::iter::once((String::new(), t.score_as_suggested.to_string()))
            .chain(
                Score::ALL
                    .iter()
                    .map(|s| (s.code().to_string(), s.code().to_string())),
            )
            .collect::<Vec<_>>()
    });
    let label =
        move |f: fn(&crate::i18n::Texts) -> &'static str| Signal::derive(move || f(i18n.t()));

    view! {
        <section class="qualification" aria-labelledby="qualification-title">
            <h2 id="qualification-title">
                {move || i18n.t().qualification_title}
                {move || current.with(|d| d.qualification.as_ref().map(|q| q.score())).map(|s| view! {
                    " "<span class="score-badge" data-score=s.code() data-testid="lead-score">{s.code()}</span>
                })}
            </h2>
            <ActionForm action attr:class="bant-form" attr:novalidate=true>
                <input type="hidden" name="lead_id" value=move || current.with(|d| d.id)/>
                <input type="hidden" name="version" value=move || current.with(|d| d.version)/>
                <fieldset class="bant-group">
                    <legend>{move || i18n.t().bant_need}</legend>
                    <TextArea id="bant-need" name="input[need]" label=label(|t| t.bant_need_description)
                        value=values.need error=error_of(Field::Need) disabled=read_only/>
                    <SelectField id="bant-need-confirmed" name="input[need_confirmed]" label=label(|t| t.bant_need_confirmed)
                        value=values.need_confirmed options=yes_no error=error_of(Field::NeedConfirmed) disabled=read_only/>
                </fieldset>
                <fieldset class="bant-group">
                    <legend>{move || i18n.t().bant_budget}</legend>
                    <div class="field-row">
                        <TextField id="bant-budget" name="input[budget_czk]" label=label(|t| t.bant_budget_amount)
                            value=values.budget_czk error=error_of(Field::Budget) inputmode="numeric" disabled=read_only/>
                        <SelectField id="bant-budget-status" name="input[budget_status]" label=label(|t| t.bant_budget_status)
                            value=values.budget_status options=budget_statuses error=error_of(Field::BudgetStatus) disabled=read_only/>
                    </div>
                </fieldset>
                <fieldset class="bant-group">
                    <legend>{move || i18n.t().bant_authority}</legend>
                    <div class="field-row">
                        <SelectField id="bant-decision-maker" name="input[decision_maker]" label=label(|t| t.bant_decision_maker)
                            value=values.decision_maker options=yes_no error=error_of(Field::DecisionMaker) disabled=read_only/>
                        <TextField id="bant-approvers" name="input[approvers]" label=label(|t| t.bant_approvers)
                            value=values.approvers error=error_of(Field::Approvers) disabled=read_only/>
                    </div>
                </fieldset>
                <fieldset class="bant-group">
                    <legend>{move || i18n.t().bant_timing}</legend>
                    <SelectField id="bant-timing" name="input[timing]" label=label(|t| t.bant_timing_when)
                        value=values.timing options=timings error=error_of(Field::Timing) disabled=read_only/>
                </fieldset>
                <TextArea id="bant-notes" name="input[notes]" label=label(|t| t.bant_notes)
                    value=values.notes error=error_of(Field::QualificationNotes) disabled=read_only/>
                <div class="score-suggestion" data-testid="score-suggestion" aria-live="polite">
                    {move || {
                        let (score, why) = explanation();
                        view! {
                            <strong>{(i18n.t().score_suggested)(score.code())}</strong>
                            " "<span class="score-why">{why}</span>
                        }
                    }}
                </div>
                <SelectField id="bant-score" name="input[score_override]" label=label(|t| t.score_label)
                    value=values.score_override options=scores error=error_of(Field::Score) disabled=read_only/>
                {move || matches!(action.value().get(), Some(Err(AppError::Invalid(_)))).then(|| view! {
                    <p class="form-error" role="alert">{i18n.t().err_form_has_errors}</p>
                })}
                <button type="submit" class="button primary" disabled=move || action.pending().get() || read_only.get()>
                    {move || if action.pending().get() { i18n.t().saving } else { i18n.t().qualification_save }}
                </button>
            </ActionForm>
        </section>
    }
}
