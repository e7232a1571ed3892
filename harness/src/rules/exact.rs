//! Exact values: `'foo'`, `5`, `['aa', …, 'hh']`.

use super::Mismatch;
use crate::Value;

/// Accepts `actual` when it is the same value as `expected`: same kind, same items, same text,
/// same number (an `Int` and a `Float` of equal value count as the same, as in Python `5 == 5.0`).
///
/// Values are compared as values, so the Rust side never has to imitate Python's formatting; the
/// error names the first place where they differ (`[3]`: the fourth item).
///
/// ```
/// use harness::{Value, rules::exact_value};
/// let expected: Value = "['aa', 'bb']".parse().unwrap();
/// assert!(exact_value(&expected, &Value::from(vec!["aa", "bb"])).is_ok());
/// assert!(exact_value(&expected, &Value::from(vec!["bb", "aa"])).is_err());
/// ```
pub fn exact_value(expected: &Value, actual: &Value) -> Result<(), Mismatch> {
    compare(expected, actual, &mut String::new())
}

fn compare(expected: &Value, actual: &Value, path: &mut String) -> Result<(), Mismatch> {
    let differ = |path: &str| {
        let at = if path.is_empty() {
            String::new()
        } else {
            format!(" at {path}")
        };
        Err(Mismatch::new(
            "exact value",
            format!("expected {expected}, got {actual}{at}"),
        ))
    };
    match (expected, actual) {
        (Value::List(e), Value::List(a)) | (Value::Tuple(e), Value::Tuple(a)) => {
            if e.len() != a.len() {
                return Err(Mismatch::new(
                    "exact value",
                    format!("expected {} items, got {}: {actual}", e.len(), a.len()),
                ));
            }
            for (i, (e, a)) in e.iter().zip(a).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                compare(e, a, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        (e, a) => match (e.as_f64(), a.as_f64()) {
            (Some(x), Some(y)) if x == y => Ok(()),
            (Some(_), Some(_)) => differ(path),
            _ if e == a => Ok(()),
            _ => differ(path),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Value {
        text.parse().unwrap()
    }

    #[test]
    fn accepts_equal_values_whatever_their_text() {
        assert!(exact_value(&v("'foo'"), &Value::from("foo")).is_ok());
        assert!(exact_value(&v("\"foo\""), &Value::from("foo")).is_ok());
        assert!(exact_value(&v("5"), &Value::Int(5)).is_ok());
        assert!(exact_value(&v("5"), &Value::Float(5.0)).is_ok());
        let list = "['aa', 'bb', 'cc', 'dd', 'ee', 'ff', 'gg', 'hh']";
        let rust: Vec<String> = "abcdefgh".chars().map(|c| format!("{c}{c}")).collect();
        assert!(exact_value(&v(list), &Value::from(rust)).is_ok());
    }

    #[test]
    fn rejects_near_misses_and_says_where() {
        let err = exact_value(&v("['aa', 'bb', 'cc']"), &v("['aa', 'bb', 'cd']")).unwrap_err();
        assert!(err.detail.contains("at [2]"), "{err}");
        assert!(exact_value(&v("['aa', 'bb']"), &v("['bb', 'aa']")).is_err());
        assert!(exact_value(&v("['aa', 'bb']"), &v("['aa', 'bb', 'cc']")).is_err());
        assert!(exact_value(&v("'foo'"), &v("'Foo'")).is_err());
        assert!(exact_value(&v("5"), &v("'5'")).is_err());
        assert!(exact_value(&v("5"), &v("6")).is_err());
        assert!(exact_value(&v("[5]"), &v("(5,)")).is_err());
    }
}
