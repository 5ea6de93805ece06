//! `/admin/email`: the mailbox intake's last poll (any instance's: the status is in the
//! database), for admins.

use leptos::prelude::*;

pub use super::status::EmailStatusView;

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::ui::admin::AdminTabs;

#[cfg(feature = "ssr")]
use crate::auth::permissions::check_admin;
#[cfg(feature = "ssr")]
use crate::server::auth::current_user;
#[cfg(feature = "ssr")]
use crate::server::fns::{answer, db};

/// The last poll's report. Admins only, checked here.
#[server(prefix = "/api", endpoint = "admin/email/status", output = crate::wire::Json)]
pub async fn email_status() -> Result<EmailStatusView, AppError> {
    let result = async {
        check_admin(&current_user().await?)?;
        Ok(super::repo::status(&db()?, super::poller::active_mailbox()).await?)
    };
    answer(result.await)
}

#[component]
pub fn EmailStatusPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().email;
    let status = Resource::new(|| (), |_| email_status());
    view! {
        <section class="page admin-page">
            <h1>{move || t().title}</h1>
            <AdminTabs/>
            <p class="muted">{move || t().intro}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(s) => view! { <StatusPanel status=s/> }.into_any(),
                        Err(err) => view! { <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn StatusPanel(status: EmailStatusView) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().email;
    let mailbox = status.mailbox.clone();
    let polled = status.polled_at.map(crate::i18n::time::prague_datetime);
    let error = status.error.clone();
    view! {
        <dl class="email-status" data-testid="email-status">
            <dt>{move || t().mailbox}</dt>
            <dd>{match mailbox {
                Some(m) => m.into_any(),
                None => view! { <span class="muted">{move || t().off}</span> }.into_any(),
            }}</dd>
            <dt>{move || t().last_poll}</dt>
            <dd>{match polled {
                Some(at) => at.into_any(),
                None => view! { <span class="muted">{move || t().never_polled}</span> }.into_any(),
            }}</dd>
            <dt>{move || t().new_leads}</dt>
            <dd>{status.created}</dd>
            <dt>{move || t().activities}</dt>
            <dd>{status.activities}</dd>
            <dt>{move || t().skipped}</dt>
            <dd>{status.skipped}</dd>
        </dl>
        {status.polled_at.map(|_| match error {
            Some(e) => view! {
                <p class="form-error" role="alert">{move || t().failed}": "{e.clone()}</p>
            }.into_any(),
            None => view! { <p class="state-badge">{move || t().ok}</p> }.into_any(),
        })}
    }
}
