//! The `tradeoff` binary: parse arguments, run, map errors to exit codes.
//!
//! A panic anywhere (a bug) is caught here and fails the run with exit code 2 and a
//! message; it never passes for success.

use clap::Parser;

fn main() {
    let cli = tradeoff::cli::Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let result = std::panic::catch_unwind(|| {
        tradeoff::cli::run(cli, &mut stdout.lock(), &mut stderr.lock())
    });
    let code = match result {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("{e}");
            e.exit_code
        }
        Err(panic) => {
            eprintln!(
                "error: internal error (a bug in tradeoff): {}",
                tradeoff::text::escape(&tradeoff::lint::batch::panic_message(&*panic))
            );
            2
        }
    };
    std::process::exit(code);
}
