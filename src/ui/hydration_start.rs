//! Starts the WebAssembly once the server's HTML has been painted.
//!
//! Leptos's `HydrationScripts` puts `<link rel="preload">` for the main WebAssembly and, with
//! split parts, for every part of the page into `<head>`, so all of it is fetched alongside the
//! HTML and CSS. The page is whole without it (every form also posts as plain HTML), and the
//! downloads then competed with the first paint: Lighthouse's mobile simulation counted
//! 470 kB of WebAssembly before the largest text of quick entry and gave it 0.75. Here the
//! main module is imported after the first frame, and the page's own part (named by its path,
//! `pages::part_for_path`) is asked for at the same moment, so the two download side by side.
//! The service worker reads the same list to keep quick entry's files for offline use.

use leptos::prelude::*;

/// The inline start script, with the page's nonce (the Content-Security-Policy allows it).
#[component]
pub fn HydrationStart(options: LeptosOptions) -> impl IntoView {
    let pkg = format!("/{}", options.site_pkg_dir);
    let files = start_files(&options);
    let preloads = files
        .parts
        .iter()
        .map(|part| format!("'{pkg}/{part}.wasm'"))
        .collect::<Vec<_>>()
        .join(", ");
    let split = files
        .split_loader
        .map(|js| format!("'{pkg}/{js}'"))
        .unwrap_or_default();
    let (js, wasm) = (files.js, files.wasm);
    // After the next paint: a timeout set from an animation frame runs once that frame is on
    // screen. A hidden tab paints nothing, so it starts at once. The part's loader fetches
    // exactly these addresses, so it finds them in the preload cache.
    let script = format!(
        "const start = () => {{\n\
         for (const href of [{preloads}]) {{\n\
         const link = Object.assign(document.createElement('link'), \
         {{ rel: 'preload', as: 'fetch', type: 'application/wasm', crossOrigin: 'anonymous', href }});\n\
         document.head.append(link);\n\
         }}\n\
         for (const href of [{split}]) {{\n\
         document.head.append(Object.assign(document.createElement('link'), {{ rel: 'modulepreload', href }}));\n\
         }}\n\
         import('{pkg}/{js}.js').then((m) => m.default({{ module_or_path: '{pkg}/{wasm}.wasm' }}).then(() => m.hydrate()));\n\
         }};\n\
         if (document.visibilityState === 'visible') requestAnimationFrame(() => setTimeout(start, 0)); else start();"
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
}

/// What a first load of this page fetches, as file names under the package directory.
struct StartFiles {
    /// The main JavaScript and WebAssembly, without `.js`/`.wasm`.
    js: String,
    wasm: String,
    /// The split parts' loader (`__wasm_split.<hash>.js`), in a split build.
    split_loader: Option<String>,
    /// The page's own WebAssembly parts, without `.wasm`.
    parts: Vec<String>,
}

/// The names with the content hashes of a release build (`hash.txt`), or plain as a
/// development build writes them; the parts from the split manifest of a split build.
fn start_files(options: &LeptosOptions) -> StartFiles {
    let name = options.output_name.to_string();
    #[cfg(feature = "ssr")]
    if let Some(hashes) = crate::server::static_files::site_hashes() {
        let hash = |kind: &str| {
            hashes
                .lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(file, _)| file.trim() == kind)
                .map(|(_, hash)| hash.trim().to_string())
        };
        let named = |kind: &str| match hash(kind) {
            Some(h) => format!("{name}.{h}"),
            None => name.clone(),
        };
        let manifest = split_manifest(options, hash("manifest"));
        let path = use_context::<axum::http::request::Parts>()
            .map(|parts| parts.uri.path().to_string())
            .unwrap_or_default();
        let parts = match (manifest, crate::pages::part_for_path(&path)) {
            (Some(manifest), Some(part)) => parts_of(manifest, part),
            _ => Vec::new(),
        };
        return StartFiles {
            js: named("js"),
            wasm: named("wasm"),
            split_loader: manifest
                .and(hash("split"))
                .map(|h| format!("__wasm_split.{h}.js")),
            parts,
        };
    }
    StartFiles {
        js: name.clone(),
        wasm: name,
        split_loader: None,
        parts: Vec::new(),
    }
}

/// The split build's manifest: each lazy function's key (`<name>_<number>`) and the parts it
/// needs. Read once: a running binary serves one build. `None` in a build without parts.
#[cfg(feature = "ssr")]
fn split_manifest(
    options: &LeptosOptions,
    hash: Option<String>,
) -> Option<&'static std::collections::HashMap<String, Vec<String>>> {
    use std::collections::HashMap;
    static MANIFEST: std::sync::OnceLock<Option<HashMap<String, Vec<String>>>> =
        std::sync::OnceLock::new();
    MANIFEST
        .get_or_init(|| {
            let file = match hash {
                Some(h) => format!("__wasm_split_manifest.{h}.json"),
                None => "__wasm_split_manifest.json".into(),
            };
            let path = std::path::Path::new(options.site_root.as_ref())
                .join(options.site_pkg_dir.as_ref())
                .join(file);
            serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
        })
        .as_ref()
}

/// The parts of the lazy function `part` (its key is the name, `_`, and a number).
#[cfg(feature = "ssr")]
fn parts_of(manifest: &std::collections::HashMap<String, Vec<String>>, part: &str) -> Vec<String> {
    manifest
        .iter()
        .find(|(key, _)| {
            key.strip_prefix(part)
                .and_then(|rest| rest.strip_prefix('_'))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|(_, parts)| parts.clone())
        .unwrap_or_default()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::parts_of;

    #[test]
    fn a_part_is_found_by_its_name_and_number_only() {
        let manifest = [
            (
                "board_part_123".to_string(),
                vec!["split_board".to_string(), "chunk_1".into()],
            ),
            ("board_part_extra_9".to_string(), vec!["wrong".to_string()]),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            parts_of(&manifest, "board_part"),
            ["split_board", "chunk_1"]
        );
        assert!(parts_of(&manifest, "board").is_empty());
        assert!(parts_of(&manifest, "lead_part").is_empty());
    }
}
