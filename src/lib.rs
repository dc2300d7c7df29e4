//! clockwork: a static site generator for school and district improvement plans.

// A function should fit on a screen (clippy.toml sets the limit: 80 lines).
#![warn(clippy::too_many_lines)]

pub mod check;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod edit;
pub mod format;
pub mod i18n;
pub mod markdown;
pub mod model;
pub mod new;
pub mod output;
pub mod pipeline;
pub mod present;
pub mod render;
pub mod schema;
pub mod serve;
pub mod theme;
pub mod util;
pub mod views;
