//! Runs the browser suite (`browser/tests/*.test.js`: headless Chromium driven by
//! playwright-core) against sites built by this test build of clockwork.
//! Needs Node.js and Debian's Chromium (`.ci/run` installs them on a fresh machine).

use std::process::Command;

#[test]
fn browser_suite_passes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("browser");
    if !dir.join("node_modules/playwright-core").is_dir() {
        let npm = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .expect("npm is needed for the browser tests (apt-get install -y nodejs npm)");
        assert!(npm.success(), "npm ci failed");
    }
    let out = Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec", "tests/"])
        .current_dir(&dir)
        .env("CLOCKWORK_BIN", env!("CARGO_BIN_EXE_clockwork"))
        .output()
        .expect("Node.js is needed for the browser tests");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "browser tests failed:\n{report}\n{}", String::from_utf8_lossy(&out.stderr));
}
