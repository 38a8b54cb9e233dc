fn main() {
    std::process::exit(sandyk::cli::main());
}
