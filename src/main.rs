//! The `tradeoff` binary: parse arguments, run, map errors to exit codes.

use clap::Parser;

fn main() {
    let cli = tradeoff::cli::Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = match tradeoff::cli::run(cli, &mut stdout.lock(), &mut stderr.lock()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            e.exit_code
        }
    };
    std::process::exit(code);
}
