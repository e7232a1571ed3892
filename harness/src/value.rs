//! Python values as the notebook shows them (`'foo'`, `5`, `['aa', 'bb']`, `0.0007`), parsed so
//! that they are compared as values, never as text.

use std::fmt;

/// A value as Jupyter displays it in an `Out[n]` cell.
///
/// The notebook's values are Python literals, except array reprs such as
/// `dask.array<mean_ag..., shape=(1000,), ...>`, which are kept as [`Value::Repr`] text.
///
/// ```
/// use harness::Value;
/// let v: Value = "['aa', 'bb']".parse().unwrap();
/// assert_eq!(v, Value::List(vec![Value::from("aa"), Value::from("bb")]));
/// assert_eq!(v.to_string(), "['aa', 'bb']");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `None`.
    None,
    /// `True` or `False`.
    Bool(bool),
    /// A Python `int` (the notebook's fit in 64 bits).
    Int(i64),
    /// A Python `float`.
    Float(f64),
    /// A Python `str`.
    Str(String),
    /// A Python `list`.
    List(Vec<Value>),
    /// A Python `tuple`.
    Tuple(Vec<Value>),
    /// Anything else, kept as the text Jupyter showed (an object's repr).
    Repr(String),
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Self {
        Value::Float(x)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Self {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

/// Writes the value the way Python's `repr` would.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn items(f: &mut fmt::Formatter<'_>, items: &[Value]) -> fmt::Result {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{item}")?;
            }
            Ok(())
        }
        match self {
            Value::None => f.write_str("None"),
            Value::Bool(true) => f.write_str("True"),
            Value::Bool(false) => f.write_str("False"),
            Value::Int(i) => write!(f, "{i}"),
            // Rust's `{:?}` for f64 is the shortest text that reads back as the same number,
            // which is what Python's repr prints too (`1.0`, `0.0007`, `1e-05`).
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Str(s) => write!(f, "'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            Value::List(v) => {
                f.write_str("[")?;
                items(f, v)?;
                f.write_str("]")
            }
            Value::Tuple(v) => {
                f.write_str("(")?;
                items(f, v)?;
                if v.len() == 1 {
                    f.write_str(",")?;
                }
                f.write_str(")")
            }
            Value::Repr(text) => f.write_str(text),
        }
    }
}

/// The text is not a Python literal of the kinds the notebook shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueParseError {
    /// Byte offset in the text where parsing stopped.
    pub offset: usize,
    /// What was expected there.
    pub expected: &'static str,
}

impl fmt::Display for ValueParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {} at byte {}", self.expected, self.offset)
    }
}

impl std::error::Error for ValueParseError {}

impl std::str::FromStr for Value {
    type Err = ValueParseError;

    /// Parses a Python literal: `None`, `True`/`False`, ints, floats, quoted strings, and lists
    /// and tuples of those. Use [`Value::parse_display`] for text that may be a repr.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut parser = Parser { text, pos: 0 };
        let value = parser.value()?;
        parser.skip_space();
        if parser.pos != text.len() {
            return Err(parser.error("the end of the value"));
        }
        Ok(value)
    }
}

impl Value {
    /// Parses what Jupyter displayed: a Python literal if it is one, otherwise a [`Value::Repr`].
    pub fn parse_display(text: &str) -> Value {
        let text = text.trim();
        text.parse()
            .unwrap_or_else(|_| Value::Repr(text.to_string()))
    }

    /// The number inside an `Int` or `Float`, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Int(i) => Some(i as f64),
            Value::Float(x) => Some(x),
            _ => None,
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, expected: &'static str) -> ValueParseError {
        ValueParseError {
            offset: self.pos,
            expected,
        }
    }

    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Result<Value, ValueParseError> {
        self.skip_space();
        let first = self.rest().chars().next().ok_or(self.error("a value"))?;
        match first {
            '[' => {
                self.pos += 1;
                Ok(Value::List(self.sequence(']')?.0))
            }
            '(' => {
                self.pos += 1;
                let (items, trailing_comma) = self.sequence(')')?;
                // `(5)` is just 5 in Python; `(5,)` is a tuple.
                if items.len() == 1 && !trailing_comma {
                    Ok(items.into_iter().next().expect("one item"))
                } else {
                    Ok(Value::Tuple(items))
                }
            }
            '\'' | '"' => self.string(first),
            _ if self.eat("None") => Ok(Value::None),
            _ if self.eat("True") => Ok(Value::Bool(true)),
            _ if self.eat("False") => Ok(Value::Bool(false)),
            _ => self.number(),
        }
    }

    /// Items up to `close`; also says whether the last item had a trailing comma.
    fn sequence(&mut self, close: char) -> Result<(Vec<Value>, bool), ValueParseError> {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.eat(&close.to_string()) {
                return Ok((items, true));
            }
            items.push(self.value()?);
            self.skip_space();
            if self.eat(&close.to_string()) {
                return Ok((items, false));
            }
            if !self.eat(",") {
                return Err(self.error("',' or the closing bracket"));
            }
        }
    }

    fn string(&mut self, quote: char) -> Result<Value, ValueParseError> {
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, other)) => out.push(other),
                    None => break,
                },
                c if c == quote => {
                    self.pos += i + 1;
                    return Ok(Value::Str(out));
                }
                c => out.push(c),
            }
        }
        Err(self.error("the closing quote"))
    }

    fn number(&mut self) -> Result<Value, ValueParseError> {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_')))
            .unwrap_or(rest.len());
        let token = &rest[..len];
        let value = if let Ok(i) = token.parse::<i64>() {
            Value::Int(i)
        } else if let Ok(x) = token.parse::<f64>() {
            Value::Float(x)
        } else {
            return Err(self.error("a number, a string, a list or a tuple"));
        };
        self.pos += len;
        Ok(value)
    }
}

#[cfg(test)]
// The notebook's numbers are kept with every digit it printed.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_notebook_values() {
        assert_eq!("'foo'".parse(), Ok(Value::from("foo")));
        assert_eq!("5".parse(), Ok(Value::Int(5)));
        assert_eq!(
            "[0.00015697883657137359,\n 1.000269545919426,\n 10444.348963926968]".parse(),
            Ok(Value::List(vec![
                Value::Float(0.00015697883657137359),
                Value::Float(1.000269545919426),
                Value::Float(10444.348963926968),
            ]))
        );
        assert_eq!("(1000,)".parse(), Ok(Value::Tuple(vec![Value::Int(1000)])));
        assert_eq!("(1000)".parse(), Ok(Value::Int(1000)));
    }

    #[test]
    fn a_repr_is_not_a_literal() {
        let text = "dask.array<mean_ag..., shape=(1000,), dtype=float64, chunksize=(100,)>";
        assert!(text.parse::<Value>().is_err());
        assert_eq!(Value::parse_display(text), Value::Repr(text.to_string()));
        assert!("mu".parse::<Value>().is_err());
        assert!("[1, 2".parse::<Value>().is_err());
    }

    #[test]
    fn display_is_python_repr() {
        let v = Value::List(vec![
            Value::from("it's"),
            Value::Int(-3),
            Value::Float(1.0),
            Value::Tuple(vec![Value::Int(1)]),
            Value::None,
        ]);
        assert_eq!(v.to_string(), r"['it\'s', -3, 1.0, (1,), None]");
        assert_eq!(v.to_string().parse::<Value>(), Ok(v));
    }
}
