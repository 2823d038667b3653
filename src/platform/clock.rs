//! The current time, from the browser.

use crate::domain::date::Date;

/// Milliseconds since 1970-01-01 UTC.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Today's date in the user's time zone.
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date::from_ymd(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_else(|| Date::from_days_since_epoch((now_ms() / 86_400_000.0).floor() as i64))
}
