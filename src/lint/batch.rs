//! Checking a batch of files on worker threads, in the files' order.
//!
//! Each file is read, checked and rendered by one worker. A panic while doing so is
//! caught and becomes that file's failure, and a result a worker never delivered
//! becomes one too: the run then fails (exit 2) naming the file. Nothing a worker
//! found is ever dropped, and one file's bug never wipes another file's findings.

use super::format::FileResult;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The worker threads to use for `files` files when `requested` (or all cores) were
/// asked for: at least one, at most one per file and one per core, so no value of
/// `--jobs` can exhaust threads or memory.
pub fn workers(requested: Option<usize>, files: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    requested.unwrap_or(cores).clamp(1, cores).min(files.max(1))
}

/// The message of a caught panic.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Runs `work` on every input on up to `jobs` threads; results come back in the inputs'
/// order, one per input, always. `label` names an input in failure messages.
pub fn run<I: Sync>(
    inputs: &[I],
    jobs: usize,
    label: &(dyn Fn(&I) -> String + Sync),
    work: &(dyn Fn(&I) -> FileResult + Sync),
) -> Vec<FileResult> {
    let slots: Vec<Mutex<Option<FileResult>>> = inputs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let worker = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(input) = inputs.get(i) else {
            break;
        };
        let result = catch_unwind(AssertUnwindSafe(|| work(input))).unwrap_or_else(|p| {
            FileResult::failed(
                label(input),
                format!("internal error (a bug in tradeoff): {}", panic_message(&*p)),
            )
        });
        if let Ok(mut slot) = slots[i].lock() {
            *slot = Some(result);
        }
    };
    std::thread::scope(|scope| {
        let mut spawned = 0;
        for _ in 0..jobs.max(1).min(inputs.len()) {
            // A thread that cannot be started is no error: fewer workers do the work.
            match std::thread::Builder::new().spawn_scoped(scope, worker) {
                Ok(_) => spawned += 1,
                Err(_) => break,
            }
        }
        if spawned == 0 {
            worker();
        }
    });
    slots
        .into_iter()
        .zip(inputs)
        .map(|(slot, input)| {
            slot.into_inner().ok().flatten().unwrap_or_else(|| {
                FileResult::failed(
                    label(input),
                    "internal error (a bug in tradeoff): the worker checking this file stopped without a result".into(),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(label: &str) -> FileResult {
        FileResult::failed(label.to_string(), String::new())
    }

    #[test]
    fn a_panic_fails_its_file_and_keeps_the_others() {
        let inputs: Vec<u32> = (0..50).collect();
        for jobs in [1, 2, 8] {
            let results = run(&inputs, jobs, &|i| format!("f{i}"), &|i| {
                if *i == 7 {
                    panic!("boom");
                }
                ok(&format!("f{i}"))
            });
            assert_eq!(results.len(), 50);
            assert!(results[7].failure.as_deref().unwrap().contains("boom"));
            assert_eq!(results[7].file, "f7");
            assert!(results
                .iter()
                .enumerate()
                .all(|(i, r)| i == 7 || r.failure.as_deref() == Some("")));
            assert_eq!(results[49].file, "f49");
        }
    }

    #[test]
    fn jobs_are_clamped_to_files_and_cores() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(workers(Some(usize::MAX), 1_000_000), cores);
        assert_eq!(workers(Some(100_000), 3), cores.min(3));
        assert_eq!(workers(Some(0), 10), 1);
        assert_eq!(workers(None, 0), 1);
    }
}
