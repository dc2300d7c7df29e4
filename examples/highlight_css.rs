//! Regenerates the default theme's code-highlighting stylesheet:
//! `cargo run --example highlight_css > themes/default/static/highlight.css`
fn main() {
    print!("{}", clockwork::markdown::highlight_css());
}
