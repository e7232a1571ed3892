//! Criterion's results as it leaves them in the target directory.
//!
//! For every benchmark, criterion writes `<target>/criterion/<group>/<function>/<param>/new/`
//! with `benchmark.json` (the ids, unsanitised) and `estimates.json` (the statistics, in
//! nanoseconds). The directory names are sanitised ids, so they are found by walking the tree
//! and reading the ids from `benchmark.json`, not by building paths from the ids.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Deserialize;

/// A benchmark's ids: group, function, parameter (`BenchmarkId::new(function, parameter)`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Id {
    pub(crate) group: String,
    pub(crate) function: String,
    pub(crate) parameter: Option<String>,
}

/// One benchmark's median, and whether the run that made the page wrote it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Estimate {
    /// The median's point estimate, nanoseconds.
    pub(crate) median_ns: f64,
    /// Written at or after the time given to [`collect`] (false: a left-over of an earlier run).
    pub(crate) fresh: bool,
}

/// Every benchmark found.
pub(crate) type Results = BTreeMap<Id, Estimate>;

#[derive(Deserialize)]
struct BenchmarkJson {
    group_id: String,
    function_id: Option<String>,
    value_str: Option<String>,
}

#[derive(Deserialize)]
struct EstimatesJson {
    median: PointEstimate,
}

#[derive(Deserialize)]
struct PointEstimate {
    point_estimate: f64,
}

/// Why the results cannot be read.
#[derive(Debug)]
pub(crate) struct ResultsError {
    pub(crate) path: PathBuf,
    pub(crate) why: String,
}

impl std::fmt::Display for ResultsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.why)
    }
}

/// Every `new/` result under `criterion_dir`; those written before `since` are marked stale.
/// A missing directory is no results, not an error.
pub(crate) fn collect(criterion_dir: &Path, since: SystemTime) -> Result<Results, ResultsError> {
    let mut results = Results::new();
    let mut pending = vec![criterion_dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            if entry.file_name() == "new" {
                if let Some((id, estimate)) = read_one(&path, since)? {
                    results.insert(id, estimate);
                }
            } else if entry.file_name() != "report" {
                pending.push(path);
            }
        }
    }
    Ok(results)
}

/// The result in one `new/` directory (none if it holds no `benchmark.json`).
fn read_one(new: &Path, since: SystemTime) -> Result<Option<(Id, Estimate)>, ResultsError> {
    let benchmark = new.join("benchmark.json");
    if !benchmark.is_file() {
        return Ok(None);
    }
    let ids: BenchmarkJson = read_json(&benchmark)?;
    let estimates_path = new.join("estimates.json");
    let estimates: EstimatesJson = read_json(&estimates_path)?;
    let written = std::fs::metadata(&estimates_path)
        .and_then(|m| m.modified())
        .map_err(|e| ResultsError {
            path: estimates_path.clone(),
            why: e.to_string(),
        })?;
    let id = Id {
        group: ids.group_id,
        // A benchmark outside a group (`c.bench_function`) is its own group.
        function: ids.function_id.unwrap_or_default(),
        parameter: ids.value_str,
    };
    Ok(Some((
        id,
        Estimate {
            median_ns: estimates.median.point_estimate,
            fresh: written >= since,
        },
    )))
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, ResultsError> {
    let error = |why: String| ResultsError {
        path: path.to_path_buf(),
        why,
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| error(e.to_string()))
}

/// Test fixtures: a criterion tree written the way criterion writes it.
#[cfg(test)]
pub(crate) mod fixture {
    use std::path::{Path, PathBuf};

    /// A fresh empty directory under the system's temporary directory.
    pub(crate) fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bench-page-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    /// Writes one benchmark's `new/benchmark.json` and `new/estimates.json`, in a directory
    /// named like criterion's (spaces and slashes replaced).
    pub(crate) fn write(
        criterion: &Path,
        group: &str,
        function: &str,
        parameter: Option<&str>,
        median_ns: f64,
    ) {
        let sanitise = |s: &str| s.replace(['/', ' ', '(', ')'], "_");
        let mut dir = criterion.join(sanitise(group)).join(sanitise(function));
        if let Some(p) = parameter {
            dir = dir.join(sanitise(p));
        }
        let new = dir.join("new");
        std::fs::create_dir_all(&new).expect("dirs");
        let ids = serde_json::json!({
            "group_id": group,
            "function_id": function,
            "value_str": parameter,
            "throughput": null,
            "full_id": "unused",
            "directory_name": "unused",
            "title": "unused",
        });
        let point = |x: f64| {
            serde_json::json!({
                "confidence_interval": {"confidence_level": 0.95, "lower_bound": x * 0.9, "upper_bound": x * 1.1},
                "point_estimate": x,
                "standard_error": x * 0.01,
            })
        };
        let estimates = serde_json::json!({
            "mean": point(median_ns * 1.05),
            "median": point(median_ns),
            "median_abs_dev": point(median_ns * 0.02),
            "slope": null,
            "std_dev": point(median_ns * 0.03),
        });
        std::fs::write(new.join("benchmark.json"), ids.to_string()).expect("write");
        std::fs::write(new.join("estimates.json"), estimates.to_string()).expect("write");
        // Criterion's HTML report and the previous run sit beside `new/`; they are not results.
        std::fs::create_dir_all(dir.join("base")).expect("dirs");
        std::fs::create_dir_all(criterion.join("report")).expect("dirs");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_result_by_its_ids_and_marks_old_ones_stale() {
        let dir = fixture::temp_dir("collect");
        fixture::write(&dir, "mean 1000x1000 (100x100)", "lazyarray", None, 2.5e6);
        fixture::write(&dir, "map", "pool_map", Some("1000"), 1.0e3);
        let all = collect(&dir, SystemTime::UNIX_EPOCH).expect("readable");
        assert_eq!(all.len(), 2);
        let id = Id {
            group: "mean 1000x1000 (100x100)".to_string(),
            function: "lazyarray".to_string(),
            parameter: None,
        };
        assert_eq!(
            all[&id],
            Estimate {
                median_ns: 2.5e6,
                fresh: true
            }
        );
        let later = SystemTime::now() + std::time::Duration::from_secs(3600);
        assert!(
            collect(&dir, later)
                .expect("readable")
                .values()
                .all(|e| !e.fresh)
        );
        assert!(
            collect(&dir.join("absent"), later)
                .expect("none")
                .is_empty()
        );
        std::fs::remove_dir_all(&dir).expect("clean up");
    }

    #[test]
    fn a_damaged_estimate_is_an_error_naming_the_file() {
        let dir = fixture::temp_dir("damaged");
        fixture::write(&dir, "g", "f", None, 1.0);
        std::fs::write(dir.join("g/f/new/estimates.json"), "{").expect("write");
        let error = collect(&dir, SystemTime::UNIX_EPOCH).unwrap_err();
        assert!(error.path.ends_with("g/f/new/estimates.json"), "{error}");
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
