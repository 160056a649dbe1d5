//! Ctrl-C and termination signals (SIGINT, SIGTERM, SIGHUP): one process-wide handler.
//! It removes the temp files being written, so an interrupted write leaves nothing
//! behind, runs the command's own farewell (`ask` shows the cursor again), and exits
//! with 130. The handler runs on its own thread (the `ctrlc` crate), not in signal
//! context, so it may lock and touch the file system.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, Once};

/// Temp files being written right now.
static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// What the command wants done on interruption, before the exit.
static FAREWELL: Mutex<Option<fn()>> = Mutex::new(None);
static INSTALL: Once = Once::new();

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Installs the handler (once per process).
pub fn install() {
    INSTALL.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            for p in lock(&TEMPS).iter() {
                let _ = std::fs::remove_file(p);
            }
            if let Some(f) = *lock(&FAREWELL) {
                f();
            }
            std::process::exit(130);
        });
    });
}

/// Runs `f` when the process is interrupted (before it exits with 130).
pub fn on_interrupt(f: fn()) {
    *lock(&FAREWELL) = Some(f);
    install();
}

/// A temp file that is removed if the process is interrupted while the guard lives.
pub struct TempGuard(PathBuf);

impl TempGuard {
    pub fn new(path: PathBuf) -> TempGuard {
        install();
        lock(&TEMPS).push(path.clone());
        TempGuard(path)
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        let mut temps = lock(&TEMPS);
        if let Some(i) = temps.iter().position(|p| *p == self.0) {
            temps.swap_remove(i);
        }
    }
}
