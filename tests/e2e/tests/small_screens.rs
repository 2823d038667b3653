//! Phones and small screens: at 320, 390 and 768 px wide no view scrolls sideways, every
//! view is reachable, the sticky bar stays compact and touch targets are at least 44 px.
//! The viewport is set through Chrome DevTools, so these checks run in the Chromium run.

use e2e::webdriver::Session;
use e2e::{artifacts_dir, Harness};
use serde_json::{json, Value};

fn viewport(browser: &Session, width: u32, height: u32) -> bool {
    browser.devtools(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": true }),
    )
}

/// Fails when the page reaches past the screen's right edge, naming what sticks out most.
fn assert_fits(browser: &Session, what: &str) {
    let found = overflow(browser);
    assert!(
        found[0].as_f64().unwrap() <= 0.0 && found[1].as_f64().unwrap() <= 1.0,
        "{what} reaches past the screen: {found}"
    );
}

/// How far the page reaches past the screen's right edge, and what sticks out most.
fn overflow(browser: &Session) -> Value {
    browser.execute(
        "const w = document.documentElement.clientWidth; \
         let worst = null, most = 0; \
         for (const e of document.querySelectorAll('body *')) { \
           const r = e.getBoundingClientRect(); \
           if (r.width > 0 && r.right - w > most && e.checkVisibility()) { most = r.right - w; worst = e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40); } \
         } \
         return [document.documentElement.scrollWidth - w, most, worst];",
        vec![],
    )
}

/// The app open at 390 × 844, as on a phone; None (said on the output) where the browser
/// cannot emulate a viewport.
fn on_a_phone() -> Option<Harness> {
    let harness = Harness::start("/");
    harness.open_app();
    if !viewport(&harness.browser, 390, 844) {
        eprintln!("viewport emulation needs Chrome DevTools: checked in the Chromium run");
        return None;
    }
    Some(harness)
}

#[test]
fn no_view_scrolls_sideways_and_touch_targets_are_large_enough() {
    let Some(harness) = on_a_phone() else {
        return;
    };
    let browser = &harness.browser;
    // Some answers and a room, so Results and the room's panel have content.
    browser.press("2103d21n3212");
    browser.click_testid("tab-setup");
    browser.click_testid("add-respondent");
    browser.send_keys(
        &browser.find("#client"),
        "Acme Logistics GmbH & Co. KG, Zürich",
    );
    for width in [320u32, 390, 768] {
        assert!(viewport(browser, width, 844));
        for tab in [
            "tab-library",
            "tab-setup",
            "tab-questions",
            "tab-results",
            "tab-progress",
        ] {
            let button = browser.find(&format!("[data-testid={tab}]"));
            let visible = browser.execute(
                "const r = arguments[0].getBoundingClientRect(); return r.left >= 0 && r.right <= document.documentElement.clientWidth",
                vec![button.clone()],
            );
            assert_eq!(visible, true, "{tab} is on screen at {width} px");
            browser.click(&button);
            assert_fits(browser, &format!("{tab} at {width} px"));
            if width == 390 {
                browser.screenshot(&artifacts_dir().join(format!("phone-{tab}.png")));
            }
        }
        // The sticky bar stays compact: at most a fifth of a phone's height.
        let bar = browser.execute(
            "return document.querySelector('.topbar').getBoundingClientRect().height",
            vec![],
        );
        if width <= 390 {
            assert!(
                bar.as_f64().unwrap() <= 844.0 / 5.0,
                "sticky bar {bar} px at {width} px"
            );
        }
    }
    // Touch targets on a phone: every visible button, option and field at least 44 px high.
    assert!(viewport(browser, 390, 844));
    for tab in ["tab-questions", "tab-setup"] {
        browser.click_testid(tab);
        let small = browser.execute(
            "return [...document.querySelectorAll('button, label.option, select, input[type=text], input[type=date], input[type=number]')] \
               .filter(e => { const r = e.getBoundingClientRect(); return e.checkVisibility() && r.width > 0 && r.height > 0 && r.height < 44; }) \
               .map(e => e.tagName + ' ' + (e.textContent || e.id).slice(0, 30) + ' ' + Math.round(e.getBoundingClientRect().height))",
            vec![],
        );
        assert_eq!(small, json!([]), "touch targets under 44 px in {tab}");
    }
    harness.assert_clean_run();
}

#[test]
fn a_respondent_on_a_phone_sees_every_view_without_sideways_scrolling() {
    let Some(harness) = on_a_phone() else {
        return;
    };
    let browser = &harness.browser;
    browser.goto(&format!(
        "{}#respond?client=Acme&q=mlops-maturity&v=1.1.0",
        harness.server.url("")
    ));
    browser.wait_for(
        "respondent mode",
        "return document.querySelector('[data-testid=tab-send]') !== null",
    );
    for width in [320u32, 390] {
        assert!(viewport(browser, width, 844));
        for tab in ["tab-questions", "tab-send", "tab-library"] {
            browser.click_testid(tab);
            assert_fits(browser, &format!("{tab} at {width} px"));
        }
    }
    browser.click_testid("tab-questions");
    browser.screenshot(&artifacts_dir().join("phone-respondent.png"));
    harness.assert_clean_run();
}
