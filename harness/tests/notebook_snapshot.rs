//! The parsed notebook as a snapshot: any change to the fixture or to the parser shows up as a
//! reviewed diff (`cargo insta review`).

use harness::notebook::Notebook;

#[test]
fn the_parsed_notebook() {
    let notebook = Notebook::fixture();
    let summary: String = notebook
        .cells()
        .iter()
        .map(|c| {
            format!(
                "In [{}] ({})\n--- source\n{}\n--- printed\n{}--- value\n{}\n\n",
                c.number,
                c.section,
                c.source,
                c.printed.as_deref().unwrap_or(""),
                c.value.as_deref().unwrap_or(""),
            )
        })
        .collect();
    insta::assert_snapshot!(summary);
}
