//! Array reprs: `dask.array<da.rand..., shape=(1000, 1000), dtype=float64, chunksize=(100, 100)>`.

use super::Mismatch;
use crate::Value;

/// The fields of an array repr such as dask's or lazyarray's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrayRepr {
    /// The text before `<`: the library (`dask.array`, `lazyarray`).
    pub library: String,
    /// The array's name (`da.rand...`, `mean_ag...`): free to differ between libraries.
    pub name: String,
    /// The array's shape.
    pub shape: Vec<usize>,
    /// The element type's name (`float64`).
    pub dtype: String,
    /// The shape of the first chunk.
    pub chunksize: Vec<usize>,
}

impl ArrayRepr {
    /// Reads `library<name, shape=(…), dtype=…, chunksize=(…)>`; `None` if it is not one.
    pub fn parse(text: &str) -> Option<ArrayRepr> {
        let (library, rest) = text.trim().split_once('<')?;
        let body = rest.strip_suffix('>')?;
        let (name, mut fields) = body.split_once(", ")?;
        let (mut shape, mut dtype, mut chunksize) = (None, None, None);
        while !fields.is_empty() {
            let (key, rest) = fields.split_once('=')?;
            // A tuple holds commas of its own: a value ends at its closing parenthesis.
            let end = if rest.starts_with('(') {
                rest.find(')')? + 1
            } else {
                rest.find(", ").unwrap_or(rest.len())
            };
            let value = &rest[..end];
            match key.trim() {
                "shape" => shape = Some(tuple(value)?),
                "dtype" => dtype = Some(value.to_string()),
                "chunksize" => chunksize = Some(tuple(value)?),
                _ => {} // other fields (dask's `chunktype`) carry no meaning here
            }
            fields = rest[end..].trim_start_matches(", ");
        }
        Some(ArrayRepr {
            library: library.to_string(),
            name: name.to_string(),
            shape: shape?,
            dtype: dtype?,
            chunksize: chunksize?,
        })
    }
}

/// `(1000, 1000)` or `(1000,)` as numbers.
fn tuple(text: &str) -> Option<Vec<usize>> {
    match text.parse::<Value>().ok()? {
        Value::Tuple(items) => items
            .iter()
            .map(|v| match v {
                Value::Int(i) => usize::try_from(*i).ok(),
                _ => None,
            })
            .collect(),
        // `(1000)` reads as a number; a repr writes a 1-tuple as `(1000,)`, but be lenient.
        Value::Int(i) => Some(vec![usize::try_from(i).ok()?]),
        _ => None,
    }
}

/// Accepts `actual` when it is an array repr with the same shape, dtype and chunksize as
/// `expected`; the library and the array's name are free (`dask.array<da.rand...` and
/// `lazyarray<normal` name the same array).
///
/// ```
/// use harness::rules::array_repr_matches;
/// let dask = "dask.array<mean_ag..., shape=(1000,), dtype=float64, chunksize=(100,)>";
/// assert!(array_repr_matches(dask, "lazyarray<mean, shape=(1000,), dtype=float64, chunksize=(100,)>").is_ok());
/// assert!(array_repr_matches(dask, "lazyarray<mean, shape=(1000,), dtype=float64, chunksize=(50,)>").is_err());
/// ```
pub fn array_repr_matches(expected: &str, actual: &str) -> Result<(), Mismatch> {
    const RULE: &str = "array repr";
    let e = ArrayRepr::parse(expected).ok_or_else(|| {
        Mismatch::new(
            RULE,
            format!("the notebook's {expected:?} is not an array repr"),
        )
    })?;
    let a = ArrayRepr::parse(actual).ok_or_else(|| {
        Mismatch::new(
            RULE,
            format!("{actual:?} is not an array repr like `name<label, shape=(…), dtype=…, chunksize=(…)>`"),
        )
    })?;
    let mut differences = Vec::new();
    if e.shape != a.shape {
        differences.push(format!("shape {:?} instead of {:?}", a.shape, e.shape));
    }
    if e.dtype != a.dtype {
        differences.push(format!("dtype {} instead of {}", a.dtype, e.dtype));
    }
    if e.chunksize != a.chunksize {
        differences.push(format!(
            "chunksize {:?} instead of {:?}",
            a.chunksize, e.chunksize
        ));
    }
    if differences.is_empty() {
        Ok(())
    } else {
        Err(Mismatch::new(RULE, differences.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CELL17: &str =
        "dask.array<da.rand..., shape=(1000, 1000), dtype=float64, chunksize=(100, 100)>";

    #[test]
    fn parses_the_notebooks_reprs() {
        let r = ArrayRepr::parse(CELL17).unwrap();
        assert_eq!(r.library, "dask.array");
        assert_eq!(r.name, "da.rand...");
        assert_eq!(r.shape, [1000, 1000]);
        assert_eq!(r.dtype, "float64");
        assert_eq!(r.chunksize, [100, 100]);
        // Newer dask adds a chunktype field; it is ignored.
        let newer = "dask.array<normal, shape=(10,), dtype=float64, chunksize=(5,), chunktype=numpy.ndarray>";
        assert_eq!(ArrayRepr::parse(newer).unwrap().chunksize, [5]);
    }

    #[test]
    fn the_name_and_library_are_free() {
        let ours = "lazyarray<normal, shape=(1000, 1000), dtype=float64, chunksize=(100, 100)>";
        assert_eq!(array_repr_matches(CELL17, ours), Ok(()));
    }

    #[test]
    fn rejects_each_field_that_differs() {
        let near = |s: &str| array_repr_matches(CELL17, s).unwrap_err().detail;
        assert!(
            near("lazyarray<n, shape=(1000, 1000), dtype=float64, chunksize=(100, 50)>")
                .contains("chunksize")
        );
        assert!(
            near("lazyarray<n, shape=(1000, 100), dtype=float64, chunksize=(100, 100)>")
                .contains("shape")
        );
        assert!(
            near("lazyarray<n, shape=(1000, 1000), dtype=float32, chunksize=(100, 100)>")
                .contains("dtype")
        );
        assert!(
            near("lazyarray<n, shape=(1000, 1000), dtype=float64>").contains("not an array repr")
        );
        assert!(near("0.5").contains("not an array repr"));
    }
}
