//! The hashing threads behind [`Passwords`].
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

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use argon2::Block;
use tokio::sync::{Semaphore, oneshot};

use super::HASH_WAIT;
use super::argon::{argon2_memory, hash_with, verify_with};
use crate::error::AppError;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
