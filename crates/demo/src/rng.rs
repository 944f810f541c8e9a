//! A small seeded pseudo-random number generator (SplitMix64) and stateless
//! keyed noise, written out here so the demo world is byte-identical on every
//! run and platform.
//!
//! Only IEEE-754 basic operations (`+ - * /`, `sqrt`, rounding) are used on
//! floats: they are correctly rounded everywhere, whereas `exp`, `ln` and
//! `cos` come from the platform's libm and may differ in the last bit. The
//! exponential below is therefore a plain Taylor series.

/// Golden-ratio increment of SplitMix64.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function: a bijective mix of 64 bits.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hashes a seed and up to four key parts into 64 well-mixed bits.
pub(crate) fn hash(seed: u64, a: u64, b: u64, c: u64, d: u64) -> u64 {
    let mut x = mix64(seed ^ GAMMA);
    for part in [a, b, c, d] {
        x = mix64(x.wrapping_add(GAMMA) ^ part.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    }
    x
}

/// A uniform in `[0, 1)` from the top 53 bits.
pub(crate) fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// An approximately standard-normal draw (mean 0, variance 1) from the four
/// 16-bit lanes of `bits` (Irwin–Hall sum of four uniforms, rescaled). It is
/// bounded to ±3.46, which keeps month-on-month jumps of noisy series sane.
pub(crate) fn normal(bits: u64) -> f64 {
    let mut sum = 0.0;
    for lane in 0..4 {
        sum += ((bits >> (16 * lane)) & 0xFFFF) as f64 + 0.5;
    }
    (sum / 65536.0 - 2.0) * 1.732_050_807_568_877_2
}

/// `e^x` by range halving and a Taylor series: deterministic on every platform.
/// Accurate to ~1e-15 relative for |x| <= 8, which is all the generator needs.
pub(crate) fn exp(x: f64) -> f64 {
    let mut halvings = 0;
    let mut r = x;
    while r.abs() > 0.125 {
        r *= 0.5;
        halvings += 1;
    }
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..=12 {
        term *= r / f64::from(k);
        sum += term;
    }
    for _ in 0..halvings {
        sum *= sum;
    }
    sum
}

/// A mean-one lognormal multiplier with log-standard-deviation `sigma`.
pub(crate) fn lognormal(bits: u64, sigma: f64) -> f64 {
    exp(sigma * normal(bits) - 0.5 * sigma * sigma)
}

/// The SplitMix64 generator for sequential draws (shipment records).
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator for `seed`; the stream name separates independent uses.
    pub(crate) fn new(seed: u64, stream: u64) -> SplitMix64 {
        SplitMix64 {
            state: hash(seed, stream, 0, 0, 0),
        }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix64(self.state)
    }

    /// A uniform in `[0, 1)`.
    pub(crate) fn next_f64(&mut self) -> f64 {
        unit(self.next_u64())
    }

    /// A uniform integer in `0..n` (`n > 0`); the tiny modulo bias is irrelevant here.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A uniform float in `[lo, hi)`.
    pub(crate) fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next_f64()
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.next_f64() < p
    }

    /// A mean-one lognormal multiplier.
    pub(crate) fn lognormal(&mut self, sigma: f64) -> f64 {
        lognormal(self.next_u64(), sigma)
    }

    /// An index drawn with the given non-negative weights (not all zero).
    pub(crate) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut target = self.next_f64() * total;
        for (i, w) in weights.iter().enumerate() {
            if target < *w {
                return i;
            }
            target -= w;
        }
        weights.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_reference_values() {
        // Reference output of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        let mut state = 0u64;
        let mut next = || {
            state = state.wrapping_add(GAMMA);
            mix64(state)
        };
        assert_eq!(next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(next(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn generator_is_deterministic_and_streams_differ() {
        let a: Vec<u64> = (0..5)
            .scan(SplitMix64::new(7, 1), |g, _| Some(g.next_u64()))
            .collect();
        let b: Vec<u64> = (0..5)
            .scan(SplitMix64::new(7, 1), |g, _| Some(g.next_u64()))
            .collect();
        let c: Vec<u64> = (0..5)
            .scan(SplitMix64::new(7, 2), |g, _| Some(g.next_u64()))
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn exp_matches_std_closely() {
        for i in -80..=80 {
            let x = f64::from(i) / 10.0;
            let rel = (exp(x) - x.exp()).abs() / x.exp();
            assert!(rel < 1e-12, "x={x} rel={rel}");
        }
    }

    #[test]
    fn normal_and_lognormal_have_the_right_moments() {
        let n = 200_000u64;
        let (mut sum, mut sq, mut ln_sum) = (0.0, 0.0, 0.0);
        for i in 0..n {
            let z = normal(hash(1, i, 0, 0, 0));
            sum += z;
            sq += z * z;
            ln_sum += lognormal(hash(2, i, 0, 0, 0), 0.15);
        }
        let mean = sum / n as f64;
        let var = sq / n as f64 - mean * mean;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "var {var}");
        assert!((ln_sum / n as f64 - 1.0).abs() < 0.005);
    }

    #[test]
    fn weighted_choice_follows_weights() {
        let mut g = SplitMix64::new(3, 0);
        let mut counts = [0usize; 3];
        for _ in 0..30_000 {
            counts[g.weighted(&[1.0, 0.0, 3.0])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!(counts[2] > 2 * counts[0]);
    }
}
