//! How dates, times and numbers read on a page or in a message (no HTML: plain words).

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

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

/// "15:30".
pub fn time(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
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
    fn values_carry_units() {
        assert_eq!(value(62.0, Some("%")), "62%");
        assert_eq!(value(4.5, Some("days")), "4.5 days");
        assert_eq!(value(0.126, None), "0.13");
        assert_eq!(number(-3.0), "-3");
    }
}
