//! Weights of areas and questions, kept exact.
//!
//! A weight is greater than 0, at most 1000 and has at most three decimals (SPEC §3). It is
//! stored as a whole number of thousandths, so sums, weighted means and the comparisons
//! that decide a level or a gap are integer arithmetic: a mean that is mathematically 3 is
//! exactly 3, whatever weights produced it. Floats appear only when a number is shown.

use serde::{Serialize, Serializer};
use std::fmt;

/// A weight in thousandths: 1 is `Weight(1000)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Weight(u32);

/// The largest weight, in thousandths (1000).
const MAX_MILLIS: u32 = 1_000_000;

/// What the rule for weights says, for messages.
pub const RULE: &str = "must be greater than 0 and at most 1000, with at most three decimals";

impl Weight {
    /// The weight 1.
    pub const ONE: Weight = Weight(1000);

    /// The weight of a number read from a file, if it keeps the rule.
    pub fn from_f64(value: f64) -> Option<Weight> {
        if !value.is_finite() || value <= 0.0 || value > f64::from(MAX_MILLIS) / 1000.0 {
            return None;
        }
        let millis = value * 1000.0;
        let whole = millis.round();
        // A number with three decimals parses to within a few ulps of whole thousandths;
        // a fourth decimal is at least 0.1 thousandth away.
        ((millis - whole).abs() < 1e-6 && whole >= 1.0).then_some(Weight(whole as u32))
    }

    /// The weight of a whole number of thousandths, if it keeps the rule.
    pub fn from_millis(millis: u32) -> Option<Weight> {
        (1..=MAX_MILLIS).contains(&millis).then_some(Weight(millis))
    }

    /// The weight in thousandths, 1 to 1,000,000.
    pub fn millis(self) -> u32 {
        self.0
    }

    /// The nearest float, for display and for charts.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 1000.0
    }
}

/// A number as a person typed it, for messages: `1e308`, `1000.5`, `0`.
pub fn shown(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:?}")
    }
}

impl fmt::Display for Weight {
    /// Without needless decimals: 1, 1.5, 0.125.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, part) = (self.0 / 1000, self.0 % 1000);
        if part == 0 {
            write!(f, "{whole}")
        } else {
            let decimals = format!("{part:03}");
            write!(f, "{whole}.{}", decimals.trim_end_matches('0'))
        }
    }
}

// Written by serde in the report and roadmap exports (`domain::csv_export`); files and
// storage use `domain::formats`.
impl Serialize for Weight {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.as_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_in_numbers() {
        for (value, millis) in [(0.001, 1), (0.1, 100), (0.37, 370), (1000.0, 1_000_000)] {
            assert_eq!(Weight::from_f64(value), Some(Weight(millis)), "{value}");
        }
        for value in [
            0.0,
            -1.0,
            0.0001,
            1000.001,
            2.0005,
            f64::NAN,
            f64::INFINITY,
            1e308,
        ] {
            assert_eq!(Weight::from_f64(value), None, "{value}");
        }
        assert_eq!(MAX_MILLIS, Weight::from_f64(1000.0).unwrap().millis());
    }

    #[test]
    fn shown_without_needless_decimals() {
        let text = |v: f64| Weight::from_f64(v).unwrap().to_string();
        assert_eq!(
            [text(1.0), text(1.5), text(0.125), text(0.05)],
            ["1", "1.5", "0.125", "0.05"]
        );
        assert_eq!(
            [shown(1e308), shown(1000.5), shown(0.0), shown(-2.0)],
            ["1e308", "1000.5", "0", "-2"]
        );
    }
}
