/// jemalloc rather than the system allocator: a build allocates many small strings and template
/// values on every core, and glibc's malloc/free took a fifth of a 10k-page build's
/// instructions (callgrind); with jemalloc the build is about a tenth faster (scripts/bench).
#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings (its `malloc_conf`, read at start; `_RJEM_MALLOC_CONF` in the
/// environment still overrides them). Each page's bytes are freed as soon as they are staged
/// in the output folder, so freed memory is given back to the system after 100 ms instead of
/// the default 10 s: the peak of a 10,000-page build falls from about 285 MB to 240 MB, at no
/// measurable cost in time (docs/performance.md).
#[cfg(unix)]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &[u8; 19] = b"dirty_decay_ms:100\0";

fn main() {
    std::process::exit(clockwork::cmd::main());
}
