//! A person's name, email and phone as Czech teams write them.

/// The longest first or last name.
pub const MAX_NAME: usize = 100;
/// The longest email address (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;

/// "Jan Novák"; only the last name when there is no first.
pub fn full_name(first: &str, last: &str) -> String {
    if first.is_empty() {
        last.to_string()
    } else {
        format!("{first} {last}")
    }
}

/// An address a mail server would accept: RFC 5322 syntax and a domain with a dot
/// (a bare `jan@firma` is almost always a typo at a trade fair).
pub fn is_valid_email(email: &str) -> bool {
    match email.parse::<email_address::EmailAddress>() {
        Ok(parsed) => {
            let domain = parsed.domain();
            domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.starts_with('[')
        }
        Err(_) => false,
    }
}

/// Normalises a phone number to E.164 (`+420777123456`).
/// Accepts Czech numbers with or without the country code (`777 123 456`, `+420 777 123 456`,
/// `00420777123456`) and any international number written with `+` or `00` (8–15 digits).
/// Spaces, dashes, dots and brackets are ignored. Returns None for anything else.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    let (international, rest) = if let Some(rest) = trimmed.strip_prefix('+') {
        (true, rest)
    } else if let Some(rest) = trimmed.strip_prefix("00") {
        (true, rest)
    } else {
        (false, trimmed)
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' => {}
            _ => return None,
        }
    }
    if international {
        if digits.starts_with('0') {
            return None;
        }
        let valid = if let Some(national) = digits.strip_prefix("420") {
            national.len() == 9
        } else {
            (8..=15).contains(&digits.len())
        };
        valid.then(|| format!("+{digits}"))
    } else if digits.len() == 9 && !digits.starts_with('0') {
        Some(format!("+420{digits}"))
    } else {
        None
    }
}

/// Shows an E.164 number the way Czechs write it: `+420 777 123 456`.
pub fn format_phone(e164: &str) -> String {
    match e164.strip_prefix("+420") {
        Some(national) if national.len() == 9 => format!(
            "+420 {} {} {}",
            &national[0..3],
            &national[3..6],
            &national[6..9]
        ),
        _ => e164.to_string(),
    }
}
