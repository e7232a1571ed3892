//! Every program the book shows as `rust,compile_fail` fails to compile, with the error the page
//! explains. The doctests in `src/compile_fail/` prove it does not compile; stable rustdoc ignores
//! their error code, so this test compiles each file with rustc and looks for the code.
use book_checks::compile_fail;
use std::process::Command;

#[test]
fn each_program_fails_with_its_error_code() {
    let programs = compile_fail::proven();
    assert!(programs.len() >= 2, "the doctests were found: {programs:?}");
    let out_dir = std::env::temp_dir().join(format!("book-checks-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    for program in programs {
        assert!(program.file.exists(), "{}", program.file.display());
        let output = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
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
