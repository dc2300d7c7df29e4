fn main() {
    std::process::exit(clockwork::cli::main());
}
