//! What the runner reads from an exercise's book page: its title and its folded
//! hints.
//!
//! A hint is a block the page folds, so that a reader opens it only when they want
//! it:
//!
//! ```text
//! <details>
//! <summary>Hint</summary>
//!
//! What to look at first.
//!
//! </details>
//! ```
//!
//! Any `<summary>` whose text starts with "Hint" counts (`Hint 2: the heap`).

/// The page's title: its first `# ` heading.
pub(crate) fn title(page: &str) -> Option<&str> {
    page.lines()
        .find_map(|line| line.strip_prefix("# "))
        .map(str::trim)
}

/// The page's hints, in order, each as the Markdown inside its `<details>`.
pub(crate) fn hints(page: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<summary>Hint") {
        let after = &rest[start..];
        let Some(summary_end) = after.find("</summary>") else {
            break;
        };
        let title = &after["<summary>".len()..summary_end];
        let body = &after[summary_end + "</summary>".len()..];
        let end = body.find("</details>").unwrap_or(body.len());
        let text = body[..end].trim();
        if title.trim() == "Hint" {
            found.push(text.to_string());
        } else {
            found.push(format!("{}\n\n{text}", title.trim()));
        }
        rest = &body[end..];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Chunk sizes\n\nProse.\n\n<details>\n<summary>Hint</summary>\n\n\
                        Use `div_ceil`.\n\n</details>\n\n<details><summary>Hint 2: the heap</summary>\n\
                        A `BinaryHeap<Reverse<u64>>`.\n</details>\n\n<details>\n\
                        <summary>Solution</summary>\n\nnot a hint\n</details>\n";

    #[test]
    fn title_is_the_first_heading() {
        assert_eq!(title(PAGE), Some("Chunk sizes"));
        assert_eq!(title("no heading"), None);
    }

    #[test]
    fn hints_are_the_folded_hint_blocks_only() {
        assert_eq!(
            hints(PAGE),
            vec![
                "Use `div_ceil`.".to_string(),
                "Hint 2: the heap\n\nA `BinaryHeap<Reverse<u64>>`.".to_string()
            ]
        );
        assert!(hints("# Page\n<summary>Solution</summary>\n").is_empty());
    }
}
