//! Makes a syntect colour theme readable on the default theme's code background: every text
//! colour is darkened (or lightened) just enough to reach the WCAG AA contrast ratio, 4.5:1.

use syntect::highlighting::{Color, Theme};

/// The ratio every code colour reaches against its background (WCAG AA for normal text),
/// with a little room for rounding in the browser's colour maths.
const TARGET: f64 = 4.6;

/// Darkens (on a light `background`) or lightens (on a dark one) every foreground colour
/// of `theme` that does not reach [`TARGET`] against it.
pub fn make_readable(theme: &mut Theme, background: Color) {
    let fix = |c: &mut Color| *c = readable(*c, background);
    if let Some(c) = theme.settings.foreground.as_mut() {
        fix(c);
    }
    for item in &mut theme.scopes {
        if let Some(c) = item.style.foreground.as_mut() {
            fix(c);
        }
    }
}

/// `color`, mixed step by step toward black or white until it reads on `background`.
fn readable(color: Color, background: Color) -> Color {
    let toward = if luminance(background) > 0.5 { 0.0 } else { 255.0 };
    let mut c = color;
    let mut step = 0.0;
    while contrast(c, background) < TARGET && step < 1.0 {
        step += 0.02;
        let mix = |v: u8| (f64::from(v) + (toward - f64::from(v)) * step).round().clamp(0.0, 255.0) as u8;
        c = Color { r: mix(color.r), g: mix(color.g), b: mix(color.b), a: color.a };
    }
    c
}

/// WCAG relative luminance.
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// WCAG contrast ratio, from 1 to 21.
fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::highlighting::ThemeSet;

    const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b, a: 0xff }
    }

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((contrast(rgb(0, 0, 0), rgb(255, 255, 255)) - 21.0).abs() < 0.01);
        // #767676 on white is the classic "just passes AA" grey.
        assert!((contrast(rgb(0x76, 0x76, 0x76), rgb(255, 255, 255)) - 4.54).abs() < 0.01);
    }

    #[test]
    fn faint_colours_are_darkened_on_light_and_lightened_on_dark() {
        let light = rgb(0xf2, 0xf4, 0xf5);
        let dark = rgb(0x1e, 0x24, 0x28);
        let green = rgb(0x63, 0xa3, 0x5c);
        let on_light = readable(green, light);
        assert!(contrast(on_light, light) >= TARGET);
        assert!(on_light.g < green.g, "darker: {on_light:?}");
        let red = rgb(0xbf, 0x61, 0x6a);
        let on_dark = readable(red, dark);
        assert!(contrast(on_dark, dark) >= TARGET);
        assert!(on_dark.r > red.r, "lighter: {on_dark:?}");
        // A colour that already reads is left alone.
        assert_eq!(readable(rgb(0x32, 0x32, 0x32), light), rgb(0x32, 0x32, 0x32));
    }

    #[test]
    fn every_colour_of_the_shipped_themes_reads() {
        let themes = ThemeSet::load_defaults();
        for (name, background) in
            [("InspiredGitHub", rgb(0xf2, 0xf4, 0xf5)), ("base16-ocean.dark", rgb(0x1e, 0x24, 0x28))]
        {
            let mut theme = themes.themes[name].clone();
            make_readable(&mut theme, background);
            for c in theme.scopes.iter().filter_map(|i| i.style.foreground) {
                assert!(contrast(c, background) >= 4.5, "{name}: {c:?}");
            }
        }
    }
}
