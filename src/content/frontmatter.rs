//! Splitting a Markdown file into its YAML front matter and its body.

use std::ops::Range;

#[derive(Debug, PartialEq)]
pub struct Split {
    pub has_front_matter: bool,
    /// Byte range of the YAML text (empty without front matter).
    pub yaml: Range<usize>,
    /// 1-based line of the YAML's first line.
    pub yaml_line: usize,
    pub body_start: usize,
    pub body_line: usize,
}

#[derive(Debug, PartialEq)]
pub struct SplitError {
    pub line: usize,
    pub message: String,
}

fn is_fence(line: &str, closing: bool) -> bool {
    let l = line.trim_end();
    l == "---" || (closing && l == "...")
}

/// Finds the front matter: a first line `---` and a closing `---` (or `...`) line.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
    if !is_fence(&text[start..first_end], false) {
        return Ok(Split {
            has_front_matter: false,
            yaml: start..start,
            yaml_line: 1,
            body_start: start,
            body_line: 1,
        });
    }
    let mut offset = first_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1);
        if is_fence(&text[offset..end], true) {
            return Ok(Split {
                has_front_matter: true,
                yaml: first_end..offset,
                yaml_line: 2,
                body_start: end,
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err(SplitError { line: 1, message: "the front matter starts with `---` but has no closing `---` line".into() })
}

/// The value of a top-level `kind:` line, if the front matter has one.
pub fn declared_kind(yaml: &str) -> Option<String> {
    yaml.lines()
        .find_map(|l| l.strip_prefix("kind:"))
        .map(|v| v.split('#').next().unwrap_or("").trim().trim_matches(['"', '\'']).to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let s = split(text).unwrap();
        assert!(s.has_front_matter);
        assert_eq!(&text[s.yaml.clone()], "title: A\n");
        assert_eq!(&text[s.body_start..], "# Body\n");
        assert_eq!((s.yaml_line, s.body_line), (2, 4));
    }

    #[test]
    fn handles_bom_crlf_and_no_front_matter() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nx").unwrap();
        assert!(s.has_front_matter);
        let s = split("# Just a page\n").unwrap();
        assert!(!s.has_front_matter);
        assert_eq!(s.body_start, 0);
        let s = split("").unwrap();
        assert!(!s.has_front_matter);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split("---\ntitle: A\n").is_err());
    }

    #[test]
    fn finds_the_declared_kind() {
        assert_eq!(declared_kind("title: x\nkind: team # a team\n"), Some("team".into()));
        assert_eq!(declared_kind("title: x\n  kind: nested\n"), None);
    }
}
