//! Malformed input to the HTTP surface. Every server function the app registers — the list
//! comes from the server-function registry, so a new function is covered without anyone
//! adding it here — gets bodies no browser of ours sends (empty, wrong types, ids out of range,
//! long strings, NUL bytes, dates at chrono's limits, broken encodings), from each role and
//! from nobody signed in. None may answer 5xx (that would be a bug of ours) or panic. Argument
//! errors answer 400 with a translated message; a body over the limit answers 413, also over a
//! real connection that sends the whole body. SQLite and PostgreSQL.

use crate::common;

use std::time::Duration;

use crate::common::app::{HOST, ORIGIN, TestApp, serve};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use leady::auth::model::Role;
use leady::server::request_body::LIMIT;
use sea_orm::DatabaseConnection;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

on_both_databases!(
    argument_errors_are_400_with_a_translated_message,
    oversized_bodies_are_413_and_the_largest_form_fits,
    oversized_bodies_over_a_real_connection_are_answered_413,
    every_registered_server_function_survives_malformed_bodies,
);

/// The registered server functions, as the router serves them.
fn registered() -> Vec<(String, Method)> {
    let mut fns: Vec<(String, Method)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path.to_string(), method))
        .collect();
    fns.sort_by(|a, b| a.0.cmp(&b.0));
    fns
}

fn request(
    app: &TestApp,
    method: Method,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Request<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, content_type);
    if let Some(cookie) = &app.cookie {
        req = req.header(header::COOKIE, cookie);
    }
    req.body(Body::from(body)).unwrap()
}

async fn argument_errors_are_400_with_a_translated_message(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Admin).await;
    let cs = "Požadavku server nerozuměl";
    let en = "The server could not read the request";
    type Headers<'a> = &'a [(header::HeaderName, &'a str)];
    let cases: [(&str, Headers, &str); 3] = [
        ("/api/leads/move", &[], cs),
        (
            "/api/leads/move",
            &[(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")],
            en,
        ),
        (
            "/api/leads/get",
            &[
                (header::ACCEPT_LANGUAGE, "cs"),
                (header::COOKIE, "leady_lang=en"),
            ],
            en,
        ),
    ];
    for (path, extra, expected) in cases {
        let mut req = app
            .post(path)
            .header(header::ORIGIN, ORIGIN)
            .header(header::ACCEPT, "application/json");
        for (name, value) in extra {
            if *name == header::COOKIE {
                let both = format!("{}; {value}", app.cookie.as_deref().unwrap());
                req = req.header(header::COOKIE, both);
            } else {
                req = req.header(name, *value);
            }
        }
        let (status, headers, text) = app.send(req.body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {text}");
        assert!(text.starts_with("{\"Malformed\":"), "{text}");
        assert!(text.contains(expected), "{expected} in {text}");
        assert!(
            !text.contains("missing field") && !text.contains("deserializ"),
            "the decoder's words stay in the log: {text}"
        );
        assert_eq!(
            headers.get(header::CONTENT_TYPE).unwrap(),
            "application/json"
        );
    }
    // Wrong types and numbers out of range are the same mistake.
    for body in [
        "id=abc",
        "id=99999999999999999999",
        "id=",
        "request[lead_id]=1&request[version]=1&request[to]=Nowhere",
    ] {
        for path in ["/api/leads/get", "/api/leads/move"] {
            let (status, text) = app.post_form_raw(path, body).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {body}: {text}");
        }
    }
    // A NUL in the address is the same mistake (PostgreSQL cannot store it).
    let (status, _) = app.get("/search?q=a%00b", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // JSON functions too.
    for body in ["", "{}", "null", "{\"rule\":5}", "{\"rule\":{\"id\":1e99}}"] {
        let (status, text) = app
            .post_json_raw("/api/admin/rules/save", body.to_string())
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {text}");
    }
}

async fn oversized_bodies_are_413_and_the_largest_form_fits(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Admin).await;
    // The longest text a form takes: an activity's 10,000 characters, all Czech accents
    // (six bytes each once form-encoded). It reaches the function.
    let created = app
        .post_form(
            "/api/leads/create",
            &[
                ("input[first_name]", "Jan"),
                ("input[last_name]", "Dlouhý"),
                ("input[email]", "jan@firma.cz"),
                ("input[phone]", ""),
                ("input[company]", ""),
                ("input[source]", "phone"),
                ("input[description]", ""),
                ("form_key", "long"),
            ],
        )
        .await;
    assert_eq!(created.0, StatusCode::OK, "{}", created.1);
    let lead: serde_json::Value = serde_json::from_str(&created.1).unwrap();
    let id = lead["id"].as_i64().unwrap().to_string();
    let body = "ř".repeat(10_000);
    let (status, text) = app
        .post_form(
            "/api/activities/log",
            &[
                ("lead_id", id.as_str()),
                ("input[kind]", "note"),
                ("input[body]", body.as_str()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");

    // One byte over: refused before the session is even read, in the caller's language.
    let over = format!("q={}", "a".repeat(LIMIT - 1));
    assert_eq!(over.len(), LIMIT + 1);
    let anonymous = TestApp::signed_out(db.clone());
    for caller in [&app, &anonymous] {
        let req = caller
            .post("/api/leads/search")
            .header(header::ORIGIN, ORIGIN)
            .header(header::ACCEPT_LANGUAGE, "en")
            .body(Body::from(over.clone()))
            .unwrap();
        let (status, _, text) = caller.send(req).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{text}");
        assert!(text.starts_with("{\"TooLarge\":"), "{text}");
        assert!(text.contains("too large"), "{text}");
    }
    // A body without a declared length (streamed) is counted as it comes.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..20).map(|_| Ok(vec![b'a'; 8192])).collect();
    let req = app
        .post("/api/leads/search")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::from_stream(futures_stream(chunks)))
        .unwrap();
    let (status, _, text) = app.send(req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{text}");
    // Exactly the limit is still read.
    let at = format!("q={}", "a".repeat(LIMIT - 2));
    let (status, text) = app.post_form_raw("/api/leads/search", &at).await;
    assert_eq!(status, StatusCode::OK, "{text}");
}

fn futures_stream(
    chunks: Vec<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_util::stream::iter(chunks)
}

/// Sends `head`, then (unless `body_len` is 0) the body in 64 KiB writes (as chunked encoding
/// when `chunked`), then reads the whole answer. A reset while sending or reading fails.
async fn raw_post(
    addr: std::net::SocketAddr,
    head: &str,
    body_len: usize,
    chunked: bool,
) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let block = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    while sent < body_len {
        let n = block.len().min(body_len - sent);
        if chunked {
            stream
                .write_all(format!("{n:x}\r\n").as_bytes())
                .await
                .expect("the server took the whole body");
            stream.write_all(&block[..n]).await.unwrap();
            stream.write_all(b"\r\n").await.unwrap();
        } else {
            stream
                .write_all(&block[..n])
                .await
                .expect("the server took the whole body");
        }
        sent += n;
    }
    if chunked && body_len > 0 {
        stream.write_all(b"0\r\n\r\n").await.unwrap();
    }
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), stream.read_to_end(&mut answer))
        .await
        .expect("an answer")
        .expect("the answer arrives, not a reset");
    String::from_utf8_lossy(&answer).into_owned()
}

async fn oversized_bodies_over_a_real_connection_are_answered_413(db: DatabaseConnection) {
    let addr = serve(db).await;
    let size = 50 * 1024 * 1024;
    let head = |extra: &str| {
        format!(
            "POST /api/auth/sign-in HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n{extra}\r\n"
        )
    };
    // 50 MB declared and sent in full.
    let answer = raw_post(
        addr,
        &head(&format!("Content-Length: {size}\r\n")),
        size,
        false,
    )
    .await;
    assert!(
        answer.starts_with("HTTP/1.1 413"),
        "{}",
        &answer[..answer.len().min(300)]
    );
    assert!(answer.contains("TooLarge"), "{answer}");
    // 50 MB streamed without a declared length.
    let answer = raw_post(addr, &head("Transfer-Encoding: chunked\r\n"), size, true).await;
    assert!(
        answer.starts_with("HTTP/1.1 413"),
        "{}",
        &answer[..answer.len().min(300)]
    );
    // A client that asks first is told before it sends anything.
    let answer = raw_post(
        addr,
        &head(&format!(
            "Content-Length: {size}\r\nExpect: 100-continue\r\n"
        )),
        0,
        false,
    )
    .await;
    assert!(
        answer.starts_with("HTTP/1.1 413"),
        "{}",
        &answer[..answer.len().min(300)]
    );
    // The server is still well.
    let answer = raw_post(addr, &head("Content-Length: 0\r\n"), 0, false).await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
}

/// Values for one kind of malformed body: what ids, texts, dates, flags and choices become.
struct Flavour {
    name: &'static str,
    num: String,
    text: String,
    date: String,
    flag: &'static str,
    choice: &'static str,
}

fn flavours() -> Vec<Flavour> {
    let plain = |name, num: &str, text: &str, date: &str| Flavour {
        name,
        num: num.into(),
        text: text.into(),
        date: date.into(),
        flag: "true",
        choice: "",
    };
    vec![
        plain("i32::MAX", &i32::MAX.to_string(), "x", "2026-03-01"),
        plain("-1", "-1", "", "2026-03-01T10:00"),
        plain("i32::MIN", &i32::MIN.to_string(), "Jan", ""),
        plain("i64 overflow", "99999999999999999999", "x", "x"),
        plain("NUL bytes", "1", "Jan\0Novák\0", "2026-03-01\0"),
        plain(
            "control characters",
            "0",
            "\u{1}\u{7f}\u{202e}\r\n\t",
            "\u{0}",
        ),
        // A long text in every field, together just under the body limit.
        plain("long texts", "1", &"ž".repeat(150), "2026-03-01"),
        plain("latest date", "1", "x", "+262142-12-31"),
        plain("latest date and time", "1", "x", "+262142-12-31T23:59"),
        plain("earliest date", "1", "x", "-262143-01-01"),
        plain("earliest date and time", "1", "x", "-262143-01-01T00:00"),
        plain("year 9999", "1", "x", "9999-12-31T23:59"),
        Flavour {
            name: "wrong types",
            num: "abc".into(),
            text: "[]".into(),
            date: "yesterday".into(),
            flag: "maybe",
            choice: "Nonsense",
        },
    ]
}

/// Every argument name the app's functions take, in the form encoding, with this flavour's
/// values. Unknown names are ignored by the decoder, so one form fits every function and
/// reaches its code wherever the values decode.
fn form_body(f: &Flavour) -> String {
    let (num, text, date, flag) = (f.num.as_str(), f.text.as_str(), f.date.as_str(), f.flag);
    let choice = |valid: &'static str| if f.choice.is_empty() { valid } else { f.choice };
    let mut fields: Vec<(String, &str)> = [
        ("id", num),
        ("lead_id", num),
        ("account_id", num),
        ("version", num),
        ("to", num),
        ("up", flag),
        ("done", flag),
        ("active", flag),
        ("with_retired", flag),
        ("name", text),
        ("q", text),
        // The ARES lookup's IČO: no flavour's text passes the checksum, so nothing is asked.
        ("ico", text),
        ("filter", text),
        ("score", text),
        ("closed", text),
        ("form_key", text),
        ("email", text),
        ("password", text),
        ("next", text),
        ("status", choice("Assigned")),
        ("cursor[position]", num),
        ("cursor[id]", num),
        ("request[lead_id]", num),
        ("request[opportunity_id]", num),
        ("request[version]", num),
        ("request[to]", choice("InProcess")),
        ("request[after_id]", num),
        ("request[disqualify][reason]", text),
        ("request[disqualify][note]", text),
        ("query[period]", choice("custom")),
        ("query[from]", date),
        ("query[to]", date),
        ("query[owner]", num),
        ("query[source]", text),
        ("query[per]", choice("week")),
        ("input[lead_id]", num),
        ("input[version]", num),
        ("input[account][Existing]", num),
        ("input[contact][Existing]", num),
        ("input[with_opportunity]", flag),
        ("input[confirmed_new]", flag),
        ("input[kind]", choice("task")),
        ("input[when]", date),
        ("input[expected_close]", date),
        ("input[source]", choice("phone")),
        ("input[stage]", choice("proposal")),
        ("input[amount]", num),
        ("input[budget_czk]", num),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for key in [
        "first_name",
        "last_name",
        "email",
        "phone",
        "company",
        "description",
        "region",
        "product",
        "subject",
        "body",
        "outcome",
        "direction",
        "place",
        "need",
        "need_confirmed",
        "budget_status",
        "decision_maker",
        "approvers",
        "timing",
        "notes",
        "score_override",
        "name",
        "ico",
        "dic",
        "street",
        "city",
        "postal_code",
        "web",
        "job_title",
    ] {
        fields.push((format!("input[{key}]"), text));
    }
    for (group, keys) in [
        (
            "input[account_fields]",
            &[
                "name",
                "ico",
                "dic",
                "street",
                "city",
                "postal_code",
                "web",
                "phone",
            ][..],
        ),
        (
            "input[contact_fields]",
            &["first_name", "last_name", "email", "phone", "job_title"][..],
        ),
        (
            "input[opportunity_fields]",
            &["name", "amount", "expected_close", "stage"][..],
        ),
    ] {
        for key in keys {
            fields.push((format!("{group}[{key}]"), text));
        }
    }
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", common::app::encode(k), common::app::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The JSON functions' arguments with this flavour's values (numbers stay numbers where they
/// parse, so the decoder meets them as a browser's client would send them).
fn json_body(f: &Flavour) -> String {
    let num = f
        .num
        .parse::<i64>()
        .map(serde_json::Value::from)
        .unwrap_or_else(|_| serde_json::Value::from(f.num.clone()));
    let flag = f
        .flag
        .parse::<bool>()
        .map(serde_json::Value::from)
        .unwrap_or_else(|_| serde_json::Value::from(f.flag));
    let text = serde_json::Value::from(f.text.clone());
    let choice =
        |valid: &str| serde_json::Value::from(if f.choice.is_empty() { valid } else { f.choice });
    serde_json::json!({
        "id": num,
        "rule": {"id": num, "name": text, "kind": choice("round_robin"), "match_value": text,
                 "members": [num, num], "active": flag},
        "user": {"name": text, "email": text, "role": choice("salesperson"),
                 "regions": [text], "products": [num], "password": text},
    })
    .to_string()
}

/// A body: what it is, its content type, its bytes, the status it must have (else any below
/// 500).
type Shape = (String, &'static str, Vec<u8>, Option<StatusCode>);

/// The bodies every function gets.
fn bodies() -> Vec<Shape> {
    const FORM: &str = "application/x-www-form-urlencoded";
    const JSON: &str = "application/json";
    let mut bodies: Vec<Shape> = vec![
        ("empty form".into(), FORM, vec![], None),
        ("empty JSON".into(), JSON, vec![], None),
        ("JSON null".into(), JSON, b"null".to_vec(), None),
        ("JSON array".into(), JSON, b"[1,2]".to_vec(), None),
        (
            "JSON wrong types".into(),
            JSON,
            br#"{"id":"x","rule":7,"user":[],"lead_id":{},"input":null}"#.to_vec(),
            None,
        ),
        (
            "not UTF-8, raw NUL".into(),
            FORM,
            b"id=\xff\xfe\x00&q=\xc3\x28&input[first_name]=\x00".to_vec(),
            None,
        ),
        (
            "nesting too deep".into(),
            FORM,
            b"input[a][b][c][d][e][f][g][h]=1&request[to][x]=1&input=1".to_vec(),
            None,
        ),
        (
            "100 kB text".into(),
            FORM,
            format!("q={}&name={}", "x".repeat(100_000), "y".repeat(100)).into_bytes(),
            Some(StatusCode::PAYLOAD_TOO_LARGE),
        ),
    ];
    // One text as long as the limit allows, in the fields that are searched or looked up.
    for key in ["q", "name", "email", "input[body]"] {
        let body = format!(
            "{}={}&id=1&lead_id=1",
            common::app::encode(key),
            "a".repeat(60_000)
        );
        bodies.push((format!("60 kB {key}"), FORM, body.into_bytes(), None));
    }
    for f in flavours() {
        let form = form_body(&f);
        assert!(form.len() < LIMIT, "{}: {} bytes", f.name, form.len());
        bodies.push((format!("form, {}", f.name), FORM, form.into_bytes(), None));
        bodies.push((
            format!("JSON, {}", f.name),
            JSON,
            json_body(&f).into_bytes(),
            None,
        ));
    }
    bodies
}

async fn every_registered_server_function_survives_malformed_bodies(db: DatabaseConnection) {
    let mut callers = vec![("anonymous", TestApp::signed_out(db.clone()))];
    for role in [Role::Salesperson, Role::Manager, Role::Admin] {
        callers.push((role.code(), TestApp::signed_in(db.clone(), role).await));
    }
    // Something to act on: a lead in the pool and one of the admin's, a product, a rule.
    let admin = &callers[3].1;
    for key in ["a", "b"] {
        let (status, text) = admin
            .post_form(
                "/api/leads/create",
                &[
                    ("input[first_name]", "Jan"),
                    ("input[last_name]", "Terč"),
                    ("input[email]", "jan@firma.cz"),
                    ("input[phone]", ""),
                    ("input[company]", ""),
                    ("input[source]", "phone"),
                    ("input[description]", ""),
                    ("form_key", key),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{text}");
    }

    let mut functions = registered();
    assert!(
        functions.len() > 40 && functions.iter().any(|(p, _)| p == "/api/leads/move"),
        "the registry lists every function: {functions:?}"
    );
    // Signing out ends the caller's session: last, so the rest runs signed in.
    functions.sort_by_key(|(path, _)| path == "/api/auth/sign-out");
    let bodies = bodies();
    let mut failures = Vec::new();
    let mut requests = 0;
    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    for (who, app) in &callers {
        for (path, method) in &functions {
            for (what, content_type, body, must) in &bodies {
                let req = request(app, method.clone(), path, content_type, body.clone());
                let (status, _, text) = app.send(req).await;
                requests += 1;
                *by_status.entry(status.as_u16()).or_default() += 1;
                let wrong = match must {
                    Some(must) => status != *must,
                    None => status.is_server_error(),
                };
                if wrong {
                    failures.push(format!(
                        "{who} {path} [{what}]: {status} {}",
                        text.chars().take(200).collect::<String>()
                    ));
                }
            }
        }
    }
    println!(
        "{requests} requests to {} functions × {} bodies × {} callers; answers by status: {by_status:?}",
        functions.len(),
        bodies.len(),
        callers.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(requests, functions.len() * bodies.len() * callers.len());
    // The bodies reach the functions' own checks, not only the decoder.
    for status in [200, 404, 422] {
        assert!(
            by_status.get(&status).is_some_and(|n| *n > 0),
            "some answers are {status}: {by_status:?}"
        );
    }
}
