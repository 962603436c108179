//! Virtual time and seeded randomness: the simulator never reads a wall clock or an OS RNG, so a run
//! is a pure function of its seed and inputs, the UI can scale time freely, and tests never sleep.

use std::fmt;
use std::ops::{Add, AddAssign, Sub};
use std::time::Duration;

/// Milliseconds of virtual time since the simulation started (or a span of it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Millis(pub u64);

impl Millis {
    pub const ZERO: Millis = Millis(0);

    pub const fn secs(s: u64) -> Millis {
        Millis(s * 1000)
    }

    pub const fn mins(m: u64) -> Millis {
        Millis(m * 60_000)
    }

    pub fn as_secs(self) -> u64 {
        self.0 / 1000
    }

    pub fn as_duration(self) -> Duration {
        Duration::from_millis(self.0)
    }

    pub fn saturating_sub(self, other: Millis) -> Millis {
        Millis(self.0.saturating_sub(other.0))
    }

    /// Scales a span (slow-propagation faults, jitter); never overflows.
    pub fn scale(self, factor: f64) -> Millis {
        if !factor.is_finite() || factor <= 0.0 {
            return Millis::ZERO;
        }
        Millis((self.0 as f64 * factor).min(u64::MAX as f64 / 2.0) as u64)
    }
}

impl From<Duration> for Millis {
    fn from(d: Duration) -> Millis {
        Millis(d.as_millis().min(u64::MAX as u128) as u64)
    }
}

impl Add for Millis {
    type Output = Millis;
    fn add(self, o: Millis) -> Millis {
        Millis(self.0.saturating_add(o.0))
    }
}

impl AddAssign for Millis {
    fn add_assign(&mut self, o: Millis) {
        *self = *self + o;
    }
}

impl Sub for Millis {
    type Output = Millis;
    fn sub(self, o: Millis) -> Millis {
        self.saturating_sub(o)
    }
}

/// `1 min 05 s`, `12 s`, `0.25 s`: how the UI and the outcomes say a span.
impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0;
        if ms < 1000 && !ms.is_multiple_of(1000) {
            // Hundredths, rounded half up, in integers: float formatting costs the wasm ~10 KB.
            let cs = (ms + 5) / 10;
            return write!(f, "{}.{:02} s", cs / 100, cs % 100);
        }
        let s = ms / 1000;
        match (s / 3600, (s / 60) % 60, s % 60) {
            (0, 0, sec) => write!(f, "{sec} s"),
            (0, m, sec) => write!(f, "{m} min {sec:02} s"),
            (h, m, _) => write!(f, "{h} h {m:02} min"),
        }
    }
}

/// The wall-clock instant virtual time 0 stands for (2025-06-02T09:00:00Z), so timestamps in
/// responses look real and are the same on every run.
pub const EPOCH_UNIX_MS: u64 = 1_748_854_800_000;

/// ISO 8601 with ARM's seven fractional digits: `2025-06-02T09:00:30.0000000Z`.
pub fn timestamp(at: Millis) -> String {
    let unix_ms = EPOCH_UNIX_MS + at.0;
    let secs = unix_ms / 1000;
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let sod = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:07}Z",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60,
        (unix_ms % 1000) * 10_000
    )
}

/// .NET ticks (100 ns since 0001-01-01), what ARM's signed operation URLs carry in `t`.
pub fn dotnet_ticks(at: Millis) -> u64 {
    (EPOCH_UNIX_MS + at.0 + 62_135_596_800_000) * 10_000
}

/// Days since 1970-01-01 to (year, month, day), Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// SplitMix64: ten lines, statistically fine for jitter and IDs, and — unlike a crate whose output may
/// change between versions — the same numbers forever, which recorded transcripts rely on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng(u64);

impl Rng {
    pub fn with_seed(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// `base` ± `percent`%: real operations never take exactly the same time twice.
    pub fn jitter(&mut self, base: Millis, percent: u64) -> Millis {
        let spread = base.0 * percent.min(100) / 100;
        Millis(self.between(base.0 - spread, base.0 + spread))
    }

    /// A lowercase GUID, as ARM writes operation and endpoint IDs.
    pub fn guid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }

    /// `n` characters of URL-safe base64 alphabet: the look of ARM's signed query parameters.
    pub fn token(&mut self, n: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        (0..n).map(|_| ALPHABET[(self.next_u64() % 64) as usize] as char).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers() {
        let mut a = Rng::with_seed(7);
        let mut b = Rng::with_seed(7);
        assert_eq!(a.guid(), b.guid());
        assert_eq!(a.token(20), b.token(20));
        assert_ne!(Rng::with_seed(8).next_u64(), Rng::with_seed(7).next_u64());
        let g = Rng::with_seed(1).guid();
        assert!(crate::resource_id::is_uuid(&g), "{g}");
    }

    #[test]
    fn jitter_stays_in_bounds() {
        let mut r = Rng::with_seed(3);
        for _ in 0..1000 {
            let j = r.jitter(Millis::secs(30), 20);
            assert!(j >= Millis::secs(24) && j <= Millis::secs(36), "{j:?}");
        }
    }

    #[test]
    fn timestamps() {
        assert_eq!(timestamp(Millis::ZERO), "2025-06-02T09:00:00.0000000Z");
        assert_eq!(timestamp(Millis(90_500)), "2025-06-02T09:01:30.5000000Z");
        assert_eq!(timestamp(Millis::mins(24 * 60 * 30)), "2025-07-02T09:00:00.0000000Z");
        assert_eq!(dotnet_ticks(Millis::ZERO), 638_844_516_000_000_000);
    }

    #[test]
    fn spans_read_well() {
        assert_eq!(Millis::secs(12).to_string(), "12 s");
        assert_eq!(Millis::secs(65).to_string(), "1 min 05 s");
        assert_eq!(Millis::mins(125).to_string(), "2 h 05 min");
        assert_eq!(Millis(250).to_string(), "0.25 s");
        assert_eq!(Millis(5).to_string(), "0.01 s");
        assert_eq!(Millis(994).to_string(), "0.99 s");
    }
}
