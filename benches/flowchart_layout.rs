//! The flowchart layout's figures: crossings left and layout time on the generated fixtures
//! of the flowchart tests (5, 20 and 60 teams) and on the example site.
//!
//!     cargo bench --bench flowchart_layout
//!
//! With `FLOWCHART_SVG_DIR=DIR` it also writes each fixture's chart and site there, to look at.

use std::path::Path;

use clockwork::pipeline::{self, Request};
use clockwork::views::flowchart::{Chart, layout};

#[path = "../tests/support/flowchart_sites.rs"]
mod sites;

fn request(root: &Path) -> Request {
    let mut req = Request::new(root);
    req.today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("a date");
    req
}

fn main() {
    let example = pipeline::run(&request(Path::new(env!("CARGO_MANIFEST_DIR"))), false);
    let site = example.site.expect("the example site loads");
    println!("the example site: {} crossings left", layout::layout(&Chart::of_site(&site)).crossings);
    for n in [5, 20, 60] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let teams = sites::generate(n);
        sites::write_site(dir.path(), &teams);
        let site = pipeline::run(&request(dir.path()), false).site.expect("the fixture loads");
        let chart = Chart::of_site(&site);
        let runs = 20;
        let start = std::time::Instant::now();
        let mut crossings = 0;
        for _ in 0..runs {
            crossings = layout::layout(&chart).crossings;
        }
        let each = start.elapsed() / runs;
        println!(
            "{n} teams, {} links: {crossings} crossings left, layout {:.2} ms (mean of {runs})",
            chart.flows.len(),
            each.as_secs_f64() * 1000.0
        );
        if let Ok(out) = std::env::var("FLOWCHART_SVG_DIR") {
            let files = pipeline::run(&request(dir.path()), true).files.expect("the fixture builds");
            let out = Path::new(&out);
            std::fs::write(out.join(format!("flowchart-{n}.svg")), &files["teams/flowchart.svg"]).expect("write");
            sites::write_site(&out.join(format!("site-{n}")), &teams);
        }
    }
}
