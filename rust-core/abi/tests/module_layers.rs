//! Imports only point down: in neither crate does a module use, directly or through
//! others, a module that uses it. A parent may use its children (it declares them) and a
//! child its ancestors; between siblings, and between top-level modules, the graph of
//! `crate::`, `super::` and `self::` paths must have no cycle. Test code (`tests.rs`, and
//! whatever follows `#[cfg(test)]` in a file) is left out: tests may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file defines: `src/a/b.rs` and `src/a/b/mod.rs` are `a::b`; `lib.rs` is the root.
fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).expect("under src").with_extension("");
    let mut parts: Module = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The code of a file without comments, string literals and test code.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut code = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        code.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => break,
                        _ => escaped = false,
                    }
                }
                code.push_str("\"\"");
            }
            _ => code.push(c),
        }
    }
    code
}

/// Every path that starts with `crate`, `super` or `self`, as its segments, including the
/// items of a braced group (`crate::{a, b::c}` gives `crate::a` and `crate::b::c`).
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let mut paths = Vec::new();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        let starts = ["crate::", "super::", "self::"].iter().find(|p| code[i..].starts_with(**p));
        let boundary = i == 0 || !ident(bytes[i - 1]) && bytes[i - 1] != b':';
        let Some(start) = starts.filter(|_| boundary) else {
            i += 1;
            continue;
        };
        let mut segments = vec![start.trim_end_matches(':').to_string()];
        let mut j = i + start.len();
        loop {
            let begin = j;
            while j < bytes.len() && ident(bytes[j]) {
                j += 1;
            }
            if j > begin {
                segments.push(code[begin..j].to_string());
            }
            if code[j..].starts_with("::{") {
                let close = code[j..].find('}').map_or(bytes.len(), |k| j + k);
                for item in code[j + 3..close].split(',') {
                    let mut grouped = segments.clone();
                    grouped.extend(item.trim().split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
                    paths.push(grouped);
                }
                j = close;
                break;
            }
            if code[j..].starts_with("::") {
                j += 2;
            } else {
                paths.push(segments);
                break;
            }
        }
        i = j.max(i + 1);
    }
    paths
}

/// The module a path names: the longest known module its segments begin with.
fn target(from: &Module, path: &[String], modules: &BTreeSet<Module>) -> Option<Module> {
    let (mut base, mut rest): (Module, &[String]) = match path[0].as_str() {
        "crate" => (Vec::new(), &path[1..]),
        "self" => (from.clone(), &path[1..]),
        _ => (from[..from.len().saturating_sub(1)].to_vec(), &path[1..]),
    };
    while rest.first().is_some_and(|s| s == "super") {
        base.pop();
        rest = &rest[1..];
    }
    let full: Module = base.into_iter().chain(rest.iter().cloned()).collect();
    (0..=full.len()).rev().map(|n| full[..n].to_vec()).find(|m| modules.contains(m))
}

fn graph(src: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.retain(|f| f.file_name().is_some_and(|n| n != "tests.rs"));
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(src, f)).collect();
    let mut edges = BTreeMap::new();
    for file in &files {
        let from = module_of(src, file);
        let code = code_of(&std::fs::read_to_string(file).expect("read source"));
        let to: BTreeSet<Module> = paths_in(&code)
            .iter()
            .filter_map(|p| target(&from, p, &modules))
            // Using yourself, or an ancestor (who declared you), is no edge.
            .filter(|m| !from.starts_with(m))
            .collect();
        edges.insert(from, to);
    }
    edges
}

/// Each set of modules that reach each other (Tarjan's strongly connected components).
fn cycles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, (usize, usize)>,
        stack: Vec<&'a Module>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Module) {
        s.index.insert(v, (s.next, s.next));
        s.next += 1;
        s.stack.push(v);
        for w in s.edges.get(v).into_iter().flatten() {
            let w = s.edges.get_key_value(w).map(|(k, _)| k).expect("a known module");
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.index[w].1.min(s.index[v].1);
                s.index.get_mut(v).expect("visited").1 = low;
            } else if s.stack.contains(&w) {
                let low = s.index[w].0.min(s.index[v].1);
                s.index.get_mut(v).expect("visited").1 = low;
            }
        }
        if s.index[v].0 == s.index[v].1 {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                component.push(w.join("::"));
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.found.push(component);
            }
        }
    }
    let mut state = State { edges, index: BTreeMap::new(), stack: Vec::new(), next: 0, found: Vec::new() };
    for v in edges.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.found
}

fn crate_src(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name).join("src")
}

#[test]
fn neither_crate_has_a_module_cycle() {
    for name in ["rules", "abi"] {
        let edges = graph(&crate_src(name));
        assert!(edges.len() > 5, "{name}: found only {} modules", edges.len());
        assert_eq!(cycles(&edges), Vec::<Vec<String>>::new(), "modules of rust-core/{name} that use each other");
    }
}

#[test]
fn the_check_finds_a_cycle() {
    let m = |s: &str| -> Module { s.split("::").map(str::to_string).collect() };
    let modules: BTreeSet<Module> = ["a", "b", "c", "c::d"].into_iter().map(m).collect();
    let code = code_of("use crate::b::{Thing, other::X};\n// crate::c\nlet s = \"crate::c\";");
    let to: Vec<Module> = paths_in(&code).iter().filter_map(|p| target(&m("a"), p, &modules)).collect();
    assert_eq!(to, vec![m("b"), m("b")], "comments and strings are not code");
    assert_eq!(target(&m("c::d"), &["super".into(), "a".into()], &modules), Some(m("c")), "super:: from c::d is c");
    let edges: BTreeMap<Module, BTreeSet<Module>> =
        [(m("a"), [m("b")].into()), (m("b"), [m("c")].into()), (m("c"), [m("a")].into())].into_iter().collect();
    assert_eq!(cycles(&edges).len(), 1);
}
