//! How wide text sets in the flowchart, and wrapping it into lines: an estimate of a system
//! sans-serif font, on the generous side, so that boxes sized from it hold their text.

/// The width of `text` at a font size of `size` px, in px.
pub fn width(text: &str, size: f64) -> f64 {
    text.chars().map(em).sum::<f64>() * size
}

/// The advance of one character, in em.
fn em(c: char) -> f64 {
    match c {
        ' ' | 'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.30,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' | '"' => 0.38,
        'm' | 'w' => 0.86,
        'M' | 'W' | '—' | '…' => 0.95,
        'A'..='Z' | '&' | '%' | '@' => 0.70,
        '0'..='9' => 0.58,
        '←' | '↑' | '→' | '↓' => 1.0,
        c if c.is_ascii() => 0.56,
        // Accented Latin letters set like their base letter; CJK and other wide scripts wider.
        c if (c as u32) < 0x0370 => 0.62,
        _ => 1.0,
    }
}

/// Wraps `text` into at most `max_lines` lines no wider than `max_width`; what does not fit ends
/// in "…". Words longer than a line are cut.
pub fn wrap(text: &str, size: f64, max_width: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut cut = false;
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
        if width(&candidate, size) <= max_width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if lines.len() == max_lines {
            cut = true;
            break;
        }
        current = if width(word, size) <= max_width { word.to_string() } else { fit(word, size, max_width) };
    }
    if !current.is_empty() {
        if lines.len() == max_lines {
            cut = true;
        } else {
            lines.push(current);
        }
    }
    if cut && let Some(last) = lines.last_mut() {
        *last = fit(&format!("{last} …"), size, max_width);
        if !last.ends_with('…') {
            last.push('…');
        }
    }
    lines
}

/// The longest start of `text` that fits in `max_width` with a trailing "…" (or `text` itself).
fn fit(text: &str, size: f64, max_width: f64) -> String {
    if width(text, size) <= max_width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if width(&out, size) + em(c) * size + em('…') * size > max_width {
            break;
        }
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_stays_on_one_line() {
        assert_eq!(wrap("Data team", 13.0, 140.0, 3), vec!["Data team"]);
    }

    #[test]
    fn long_text_wraps_within_the_width() {
        let lines = wrap("Intervention Block Schedule Work Group", 13.0, 120.0, 3);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 13.0) <= 120.0), "{lines:?}");
        assert_eq!(lines.join(" "), "Intervention Block Schedule Work Group");
    }

    #[test]
    fn too_much_text_ends_in_an_ellipsis() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let lines = wrap(text, 11.0, 60.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| width(l, 11.0) <= 60.0), "{lines:?}");
    }

    #[test]
    fn a_word_longer_than_a_line_is_cut() {
        let lines = wrap("Supercalifragilisticexpialidocious", 13.0, 80.0, 2);
        assert!(lines[0].ends_with('…'));
        assert!(width(&lines[0], 13.0) <= 80.0);
    }

    #[test]
    fn empty_text_has_no_lines() {
        assert!(wrap("   ", 13.0, 80.0, 2).is_empty());
    }
}
