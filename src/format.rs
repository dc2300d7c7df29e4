//! How dates, times and numbers read on a page or in a message (no HTML: plain words).

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

/// How clock times read on pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// "3:30 pm".
    #[default]
    H12,
    /// "15:30".
    H24,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "September 8, 2026".
pub fn long_date(d: NaiveDate) -> String {
    format!("{} {}, {}", MONTHS[d.month0() as usize], d.day(), d.year())
}

/// "1 meeting", "3 meetings" (words whose plural adds an s).
pub fn count(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// "September".
pub fn month_name(d: NaiveDate) -> &'static str {
    MONTHS[d.month0() as usize]
}

/// "September 8".
pub fn month_day(d: NaiveDate) -> String {
    format!("{} {}", MONTHS[d.month0() as usize], d.day())
}

/// "Sep 8".
pub fn short_date(d: NaiveDate) -> String {
    format!("{} {}", &MONTHS[d.month0() as usize][..3], d.day())
}

/// "Tuesday, September 8, 2026".
pub fn day_date(d: NaiveDate) -> String {
    format!("{}, {}", weekday_name(d.weekday()), long_date(d))
}

pub fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// "3:30 pm" on a 12-hour clock, "15:30" on a 24-hour one.
pub fn time(t: NaiveTime, clock: Clock) -> String {
    match clock {
        Clock::H24 => t.format("%H:%M").to_string(),
        Clock::H12 => {
            let (pm, hour) = t.hour12();
            format!("{hour}:{:02} {}", t.minute(), if pm { "pm" } else { "am" })
        }
    }
}

/// "3:30–4:30 pm" (one "pm" when both ends share it), "11:30 am–12:15 pm", "15:30–16:30".
pub fn time_range(start: NaiveTime, end: NaiveTime, clock: Clock) -> String {
    match clock {
        Clock::H24 => format!("{}–{}", time(start, clock), time(end, clock)),
        Clock::H12 if start.hour12().0 == end.hour12().0 => {
            let (_, hour) = start.hour12();
            format!("{hour}:{:02}–{}", start.minute(), time(end, clock))
        }
        Clock::H12 => format!("{}–{}", time(start, clock), time(end, clock)),
    }
}

/// A measured value with its unit: "62%", "4.5 days", "80".
pub fn value(v: f64, unit: Option<&str>) -> String {
    let n = number(v);
    match unit {
        None | Some("") => n,
        Some(u) if u == "%" || u.starts_with('%') => format!("{n}{u}"),
        Some(u) => format!("{n} {u}"),
    }
}

/// A number without a needless ".0": 62, 62.5, 0.25.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally() {
        let d = NaiveDate::from_ymd_opt(2026, 9, 8).unwrap();
        assert_eq!(long_date(d), "September 8, 2026");
        assert_eq!(short_date(d), "Sep 8");
        assert_eq!(day_date(d), "Tuesday, September 8, 2026");
    }

    #[test]
    fn clock_times_read_as_the_site_says() {
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
        assert_eq!(time(t("15:30"), Clock::H12), "3:30 pm");
        assert_eq!(time(t("00:05"), Clock::H12), "12:05 am");
        assert_eq!(time(t("12:00"), Clock::H12), "12:00 pm");
        assert_eq!(time(t("15:30"), Clock::H24), "15:30");
        assert_eq!(time_range(t("15:30"), t("16:30"), Clock::H12), "3:30–4:30 pm");
        assert_eq!(time_range(t("11:30"), t("12:15"), Clock::H12), "11:30 am–12:15 pm");
        assert_eq!(time_range(t("07:45"), t("08:25"), Clock::H24), "07:45–08:25");
    }

    #[test]
    fn values_carry_units() {
        assert_eq!(value(62.0, Some("%")), "62%");
        assert_eq!(value(4.5, Some("days")), "4.5 days");
        assert_eq!(value(0.126, None), "0.13");
        assert_eq!(number(-3.0), "-3");
    }
}
