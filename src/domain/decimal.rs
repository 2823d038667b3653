//! A float written with a fixed number of decimals, exactly as `format!("{value:.2}")`
//! writes it, without the standard library's float printing.
//!
//! Written by hand because the summary line of every view shows the maturity index with two
//! decimals, and `{:.2}` on an `f64` brings the standard float printing (Grisu with a
//! Dragon fallback, about 2 KB gzip) into the first load's wasm. The value is an integer
//! times a power of two, so its exact decimal expansion is integer arithmetic: the digits
//! before the point and the rounded digits after it (ties to even, as the standard library
//! rounds) come from shifts and divisions. The tests compare it with `format!` on values
//! of every magnitude and on exact ties.

/// The most decimals [`fixed`] writes.
pub const MAX_PLACES: usize = 6;

/// `value` with `places` decimals, the same text as `format!("{value:.places$}")`. More
/// than 6 decimals are written as 6 (the scaled value must fit in a `u128`); a caller's
/// slip must never stop the app, whose wasm aborts on a panic.
pub fn fixed(value: f64, places: usize) -> String {
    let places = places.min(MAX_PLACES);
    if value.is_nan() {
        return "NaN".to_string();
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if value.is_infinite() {
        return format!("{sign}inf");
    }
    let bits = value.abs().to_bits();
    let biased = (bits >> 52) as i32;
    let fraction = bits & ((1 << 52) - 1);
    // value = mantissa × 2^exponent
    let (mantissa, exponent) = match biased {
        0 => (fraction, -1074),
        _ => (fraction | 1 << 52, biased - 1075),
    };
    // value × 10^places = scaled × 2^exponent, and scaled < 2^73.
    let scaled = u128::from(mantissa) * 10u128.pow(places as u32);
    let limbs = if exponent >= 0 {
        shifted_left(scaled, exponent as u32)
    } else {
        let shift = exponent.unsigned_abs();
        // Below 2^(shift − 1): less than half a unit of the last decimal.
        let rounded = if shift >= 128 {
            0
        } else {
            let whole = scaled >> shift;
            let rest = scaled & ((1u128 << shift) - 1);
            let half = 1u128 << (shift - 1);
            match rest > half || (rest == half && whole & 1 == 1) {
                true => whole + 1,
                false => whole,
            }
        };
        shifted_left(rounded, 0)
    };
    let digits = decimal(limbs);
    let digits = format!("{digits:0>width$}", width = places + 1);
    let (before, after) = digits.split_at(digits.len() - places);
    match places {
        0 => format!("{sign}{before}"),
        _ => format!("{sign}{before}.{after}"),
    }
}

/// `value × 2^shift` as 32-bit limbs, least significant first.
fn shifted_left(value: u128, shift: u32) -> Vec<u32> {
    let mut limbs = vec![0u32; (shift / 32) as usize];
    let bits = shift % 32;
    let mut carry = 0u32;
    for i in 0..4 {
        let limb = (value >> (32 * i)) as u32;
        limbs.push((limb << bits) | carry);
        carry = match bits {
            0 => 0,
            _ => limb >> (32 - bits),
        };
    }
    limbs.push(carry);
    limbs
}

/// The decimal digits of a number given as limbs ("0" for zero).
fn decimal(mut limbs: Vec<u32>) -> String {
    const CHUNK: u64 = 1_000_000_000;
    let mut chunks = Vec::new();
    loop {
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
        if limbs.is_empty() {
            break;
        }
        let mut rest = 0u64;
        for limb in limbs.iter_mut().rev() {
            let current = (rest << 32) | u64::from(*limb);
            *limb = (current / CHUNK) as u32;
            rest = current % CHUNK;
        }
        chunks.push(rest as u32);
    }
    let mut text = chunks.pop().unwrap_or(0).to_string();
    for chunk in chunks.iter().rev() {
        text.push_str(&format!("{chunk:09}"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_std(value: f64) {
        for places in 0..=6 {
            assert_eq!(
                fixed(value, places),
                format!("{value:.places$}"),
                "{value:e} with {places} decimals"
            );
        }
    }

    #[test]
    fn more_than_six_decimals_are_written_as_six() {
        for value in [0.125, -2.5e-7, 1.0 / 3.0, 123_456.789] {
            assert_eq!(fixed(value, 7), fixed(value, 6));
            assert_eq!(fixed(value, usize::MAX), format!("{value:.6}"));
        }
    }

    #[test]
    fn the_same_text_as_the_standard_library() {
        for value in [
            0.0,
            -0.0,
            1.0,
            2.5,
            0.125,
            0.005,
            1.005,
            2.675,
            0.285,
            2.999_999,
            3.0,
            1.0 / 3.0,
            2.0 / 3.0,
            1e-300,
            5e-324,
            f64::MIN_POSITIVE,
            123_456_789.987_654_32,
            9_007_199_254_740_993.0,
            1.8e19,
            1e22,
            1.7e308,
            f64::MAX,
            -1.5,
            -2.345,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            same_as_std(value);
        }
    }

    #[test]
    fn ties_round_to_even_as_the_standard_library_does() {
        // Exact ties in binary: k + 0.5 at 0 decimals, x.x5 with an exact binary fraction.
        for value in [
            0.5, 1.5, 2.5, 3.5, 0.25, 0.75, 0.125, 0.375, 0.0625, 1.03125,
        ] {
            same_as_std(value);
            same_as_std(-value);
        }
    }

    #[test]
    fn every_magnitude_reads_the_same() {
        // Random bit patterns over the whole range of finite floats, and the range of
        // the app's scores and gaps in particular.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let value = f64::from_bits(next());
            if value.is_finite() {
                same_as_std(value);
            }
            let score = (next() % 3_000_001) as f64 / 1_000_000.0;
            same_as_std(score);
            same_as_std(score * 1000.0 / 7.0);
        }
    }
}
