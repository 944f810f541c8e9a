//! The memory limit of the store's DataFusion sessions: a size type, the
//! default limit of this machine, the pool that enforces it, and the message
//! a query gets when it cannot finish under it.

use std::fmt;
use std::num::NonZeroUsize;
use std::str::FromStr;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use datafusion::error::DataFusionError;
use datafusion::execution::memory_pool::{
    FairSpillPool, MemoryConsumer, MemoryLimit, MemoryPool, MemoryReservation, TrackConsumersPool,
};

/// A number of bytes, parsed from `512M`, `2GiB`, `1.5G`, `64k` or plain
/// bytes (`K`, `M`, `G`, `T` with or without `iB`/`B` are binary multiples)
/// and shown as `64.0 MiB`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ByteSize(u64);

impl ByteSize {
    /// `n` bytes.
    pub const fn bytes(n: u64) -> ByteSize {
        ByteSize(n)
    }

    /// `n` mebibytes.
    pub const fn mib(n: u64) -> ByteSize {
        ByteSize(n << 20)
    }

    /// The number of bytes.
    pub const fn as_u64(self) -> u64 {
        self.0
    }

    /// The default session memory limit: the one set by
    /// [`set_default_memory_limit`] in this process, else the machine's
    /// ([`ByteSize::machine_memory_limit`]).
    pub fn default_memory_limit() -> ByteSize {
        match PROCESS_DEFAULT.load(Ordering::Relaxed) {
            0 => ByteSize::machine_memory_limit(),
            bytes => ByteSize(bytes),
        }
    }

    /// A quarter of the machine's memory (or of the cgroup's limit when
    /// lower), at most 1 GiB; 1 GiB when neither can be read. Read from
    /// `/proc/meminfo` and `/sys/fs/cgroup/memory.max`, once: two small
    /// files, where a system-information crate would be a dependency for
    /// one number.
    pub fn machine_memory_limit() -> ByteSize {
        static MACHINE: OnceLock<ByteSize> = OnceLock::new();
        *MACHINE.get_or_init(|| {
            const CAP: u64 = 1 << 30;
            let total = [meminfo_total(), cgroup_limit()]
                .into_iter()
                .flatten()
                .min();
            ByteSize(total.map_or(CAP, |bytes| (bytes / 4).clamp(16 << 20, CAP)))
        })
    }
}

/// The limit of stores opened from now on in this process ([`crate::Store::open`]
/// takes it; [`crate::Store::with_memory_limit`] still overrides it per store).
/// The binary calls it once, with `--memory-limit`, before opening any store,
/// so the CLI's commands, the server and the ingest pipeline's compaction all
/// run under the one limit without each passing it down.
pub fn set_default_memory_limit(limit: ByteSize) {
    PROCESS_DEFAULT.store(limit.as_u64().max(1), Ordering::Relaxed);
}

/// 0 while unset.
static PROCESS_DEFAULT: AtomicU64 = AtomicU64::new(0);

/// Why a size could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid size {input:?}: expected bytes or a number with K, M, G or T (e.g. 512M, 1.5G, 2GiB)"
)]
pub struct ByteSizeError {
    input: String,
}

impl FromStr for ByteSize {
    type Err = ByteSizeError;

    fn from_str(text: &str) -> Result<ByteSize, ByteSizeError> {
        let error = || ByteSizeError {
            input: text.to_string(),
        };
        let trimmed = text.trim();
        let split = trimmed
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(trimmed.len());
        let (number, unit) = trimmed.split_at(split);
        let shift = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 0,
            "k" | "kb" | "kib" => 10,
            "m" | "mb" | "mib" => 20,
            "g" | "gb" | "gib" => 30,
            "t" | "tb" | "tib" => 40,
            _ => return Err(error()),
        };
        if number.is_empty() || number.starts_with('.') || number.ends_with('.') {
            return Err(error());
        }
        let bytes = if let Some((whole, fraction)) = number.split_once('.') {
            if fraction.contains('.') {
                return Err(error());
            }
            let value: f64 = format!("{whole}.{fraction}").parse().map_err(|_| error())?;
            let bytes = value * (1u64 << shift) as f64;
            if !bytes.is_finite() || bytes >= u64::MAX as f64 {
                return Err(error());
            }
            bytes.round() as u64
        } else {
            let value: u64 = number.parse().map_err(|_| error())?;
            value.checked_mul(1 << shift).ok_or_else(error)?
        };
        Ok(ByteSize(bytes))
    }
}

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
        let mut value = self.0 as f64;
        let mut unit = 0;
        while value >= 1024.0 && unit + 1 < UNITS.len() {
            value /= 1024.0;
            unit += 1;
        }
        if unit == 0 {
            write!(f, "{} B", self.0)
        } else {
            write!(f, "{value:.1} {}", UNITS[unit])
        }
    }
}

fn meminfo_total() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|line| line.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn cgroup_limit() -> Option<u64> {
    // "max" (no limit) does not parse and counts as none.
    std::fs::read_to_string("/sys/fs/cgroup/memory.max")
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// The start of every "out of memory" message of a session's pool.
pub(crate) const EXHAUSTED_PREFIX: &str = "query needs more memory than the";

/// The message for a query that could not finish under the memory limit,
/// found anywhere in an error's source chain (a `ResourcesExhausted`
/// DataFusion error, wrapped by analytics, Arrow streams or anyhow): the
/// session pool's text, which names the limit and how to raise it, followed
/// by DataFusion's account of the largest consumers. `None` for any other
/// error. The CLI prints it instead of the raw chain; the server answers it
/// as its `detail`.
pub fn describe_resources_exhausted(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        let found = current
            .downcast_ref::<DataFusionError>()
            .or_else(|| {
                current
                    .downcast_ref::<std::sync::Arc<DataFusionError>>()
                    .map(AsRef::as_ref)
            })
            .map(DataFusionError::find_root);
        if let Some(DataFusionError::ResourcesExhausted(message)) = found {
            return Some(if message.starts_with(EXHAUSTED_PREFIX) {
                message.clone()
            } else {
                // Not from the memory pool: the spill directory's size cap.
                format!("query ran out of resources: {message}")
            });
        }
        // A `#[error(transparent)]` wrapper hides the DataFusion error from
        // the source chain (its `source()` is the inner error's source), but
        // shows its text.
        let text = current.to_string();
        if let Some(start) = text.find(EXHAUSTED_PREFIX) {
            return Some(text[start..].to_string());
        }
        cause = current.source();
    }
    None
}

/// The pool of every session: DataFusion's fair spill pool (spilling
/// operators, sorts and aggregations, each get an equal share, so one cannot
/// starve the others into failing) wrapped in its consumer tracker (errors
/// list the five largest consumers), and an error text that names our limit
/// and the flag that raises it. The variant stays `ResourcesExhausted`, so
/// operators still spill on it.
#[derive(Debug)]
pub(crate) struct SessionPool {
    limit: ByteSize,
    inner: TrackConsumersPool<FairSpillPool>,
}

impl SessionPool {
    pub(crate) fn new(limit: ByteSize) -> SessionPool {
        let bytes = usize::try_from(limit.as_u64()).unwrap_or(usize::MAX);
        SessionPool {
            limit,
            inner: TrackConsumersPool::new(
                FairSpillPool::new(bytes),
                NonZeroUsize::new(5).expect("5 is not zero"),
            ),
        }
    }
}

impl fmt::Display for SessionPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "chokepoint session pool ({})", self.inner)
    }
}

impl MemoryPool for SessionPool {
    fn name(&self) -> &str {
        "chokepoint"
    }

    fn register(&self, consumer: &MemoryConsumer) {
        self.inner.register(consumer);
    }

    fn unregister(&self, consumer: &MemoryConsumer) {
        self.inner.unregister(consumer);
    }

    fn grow(&self, reservation: &MemoryReservation, additional: usize) {
        self.inner.grow(reservation, additional);
    }

    fn shrink(&self, reservation: &MemoryReservation, shrink: usize) {
        self.inner.shrink(reservation, shrink);
    }

    fn try_grow(
        &self,
        reservation: &MemoryReservation,
        additional: usize,
    ) -> datafusion::error::Result<()> {
        self.inner
            .try_grow(reservation, additional)
            .map_err(|error| match error {
                DataFusionError::ResourcesExhausted(detail) => {
                    DataFusionError::ResourcesExhausted(format!(
                        "{EXHAUSTED_PREFIX} {} limit (raise it with --memory-limit or \
                         CHOKEPOINT_MEMORY_LIMIT, e.g. --memory-limit 4G): {detail}",
                        self.limit
                    ))
                }
                other => other,
            })
    }

    fn reserved(&self) -> usize {
        self.inner.reserved()
    }

    fn memory_limit(&self) -> MemoryLimit {
        self.inner.memory_limit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<u64>) {
        assert_eq!(
            input.parse::<ByteSize>().ok().map(ByteSize::as_u64),
            expected,
            "{input}"
        );
    }

    #[test]
    fn sizes_parse() {
        check("512M", Some(512 << 20));
        check("2GiB", Some(2 << 30));
        check("1.5G", Some(3 << 29));
        check("1048576", Some(1 << 20));
        check("64k", Some(64 << 10));
        check("64 MB", Some(64 << 20));
        check(" 1t ", Some(1 << 40));
        for garbage in [
            "",
            "M",
            "lots",
            "1.2.3G",
            "-5M",
            "5X",
            ".5G",
            "5.G",
            "99999999999T",
        ] {
            check(garbage, None);
        }
        let error = "lots".parse::<ByteSize>().unwrap_err().to_string();
        assert!(
            error.contains("\"lots\"") && error.contains("512M"),
            "{error}"
        );
    }

    #[test]
    fn sizes_display() {
        assert_eq!(ByteSize::mib(64).to_string(), "64.0 MiB");
        assert_eq!(ByteSize::bytes(1536).to_string(), "1.5 KiB");
        assert_eq!(ByteSize::bytes(100).to_string(), "100 B");
        assert_eq!(ByteSize::bytes(3 << 29).to_string(), "1.5 GiB");
    }

    #[test]
    fn default_limit_is_bounded() {
        let limit = ByteSize::machine_memory_limit().as_u64();
        assert!((16 << 20..=1 << 30).contains(&limit), "{limit}");
    }
}
