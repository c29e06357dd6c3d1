//! The layering in ARCHITECTURE.md, checked: a module imports only from
//! its own layer or the layers below it. Every `crate::…` path in `src`
//! (outside comments) counts as an import of the top-level module it names.

use std::collections::BTreeMap;
use std::path::Path;

/// Layers, lowest first, and the top-level modules in each.
const LAYERS: [(&str, &[&str]); 7] = [
    ("kernel", &["clock", "error", "kernel"]),
    ("db", &["db"]),
    ("policy", &["policy"]),
    ("config", &["config"]),
    ("web", &["web"]),
    (
        "features",
        &[
            "accounts",
            "admin",
            "invites",
            "mail",
            "moderation",
            "modlog",
            "needs",
            "notifications",
            "people",
            "seed",
            "site",
        ],
    ),
    ("app", &["lib", "main"]),
];

/// Names the crate root defines itself, which belong to the app layer.
fn top_module(name: &str) -> &str {
    match name {
        // `#[macro_export]` macros live at the crate root but are defined in `db`.
        "insert_returning_id" => "db",
        "text_column" => "kernel",
        // Defined in `web::state`, named at the root for convenience.
        "AppState" => "web",
        "Application" => "lib",
        other => other,
    }
}

fn layer_of(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
        .unwrap_or_else(|| panic!("module `{module}` is in no layer of ARCHITECTURE.md"))
}

fn rust_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// Every (importing module, imported module) pair in `src`, with a place
/// where it happens.
fn imports() -> BTreeMap<(String, String), String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut pairs = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src");
        let first = relative
            .components()
            .next()
            .expect("a path")
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        let text = std::fs::read_to_string(&file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for (at, _) in code.match_indices("crate::") {
                let rest = &code[at + "crate::".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let imported = top_module(&name).to_owned();
                if imported.is_empty() || imported == first {
                    continue;
                }
                pairs
                    .entry((first.clone(), imported))
                    .or_insert_with(|| format!("src/{}:{}", relative.display(), n + 1));
            }
        }
    }
    pairs
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let upward: Vec<String> = imports()
        .into_iter()
        .filter(|((from, to), _)| layer_of(to) > layer_of(from))
        .map(|((from, to), place)| format!("{place}: `{from}` imports `{to}`, a layer above it"))
        .collect();
    assert!(upward.is_empty(), "{}", upward.join("\n"));
}

#[test]
fn every_module_of_the_crate_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(src).expect("src is readable") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        if path.is_dir() || path.extension().is_some_and(|e| e == "rs") {
            assert!(
                LAYERS
                    .iter()
                    .any(|(_, modules)| modules.contains(&name.as_str())),
                "module `{name}` is in no layer of ARCHITECTURE.md"
            );
        }
    }
}
