//! Every program the book shows as `rust,compile_fail` fails to compile, with the error the page
//! explains. The doctests in `src/compile_fail/` prove it does not compile; stable rustdoc ignores
//! their error code, so this test compiles each file with rustc and looks for the code.
//!
//! The same holds for the `compile_fail` blocks in the three crates' own docs: each is written
//! ` ```compile_fail,E0xxx `, and the second test extracts it, wraps it as rustdoc does, and
//! compiles it against the crate (the rlib cargo built for this test) looking for that code.
use book_checks::compile_fail;
use std::path::{Path, PathBuf};
use std::process::Command;

fn rustc() -> Command {
    Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
}

#[test]
fn each_program_fails_with_its_error_code() {
    let programs = compile_fail::proven();
    assert!(programs.len() >= 2, "the doctests were found: {programs:?}");
    let out_dir = std::env::temp_dir().join(format!("book-checks-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    for program in programs {
        assert!(program.file.exists(), "{}", program.file.display());
        let output = rustc()
            .args(["--edition", "2024", "--emit=metadata", "--crate-type=bin"])
            .arg("--out-dir")
            .arg(&out_dir)
            .arg(&program.file)
            .output()
            .expect("rustc runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success(),
            "{} compiled",
            program.file.display()
        );
        let code = program
            .error_code
            .expect("every program names its error code");
        assert!(
            stderr.contains(&format!("error[{code}]")),
            "{} failed without error {code}:\n{stderr}",
            program.file.display()
        );
    }
    std::fs::remove_dir_all(&out_dir).ok();
}

/// A `compile_fail` block of a crate's docs.
#[derive(Debug)]
struct DocBlock {
    /// `file:line` of the opening fence.
    place: String,
    error_code: Option<String>,
    /// The code as rustdoc compiles it: hidden `# ` lines shown.
    code: String,
}

/// Every `compile_fail` block in the doc comments (`//!`, `///`) of the `.rs` files under `dir`.
fn doc_blocks(dir: &Path, out: &mut Vec<DocBlock>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            doc_blocks(&path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("readable source");
        let mut open: Option<DocBlock> = None;
        for (n, line) in source.lines().enumerate() {
            let trimmed = line.trim_start();
            let Some(doc) = trimmed
                .strip_prefix("//!")
                .or_else(|| trimmed.strip_prefix("///"))
            else {
                continue;
            };
            let doc = doc.strip_prefix(' ').unwrap_or(doc);
            match open.as_mut() {
                None => {
                    if let Some(attrs) = doc.strip_prefix("```")
                        && attrs.split(',').any(|a| a.trim() == "compile_fail")
                    {
                        open = Some(DocBlock {
                            place: format!("{}:{}", path.display(), n + 1),
                            error_code: attrs
                                .split(',')
                                .map(str::trim)
                                .find(|a| a.len() == 5 && a.starts_with('E'))
                                .map(String::from),
                            code: String::new(),
                        });
                    }
                }
                Some(block) if doc.trim_end() == "```" => {
                    let _ = block;
                    out.extend(open.take());
                }
                Some(block) => {
                    let shown = match doc {
                        "#" => "",
                        _ => doc.strip_prefix("# ").unwrap_or(doc),
                    };
                    block.code.push_str(shown);
                    block.code.push('\n');
                }
            }
        }
    }
}

/// The program rustdoc makes of a doctest: the code in `fn main`, or in a function returning a
/// `Result` when it ends with `Ok(())`-like `(())`.
fn as_program(code: &str) -> String {
    let body = if code.contains("fn main") {
        code.to_string()
    } else if code.trim_end().ends_with("(())") {
        format!(
            "fn main() {{ fn _inner() -> Result<(), impl core::fmt::Debug> {{\n{code}\n}} _inner().unwrap() }}"
        )
    } else {
        format!("fn main() {{\n{code}\n}}")
    };
    format!("#![allow(unused)]\n{body}\n")
}

/// The newest rlib cargo built for `name` in the directory of this test binary.
fn rlib(deps: &Path, name: &str) -> PathBuf {
    let prefix = format!("lib{name}-");
    std::fs::read_dir(deps)
        .expect("the deps directory")
        .map(|e| e.expect("an entry").path())
        .filter(|p| {
            let file = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
            file.starts_with(&prefix) && file.ends_with(".rlib")
        })
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .unwrap_or_else(|| panic!("no {prefix}*.rlib in {}", deps.display()))
}

#[test]
fn each_crate_doc_compile_fail_block_fails_with_its_error_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let deps = std::env::current_exe()
        .expect("this test's path")
        .parent()
        .expect("the deps directory")
        .to_path_buf();
    let out_dir = std::env::temp_dir().join(format!("book-checks-docs-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let mut checked = 0;
    let mut without_code = Vec::new();
    for krate in ["threading", "multiprocessing", "lazyarray"] {
        let mut blocks = Vec::new();
        doc_blocks(&root.join(krate).join("src"), &mut blocks);
        let lib = rlib(&deps, krate);
        for (i, block) in blocks.iter().enumerate() {
            let file = out_dir.join(format!("{krate}_{i}.rs"));
            std::fs::write(&file, as_program(&block.code)).unwrap();
            let output = rustc()
                .args(["--edition", "2024", "--emit=metadata", "--crate-type=bin"])
                .arg("--out-dir")
                .arg(&out_dir)
                .arg("--extern")
                .arg(format!("{krate}={}", lib.display()))
                .arg("-L")
                .arg(format!("dependency={}", deps.display()))
                .arg(&file)
                .output()
                .expect("rustc runs");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                !output.status.success(),
                "{} compiled:\n{}",
                block.place,
                block.code
            );
            match &block.error_code {
                Some(code) => {
                    assert!(
                        stderr.contains(&format!("error[{code}]")),
                        "{} failed without error {code}:\n{stderr}",
                        block.place
                    );
                    checked += 1;
                }
                None => without_code.push(format!("{}:\n{stderr}", block.place)),
            }
        }
    }
    std::fs::remove_dir_all(&out_dir).ok();
    assert!(
        checked >= 4,
        "the crate-doc blocks were found ({checked} checked)"
    );
    // A block without its code passes for any error, a typo included.
    assert!(
        without_code.is_empty(),
        "compile_fail blocks without an error code (write ```compile_fail,E0xxx):\n{}",
        without_code.join("\n")
    );
}
