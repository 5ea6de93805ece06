//! The snippets the web-form admin page offers to paste into a company's site: a plain HTML
//! form and a `fetch` call. Apart from `model` because the HTML one needs the field labels.

use super::model::{
    CONSENT_FIELD, CaptureField, FormView, HONEYPOT_FIELD, capture_url, escape_html,
};
use super::texts::CaptureTexts;

/// The admin page's snippet: a plain HTML form that works without JavaScript.
pub fn html_snippet(form: &FormView, base: &str, labels: &CaptureTexts) -> String {
    let mut out = format!(
        "<form method=\"post\" action=\"{}\">\n",
        capture_url(base, &form.key)
    );
    for field in &form.accepted {
        let required = if form.required.contains(field) {
            " required"
        } else {
            ""
        };
        let code = field.code();
        let label = labels.field(*field);
        let input = match field {
            CaptureField::Message => format!("<textarea name=\"{code}\"{required}></textarea>"),
            CaptureField::Email => format!("<input type=\"email\" name=\"{code}\"{required}>"),
            CaptureField::Phone => format!("<input type=\"tel\" name=\"{code}\"{required}>"),
            _ => format!("<input name=\"{code}\"{required}>"),
        };
        out.push_str(&format!("  <label>{label}\n    {input}\n  </label>\n"));
    }
    if let Some(text) = &form.consent_text {
        out.push_str(&format!(
            "  <label>\n    <input type=\"checkbox\" name=\"{CONSENT_FIELD}\" value=\"yes\" required>\n    {}\n  </label>\n",
            escape_html(text)
        ));
    }
    out.push_str(&format!(
        "  <!-- {} -->\n  <input name=\"{HONEYPOT_FIELD}\" tabindex=\"-1\" autocomplete=\"off\" hidden>\n",
        labels.honeypot_comment
    ));
    out.push_str(&format!(
        "  <button type=\"submit\">{}</button>\n</form>\n",
        labels.snippet_submit
    ));
    out
}

/// The admin page's `fetch` example: JSON, with an idempotency key so a retry is safe.
pub fn fetch_snippet(form: &FormView, base: &str) -> String {
    let mut body = String::new();
    for field in &form.accepted {
        body.push_str(&format!(
            "    {}: form.elements.{}.value,\n",
            field.code(),
            field.code()
        ));
    }
    if form.consent_text.is_some() {
        body.push_str(&format!(
            "    {CONSENT_FIELD}: form.elements.{CONSENT_FIELD}.checked,\n"
        ));
    }
    format!(
        "const response = await fetch(\"{}\", {{\n  method: \"POST\",\n  headers: {{\n    \"Content-Type\": \"application/json\",\n    \"Idempotency-Key\": crypto.randomUUID(),\n  }},\n  body: JSON.stringify({{\n{body}  }}),\n}});\n// 201 created, 200 duplicate, 422 {{ errors: {{ field: message }} }}\nconst answer = await response.json();\n",
        capture_url(base, &form.key)
    )
}
