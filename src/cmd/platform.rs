//! Words that depend on the platform a command runs on: how to open a page from its shell,
//! and file paths in its own separators.

use std::path::{Component, Path, PathBuf};

/// The shells a command's hints are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Os {
    Windows,
    Mac,
    Other,
}

const HERE: Os = if cfg!(windows) {
    Os::Windows
} else if cfg!(target_os = "macos") {
    Os::Mac
} else {
    Os::Other
};

/// The command that opens `file` in the reader's browser from this platform's shell:
/// `start public\index.html` on Windows, `open …` on macOS, `xdg-open …` elsewhere.
pub fn open_command(file: &Path) -> String {
    open_command_on(HERE, &shown(file))
}

fn open_command_on(os: Os, file: &str) -> String {
    match os {
        // cmd.exe's `start` reads a first quoted word as a window title, hence the `""`.
        Os::Windows if !plain(file) => format!("start \"\" {}", word_on(os, file)),
        Os::Windows => format!("start {file}"),
        Os::Mac => format!("open {}", word_on(os, file)),
        Os::Other => format!("xdg-open {}", word_on(os, file)),
    }
}

/// `path` as one word of this platform's shell (`cd "My Plan"`).
pub fn shell_word(path: &Path) -> String {
    word_on(HERE, &shown(path))
}

fn word_on(os: Os, word: &str) -> String {
    match os {
        _ if plain(word) => word.to_string(),
        Os::Windows => format!("\"{word}\""),
        Os::Mac | Os::Other => format!("'{}'", word.replace('\'', r"'\''")),
    }
}

fn plain(word: &str) -> bool {
    word.chars().all(|c| c.is_alphanumeric() || "-_./\\:".contains(c))
}

/// A path as the reader typed it, without a leading `./`.
pub fn shown(path: &Path) -> String {
    let rest: PathBuf = path.components().skip_while(|c| *c == Component::CurDir).collect();
    if rest.as_os_str().is_empty() { ".".to_string() } else { rest.display().to_string() }
}

/// `rel`, a site path with `/` (`content/agendas/ilt/2026-12-01.md`), under `root` in this
/// platform's separators, as a reader would type it.
pub fn native(root: &Path, rel: &str) -> PathBuf {
    rel.split('/').filter(|part| !part.is_empty()).fold(root.to_path_buf(), |path, part| path.join(part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_platform_gets_its_own_command_to_open_a_page() {
        assert_eq!(open_command_on(Os::Windows, r"public\index.html"), r"start public\index.html");
        assert_eq!(open_command_on(Os::Mac, "public/index.html"), "open public/index.html");
        assert_eq!(open_command_on(Os::Other, "public/index.html"), "xdg-open public/index.html");
    }

    #[test]
    fn a_path_with_spaces_is_quoted_the_way_its_shell_reads_it() {
        assert_eq!(
            open_command_on(Os::Windows, r"My Plan\public\index.html"),
            r#"start "" "My Plan\public\index.html""#
        );
        assert_eq!(open_command_on(Os::Other, "My Plan/public/index.html"), "xdg-open 'My Plan/public/index.html'");
        assert_eq!(open_command_on(Os::Mac, "Bob's plan/index.html"), r"open 'Bob'\''s plan/index.html'");
        assert_eq!(word_on(Os::Windows, "My Plan"), r#""My Plan""#);
        assert_eq!(word_on(Os::Other, "my-plan"), "my-plan");
    }

    #[test]
    fn paths_are_shown_without_a_leading_dot_and_in_the_platforms_separators() {
        assert_eq!(shown(Path::new("./public")), "public");
        assert_eq!(shown(Path::new(".")), ".");
        let written = native(Path::new("my-plan"), "content/agendas/ilt/2026-12-01.md");
        let expected: PathBuf = ["my-plan", "content", "agendas", "ilt", "2026-12-01.md"].iter().collect();
        assert_eq!(written, expected);
    }
}
