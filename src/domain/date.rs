//! Calendar dates for the roadmap timeline, without a date library.
//!
//! Only what the roadmap needs: parse and print `YYYY-MM-DD`, add days, and convert from a
//! count of days since 1970-01-01 (how callers turn "today" into a date). The conversions
//! use the well-known days-from-civil arithmetic on the proleptic Gregorian calendar.

use serde::{Serialize, Serializer};
use std::fmt;

/// A day in the Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    days: i64,
}

impl Date {
    /// The date `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Self {
        Date { days }
    }

    pub fn days_since_epoch(self) -> i64 {
        self.days
    }

    /// The date for a year, month (1-12) and day, if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        let y = i64::from(year) - i64::from(month <= 2);
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let m = i64::from(month);
        let day_of_year = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        Some(Date {
            days: era * 146_097 + day_of_era - 719_468,
        })
    }

    /// Year, month (1-12) and day (1-31).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        (year, month, day)
    }

    pub fn add_days(self, days: i64) -> Self {
        Date {
            days: self.days + days,
        }
    }

    pub fn add_weeks(self, weeks: u32) -> Self {
        self.add_days(i64::from(weeks) * 7)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?;
        let month = parts.next()?;
        let day = parts.next()?;
        if year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        Date::from_ymd(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.ymd();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

// Written by serde in the report and roadmap exports (`domain::csv_export`); files and
// storage use `domain::formats`.
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates_round_trip() {
        for (text, days) in [
            ("1970-01-01", 0),
            ("2000-02-29", 11_016),
            ("2026-11-26", 20_783),
            ("1969-12-31", -1),
        ] {
            let date = Date::parse(text).unwrap();
            assert_eq!(date.days_since_epoch(), days, "{text}");
            assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn every_day_over_several_centuries_round_trips() {
        let start = Date::parse("1899-12-25").unwrap().days_since_epoch();
        for days in start..start + 200 * 366 {
            let date = Date::from_days_since_epoch(days);
            let (y, m, d) = date.ymd();
            assert_eq!(Date::from_ymd(y, m, d), Some(date));
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        for text in [
            "2026-02-29",
            "2026-13-01",
            "2026-04-31",
            "26-01-01",
            "2026-1-1",
            "soon",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
        assert!(Date::parse("2024-02-29").is_some());
    }

    #[test]
    fn weeks_add_seven_days_each() {
        let date = Date::parse("2026-12-28").unwrap();
        assert_eq!(date.add_weeks(1).to_string(), "2027-01-04");
        assert_eq!(date.add_weeks(12).to_string(), "2027-03-22");
    }
}
