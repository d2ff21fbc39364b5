//! The invariants of ARCHITECTURE.md that the source shows, checked on the source: no import
//! circles between the modules of `api/src`, HTTP only in `routes` (and `startup`, `error`),
//! no SQL in `routes`, and no store function called from `routes` (only the transaction and
//! its types pass through).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file below `src`, by module path (`routes::edge`, `crate` for lib.rs).
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(&src).ok()?.with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|last| last == "mod") {
                parts.pop();
            }
            let name = match parts.as_slice() {
                [only] if only == "lib" => "crate".to_owned(),
                _ => parts.join("::"),
            };
            let source = std::fs::read_to_string(&path).ok()?;
            // What tests import does not shape the architecture.
            let code = source.split("#[cfg(test)]").next().unwrap_or("").to_owned();
            Some((name, code))
        })
        .collect()
}

/// The paths a `use` tree names: `a::{b, c::{d}}` → `a::b`, `a::c::d`.
fn expand(prefix: &str, tree: &str) -> Vec<String> {
    let tree = tree.trim();
    if let Some(body) = tree.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        let mut parts = Vec::new();
        let (mut depth, mut current) = (0, String::new());
        for c in body.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.extend(expand(prefix, &current));
                    current.clear();
                    continue;
                }
                _ => {}
            }
            current.push(c);
        }
        parts.extend(expand(prefix, &current));
        return parts;
    }
    if let Some((head, rest)) = tree.split_once("::{") {
        return expand(&format!("{prefix}{head}::"), &format!("{{{rest}"));
    }
    let path = tree.split(" as ").next().unwrap_or(tree).trim();
    if path.is_empty() {
        Vec::new()
    } else {
        vec![format!("{prefix}{path}")]
    }
}

/// Every module path `module` refers to, through `use` and through `crate::…` in its code.
fn references(module: &str, code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let parent = module.rsplit_once("::").map_or("", |(parent, _)| parent);
    let resolve = |path: &str| -> Option<String> {
        let segments: Vec<&str> = path.split("::").collect();
        (1..=segments.len())
            .rev()
            .map(|n| segments[..n].join("::"))
            .find(|candidate| known.contains(candidate))
    };
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(start) = rest.find("use ") {
        let after = &rest[start + 4..];
        let Some(end) = after.find(';') else { break };
        let tree: String = after[..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for path in expand("", &tree) {
            let absolute = if let Some(inner) = path.strip_prefix("crate::") {
                Some(inner.to_owned())
            } else if path.starts_with("super::") {
                let mut base: Vec<&str> = parent.split("::").filter(|s| !s.is_empty()).collect();
                let mut inner = path.as_str();
                while let Some(next) = inner.strip_prefix("super::") {
                    inner = next;
                    if inner.starts_with("super::") {
                        base.pop();
                    }
                }
                base.push(inner);
                Some(base.join("::"))
            } else {
                None
            };
            if let Some(target) = absolute.and_then(|path| resolve(&path)) {
                found.insert(target);
            }
        }
        rest = &after[end..];
    }
    for (index, _) in code.match_indices("crate::") {
        let path: String = code[index + 7..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        if let Some(target) = resolve(path.trim_end_matches(':')) {
            found.insert(target);
        }
    }
    found.remove(module);
    found
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .iter()
        .map(|(name, code)| (name.clone(), references(name, code, &known)))
        .collect()
}

/// The strongly connected components with more than one module (Tarjan).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Search<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        circles: Vec<Vec<String>>,
    }
    impl<'a> Search<'a> {
        fn visit(&mut self, module: &'a str) {
            let n = self.index.len();
            self.index.insert(module, n);
            self.low.insert(module, n);
            self.stack.push(module);
            self.on_stack.insert(module);
            for next in self.graph.get(module).into_iter().flatten() {
                let next = next.as_str();
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[module].min(self.low[next]);
                    self.low.insert(module, low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[module].min(self.index[next]);
                    self.low.insert(module, low);
                }
            }
            if self.low[module] == self.index[module] {
                let mut component = Vec::new();
                while let Some(member) = self.stack.pop() {
                    self.on_stack.remove(member);
                    component.push(member.to_owned());
                    if member == module {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.circles.push(component);
                }
            }
        }
    }
    let mut search = Search {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        circles: Vec::new(),
    };
    for module in graph.keys() {
        if !search.index.contains_key(module.as_str()) {
            search.visit(module);
        }
    }
    search.circles
}

#[test]
fn the_modules_of_api_src_import_each_other_without_circles() {
    let graph = graph();
    assert!(
        graph.len() > 80,
        "the source was read: {} modules",
        graph.len()
    );
    assert!(
        graph["routes::bookings"].contains("scheduling::booking"),
        "the graph sees imports"
    );
    assert_eq!(circles(&graph), Vec::<Vec<String>>::new());
}

#[test]
fn a_circle_is_found_where_there_is_one() {
    let mut graph = BTreeMap::new();
    graph.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    graph.insert("b".to_owned(), BTreeSet::from(["c".to_owned()]));
    graph.insert("c".to_owned(), BTreeSet::from(["a".to_owned()]));
    graph.insert("d".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(circles(&graph), vec![vec!["a", "b", "c"]]);
}

fn outside_routes(name: &str) -> bool {
    name != "routes" && !name.starts_with("routes::")
}

#[test]
fn only_routes_know_http() {
    let http: Vec<String> = modules()
        .into_iter()
        .filter(|(name, code)| {
            // `main` starts actix's runtime; `startup` builds the server; `error` renders problems.
            outside_routes(name)
                && !["main", "startup", "error"].contains(&name.as_str())
                && (code.contains("actix_web") || code.contains("actix_files"))
        })
        .map(|(name, _)| name)
        .collect();
    assert_eq!(http, Vec::<String>::new());
}

#[test]
fn routes_call_no_store_function_and_write_no_sql() {
    let graph = graph();
    let allowed = ["store"]; // Db, Tx and StoreError: the transaction handlers own
    let mut offending = Vec::new();
    for (name, code) in modules() {
        if outside_routes(&name) {
            continue;
        }
        for target in &graph[&name] {
            if target.starts_with("store") && !allowed.contains(&target.as_str()) {
                offending.push(format!("{name} → {target}"));
            }
        }
        if code.contains("sqlx::") {
            offending.push(format!("{name} writes SQL"));
        }
    }
    assert_eq!(offending, Vec::<String>::new());
}
