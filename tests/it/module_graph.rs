//! The shape of `src/`: import cycles between files and files over 500 lines.
//!
//! Issue 15 asks for no cycle and no source file over 500 lines before its tests, and there is
//! none of either left, so both fail outright: a cycle shows with its arrows (an arrow that
//! runs back up — a model importing a page, the lead core importing a feature — is what makes
//! one), a long file with its length (split it by what its parts are about).
//!
//! The graph is read from the text: every `crate::…`, `super::…` and `self::…` path (use
//! trees included) outside comments and `#[cfg(test)]` modules is an arrow from the file to
//! the file that defines the longest matching module. Std only, no database.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LINE_LIMIT: usize = 500;

#[test]
fn no_import_cycles() {
    let graph = Graph::read(&src_dir());
    let problems: Vec<String> = graph
        .cycles()
        .iter()
        .map(|cycle| {
            format!(
                "a cycle between {} — its arrows:\n{}",
                cycle.join(", "),
                graph.arrows_within(cycle)
            )
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_long_files() {
    let graph = Graph::read(&src_dir());
    let problems: Vec<String> = graph
        .files
        .values()
        .filter(|file| file.lines_before_tests > LINE_LIMIT)
        .map(|file| {
            format!(
                "{} has {} lines before its tests (limit {LINE_LIMIT})",
                file.path.display(),
                file.lines_before_tests
            )
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn reads_use_trees_and_relative_paths() {
    let known: BTreeSet<String> = ["a", "a::b", "a::b::c", "d", "e::f"]
        .into_iter()
        .map(String::from)
        .collect();
    let code = "use crate::{a::b::{c::Thing, Other}, d};\n\
                // crate::e::f in a comment is no arrow\n\
                fn x() { super::f::g(); crate::a::b::c::run(); }";
    let targets = arrows_of("e::x", code, &known);
    let expected: BTreeSet<String> = ["a::b::c", "a::b", "d", "e::f"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(targets, expected);
    // A test module's imports do not count.
    let with_tests = "use crate::d;\n#[cfg(test)]\nmod tests {\n use crate::a;\n}\n";
    let before = code_before_tests(with_tests);
    assert_eq!(before, "use crate::d;\n");
    assert_eq!(
        arrows_of("e::x", before, &known),
        BTreeSet::from(["d".to_string()])
    );
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

struct SourceFile {
    path: PathBuf,
    lines_before_tests: usize,
    arrows: BTreeSet<String>,
}

struct Graph {
    /// By module path (`leads::repo`; `crate` for lib.rs).
    files: BTreeMap<String, SourceFile>,
}

impl Graph {
    fn read(src: &Path) -> Graph {
        let mut paths = Vec::new();
        collect_rs(src, &mut paths);
        let modules: BTreeMap<String, PathBuf> = paths
            .into_iter()
            .filter_map(|path| module_of(src, &path).map(|m| (m, path)))
            .collect();
        let known: BTreeSet<String> = modules.keys().cloned().collect();
        let files = modules
            .into_iter()
            .map(|(module, path)| {
                let text = std::fs::read_to_string(&path).expect("a readable source file");
                let code = code_before_tests(&text);
                let file = SourceFile {
                    lines_before_tests: code.lines().count(),
                    arrows: arrows_of(&module, code, &known),
                    path,
                };
                (module, file)
            })
            .collect();
        Graph { files }
    }

    /// Strongly connected groups of more than one file (Tarjan), each sorted.
    fn cycles(&self) -> Vec<Vec<String>> {
        struct Walk<'a> {
            graph: &'a Graph,
            index: BTreeMap<&'a str, usize>,
            low: BTreeMap<&'a str, usize>,
            stack: Vec<&'a str>,
            on_stack: BTreeSet<&'a str>,
            groups: Vec<Vec<String>>,
        }
        impl<'a> Walk<'a> {
            fn visit(&mut self, v: &'a str) {
                let n = self.index.len();
                self.index.insert(v, n);
                self.low.insert(v, n);
                self.stack.push(v);
                self.on_stack.insert(v);
                for w in &self.graph.files[v].arrows {
                    let w = w.as_str();
                    if !self.index.contains_key(w) {
                        self.visit(w);
                        let low = self.low[v].min(self.low[w]);
                        self.low.insert(v, low);
                    } else if self.on_stack.contains(w) {
                        let low = self.low[v].min(self.index[w]);
                        self.low.insert(v, low);
                    }
                }
                if self.low[v] == self.index[v] {
                    let mut group = Vec::new();
                    while let Some(w) = self.stack.pop() {
                        self.on_stack.remove(w);
                        group.push(w.to_string());
                        if w == v {
                            break;
                        }
                    }
                    if group.len() > 1 {
                        group.sort();
                        self.groups.push(group);
                    }
                }
            }
        }
        let mut walk = Walk {
            graph: self,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            on_stack: BTreeSet::new(),
            groups: Vec::new(),
        };
        for module in self.files.keys() {
            if !walk.index.contains_key(module.as_str()) {
                walk.visit(module);
            }
        }
        walk.groups
    }

    fn arrows_within(&self, group: &[String]) -> String {
        let members: BTreeSet<&str> = group.iter().map(String::as_str).collect();
        let mut out = String::new();
        for from in group {
            for to in &self.files[from].arrows {
                if members.contains(to.as_str()) {
                    out.push_str(&format!("  {from} -> {to}\n"));
                }
            }
        }
        out
    }
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable src directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/leads/repo.rs` → `leads::repo`, `src/leads/mod.rs` → `leads`, `src/lib.rs` → `crate`.
/// `main.rs` is the binary: it reaches the library by its name, not by `crate::`.
fn module_of(src: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(src).ok()?.with_extension("");
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [only] if only == "main" => None,
        [only] if only == "lib" => Some("crate".into()),
        [dirs @ .., last] if last == "mod" => Some(dirs.join("::")),
        all => Some(all.join("::")),
    }
}

/// The file's text up to its `#[cfg(test)]` module (Leady keeps tests at the end).
fn code_before_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod ") {
        Some(at) => &text[..at],
        None => text,
    }
}

/// The files `module`'s code points at, itself left out.
fn arrows_of(module: &str, code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let code: String = code
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let parent = match module.rsplit_once("::") {
        Some((parent, _)) => parent.to_string(),
        None => String::new(),
    };
    let mut paths = Vec::new();
    for (anchor, base) in [
        ("crate::", String::new()),
        ("super::", parent),
        ("self::", module.to_string()),
    ] {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(anchor) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + anchor.len()..];
            // `leady::crate::` does not happen; `foo_crate::` would be another name.
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            expand(&base, rest, &mut paths);
        }
    }
    paths
        .iter()
        .filter_map(|path| longest_module(path, known))
        .filter(|target| target != module)
        .collect()
}

/// Expands the path (or use tree) at the start of `text`, under `prefix`, into full paths.
fn expand(prefix: &str, text: &str, out: &mut Vec<String>) {
    let join = |a: &str, b: &str| {
        if a.is_empty() {
            b.to_string()
        } else {
            format!("{a}::{b}")
        }
    };
    let mut path = prefix.to_string();
    let mut rest = text;
    loop {
        // `crate::{…}` and `a::{…}`: the anchor's or the last name's `::` is already read.
        if let Some(group) = rest.trim_start().strip_prefix('{') {
            for item in top_level_items(group) {
                expand(&path, item.trim(), out);
            }
            return;
        }
        let name_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if name_len > 0 {
            path = join(&path, &rest[..name_len]);
            rest = &rest[name_len..];
        }
        let trimmed = rest.trim_start();
        if let Some(after) = trimmed.strip_prefix("::") {
            rest = after.trim_start();
            continue;
        }
        out.push(path);
        return;
    }
}

/// The comma-separated items of a `{…}` group, up to its closing brace.
fn top_level_items(group: &str) -> Vec<&str> {
    let (mut depth, mut start, mut items) = (0usize, 0usize, Vec::new());
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
}

fn longest_module(path: &str, known: &BTreeSet<String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|candidate| known.contains(candidate))
}
