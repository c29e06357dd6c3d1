//! A fixed set of threads that do all database work, one per pooled
//! connection. Requests hand them work and await the answer, so database
//! calls never block the async workers, and however many requests arrive
//! the number of threads (and their memory) stays put.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

type Job = Box<dyn FnOnce() + Send>;

/// Hands jobs to the database threads.
#[derive(Clone, Debug)]
pub struct Executor {
    jobs: Sender<Job>,
}

impl Executor {
    /// Starts `threads` threads named `kith-db-N`.
    pub fn start(threads: u32) -> std::io::Result<Self> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("kith-db-{n}"))
                .spawn(move || work(&queue))?;
        }
        Ok(Self { jobs })
    }

    /// Runs `job` on a database thread and returns its result.
    pub async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = answer.send(job());
        });
        self.jobs.send(job).ok()?;
        answered.await.ok()
    }
}

fn work(queue: &Mutex<Receiver<Job>>) {
    loop {
        // Holding the lock only while waiting for the next job.
        let next = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok(job) = next else {
            return; // Every sender is gone: the server has stopped.
        };
        // A panicking job must not take the thread with it.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
    }
}

#[cfg(test)]
mod tests {
    use super::Executor;

    #[actix_web::test]
    async fn jobs_run_on_the_database_threads_and_answer() {
        let executor = Executor::start(2).expect("threads start");
        let name = executor
            .run(|| std::thread::current().name().map(str::to_owned))
            .await
            .flatten();
        assert!(name.is_some_and(|n| n.starts_with("kith-db-")));
        assert_eq!(executor.run(|| 6 * 7).await, Some(42));
    }

    #[actix_web::test]
    async fn a_job_that_panics_answers_nothing_and_the_thread_lives_on() {
        let executor = Executor::start(1).expect("threads start");
        let panicked: Option<()> = executor.run(|| panic!("boom")).await;
        assert_eq!(panicked, None);
        assert_eq!(executor.run(|| 1).await, Some(1));
    }
}
