//! Order-preserving parallel map over a slice, on all cores (at most 8 threads).
//! Threads take the next item as they finish one, so uneven items still share the
//! cores. A thread that cannot be started leaves its share to the others and the
//! calling thread; a panic in `f` is passed on to the caller (and fails the run, see
//! main.rs).

use std::sync::atomic::{AtomicUsize, Ordering};

/// Applies `f` to every item on all cores; results come back in the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done: Vec<(usize, R)> = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut slots: Vec<Option<R>> = items.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        // The calling thread works too: one thread fewer to start.
        let handles: Vec<_> = (1..threads)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok())
            .collect();
        let mine = work();
        let theirs = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        for (i, r) in theirs.flatten().chain(mine) {
            slots[i] = Some(r);
        }
    });
    // Every index was taken by exactly one thread, and every thread was joined.
    slots
        .into_iter()
        .map(|r| r.expect("every item is mapped"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(
            super::map(&items, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert!(super::map(&Vec::<u32>::new(), |x| *x).is_empty());
    }
}
