//! What `clockwork watch` and `clockwork serve` run on: file watching, the incremental
//! engine and the development server with live reload.

pub mod deps;
pub mod edits;
pub mod http;
pub mod incremental;
pub mod layers;
pub mod watch;

use std::sync::Arc;
use std::time::Duration;

/// How long file events must settle before a rebuild: long enough to take an editor's
/// save (temp file, rename, metadata) as one change, short enough not to be felt.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// Lets tests and the benchmark hold an engine's output without knowing the layer types.
pub type Output = Arc<std::collections::BTreeMap<String, layers::Bytes>>;
