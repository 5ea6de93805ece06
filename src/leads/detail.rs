//! Lead detail (`/leads/{id}`): every field editable, the status history below.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::move_lead;
use super::api::{UpdateLead, load_lead_page};
use super::closing::{Disqualification, DisqualifyInput};
use super::detail_model::{DetailTyped, LeadDetail, LeadPage};
use super::disqualify_dialog::DisqualifyDialog;
use super::form::LeadFields;
use super::form_values::LeadFormValues;
use super::model::{LeadStatus, MoveRequest};

use crate::activities::timeline::ActivityTimeline;
use crate::assignment::owner_panel::OwnerPanel;
use crate::error::AppError;
use crate::i18n::{Texts, time::prague_datetime, use_i18n};
use crate::qualification::panel::QualificationPanel;
use crate::ui::form_flash::{FormFlash, field_errors_of, last_error};
use crate::ui::toast::use_toasts;

#[component]
pub fn LeadDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let reload = RwSignal::new(0u32);
    let lead = Resource::new(
        move || {
            (
                params.read().get("id").and_then(|s| s.parse::<i32>().ok()),
                reload.get(),
            )
        },
        |(id, _)| async move {
            match id {
                Some(id) => load_lead_page(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <section class="page narrow lead-detail">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match lead.await {
                        Ok(page) => view! { <DetailForm page reload/> }.into_any(),
                        Err(err) => {
                            #[cfg(feature = "ssr")]
                            if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                                r.set_status(axum::http::StatusCode::from_u16(err.http_status())
                                    .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR));
                            }
                            view! {
                                <h1>{move || i18n.t().detail_title}</h1>
                                <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p>
                                <a href="/">{move || i18n.t().detail_back}</a>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DetailForm(page: LeadPage, reload: RwSignal<u32>) -> impl IntoView {
    let LeadPage {
        detail,
        me,
        assignees,
        products,
        flash,
    } = page;
    let i18n = use_i18n();
    let toasts = use_toasts();
    let action = ServerAction::<UpdateLead>::new();
    let current = RwSignal::new(detail.clone());
    // A refused plain post of one of this lead's forms: that form shows what was typed, and why.
    let flash = flash.filter(|f| f.typed.lead_id() == detail.id);
    let (mut bant_flash, mut activity_flash) = (None, None);
    let (typed, flash_error) = match flash {
        Some(FormFlash {
            typed: DetailTyped::Lead { input, .. },
            error,
        }) => (input, Some(error)),
        Some(FormFlash {
            typed: DetailTyped::Qualification { input, .. },
            error,
        }) => {
            bant_flash = Some((input, error));
            (detail.as_input(), None)
        }
        Some(FormFlash {
            typed: DetailTyped::Activity { input, .. },
            error,
        }) => {
            activity_flash = Some((input, error));
            (detail.as_input(), None)
        }
        None => (detail.as_input(), None),
    };
    let values = LeadFormValues::new(typed);
    let last_error = last_error(action.value(), flash_error);
    let errors = field_errors_of(last_error);
    let read_only = Signal::derive(move || current.with(|d| d.status == LeadStatus::Converted));

    Effect::new(move |_| match action.value().get() {
        Some(Ok(saved)) => {
            values.set(saved.as_input());
            current.set(saved);
            toasts.info(i18n.t().detail_saved);
        }
        Some(Err(AppError::Invalid(_))) | None => {}
        Some(Err(err)) => {
            toasts.error(i18n.t().error(&err));
            if matches!(err, AppError::Stale) {
                reload.update(|n| *n += 1);
            }
        }
    });

    view! {
        <p><a href="/" class="back-link">{move || i18n.t().detail_back}</a></p>
        <h1>{move || current.with(|d| d.full_name())}</h1>
        <p class="detail-meta">
            <span class="status-badge" data-status=move || current.with(|d| d.status.code())>
                {move || i18n.t().status(current.with(|d| d.status))}
            </span>
            <span>{move || format!("{} {}", i18n.t().detail_created, prague_datetime(current.with(|d| d.created_at)))}</span>
            <span>{move || format!("{} {}", i18n.t().detail_updated, prague_datetime(current.with(|d| d.updated_at)))}</span>
            <span class="first-contact">{move || match current.with(|d| d.first_contact_at) {
                Some(at) => format!("{}: {}", i18n.t().detail_first_contact, prague_datetime(at)),
                None => i18n.t().detail_waiting.to_string(),
            }}</span>
        </p>
        <OwnerPanel current reload me assignees/>
        <CloseOrReopen current reload/>
        <Show when=move || read_only.get()>
            <p class="notice">{move || i18n.t().detail_read_only}</p>
        </Show>
        <ActionForm action attr:novalidate=true>
            <input type="hidden" name="id" value=move || current.with(|d| d.id)/>
            <input type="hidden" name="version" value=move || current.with(|d| d.version)/>
            <LeadFields values errors prefix="detail" disabled=read_only products with_address=true/>
            {move || match last_error.get() {
                Some(AppError::Invalid(_)) => Some(view! {
                    <p class="form-error" role="alert">{i18n.t().err_form_has_errors}</p>
                }.into_any()),
                // With WebAssembly a toast says it; a refused plain post says it here.
                Some(err) if action.value().with(Option::is_none) => Some(view! {
                    <p class="form-error" role="alert">{i18n.t().error(&err)}</p>
                }.into_any()),
                _ => None,
            }}
            <button type="submit" class="button primary" disabled=move || action.pending().get() || read_only.get()>
                {move || if action.pending().get() { i18n.t().saving } else { i18n.t().save }}
            </button>
        </ActionForm>
        <QualificationPanel current flash=bant_flash/>
        <ActivityTimeline lead_id=detail.id initial=detail.activities.clone() read_only flash=activity_flash/>
        <Consents current/>
        <h2>{move || i18n.t().detail_history}</h2>
        <ol class="history" aria-label=move || i18n.t().detail_history>
            {move || {
                let t = i18n.t();
                current.with(|d| {
                    d.history
                        .iter()
                        .rev()
                        .map(|h| {
                            let mut what = match h.from {
                                None => format!("{}: {}", t.detail_history_created, t.status(h.to)),
                                Some(from) => format!("{} → {}", t.status(from), t.status(h.to)),
                            };
                            if let Some(d) = &h.disqualification {
                                what = format!("{what} ({})", reason_text(t, d));
                            }
                            view! {
                                <li>
                                    <span class="history-change">{what}</span>
                                    <time datetime=h.changed_at.to_rfc3339()>{prague_datetime(h.changed_at)}</time>
                                </li>
                            }
                        })
                        .collect_view()
                })
            }}
        </ol>
    }
}

/// "Už nemá zájem: odložili investici".
fn reason_text(t: &Texts, d: &Disqualification) -> String {
    let reason = t.disqualify_reason(d.reason);
    if d.note.is_empty() {
        reason.to_string()
    } else {
        format!("{reason}: {}", d.note)
    }
}

/// Disqualify a lead with a reason, or bring a disqualified one back into V jednání.
#[component]
fn CloseOrReopen(current: RwSignal<LeadDetail>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let asking = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let status = move || current.with(|d| d.status);
    let send = move |to: LeadStatus, disqualify: Option<DisqualifyInput>| {
        let (lead_id, version, name) = current.with_untracked(|d| (d.id, d.version, d.full_name()));
        pending.set(true);
        leptos::task::spawn_local(async move {
            let request = MoveRequest {
                lead_id,
                version,
                to,
                after_id: None,
                disqualify,
            };
            let answer = move_lead(request).await;
            pending.set(false);
            match answer {
                Ok(_) => {
                    let t = i18n.t();
                    toasts.info(if to == LeadStatus::Unqualified {
                        (t.disqualified_toast)(&name)
                    } else {
                        (t.reactivated_toast)(&name)
                    });
                    reload.update(|n| *n += 1);
                }
                Err(err) => {
                    toasts.error(i18n.t().error(&err));
                    if matches!(err, AppError::Stale) {
                        reload.update(|n| *n += 1);
                    }
                }
            }
        });
    };
    view! {
        <div class="lead-actions">
            {move || match status() {
                LeadStatus::Unqualified => view! {
                    <p class="notice disqualified" data-testid="disqualification">
                        {move || {
                            let t = i18n.t();
                            current.with(|d| d.disqualification.as_ref().map(|dq| (t.detail_disqualified)(&reason_text(t, dq))))
                        }}
                    </p>
                    <button type="button" class="button secondary" disabled=move || pending.get()
                        on:click=move |_| send(LeadStatus::InProcess, None)>
                        {move || i18n.t().detail_reactivate}
                    </button>
                }.into_any(),
                LeadStatus::Converted => view! { <ConvertedTo current/> }.into_any(),
                LeadStatus::Qualified => view! {
                    <a class="button primary" href=move || format!("/leads/{}/convert", current.with(|d| d.id))>
                        {move || i18n.t().clients.convert_button}
                    </a>
                    <button type="button" class="button secondary" disabled=move || pending.get()
                        on:click=move |_| asking.set(true)>
                        {move || i18n.t().detail_disqualify}
                    </button>
                }.into_any(),
                _ => view! {
                    <button type="button" class="button secondary" disabled=move || pending.get()
                        on:click=move |_| asking.set(true)>
                        {move || i18n.t().detail_disqualify}
                    </button>
                }.into_any(),
            }}
            {move || asking.get().then(|| {
                let on_confirm = Callback::new(move |input: DisqualifyInput| {
                    asking.set(false);
                    send(LeadStatus::Unqualified, Some(input));
                });
                let on_cancel = Callback::new(move |_| asking.set(false));
                view! { <DisqualifyDialog lead_name=current.with_untracked(|d| d.full_name()) on_confirm on_cancel/> }
            })}
        </div>
    }
}

/// "Převedeno na": links to the organisation, contact and deal the lead became.
#[component]
fn ConvertedTo(current: RwSignal<LeadDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let to = current.with_untracked(|d| d.converted_to.clone());
    to.map(|to| {
        let links = [
            to.account
                .map(|r| (format!("/clients/accounts/{}", r.id), r.name)),
            to.contact
                .map(|r| (format!("/clients/contacts/{}", r.id), r.name)),
            to.opportunity
                .map(|r| (format!("/clients/deals/{}", r.id), r.name)),
        ];
        view! {
            <p class="notice converted-to" data-testid="converted-to">
                {move || i18n.t().clients.converted_to}": "
                {links
                    .into_iter()
                    .flatten()
                    .map(|(href, name)| view! { <a href=href>{name}</a>" " })
                    .collect_view()}
            </p>
        }
    })
}

/// What the person consented to through web forms: the text, its version, when, the form and
/// the address it came from.
#[component]
fn Consents(current: RwSignal<LeadDetail>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || current.with(|d| !d.consents.is_empty())>
            <h2>{move || i18n.t().capture.consents_title}</h2>
            <ul class="consents" aria-label=move || i18n.t().capture.consents_title>
                {move || {
                    let t = i18n.t();
                    current.with(|d| {
                        d.consents
                            .iter()
                            .map(|c| {
                                let meta = (t.capture.consent_meta)(
                                    c.version,
                                    &prague_datetime(c.at),
                                    &c.form_name,
                                    &c.client_address,
                                );
                                view! {
                                    <li class="consent">
                                        <blockquote>{c.text.clone()}</blockquote>
                                        <p class="muted">{meta}</p>
                                    </li>
                                }
                            })
                            .collect_view()
                    })
                }}
            </ul>
        </Show>
    }
}
