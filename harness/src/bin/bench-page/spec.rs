//! `<crate>/benches/page.toml`: which criterion results the page shows, and how.

use std::path::Path;

use serde::Deserialize;

/// The whole declaration: the tables, in page order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PageSpec {
    #[serde(rename = "table")]
    pub(crate) tables: Vec<TableSpec>,
}

/// One table: one criterion group, our function beside a baseline, one row per parameter.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TableSpec {
    /// The table's heading.
    pub(crate) title: String,
    /// The criterion group name.
    pub(crate) group: String,
    /// Our function id within the group.
    pub(crate) ours: String,
    /// The function id the ratio is taken against.
    pub(crate) baseline: String,
    /// If given, the ratio ours / baseline must be at most this.
    pub(crate) target: Option<f64>,
    /// One sentence on what the rows measure.
    pub(crate) note: String,
}

/// Why a page.toml cannot be used.
#[derive(Debug)]
pub(crate) enum SpecError {
    Read(std::io::Error),
    Parse(toml::de::Error),
    Empty,
    BadTarget { title: String, target: f64 },
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpecError::Read(e) => write!(f, "cannot read it: {e}"),
            SpecError::Parse(e) => write!(f, "{e}"),
            SpecError::Empty => write!(f, "it declares no [[table]]"),
            SpecError::BadTarget { title, target } => write!(
                f,
                "table {title:?}: target {target} is not a positive ratio"
            ),
        }
    }
}

impl PageSpec {
    pub(crate) fn read(path: &Path) -> Result<PageSpec, SpecError> {
        PageSpec::parse(&std::fs::read_to_string(path).map_err(SpecError::Read)?)
    }

    pub(crate) fn parse(text: &str) -> Result<PageSpec, SpecError> {
        let spec: PageSpec = toml::from_str(text).map_err(SpecError::Parse)?;
        if spec.tables.is_empty() {
            return Err(SpecError::Empty);
        }
        for table in &spec.tables {
            if let Some(target) = table.target
                && !(target.is_finite() && target > 0.0)
            {
                return Err(SpecError::BadTarget {
                    title: table.title.clone(),
                    target,
                });
            }
        }
        Ok(spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"
        [[table]]
        title = "map of 1,000,000 trivial items"
        group = "map_1m"
        ours = "pool_map"
        baseline = "rayon_par_iter"
        target = 1.5
        note = "One sentence."
    "#;

    #[test]
    fn a_table_with_and_without_target() {
        let spec = PageSpec::parse(ONE).expect("valid");
        assert_eq!(spec.tables.len(), 1);
        assert_eq!(spec.tables[0].target, Some(1.5));
        assert_eq!(spec.tables[0].baseline, "rayon_par_iter");
        let without = ONE.replace("target = 1.5", "");
        assert_eq!(
            PageSpec::parse(&without).expect("valid").tables[0].target,
            None
        );
    }

    #[test]
    fn mistakes_are_errors_that_say_where() {
        let typo = ONE.replace("baseline", "basline");
        let message = PageSpec::parse(&typo).unwrap_err().to_string();
        assert!(message.contains("basline"), "{message}");
        let missing = ONE.replace("note = \"One sentence.\"", "");
        assert!(
            PageSpec::parse(&missing)
                .unwrap_err()
                .to_string()
                .contains("note")
        );
        assert!(matches!(
            PageSpec::parse(""),
            Err(SpecError::Parse(_) | SpecError::Empty)
        ));
        let negative = ONE.replace("1.5", "-1.0");
        assert!(matches!(
            PageSpec::parse(&negative),
            Err(SpecError::BadTarget { .. })
        ));
    }
}
