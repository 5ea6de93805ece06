//! The compiled site's own files (`/pkg/…`): the WebAssembly parts, JavaScript and CSS.
//!
//! A release build (`cargo leptos build --release --precompress --split`, see the README) puts
//! a content hash into each name and writes `.br` and `.gz` copies beside each file. They are
//! sent as they are, never compressed again per request, and a hashed name may be cached for a
//! year: a new build has new names, so a browser never holds a stale one.

use std::path::{Path, PathBuf};

use tower_http::services::ServeDir;

/// `/pkg/…` from the site root, preferring the precompressed copies the client accepts.
pub fn pkg_service(site_root: &str) -> ServeDir {
    ServeDir::new(Path::new(site_root).join("pkg"))
        .precompressed_br()
        .precompressed_gzip()
}

/// Where cargo-leptos writes the hashes of a hashed build: next to the server binary.
fn hash_list() -> Option<PathBuf> {
    Some(std::env::current_exe().ok()?.parent()?.join("hash.txt"))
}

/// The content hashes of a hashed build (`hash.txt`: `js: …`, `wasm: …`, `css: …` lines).
/// Read once: a running binary serves one build.
pub fn site_hashes() -> Option<&'static str> {
    static HASHES: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    HASHES
        .get_or_init(|| std::fs::read_to_string(hash_list()?).ok())
        .as_deref()
}

/// Whether this binary was built with hashed file names (its `hash.txt` is there). Leptos
/// then names the hashed files in the page and the split parts' manifest.
pub fn site_is_hashed() -> bool {
    site_hashes().is_some()
}

/// Whether the last part of `path` carries a content hash: `name.<22 base64url chars>.ext`,
/// the form cargo-leptos gives every file it hashes (split parts included).
pub fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let mut parts = file.rsplit('.');
    let (Some(_ext), Some(hash), Some(_stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    // A precompressed copy is asked for by its plain name; "x.hash.wasm" is what counts.
    hash.len() == 22
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn hashed_names_are_told_from_plain_ones() {
        assert!(is_content_hashed("/pkg/leady.AbCdEfGhIjKlMnOpQrStUv.wasm"));
        assert!(is_content_hashed(
            "/pkg/__wasm_split.AbCdEfGhIjKl-_OpQrStUv.js"
        ));
        assert!(is_content_hashed(
            "/pkg/board_route_view_123.AbCdEfGhIjKlMnOpQrStUv.wasm"
        ));
        assert!(!is_content_hashed("/pkg/leady.wasm"));
        assert!(!is_content_hashed("/pkg/leady.css"));
        assert!(!is_content_hashed("/pkg/snippets/leady-1a2b/inline0.js"));
        assert!(!is_content_hashed("/pkg/leady.AbCdEfGhIjKlMnOpQrSt.wasm"));
        assert!(!is_content_hashed("/pkg/leady.AbCdEfGhIjKlMnOpQrSt!v.wasm"));
    }
}
