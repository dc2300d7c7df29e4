/// jemalloc rather than the system allocator: a build allocates many small strings and template
/// values on every core, and glibc's malloc/free took a fifth of a 10k-page build's
/// instructions (callgrind); with jemalloc the build is about a tenth faster (scripts/bench).
#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    std::process::exit(clockwork::cmd::main());
}
