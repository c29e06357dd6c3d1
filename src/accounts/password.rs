//! Password hashing (argon2id, OWASP's minimum: 19 MiB, 2 passes, 1 lane)
//! and the password policy.
//!
//! Hashing is slow and memory-hungry on purpose, so it runs on a fixed set
//! of hashing threads, never on the async workers or the database threads.
//! Each hashing thread allocates its 19 MiB of argon2 memory at its first
//! password and reuses it for every password after, until it has had
//! nothing to do for [`IDLE`]: the memory password hashing uses is at most
//! `threads × 19 MiB` however many log-ins arrive, and none when idle.
//! (Allocating the memory per hash on whichever blocking thread was free
//! let the allocator keep every thread's freed blocks, and a log-in flood
//! left the server at gigabytes.)
//! A request waits at most [`HASH_WAIT`] for a thread, then is told the site
//! is busy rather than queueing without end.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{Semaphore, oneshot};

use crate::error::AppError;

/// Shortest password accepted, in characters.
pub const MIN_LENGTH: usize = 8;
/// Longest password accepted, in characters.
pub const MAX_LENGTH: usize = 256;
/// How long a request waits for a hashing thread before "busy, try again".
pub const HASH_WAIT: Duration = Duration::from_secs(5);
/// argon2 memory per hash, in KiB (19 MiB).
pub const MEMORY_KIB: u32 = 19 * 1024;
/// argon2 passes.
const PASSES: u32 = 2;
/// Length of the stored hash, in bytes.
const OUTPUT_LEN: usize = 32;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common-passwords.txt")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .collect()
});

/// How many passwords the bundled list refuses.
pub fn common_password_count() -> usize {
    COMMON.len()
}

fn params() -> Params {
    // Valid constants, so this cannot fail.
    Params::new(MEMORY_KIB, PASSES, 1, Some(OUTPUT_LEN)).unwrap_or_default()
}

/// Checks a new password exactly as typed (no trimming, no rules about
/// character classes); the error is the sentence shown next to the field.
pub fn check_new_password(password: &str, email: &str, name: &str) -> Result<(), &'static str> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err("Use at least 8 characters. A short sentence is easy to remember.");
    }
    if length > MAX_LENGTH {
        return Err("Use at most 256 characters.");
    }
    let lower = password.to_lowercase();
    if COMMON.contains(lower.as_str()) {
        return Err("This password is one of the most common and easily guessed. Choose another.");
    }
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    let name = name.trim().to_lowercase();
    if lower == email
        || (!local.is_empty() && lower == local)
        || (!name.is_empty() && lower == name)
    {
        return Err("Do not use your email address or name as your password.");
    }
    Ok(())
}

/// One piece of work for a hashing thread, holding its thread and its
/// permit until the work is done (even if the request that asked is gone).
struct Job {
    work: Work,
    _slot: Slot,
}

enum Work {
    Hash {
        password: String,
        reply: oneshot::Sender<Result<String, AppError>>,
    },
    Verify {
        password: String,
        stored: String,
        reply: oneshot::Sender<Result<bool, AppError>>,
    },
}

/// A hashing thread taken for one job: given back to the idle list, and
/// its permit released, when the job is dropped.
struct Slot {
    thread: usize,
    idle: Arc<Mutex<Vec<usize>>>,
    _permit: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        // Back on the list before the permit is released (a field, dropped
        // after this), so whoever takes the permit finds a thread.
        self.idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(self.thread);
    }
}

/// Hashes and verifies passwords on a fixed set of threads, each with its
/// own argon2 memory, given back to the system after [`IDLE`].
#[derive(Clone, Debug)]
pub struct Passwords {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    // One permit per hashing thread: a request holding one always finds an
    // idle thread.
    permits: Arc<Semaphore>,
    threads: Vec<SyncSender<Job>>,
    idle: Arc<Mutex<Vec<usize>>>,
    // Verified against when the email is unknown, so that answer takes as
    // long as a wrong password for a real account.
    dummy_hash: String,
    waiting: AtomicUsize,
    busy: AtomicU64,
}

/// How long a hashing thread keeps its argon2 memory without work.
pub const IDLE: Duration = Duration::from_secs(10);

impl Passwords {
    /// Starts `threads` hashing threads (at least one) and hashes one random
    /// password for the dummy.
    pub fn new(threads: usize) -> Result<Self, AppError> {
        let count = threads.max(1);
        let mut threads = Vec::with_capacity(count);
        for n in 0..count {
            let (jobs, receiver) = sync_channel::<Job>(1);
            std::thread::Builder::new()
                .name(format!("kith-hash-{n}"))
                .spawn(move || hashing_thread(&receiver))
                .map_err(|e| AppError::internal(format!("cannot start a hashing thread: {e}")))?;
            threads.push(jobs);
        }
        let idle = Arc::new(Mutex::new((0..count).rev().collect::<Vec<_>>()));
        let mut inner = Inner {
            permits: Arc::new(Semaphore::new(count)),
            threads,
            idle,
            dummy_hash: String::new(),
            waiting: AtomicUsize::new(0),
            busy: AtomicU64::new(0),
        };
        // Hashed by one of the threads, so no other thread ever holds argon2 memory.
        let (reply, answer) = oneshot::channel();
        let slot = inner.slot(None)?;
        inner.send(Job {
            work: Work::Hash {
                password: crate::kernel::secret::random_token(16),
                reply,
            },
            _slot: slot,
        })?;
        inner.dummy_hash = answer
            .blocking_recv()
            .map_err(|_| AppError::internal("hashing threads stopped"))??;
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// The PHC string of `password`.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        let slot = self.slot().await?;
        let (reply, answer) = oneshot::channel();
        self.inner.send(Job {
            work: Work::Hash { password, reply },
            _slot: slot,
        })?;
        answer
            .await
            .map_err(|_| AppError::internal("a hashing thread stopped"))?
    }

    /// Whether `password` matches `stored`; with no stored hash (an unknown
    /// account) a dummy is checked and the answer is always no.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        let slot = self.slot().await?;
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.inner.dummy_hash.clone());
        let (reply, answer) = oneshot::channel();
        self.inner.send(Job {
            work: Work::Verify {
                password,
                stored,
                reply,
            },
            _slot: slot,
        })?;
        let matches = answer
            .await
            .map_err(|_| AppError::internal("a hashing thread stopped"))??;
        Ok(known && matches)
    }

    /// How many hashing threads there are.
    pub fn threads(&self) -> usize {
        self.inner.threads.len()
    }

    /// Requests waiting for a hashing thread right now.
    pub fn waiting(&self) -> usize {
        self.inner.waiting.load(Ordering::Relaxed)
    }

    /// Requests told "busy" because no hashing thread came free in time.
    pub fn busy_answers(&self) -> u64 {
        self.inner.busy.load(Ordering::Relaxed)
    }

    /// Waits (at most [`HASH_WAIT`]) for a permit, then takes an idle thread.
    async fn slot(&self) -> Result<Slot, AppError> {
        self.inner.waiting.fetch_add(1, Ordering::Relaxed);
        let permit =
            tokio::time::timeout(HASH_WAIT, self.inner.permits.clone().acquire_owned()).await;
        self.inner.waiting.fetch_sub(1, Ordering::Relaxed);
        match permit {
            Ok(Ok(permit)) => self.inner.slot(Some(permit)),
            Ok(Err(_)) => Err(AppError::internal("password semaphore closed")),
            Err(_) => {
                self.inner.busy.fetch_add(1, Ordering::Relaxed);
                Err(AppError::Busy)
            }
        }
    }
}

impl Inner {
    fn slot(&self, permit: Option<tokio::sync::OwnedSemaphorePermit>) -> Result<Slot, AppError> {
        let thread = self
            .idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop()
            .ok_or_else(|| AppError::internal("a permit found no idle hashing thread"))?;
        Ok(Slot {
            thread,
            idle: self.idle.clone(),
            _permit: permit,
        })
    }

    fn send(&self, job: Job) -> Result<(), AppError> {
        let thread = job._slot.thread;
        self.threads[thread]
            .try_send(job)
            .map_err(|_| AppError::internal("a hashing thread stopped"))
    }
}

/// Runs jobs until the server lets go of the channel. The argon2 memory is
/// allocated at the first job, reused for every job that follows, and
/// given back after [`IDLE`] without work.
fn hashing_thread(jobs: &Receiver<Job>) {
    let mut memory: Vec<Block> = Vec::new();
    loop {
        let job = if memory.is_empty() {
            jobs.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            jobs.recv_timeout(IDLE)
        };
        let job = match job {
            Ok(job) => job,
            Err(RecvTimeoutError::Timeout) => {
                memory = Vec::new();
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if memory.is_empty() {
            memory = argon2_memory();
        }
        match job.work {
            Work::Hash { password, reply } => {
                let _ = reply.send(hash_with(&password, &mut memory));
            }
            Work::Verify {
                password,
                stored,
                reply,
            } => {
                let _ = reply.send(verify_with(&password, &stored, &mut memory));
            }
        }
    }
}

/// Blocks asked for (33 MiB), more than argon2 uses (19 MiB): the system
/// allocator (glibc) serves a request over 32 MiB straight from the
/// operating system and gives it back the moment it is freed, while a
/// smaller one may stay in a thread's heap for good. Only what argon2
/// writes is resident.
const RESERVED_BLOCKS: usize = 33 * 1024;

fn argon2_memory() -> Vec<Block> {
    let mut memory = Vec::with_capacity(RESERVED_BLOCKS.max(params().block_count()));
    memory.resize(params().block_count(), Block::default());
    memory
}

/// Hashes on the calling thread with memory of its own; for the command
/// line.
pub fn hash_now(password: &str) -> Result<String, AppError> {
    let mut memory = argon2_memory();
    hash_with(password, &mut memory)
}

fn hash_with(password: &str, memory: &mut [Block]) -> Result<String, AppError> {
    let failed = |e: &dyn std::fmt::Display| AppError::internal(format!("hashing failed: {e}"));
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(|e| failed(&e))?;
    let params = params();
    let mut out = [0u8; OUTPUT_LEN];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, memory)
        .map_err(|e| failed(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(phc.to_string())
}

fn verify_with(password: &str, stored: &str, memory: &mut [Block]) -> Result<bool, AppError> {
    let unreadable =
        |e: &dyn std::fmt::Display| AppError::internal(format!("stored hash unreadable: {e}"));
    let parsed = PasswordHash::new(stored).map_err(|e| unreadable(&e))?;
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| unreadable(&e))?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(|e| unreadable(&e))?
        .unwrap_or_default();
    let params = Params::try_from(&parsed).map_err(|e| unreadable(&e))?;
    let expected = parsed.hash.ok_or_else(|| unreadable(&"no hash"))?;
    let mut salt_bytes = [0u8; 64];
    let salt = parsed
        .salt
        .ok_or_else(|| unreadable(&"no salt"))?
        .decode_b64(&mut salt_bytes)
        .map_err(|e| unreadable(&e))?;
    // A hash stored with more memory than this site uses today gets a
    // buffer of its own for this once; the thread's own stays the same size.
    let mut larger;
    let memory: &mut [Block] = if params.block_count() > memory.len() {
        larger = vec![Block::default(); params.block_count()];
        &mut larger
    } else {
        memory
    };
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, memory)
        .map_err(|e| unreadable(&e))?;
    // `Output` compares in constant time.
    Ok(Output::new(&out).map_err(|e| unreadable(&e))? == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_refuses_at_least_ten_thousand_passwords() {
        assert!(common_password_count() >= 10_000);
    }

    #[test]
    fn short_common_and_personal_passwords_are_refused() {
        assert!(check_new_password("short", "a@b.org", "Ann").is_err());
        assert!(check_new_password("password1", "a@b.org", "Ann").is_err());
        assert!(check_new_password("PASSWORD1", "a@b.org", "Ann").is_err());
        assert!(check_new_password("ann@example.org", "Ann@example.org", "Ann").is_err());
        assert!(check_new_password("annabelle", "annabelle@example.org", "Ann").is_err());
        assert!(check_new_password("Ann Smith", "x@example.org", "ann smith").is_err());
    }

    #[test]
    fn long_unusual_passwords_are_accepted_exactly_as_typed() {
        assert!(check_new_password("  kettle on the windowsill  ", "a@b.org", "Ann").is_ok());
        assert!(check_new_password(&"x".repeat(128), "a@b.org", "Ann").is_ok());
        assert!(check_new_password(&"x".repeat(257), "a@b.org", "Ann").is_err());
        assert!(check_new_password("ключ от двери", "a@b.org", "Ann").is_ok());
    }

    #[test]
    fn a_hash_verifies_its_own_password_and_no_other() {
        let hash = hash_now("kettle on the windowsill").expect("hashes");
        let mut memory = Vec::new();
        assert_eq!(
            verify_with("kettle on the windowsill", &hash, &mut memory).ok(),
            Some(true)
        );
        assert_eq!(
            verify_with("kettle on the windowsilL", &hash, &mut memory).ok(),
            Some(false)
        );
    }

    #[test]
    fn hashes_made_by_the_argon2_defaults_still_verify() {
        use argon2::password_hash::PasswordHasher;
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let hash = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(MEMORY_KIB, PASSES, 1, None).expect("params"),
        )
        .hash_password(b"kettle on the windowsill", &salt)
        .expect("hashes")
        .to_string();
        let mut memory = vec![Block::default(); params().block_count()];
        assert_eq!(
            verify_with("kettle on the windowsill", &hash, &mut memory).ok(),
            Some(true)
        );
        assert_eq!(memory.len(), params().block_count());
    }

    #[test]
    fn the_hashing_threads_hash_and_verify_and_count_nothing_busy() {
        // Made outside the runtime, as the server does (on a blocking thread).
        let passwords = Passwords::new(2).expect("threads start");
        actix_web::rt::System::new().block_on(hash_and_verify(passwords));
    }

    async fn hash_and_verify(passwords: Passwords) {
        let hash = passwords
            .hash("kettle on the windowsill".into())
            .await
            .expect("hashes");
        assert!(
            passwords
                .verify("kettle on the windowsill".into(), Some(hash.clone()))
                .await
                .expect("verifies")
        );
        assert!(
            !passwords
                .verify("wrong password here".into(), Some(hash))
                .await
                .expect("verifies")
        );
        assert!(
            !passwords
                .verify("kettle on the windowsill".into(), None)
                .await
                .expect("an unknown account is checked against the dummy")
        );
        assert_eq!(passwords.threads(), 2);
        assert_eq!(passwords.waiting(), 0);
        assert_eq!(passwords.busy_answers(), 0);
    }

    #[test]
    fn hashes_are_argon2id_with_the_owasp_parameters() {
        let hash = hash_now("kettle on the windowsill").expect("hashes");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
    }
}
