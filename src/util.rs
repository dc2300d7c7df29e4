//! Small helpers shared by every stage: "did you mean", slugs, HTML escaping, relative links.

/// The closest candidate to `word` by edit distance, if one is close enough to be a likely typo.
pub fn suggest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// ", did you mean `x`?" or nothing, ready to append to a message.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    match suggest(word, candidates) {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

/// A URL- and HTML-id-safe slug: lowercase ASCII letters, digits and single dashes.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                if l.is_ascii_alphanumeric() {
                    out.push(l);
                    dash = false;
                }
            }
        } else if !out.is_empty() && !dash {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(&mut out, text);
    out
}

pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// The prefix that leads from an output file back to the site root, e.g. `../../`
/// for `teams/ilt/index.html`.
pub fn root_prefix(output_path: &str) -> String {
    "../".repeat(output_path.matches('/').count())
}

/// How a root-relative output path (`teams/ilt/index.html`) is written in a link.
pub fn link_target(path: &str, pretty: bool) -> &str {
    if pretty { path.strip_suffix("index.html").unwrap_or(path) } else { path }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Line starts of a text, so that many offsets can be turned into line and column without
/// scanning the text from its start each time (a 100,000-row tracker).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset, as `line_col` gives.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line.saturating_sub(1)];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `text` cut at a word boundary to at most `max` characters, with "…" when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

/// The years a plan's dates may fall in: a typo such as 9026 for 2026 would otherwise make
/// calendars and charts run for thousands of years.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A calendar date written YYYY-MM-DD, in `YEARS`.
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().filter(|d| YEARS.contains(&d.year()))
}

/// Why `s` is not a date, in words to follow "`due: …`": "is not a date", or, for a real
/// date in a year out of `YEARS`, that the year looks like a typo.
pub fn not_a_date(s: &str) -> String {
    match chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        Ok(_) => format!("is outside the years {} to {} (a typo in the year?)", YEARS.start(), YEARS.end()),
        Err(_) => "is not a date".to_string(),
    }
}

/// Plain-language list: "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["owner", "support", "due"];
        assert_eq!(suggest("ownr", fields), Some("owner"));
        assert_eq!(suggest("suport", fields), Some("support"));
        assert_eq!(suggest("banana", fields), None);
    }

    #[test]
    fn slugs_are_ascii_and_dashed() {
        assert_eq!(slugify("Q1 walkthrough data!"), "q1-walkthrough-data");
        assert_eq!(slugify("  Équipe — été "), "quipe-t");
        assert_eq!(slugify("a--b"), "a-b");
    }

    #[test]
    fn relative_prefix_counts_folders() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("teams/ilt/index.html"), "../../");
        assert_eq!(link_target("teams/ilt/index.html", true), "teams/ilt/");
        assert_eq!(link_target("teams/ilt/index.html", false), "teams/ilt/index.html");
    }

    #[test]
    fn line_and_column_are_one_based() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 8), (3, 1));
        assert_eq!(line_col(text, 5), (2, 3));
    }

    #[test]
    fn the_line_index_agrees_with_line_col() {
        let text = "ab\ncdé\n\nf";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.line_col(offset), line_col(text, offset), "{offset}");
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape_html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
