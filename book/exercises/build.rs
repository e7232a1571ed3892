//! With the `learner` feature, the exercises are the learner's working copies, not
//! the pristine starters: this script writes their module declarations, with the
//! working folder's absolute path, to `$OUT_DIR/learner.rs`, which `src/lib.rs`
//! includes.
//!
//! The working folder is `work/` beside this file (git-ignored; the runner seeds it
//! from `src/starter/`), or `$EXERCISES_WORK_DIR` when set (the runner's tests use a
//! temporary one).

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/starter");
    println!("cargo::rerun-if-env-changed=EXERCISES_WORK_DIR");
    let manifest =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets it"))
        .join("learner.rs");
    let mut modules = String::new();
    if env::var_os("CARGO_FEATURE_LEARNER").is_some() {
        let work = env::var_os("EXERCISES_WORK_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| manifest.join("work"));
        let mut names: Vec<String> = fs::read_dir(manifest.join("src/starter"))
            .expect("src/starter/ lists the exercises")
            .filter_map(|entry| {
                let name = entry.ok()?.file_name().into_string().ok()?;
                name.strip_suffix(".rs").map(String::from)
            })
            .collect();
        names.sort();
        for name in names {
            let path = work.join(format!("{name}.rs"));
            // `{:?}` writes the path as a Rust string literal (quotes and backslashes
            // escaped).
            modules.push_str(&format!(
                "#[path = {:?}]\npub mod {name};\n",
                path.display().to_string()
            ));
        }
    }
    fs::write(&out, modules).expect("OUT_DIR is writable");
}
