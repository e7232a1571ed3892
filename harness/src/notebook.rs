//! The notebook fixture, parsed into cells.
//!
//! `fixtures/seed-notebook.txt` is the notebook as text: prose, then cells that begin with an
//! `In [n]:` line. A cell's text is its source, then what it printed (stdout), then the value
//! Jupyter displayed (`Out[n]`), then any prose that follows it, all separated by blank lines.
//! The export does not mark where the source ends, so the parser relies on three facts of the
//! format, each pinned by a test on the fixture:
//!
//! 1. Printed output ends with a newline of its own, so it is followed by **two** blank lines,
//!    where everything else is followed by one. The paragraph before a double gap is printed
//!    output; the parser takes it to be one paragraph (printed output with blank lines inside it
//!    would be split, and the fixture has none).
//! 2. A displayed value is a Python literal (`'foo'`, `5`, `[...]`) or an object repr
//!    (`dask.array<...>`); source code never is one (`Y`, `mu`, `mp_handler()` are not literals).
//! 3. Whatever follows the value is prose (a markdown cell), e.g. a section heading underlined
//!    with `---`, which names the section of the cells after it.

use crate::Value;

/// The project's copy of the notebook, embedded so the replay never reads `../shared`.
pub const FIXTURE: &str = include_str!("../fixtures/seed-notebook.txt");

/// One `In [n]:` cell of the notebook.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The `n` of `In [n]:`.
    pub number: u32,
    /// The section heading above the cell (`Multiprocessing`, `Threading`, `Dask`).
    pub section: String,
    /// The Python source, as in the notebook.
    pub source: String,
    /// What the cell printed (stdout), with its final newline; `None` if nothing.
    pub printed: Option<String>,
    /// The text of the displayed value (`Out[n]`); `None` if none.
    pub value: Option<String>,
}

impl Cell {
    /// Whether the cell shows anything: printed text or a value. The replay judges these.
    pub fn has_output(&self) -> bool {
        self.printed.is_some() || self.value.is_some()
    }

    /// The printed output split into lines.
    pub fn printed_lines(&self) -> Vec<&str> {
        self.printed
            .as_deref()
            .map_or(Vec::new(), |p| p.lines().collect())
    }

    /// The displayed value, parsed ([`Value::Repr`] for an object repr).
    pub fn parsed_value(&self) -> Option<Value> {
        self.value.as_deref().map(Value::parse_display)
    }
}

/// The parsed notebook: its cells in order.
#[derive(Debug, Clone)]
pub struct Notebook {
    cells: Vec<Cell>,
}

/// A paragraph: consecutive non-blank lines, and how many blank lines follow it.
#[derive(Debug)]
struct Paragraph<'a> {
    lines: Vec<&'a str>,
    blank_after: usize,
}

impl Paragraph<'_> {
    fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// A markdown heading: a title line underlined with `---` or `===`.
    fn heading(&self) -> Option<&str> {
        match self.lines.as_slice() {
            [title, rule, ..] if rule.len() >= 3 && rule.chars().all(|c| c == '-' || c == '=') => {
                Some(title.trim())
            }
            _ => None,
        }
    }

    /// A displayed value: a Python literal or an object repr like `name<...>`.
    fn is_value(&self) -> bool {
        let text = self.text();
        let trimmed = text.trim();
        let is_repr = trimmed.ends_with('>')
            && trimmed
                .split_once('<')
                .is_some_and(|(head, _)| !head.is_empty() && !head.contains(' '));
        is_repr || trimmed.parse::<Value>().is_ok()
    }
}

fn paragraphs(text: &str) -> Vec<Paragraph<'_>> {
    let mut out: Vec<Paragraph<'_>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(Paragraph {
                    lines: std::mem::take(&mut current),
                    blank_after: 0,
                });
            }
            if let Some(last) = out.last_mut() {
                last.blank_after += 1;
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(Paragraph {
            lines: current,
            blank_after: 0,
        });
    }
    out
}

/// Parses `In [n]:`, returning `n`.
fn cell_marker(line: &str) -> Option<u32> {
    line.trim()
        .strip_prefix("In [")?
        .strip_suffix("]:")?
        .parse()
        .ok()
}

impl Notebook {
    /// The project's copy of the notebook ([`FIXTURE`]).
    pub fn fixture() -> Self {
        Notebook::parse(FIXTURE)
    }

    /// Parses a notebook exported as text; see the module doc for the rules.
    pub fn parse(text: &str) -> Self {
        // Split into the prose before the first cell and one chunk of text per cell.
        let mut chunks: Vec<(Option<u32>, String)> = vec![(None, String::new())];
        for line in text.lines() {
            match cell_marker(line) {
                Some(n) => chunks.push((Some(n), String::new())),
                None => {
                    let chunk = &mut chunks.last_mut().expect("starts non-empty").1;
                    chunk.push_str(line);
                    chunk.push('\n');
                }
            }
        }

        let mut section = String::new();
        let mut cells = Vec::new();
        for (number, chunk) in chunks {
            let paras = paragraphs(&chunk);
            let Some(number) = number else {
                // The prose before the first cell: remember its last heading.
                if let Some(h) = paras.iter().filter_map(Paragraph::heading).next_back() {
                    section = h.to_string();
                }
                continue;
            };
            let (cell, next_section) = Self::parse_cell(number, &section, &paras);
            cells.push(cell);
            if let Some(s) = next_section {
                section = s;
            }
        }
        Notebook { cells }
    }

    /// One cell from its paragraphs; also returns the heading found in the prose after it.
    fn parse_cell(number: u32, section: &str, paras: &[Paragraph<'_>]) -> (Cell, Option<String>) {
        // Rule 1: printed output is the paragraph before the first double gap.
        let printed_at = paras.iter().position(|p| p.blank_after >= 2);
        // Rule 2: the value is the first literal or repr after the source (and any printed text).
        let search_from = printed_at.map_or(1, |i| i + 1);
        let value_at = (search_from..paras.len()).find(|&i| paras[i].is_value());
        let source_end = printed_at.or(value_at).unwrap_or_else(|| {
            // No output: the source runs until the first heading, if any.
            paras
                .iter()
                .position(|p| p.heading().is_some())
                .unwrap_or(paras.len())
        });
        let join = |ps: &[Paragraph<'_>]| {
            ps.iter()
                .map(Paragraph::text)
                .collect::<Vec<_>>()
                .join("\n\n")
        };
        let prose_from = value_at.or(printed_at).map_or(source_end, |i| i + 1);
        let next_section = paras[prose_from.min(paras.len())..]
            .iter()
            .filter_map(Paragraph::heading)
            .next_back()
            .map(str::to_string);
        let cell = Cell {
            number,
            section: section.to_string(),
            source: join(&paras[..source_end]),
            printed: printed_at.map(|i| paras[i].text() + "\n"),
            value: value_at.map(|i| paras[i].text()),
        };
        (cell, next_section)
    }

    /// Every cell, in order.
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    /// The cell `In [n]:`, if the notebook has it.
    pub fn cell(&self, number: u32) -> Option<&Cell> {
        self.cells.iter().find(|c| c.number == number)
    }

    /// The cells that print something or show a value: the ones the replay judges.
    pub fn output_cells(&self) -> impl Iterator<Item = &Cell> {
        self.cells.iter().filter(|c| c.has_output())
    }
}

#[cfg(test)]
// The notebook's numbers are kept with every digit it printed.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    #[test]
    fn the_fixture_has_every_cell_in_its_section() {
        let nb = Notebook::fixture();
        let numbers: Vec<u32> = nb.cells().iter().map(|c| c.number).collect();
        // The notebook skips 16 and 20 (cells that were deleted before it was saved).
        assert_eq!(
            numbers,
            [
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 19, 21, 22
            ]
        );
        let section = |n| nb.cell(n).unwrap().section.as_str();
        assert_eq!(section(1), "Multiprocessing");
        assert_eq!(section(4), "Multiprocessing");
        assert_eq!(section(5), "Threading");
        assert_eq!(section(14), "Threading");
        assert_eq!(section(15), "Dask");
        assert_eq!(section(22), "Dask");
    }

    #[test]
    fn the_fixture_prints_in_nine_cells() {
        let nb = Notebook::fixture();
        let printing: Vec<u32> = nb.output_cells().map(|c| c.number).collect();
        assert_eq!(printing, [2, 4, 10, 14, 17, 18, 19, 21, 22]);
    }

    #[test]
    fn sources_printed_output_and_values_are_split() {
        let nb = Notebook::fixture();
        let c1 = nb.cell(1).unwrap();
        assert!(c1.source.starts_with("import multiprocessing"));
        assert!(c1.source.ends_with("return p.map(mp_worker, data)"));

        let c2 = nb.cell(2).unwrap();
        assert_eq!(c2.source, "mp_handler()");
        assert_eq!(c2.printed_lines().len(), 16);
        assert_eq!(c2.printed_lines()[0], " Processs b\tWaiting .4 seconds");
        assert_eq!(
            c2.value.as_deref(),
            Some("['aa', 'bb', 'cc', 'dd', 'ee', 'ff', 'gg', 'hh']")
        );

        let c4 = nb.cell(4).unwrap();
        assert_eq!(c4.printed_lines().len(), 4);
        let Some(Value::List(means)) = c4.parsed_value() else {
            panic!("cell 4 shows a list: {:?}", c4.value)
        };
        assert_eq!(means.len(), 4);

        // A source with a blank line inside it, then a repr.
        let c17 = nb.cell(17).unwrap();
        assert!(c17.source.starts_with("Y = da.random.normal"));
        assert!(c17.source.ends_with("\n\nY"));
        assert!(
            c17.value
                .as_deref()
                .unwrap()
                .starts_with("dask.array<da.rand")
        );

        // A value followed by prose.
        let c18 = nb.cell(18).unwrap();
        assert_eq!(c18.source, "mu = Y.mean(axis=0)\nmu");
        assert!(c18.value.as_deref().unwrap().contains("shape=(1000,)"));

        let c21 = nb.cell(21).unwrap();
        assert!(
            c21.source
                .starts_with("from dask.diagnostics import ProgressBar")
        );
        assert_eq!(
            c21.printed.as_deref(),
            Some("[########################################] | 100% Completed |  0.2s\n")
        );
        assert_eq!(c21.value, None);

        assert_eq!(
            nb.cell(10).unwrap().parsed_value(),
            Some(Value::from("foo"))
        );
        assert_eq!(nb.cell(14).unwrap().parsed_value(), Some(Value::Int(5)));
        assert_eq!(
            nb.cell(22).unwrap().parsed_value(),
            Some(Value::Float(0.00076207744231838949))
        );
        // Cells with no output have neither.
        assert!(!nb.cell(11).unwrap().has_output());
        assert_eq!(
            nb.cell(11).unwrap().source,
            "def work():\n    q.put(np.random.randn(1000))"
        );
    }

    #[test]
    fn a_near_miss_notebook_parses_differently() {
        // Printed output followed by only one blank line is not printed output.
        let nb = Notebook::parse("T\n---\n\nIn [1]:\nf()\n\nhello\n\nIn [2]:\nx\n\n5\n");
        let c1 = nb.cell(1).unwrap();
        assert_eq!(c1.printed, None);
        assert_eq!(c1.value, None);
        assert_eq!(c1.section, "T");
        assert_eq!(nb.cell(2).unwrap().value.as_deref(), Some("5"));
    }
}
