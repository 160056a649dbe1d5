//! Checking a batch of files on worker threads, in the files' order.
//!
//! Each file is read, checked and rendered by one worker. A panic while doing so is
//! caught and becomes that file's failure, and a result a worker never delivered
//! becomes one too: the run then fails (exit 2) naming the file. Nothing a worker
//! found is ever dropped, and one file's bug never wipes another file's findings.

use super::format::FileResult;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Mutex};

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

/// Runs `drive` with a function that checks one batch of inputs on up to `jobs` worker
/// threads and returns the results in the inputs' order, one per input, always. The
/// workers are started once and kept for every batch: no thread (and no allocator arena)
/// per batch, so memory stays flat however many batches there are. `label` names an
/// input in failure messages.
pub fn pooled<I: Send, T>(
    jobs: usize,
    label: &(dyn Fn(&I) -> String + Sync),
    work: &(dyn Fn(&I) -> FileResult + Sync),
    drive: impl FnOnce(&mut dyn FnMut(Vec<I>) -> Vec<FileResult>) -> T,
) -> T {
    let check = |input: &I| {
        catch_unwind(AssertUnwindSafe(|| work(input))).unwrap_or_else(|p| {
            FileResult::failed(
                label(input),
                format!("internal error (a bug in tradeoff): {}", panic_message(&*p)),
            )
        })
    };
    let (jobs_tx, jobs_rx) = mpsc::channel::<(usize, I)>();
    let jobs_rx = Mutex::new(jobs_rx);
    let (results_tx, results_rx) = mpsc::channel::<(usize, FileResult)>();
    std::thread::scope(|scope| {
        let mut spawned = 0;
        for _ in 0..jobs.max(1) {
            let (results_tx, jobs_rx, check) = (results_tx.clone(), &jobs_rx, &check);
            let worker = move || loop {
                let job = match jobs_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => break,
                };
                let Ok((i, input)) = job else {
                    break; // No more batches.
                };
                if results_tx.send((i, check(&input))).is_err() {
                    break;
                }
            };
            // A thread that cannot be started is no error: fewer workers do the work.
            match std::thread::Builder::new().spawn_scoped(scope, worker) {
                Ok(_) => spawned += 1,
                Err(_) => break,
            }
        }
        drop(results_tx);
        let mut batch = move |inputs: Vec<I>| -> Vec<FileResult> {
            if spawned == 0 {
                return inputs.iter().map(check).collect();
            }
            let labels: Vec<String> = inputs.iter().map(label).collect();
            let mut slots: Vec<Option<FileResult>> = labels.iter().map(|_| None).collect();
            for job in inputs.into_iter().enumerate() {
                if jobs_tx.send(job).is_err() {
                    break;
                }
            }
            let mut left = slots.len();
            while left > 0 {
                // Every worker gone (none can be, short of a bug): the rest fail below.
                let Ok((i, result)) = results_rx.recv() else {
                    break;
                };
                if let Some(slot) = slots.get_mut(i).filter(|s| s.is_none()) {
                    *slot = Some(result);
                    left -= 1;
                }
            }
            slots
                .into_iter()
                .zip(labels)
                .map(|(slot, label)| {
                    slot.unwrap_or_else(|| {
                        FileResult::failed(
                            label,
                            "internal error (a bug in tradeoff): the worker checking this file stopped without a result".into(),
                        )
                    })
                })
                .collect()
        };
        drive(&mut batch)
        // `batch` (holding the only sender of jobs) is dropped here: the workers stop.
    })
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
            let work = |i: &u32| {
                if *i == 7 {
                    panic!("boom");
                }
                ok(&format!("f{i}"))
            };
            let label = |i: &u32| format!("f{i}");
            let results = pooled(jobs, &label, &work, |batch| {
                // Two batches through the same workers, results in order.
                let mut all = batch(inputs[..20].to_vec());
                all.extend(batch(inputs[20..].to_vec()));
                all
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
