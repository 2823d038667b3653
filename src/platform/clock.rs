//! The current time, from the browser.

use crate::domain::date::Date;

/// Milliseconds since 1970-01-01 UTC.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Today's date in the user's time zone: the one definition of "today" the roadmap, the
/// library and the exports use.
pub fn today() -> Date {
    local_date(now_ms())
}

/// The date in the user's time zone of a moment given in milliseconds since 1970.
pub fn local_date(ms: f64) -> Date {
    let moment = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    Date::from_ymd(
        moment.get_full_year() as i32,
        moment.get_month() + 1,
        moment.get_date(),
    )
    .unwrap_or_else(|| Date::from_days_since_epoch((ms / 86_400_000.0).floor() as i64))
}
