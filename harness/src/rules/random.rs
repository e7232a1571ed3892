//! Random numbers: a statistic of a random sample is judged by its sampling distribution.
//!
//! The notebook's random cells print the mean of `n` draws of some random variable `X` (cell 4:
//! `X = Z^p` for a standard normal `Z`; cells 19 and 22: `X = Z`). Their value changes every run,
//! so the rule asks instead whether the Rust mean is a plausible draw: within
//! [`STANDARD_ERRORS`] standard errors of `E[X]`, where the standard error `sqrt(Var[X] / n)` comes
//! from the distribution's moments and the sample size — never from a hand-picked tolerance.

use super::Mismatch;

/// How many standard errors away from its expectation a sample mean may land.
///
/// By Chebyshev's inequality any mean lands further out with probability at most 1/25, whatever
/// the distribution; for the notebook's near-normal means, about one run in 1.7 million.
pub const STANDARD_ERRORS: f64 = 5.0;

/// The mean and variance of one draw of a random variable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moments {
    /// `E[X]`.
    pub mean: f64,
    /// `Var[X] = E[X²] − E[X]²`.
    pub variance: f64,
}

/// `E[Z^k]` for a standard normal `Z`: `(k − 1)!!` for even `k`, `0` for odd `k`.
fn normal_raw_moment(k: u32) -> f64 {
    if k % 2 == 1 {
        return 0.0;
    }
    (1..k).step_by(2).map(f64::from).product()
}

/// The moments of `Z^p` for a standard normal `Z`.
///
/// ```
/// use harness::rules::normal_power_moments;
/// let m = normal_power_moments(12);
/// assert_eq!(m.mean, 10395.0); // 11!! = 11·9·7·5·3·1
/// assert_eq!(m.variance, 316234143225.0 - 10395.0 * 10395.0); // E[Z^24] = 23!!
/// assert_eq!(normal_power_moments(15).mean, 0.0);
/// ```
pub fn normal_power_moments(p: u32) -> Moments {
    let mean = normal_raw_moment(p);
    Moments {
        mean,
        variance: normal_raw_moment(2 * p) - mean * mean,
    }
}

/// Accepts `observed`, the mean of `n` independent draws of a variable with `moments`, when it
/// lies within [`STANDARD_ERRORS`] standard errors of the expected mean.
///
/// ```
/// use harness::rules::{normal_power_moments, within_standard_errors};
/// // The notebook's cell 22: the mean of 1000 × 1000 standard normals.
/// let z = normal_power_moments(1);
/// assert!(within_standard_errors(0.00076207744231838949, z, 1_000_000).is_ok());
/// assert!(within_standard_errors(0.006, z, 1_000_000).is_err()); // 6 standard errors off
/// ```
pub fn within_standard_errors(observed: f64, moments: Moments, n: usize) -> Result<(), Mismatch> {
    const RULE: &str = "random";
    if n == 0 {
        return Err(Mismatch::new(RULE, "a mean of no draws is not a number"));
    }
    if !observed.is_finite() {
        return Err(Mismatch::new(
            RULE,
            format!("{observed} is not a finite number"),
        ));
    }
    let standard_error = (moments.variance / n as f64).sqrt();
    let distance = (observed - moments.mean).abs();
    if distance <= STANDARD_ERRORS * standard_error {
        Ok(())
    } else {
        Err(Mismatch::new(
            RULE,
            format!(
                "{observed} is {:.1} standard errors from the expected {} (standard error {standard_error:.3e} for n = {n}; at most {STANDARD_ERRORS} allowed)",
                distance / standard_error,
                moments.mean
            ),
        ))
    }
}

#[cfg(test)]
// The notebook's numbers are kept with every digit it printed.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    #[test]
    fn moments_of_low_powers() {
        assert_eq!(
            normal_power_moments(1),
            Moments {
                mean: 0.0,
                variance: 1.0
            }
        );
        assert_eq!(
            normal_power_moments(2),
            Moments {
                mean: 1.0,
                variance: 2.0
            }
        );
        let m15 = normal_power_moments(15);
        assert_eq!(m15.mean, 0.0);
        assert_eq!(
            m15.variance,
            (1..30).step_by(2).map(f64::from).product::<f64>()
        );
    }

    #[test]
    fn accepts_the_notebooks_values() {
        let n = 100_000_000;
        let notebook = [
            (1, 0.00015697883657137359),
            (2, 1.000269545919426),
            (12, 10444.348963926968),
            (15, 8347.1901402059957),
        ];
        for (p, mean) in notebook {
            assert_eq!(
                within_standard_errors(mean, normal_power_moments(p), n),
                Ok(()),
                "power {p}"
            );
        }
        // Cell 19: the mean of one column, 1000 draws.
        assert!(
            within_standard_errors(0.00071773141474024626, normal_power_moments(1), 1000).is_ok()
        );
    }

    #[test]
    fn rejects_six_standard_errors_and_accepts_four() {
        for p in [1, 2, 12, 15] {
            let m = normal_power_moments(p);
            let n = 1_000_000;
            let se = (m.variance / n as f64).sqrt();
            assert!(
                within_standard_errors(m.mean + 4.0 * se, m, n).is_ok(),
                "power {p}"
            );
            assert!(
                within_standard_errors(m.mean - 4.9 * se, m, n).is_ok(),
                "power {p}"
            );
            assert!(
                within_standard_errors(m.mean + 6.0 * se, m, n).is_err(),
                "power {p}"
            );
            assert!(
                within_standard_errors(m.mean - 6.0 * se, m, n).is_err(),
                "power {p}"
            );
        }
    }

    #[test]
    fn the_sample_size_matters() {
        // 0.01 is fine for 1000 draws (0.3 SE) but not for 10^8 (100 SE).
        let z = normal_power_moments(1);
        assert!(within_standard_errors(0.01, z, 1000).is_ok());
        assert!(within_standard_errors(0.01, z, 100_000_000).is_err());
    }

    #[test]
    fn rejects_non_numbers() {
        let z = normal_power_moments(1);
        assert!(within_standard_errors(f64::NAN, z, 10).is_err());
        assert!(within_standard_errors(f64::INFINITY, z, 10).is_err());
        assert!(within_standard_errors(0.0, z, 0).is_err());
    }
}
