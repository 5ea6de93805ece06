//! Short messages at the bottom of the screen: confirmations and refusals.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Toast {
    id: u64,
    text: String,
    kind: ToastKind,
}

#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Toasts {
    pub fn show(&self, text: impl Into<String>, kind: ToastKind) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.items.update(|items| {
            items.push(Toast {
                id,
                text: text.into(),
                kind,
            });
            // Keep the screen calm: at most three at a time.
            if items.len() > 3 {
                items.remove(0);
            }
        });
        let items = self.items;
        let shown = std::time::Duration::from_secs(if kind == ToastKind::Error { 10 } else { 5 });
        crate::ui::timers::after(shown, move || {
            items.try_update(|items| items.retain(|t| t.id != id));
        });
    }

    pub fn error(&self, text: impl Into<String>) {
        self.show(text, ToastKind::Error);
    }

    pub fn info(&self, text: impl Into<String>) {
        self.show(text, ToastKind::Info);
    }
}

pub fn provide_toasts() -> Toasts {
    let toasts = Toasts {
        items: RwSignal::new(Vec::new()),
        next_id: StoredValue::new(0),
    };
    provide_context(toasts);
    toasts
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// The live regions: errors are announced at once (alert), the rest politely (status).
/// The roles sit on the messages, so an empty region is no landmark for anyone.
#[component]
pub fn ToastArea() -> impl IntoView {
    let toasts = use_toasts();
    let of_kind = move |kind: ToastKind| {
        move || {
            toasts
                .items
                .get()
                .into_iter()
                .filter(|t| t.kind == kind)
                .map(|t| {
                    let id = t.id;
                    let role = if kind == ToastKind::Error { "alert" } else { "status" };
                    view! {
                        <p class="toast" role=role on:click=move |_| toasts.items.update(|i| i.retain(|t| t.id != id))>
                            {t.text}
                        </p>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <div class="toasts">
            <div class="toast-list toast-error" aria-live="assertive">{of_kind(ToastKind::Error)}</div>
            <div class="toast-list toast-info" aria-live="polite">{of_kind(ToastKind::Info)}</div>
        </div>
    }
}
