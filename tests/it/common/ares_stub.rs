//! A local stand-in for ARES: a tiny axum server on a random port serving the recorded answers
//! in `tests/fixtures/ares/{ico}.json` at `/rest/ekonomicke-subjekty/{ico}` (404 with ARES's
//! error body when there is no file). A test can make one IČO slow or answer an error status,
//! and counts the requests that reached it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// What the stub does for one IČO instead of serving its file at once.
#[derive(Clone, Copy, Debug)]
pub enum Behaviour {
    /// Serve the file after this long.
    Slow(Duration),
    /// Answer this status with an error body.
    Status(u16),
}

#[derive(Clone, Default)]
struct Shared {
    behaviours: Arc<Mutex<HashMap<String, Behaviour>>>,
    /// Requests per IČO, in the order they came.
    hits: Arc<Mutex<Vec<String>>>,
    /// The fixture served for an IČO without its own file (benchmarks); None: 404.
    fallback: Arc<Mutex<Option<String>>>,
}

pub struct AresStub {
    /// What `ares_base_url` is set to.
    pub base_url: String,
    shared: Shared,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for AresStub {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ares")
}

impl AresStub {
    pub async fn start() -> Self {
        let shared = Shared::default();
        let app = axum::Router::new()
            .route(
                "/rest/ekonomicke-subjekty/{ico}",
                axum::routing::get(answer),
            )
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        AresStub {
            base_url: format!("http://{addr}/rest"),
            shared,
            server,
        }
    }

    pub fn set(&self, ico: &str, behaviour: Behaviour) {
        self.shared
            .behaviours
            .lock()
            .unwrap()
            .insert(ico.into(), behaviour);
    }

    /// Serve `ico`'s file for every IČO that has none (instead of 404).
    pub fn answer_any_ico_as(&self, ico: &str) {
        *self.shared.fallback.lock().unwrap() = Some(ico.into());
    }

    /// How many requests reached the stub.
    pub fn hits(&self) -> usize {
        self.shared.hits.lock().unwrap().len()
    }
}

async fn answer(State(shared): State<Shared>, Path(ico): Path<String>) -> Response {
    shared.hits.lock().unwrap().push(ico.clone());
    if ico.len() != 8 || !ico.chars().all(|c| c.is_ascii_digit()) {
        return error(StatusCode::BAD_REQUEST, "CHYBA_VSTUPU");
    }
    let behaviour = shared.behaviours.lock().unwrap().get(&ico).copied();
    match behaviour {
        Some(Behaviour::Status(code)) => {
            return error(
                StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                "OBECNA_CHYBA",
            );
        }
        Some(Behaviour::Slow(wait)) => tokio::time::sleep(wait).await,
        None => {}
    }
    // A few kilobytes from the local disk: a blocking read is fine here.
    let fallback = shared.fallback.lock().unwrap().clone();
    let read = std::fs::read(fixtures().join(format!("{ico}.json"))).or_else(|e| match fallback {
        Some(other) => std::fs::read(fixtures().join(format!("{other}.json"))),
        None => Err(e),
    });
    match read {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(_) => error(StatusCode::NOT_FOUND, "NENALEZENO"),
    }
}

/// ARES's error body.
fn error(status: StatusCode, code: &str) -> Response {
    let body = format!(r#"{{"kod":"{code}","popis":"Chyba ve stubu ARES."}}"#);
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}
