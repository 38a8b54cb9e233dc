//! The `sandyk` binary: everything that touches the terminal lives in `cli`.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
