//! The browser part of `scripts/bench`: the release site served with gzip on loopback (as
//! GitHub Pages serves it), driven in headless Chromium through ChromeDriver and the
//! DevTools protocol. It prints, beside a static HTML page of the same first screen:
//! first-load bytes on the wire, first and largest contentful paint, the time to the first
//! question, main-thread time per answer over a full assessment (median, 90th percentile,
//! max) at 1× and 4× CPU slowdown, opening Results, and the JS heap after a full
//! assessment. One run, one machine: compare runs on the same machine, never assert them.

use e2e::server::StaticServer;
use e2e::webdriver::Session;
use e2e::{artifacts_dir, dist_dir};
use serde_json::{json, Value};
use std::path::Path;

/// Main-thread time the page spent so far, in ms: all tasks, then script, style
/// recalculation and layout (`Performance.getMetrics`).
fn main_thread(browser: &Session) -> [f64; 4] {
    let metrics = browser
        .cdp("Performance.getMetrics", json!({}))
        .expect("Chromium");
    let value = |name: &str| {
        metrics["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .and_then(|m| m["value"].as_f64())
            .unwrap_or(0.0)
            * 1000.0
    };
    [
        value("TaskDuration"),
        value("ScriptDuration"),
        value("RecalcStyleDuration"),
        value("LayoutDuration"),
    ]
}

fn task_ms(browser: &Session) -> f64 {
    main_thread(browser)[0]
}

/// Bytes received over the network (compressed) since the log was last read.
fn wire_bytes(browser: &Session) -> u64 {
    browser
        .log("performance")
        .iter()
        .filter_map(|entry| entry["message"].as_str())
        .filter_map(|m| serde_json::from_str::<Value>(m).ok())
        .filter(|m| m["message"]["method"] == "Network.loadingFinished")
        .filter_map(|m| m["message"]["params"]["encodedDataLength"].as_f64())
        .sum::<f64>() as u64
}

fn paints(browser: &Session) -> (f64, f64) {
    let value = browser.execute_async(
        "const done = arguments[arguments.length - 1]; \
         const fcp = (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0; \
         new PerformanceObserver((list) => { const e = list.getEntries(); done([fcp, e[e.length - 1].startTime]); }) \
           .observe({ type: 'largest-contentful-paint', buffered: true }); \
         setTimeout(() => done([fcp, 0]), 3000);",
        vec![],
    );
    (
        value[0].as_f64().unwrap_or(0.0),
        value[1].as_f64().unwrap_or(0.0),
    )
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank]
}

struct Load {
    bytes: u64,
    fcp: f64,
    lcp: f64,
    first_question: f64,
    /// When the wasm app had taken over the page (0 for the static page).
    live: f64,
    /// Cumulative layout shift of the load.
    shift: f64,
    /// The longest main-thread task of the load, and the time tasks after the first
    /// contentful paint blocked input (each task's time beyond 50 ms, as Lighthouse's TBT
    /// counts it, but measured at this CPU rate instead of simulated).
    longest_task: f64,
    blocking: f64,
    /// The long task (over 50 ms) in which the app took over, 0 if it took less.
    takeover: f64,
    /// Every long task after the first contentful paint: when it started and how long it
    /// took, in ms, and whether it was the takeover.
    tasks: String,
}

/// Opens `url` in a fresh session at `rate`× CPU slowdown and measures the first load.
fn load(url: &str, rate: f64, app: bool) -> (Session, Load) {
    let browser = Session::start();
    browser.cdp("Network.enable", json!({}));
    browser.cdp("Performance.enable", json!({}));
    browser.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": rate }));
    // The watch for the first question and the takeover stops once it has seen both: left
    // on, it ran (and queued records) on every change the answers made, which counted as
    // the app's time per answer.
    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "window.__long = []; \
            new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true }); \
            window.__shift = 0; \
            window.__shifted = []; \
            new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) { \
              window.__shift += e.value; \
              for (const s of e.sources || []) { const n = s.node; const r = (b) => [b.x, b.y, b.width, b.height].map(Math.round).join(','); \
                window.__shifted.push(`${e.value.toFixed(4)} at ${Math.round(e.startTime)} ms: ${n ? (n.nodeName + (n.className ? '.' + String(n.className).split(' ').join('.') : '') + ' ' + JSON.stringify((n.textContent || '').trim().slice(0, 40))) : '(removed)'} ${r(s.previousRect)} -> ${r(s.currentRect)}`); } \
            } }).observe({ type: 'layout-shift', buffered: true }); \
            const watch = new MutationObserver(() => { \
              if (!window.__firstQuestion && document.querySelector('.question legend')) window.__firstQuestion = performance.now(); \
              if (!window.__live && document.querySelector('#app:not([data-prerendered]) .workshop')) window.__live = performance.now(); \
              if (window.__firstQuestion && window.__live) watch.disconnect(); \
            }); \
            watch.observe(document, { subtree: true, childList: true, attributes: true });" }),
    );
    if app {
        if let Some(seed) = library_seed() {
            browser.cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": seed }),
            );
        }
    }
    let _ = wire_bytes(&browser);
    // `BENCH_PROFILE_LOAD=file.cpuprofile` records the app's load at 4×.
    let profile = std::env::var("BENCH_PROFILE_LOAD")
        .ok()
        .filter(|_| app && rate > 1.0);
    if profile.is_some() {
        browser.cdp("Profiler.enable", json!({}));
        browser.cdp("Profiler.setSamplingInterval", json!({ "interval": 100 }));
        browser.cdp("Profiler.start", json!({}));
    }
    browser.goto(url);
    browser.wait_for(
        "the first question",
        if app {
            "return !!window.__live"
        } else {
            "return document.querySelector('.question legend') !== null"
        },
    );
    browser.settle();
    if let Some(path) = profile {
        let recorded = browser.cdp("Profiler.stop", json!({})).expect("Chromium");
        std::fs::write(&path, recorded["profile"].to_string()).expect("write the profile");
    }
    let (fcp, lcp) = paints(&browser);
    let number = |script: &str| browser.execute(script, vec![]).as_f64().unwrap_or(0.0);
    // On screen: in the DOM and painted (a question in the first HTML shows at FCP).
    let first_question = if app {
        number("return window.__firstQuestion || 0").max(fcp)
    } else {
        fcp
    };
    let live = if app {
        number("return window.__live || 0")
    } else {
        0.0
    };
    let shift = number("return window.__shift || 0");
    let longest_task = number("return Math.max(0, ...(window.__long || []).map(t => t[1]))");
    let blocking = number(&format!(
        "return (window.__long || []).filter(t => t[0] >= {fcp}).reduce((sum, t) => sum + Math.max(0, t[1] - 50), 0)"
    ));
    let takeover = number(&format!(
        "return ((window.__long || []).find(t => t[0] <= {live} && {live} <= t[0] + t[1]) || [0, 0])[1]"
    ));
    let tasks = browser
        .execute(
            &format!(
                "return (window.__long || []).filter(t => t[0] >= {fcp}).map(t => `${{Math.round(t[1])}} ms at ${{Math.round(t[0])}}${{t[0] <= {live} && {live} <= t[0] + t[1] ? ' (takeover)' : ''}}`).join(', ')"
            ),
            vec![],
        )
        .as_str()
        .unwrap_or("")
        .to_string();
    // What moved, so a shift can be traced to its element.
    if let Some(moved) = browser
        .execute("return window.__shifted || []", vec![])
        .as_array()
    {
        for source in moved {
            eprintln!(
                "  layout shift at {rate}×: {}",
                source.as_str().unwrap_or("")
            );
        }
    }
    let bytes = wire_bytes(&browser);
    (
        browser,
        Load {
            bytes,
            fcp,
            lcp,
            first_question,
            live,
            shift,
            longest_task,
            blocking,
            takeover,
            tasks,
        },
    )
}

/// Main-thread ms per answer over the whole questionnaire, answering by keyboard, and the
/// lines that detail them.
/// How many other assessments the library holds in the app's runs: `BENCH_LIBRARY=40`
/// gives a consultant's library of 40 answered ones, each with a note on every question.
/// The assessment answered is a blank one, opened as the newest.
fn library_size() -> usize {
    std::env::var("BENCH_LIBRARY")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// A script that fills an empty library (see [`library_size`]) before the app reads it.
fn library_seed() -> Option<String> {
    use mlops_maturity::domain::answer::Answer;
    use mlops_maturity::domain::assessment::Assessment;
    use mlops_maturity::domain::questionnaire::Questionnaire;
    use mlops_maturity::domain::workspace::{Entry, ACTIVE_KEY, ENTRY_PREFIX};
    let size = library_size();
    if size == 0 {
        return None;
    }
    let questionnaire = Questionnaire::built_in().expect("the built-in questionnaire");
    let mut answered = Assessment::new(&questionnaire);
    for question in questionnaire.areas.iter().flat_map(|a| &a.questions) {
        answered.set_answer(&question.id, Some(Answer::Level(1)));
        if let Some(response) = answered.responses.get_mut(&question.id) {
            response.note =
                "What the room said about this practice, as typed in a workshop.".into();
        }
    }
    let mut items: Vec<(String, String)> = (0..size)
        .map(|i| {
            let entry = Entry::new(
                format!("bench-{i}"),
                format!("Client {i}"),
                1_000.0 + i as f64,
                answered.clone(),
            );
            (format!("{ENTRY_PREFIX}bench-{i}"), entry.encode())
        })
        .collect();
    let open = Entry::new(
        "bench-open".into(),
        "Untitled assessment".into(),
        1_000_000.0,
        Assessment::new(&questionnaire),
    );
    items.push((format!("{ENTRY_PREFIX}bench-open"), open.encode()));
    items.push((ACTIVE_KEY.to_string(), "bench-open".into()));
    Some(format!(
        "if (!localStorage.getItem({active})) {{ for (const [k, v] of {items}) localStorage.setItem(k, v); }}",
        active = json!(ACTIVE_KEY),
        items = json!(items),
    ))
}

fn answers(browser: &Session) -> (Vec<f64>, Vec<String>) {
    let mut notes = Vec::new();
    let questions = browser
        .execute(
            "return document.querySelectorAll('.steps .step-progress').length",
            vec![],
        )
        .as_i64()
        .unwrap_or(0);
    assert!(questions > 0, "the steps list is on the page");
    let total: usize = browser
        .execute(
            "return [...document.querySelectorAll('.step-progress')].map(e => parseInt(e.textContent.split('/')[1])).reduce((a, b) => a + b, 0)",
            vec![],
        )
        .as_u64()
        .unwrap_or(0) as usize;
    let mut times = Vec::with_capacity(total);
    // `BENCH_PROFILE=file.cpuprofile` records a CPU profile of the answers (open it in
    // DevTools' Performance panel; build with names to read it).
    let profile = std::env::var("BENCH_PROFILE").ok();
    if profile.is_some() {
        browser.cdp("Profiler.enable", json!({}));
        browser.cdp("Profiler.setSamplingInterval", json!({ "interval": 100 }));
        browser.cdp("Profiler.start", json!({}));
    }
    // What the harness itself costs: a key the app ignores, then the same two frames.
    let mut idle = Vec::new();
    for _ in 0..9 {
        let before = task_ms(browser);
        browser.press("x");
        browser.settle();
        idle.push(task_ms(browser) - before);
    }
    idle.sort_by(f64::total_cmp);
    notes.push(format!(
        "    (a key the app ignores, then two frames: median {:.1} ms)",
        percentile(&idle, 0.5)
    ));
    watch_keys(browser);
    let mut parts = [0.0; 4];
    for i in 0..total {
        let before = main_thread(browser);
        browser.press(&((i % 4) as u8).to_string());
        browser.settle();
        let after = main_thread(browser);
        times.push(after[0] - before[0]);
        for (part, (a, b)) in parts.iter_mut().zip(after.iter().zip(before)) {
            *part += a - b;
        }
    }
    notes.push(format!(
        "    (Event Timing, key press to next paint: {})",
        keys_seen(browser, total)
    ));
    let n = total.max(1) as f64;
    notes.push(format!(
        "    (mean per answer: all {:.1} ms = script {:.1}, style {:.1}, layout {:.1}, other {:.1})",
        parts[0] / n,
        parts[1] / n,
        parts[2] / n,
        parts[3] / n,
        (parts[0] - parts[1] - parts[2] - parts[3]) / n
    ));
    if let Some(path) = profile {
        let recorded = browser.cdp("Profiler.stop", json!({})).expect("Chromium");
        std::fs::write(&path, recorded["profile"].to_string()).expect("write the profile");
    }
    times.sort_by(f64::total_cmp);
    (times, notes)
}

/// Starts the browser's own measure of each key press (Event Timing): from the key event
/// to the next paint, reported only for presses that took 16 ms or more.
fn watch_keys(browser: &Session) {
    browser.execute(
        "window.__keys = []; new PerformanceObserver(l => { for (const e of l.getEntries()) if (e.name === 'keydown') window.__keys.push([e.duration, e.processingEnd - e.processingStart]); }).observe({ type: 'event', durationThreshold: 16 });",
        vec![],
    );
}

/// What [`watch_keys`] saw over `total` presses, in words: how many took 16 ms or more to
/// the next paint, the median and p90 of those, and of the time in the page's handlers.
fn keys_seen(browser: &Session, total: usize) -> String {
    let slow = browser.execute("return window.__keys", vec![]);
    let mut slow: Vec<(f64, f64)> = slow
        .as_array()
        .map(|all| {
            all.iter()
                .map(|e| (e[0].as_f64().unwrap_or(0.0), e[1].as_f64().unwrap_or(0.0)))
                .collect()
        })
        .unwrap_or_default();
    slow.sort_by(|a, b| a.0.total_cmp(&b.0));
    let durations: Vec<f64> = slow.iter().map(|e| e.0).collect();
    let mut handlers: Vec<f64> = slow.iter().map(|e| e.1).collect();
    handlers.sort_by(f64::total_cmp);
    format!(
        "{} of {total} took 16 ms or more; median {:.0}, p90 {:.0} ms; in the page's handlers median {:.1}, p90 {:.1} ms",
        slow.len(),
        percentile(&durations, 0.5),
        percentile(&durations, 0.9),
        percentile(&handlers, 0.5),
        percentile(&handlers, 0.9),
    )
}

/// A few lines of plain JS on the static page that answer as the app does, with none of
/// its work: a digit checks that option of the current question, the next question becomes
/// current and is scrolled into view below the sticky bar, and the progress line changes.
/// Its key press to next paint is the floor any implementation of the same screen meets in
/// this browser at this throttle.
const STATIC_ANSWERS: &str = "<script>let at = 0; addEventListener('keydown', (e) => { if (!/^[0-3]$/.test(e.key)) return; const all = document.querySelectorAll('fieldset[data-question]'); const here = all[at % all.length]; const option = here.querySelector(`input[value='${e.key}']`); if (option) option.checked = true; here.classList.remove('current'); at += 1; const next = all[at % all.length]; next.classList.add('current'); const bar = document.querySelector('.topbar'); const top = bar ? bar.getBoundingClientRect().bottom + 8 : 8; const box = next.getBoundingClientRect(); if (box.top < top) scrollBy(0, box.top - top); else if (box.bottom > innerHeight - 8) scrollBy(0, Math.min(box.bottom - innerHeight + 8, box.top - top)); const progress = document.querySelector('[data-testid=progress]'); if (progress) progress.textContent = `${at} of 37 answered`; });</script>";

/// The static page of the same first screen: the app's first screen as rendered, with
/// the same CSS and no script (`static.html`); `static-answering.html` adds
/// [`STATIC_ANSWERS`].
fn static_copy(dist: &Path, first_screen: &str) -> std::path::PathBuf {
    let copy = e2e::copy_of_dist("bench-static");
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap();
    let css = index
        .split("<link rel=\"stylesheet\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .map(|attrs| format!("<link rel=\"stylesheet\"{attrs}>"))
        .unwrap_or_default();
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>static</title>{css}</head><body>{first_screen}</body></html>"
    );
    std::fs::write(
        copy.join("static-answering.html"),
        html.replace("</body>", &format!("{STATIC_ANSWERS}</body>")),
    )
    .unwrap();
    std::fs::write(copy.join("static.html"), html).unwrap();
    copy
}

fn main() {
    let dist = dist_dir();
    let server = StaticServer::start(dist.clone(), "/");
    // `BENCH_RUNS=3` runs it three times and writes the median of every figure.
    let count: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1);
    // `BENCH_LIGHTHOUSE=5` only runs Lighthouse on the app, five times, and prints each
    // run's figures and long tasks: its total blocking time varies by tens of ms between
    // runs of one build.
    if let Some(runs) = std::env::var("BENCH_LIGHTHOUSE")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        for number in 1..=runs {
            match lighthouse(&server.url(""), "app") {
                Ok(figures) => {
                    println!("Lighthouse mobile, app, run {number} of {runs}: {figures}")
                }
                Err(why) => println!("Lighthouse mobile, app: not measured ({why})"),
            }
        }
        return;
    }
    // `BENCH_LOADS=10` only loads the app, ten times at 4×, and prints when it was live and
    // its load's long tasks: the takeover and the others differ by a few tens of ms between
    // builds, less than one full run varies on a busy machine. With `BENCH_LIBRARY=1` it is
    // a returning visit (the browser holds an assessment), without the service worker's
    // copy of the parts: the worst case for the reader's part, fetched before the start.
    if let Some(loads) = std::env::var("BENCH_LOADS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        let mut runs = Vec::new();
        for number in 1..=loads {
            let (_, first) = load(&server.url(""), 4.0, true);
            let report = format!(
                "  first question at 4×             {:>9.0} ms\n  the app live at 4×               {:>9.0} ms\n  the takeover task at 4×          {:>9.0} ms\n  longest task of the load at 4×   {:>9.0} ms\n  blocking after the first paint   {:>9.0} ms\n",
                first.first_question, first.live, first.takeover, first.longest_task, first.blocking
            );
            println!(
                "load {number} of {loads}\n{report}  long tasks after the first paint: {}\n",
                first.tasks
            );
            runs.push(report);
        }
        println!(
            "medians of {loads} loads (with their range):\n{}",
            e2e::runs::medians(&runs)
        );
        return;
    }
    let mut runs = Vec::new();
    for number in 1..=count {
        if count > 1 {
            println!("run {number} of {count}");
        }
        runs.push(run(&dist, &server));
    }
    let report = if count > 1 {
        let summed = e2e::runs::medians(&runs);
        println!("\nmedians of {count} runs (with their range):\n{summed}");
        format!("medians of {count} runs (with their range):\n{summed}")
    } else {
        runs.remove(0)
    };
    let path = artifacts_dir().join("browser-bench.txt");
    std::fs::write(&path, report).unwrap();
    println!("written to {}", path.display());
}

/// One run: the app at 1× and 4×, the static page, Lighthouse on both; its report.
fn run(dist: &Path, server: &StaticServer) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        println!("{text}");
        out.push_str(&text);
        out.push('\n');
    };
    line(
        "browser benchmark: the release build served with gzip on loopback, headless Chromium"
            .into(),
    );
    if library_size() > 0 {
        line(format!(
            "library: {} other answered assessments (BENCH_LIBRARY)",
            library_size()
        ));
    }

    // The app at 1× and 4×.
    let mut first_screen = String::new();
    for rate in [1.0, 4.0] {
        let (browser, first) = load(&server.url(""), rate, true);
        if rate == 1.0 {
            first_screen = browser
                .execute("return document.body.innerHTML", vec![])
                .as_str()
                .unwrap_or_default()
                .to_string();
        }
        let (per_answer, answer_notes) = answers(&browser);
        // What the page keeps, not garbage waiting for a collection.
        browser.cdp("HeapProfiler.collectGarbage", json!({}));
        let heap = browser
            .execute(
                "return performance.memory ? performance.memory.usedJSHeapSize : 0",
                vec![],
            )
            .as_f64()
            .unwrap_or(0.0);
        // `BENCH_PROFILE_RESULTS=file.cpuprofile` records opening Results.
        let profile = std::env::var("BENCH_PROFILE_RESULTS").ok();
        if profile.is_some() {
            browser.cdp("Profiler.enable", json!({}));
            browser.cdp("Profiler.setSamplingInterval", json!({ "interval": 100 }));
            browser.cdp("Profiler.start", json!({}));
        }
        // In a workshop the views' parts arrive in the background within seconds of the
        // start, long before anyone opens Results: measure opening it with its part here,
        // not fetching and compiling the part.
        browser.wait_for(
            "the views' parts fetched in the background",
            "return ['results', 'setup', 'library', 'progress'].every(v => \
               performance.getEntriesByType('resource').some(e => e.name.includes('split_' + v + '_view') && e.responseEnd > 0))",
        );
        // Each part is compiled and linked after its download, and the app brings the hidden
        // Results up to date 1.5 s after the last answer, in an idle moment (at the latest a
        // second later), then lays it out: four seconds covers them, as a room's pause does.
        std::thread::sleep(std::time::Duration::from_secs(4));
        browser.settle();
        // Whether the view was already built, hidden (the app builds it once the room pauses).
        let prebuilt = browser.execute(
            "return document.querySelector('.kept-results [data-testid=areas]') !== null",
            vec![],
        ) == Value::Bool(true);
        // The browser's own measure of the click (Event Timing): from the click to the next
        // paint, and the app's handlers within it; free of the harness' own scripts.
        browser.execute(
            "window.__clicks = []; new PerformanceObserver(l => { for (const e of l.getEntries()) if (e.name === 'click') window.__clicks.push([e.duration, e.processingEnd - e.processingStart]); }).observe({ type: 'event', durationThreshold: 16 });",
            vec![],
        );
        let before = main_thread(&browser);
        browser.click(&browser.find("[data-testid=tab-results]"));
        browser.wait_for(
            "the charts",
            "const i = [...document.querySelectorAll('[data-testid=chart] img')]; return i.length >= 3 && i.every(i => i.complete)",
        );
        browser.settle();
        let spent: Vec<f64> = main_thread(&browser)
            .iter()
            .zip(before)
            .map(|(after, before)| after - before)
            .collect();
        let results = spent[0];
        // Durations under 16 ms are not reported: then it painted within a frame.
        let click = browser.execute_async(
            "const done = arguments[arguments.length - 1]; setTimeout(() => done(window.__clicks[0] || [0, 0]), 100);",
            vec![],
        );
        let click: Vec<f64> = click
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        if let Some(path) = profile {
            let recorded = browser.cdp("Profiler.stop", json!({})).expect("Chromium");
            std::fs::write(&path, recorded["profile"].to_string()).expect("write the profile");
        }
        line(format!("app at {rate}× CPU:"));
        line(format!(
            "  first load on the wire          {:>9} B",
            first.bytes
        ));
        line(format!(
            "  first contentful paint          {:>9.0} ms",
            first.fcp
        ));
        line(format!(
            "  largest contentful paint        {:>9.0} ms",
            first.lcp
        ));
        line(format!(
            "  first question on screen        {:>9.0} ms",
            first.first_question
        ));
        line(format!(
            "  the app live (wasm took over)   {:>9.0} ms",
            first.live
        ));
        line(format!(
            "  cumulative layout shift         {:>9.3}",
            first.shift
        ));
        line(format!(
            "  longest task of the load        {:>9.0} ms",
            first.longest_task
        ));
        line(format!(
            "  blocking after the first paint  {:>9.0} ms (each task's time beyond 50 ms)",
            first.blocking
        ));
        line(format!(
            "  the takeover task               {:>9.0} ms (0: under 50 ms)",
            first.takeover
        ));
        line(format!(
            "  per answer, main thread ({} answers): median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
            per_answer.len(),
            percentile(&per_answer, 0.5),
            percentile(&per_answer, 0.9),
            per_answer.last().copied().unwrap_or(0.0)
        ));
        for note in answer_notes {
            line(note);
        }
        line(format!(
            "  opening Results (3+ charts)     {results:>9.1} ms main thread{}",
            if prebuilt {
                " (built before, hidden)"
            } else {
                ""
            }
        ));
        line(format!(
            "    (Event Timing, the click to the next paint: {:.0} ms, in the app's handlers {:.1} ms)",
            click.first().copied().unwrap_or(0.0),
            click.get(1).copied().unwrap_or(0.0)
        ));
        line(format!(
            "    (main thread: script {:.1}, style {:.1}, layout {:.1}, other {:.1} ms)",
            spent[1],
            spent[2],
            spent[3],
            spent[0] - spent[1] - spent[2] - spent[3]
        ));
        line(format!(
            "  JS heap after a full assessment {:>9.2} MB",
            heap / 1e6
        ));
        if rate == 4.0 {
            // No other browser runs while the static page and Lighthouse are measured:
            // the app's session stayed open beside them, on a 2-core machine.
            drop(browser);
            // The static page of the same first screen, in the same run.
            let copy = static_copy(dist, &first_screen);
            let static_server = StaticServer::start(copy, "/");
            let (_, page) = load(&static_server.url("static.html"), rate, false);
            line(format!(
                "static page of the same first screen at {rate}× CPU:"
            ));
            line(format!(
                "  first load on the wire          {:>9} B",
                page.bytes
            ));
            line(format!(
                "  first contentful paint          {:>9.0} ms",
                page.fcp
            ));
            line(format!(
                "  largest contentful paint        {:>9.0} ms",
                page.lcp
            ));
            // The same answers given by a few lines of plain JS on that page.
            let (answering, _) = load(&static_server.url("static-answering.html"), rate, false);
            watch_keys(&answering);
            let presses = 37;
            for i in 0..presses {
                answering.press(&((i % 4) as u8).to_string());
                answering.settle();
            }
            line(format!(
                "  an answer by plain JS, key press to next paint: {}",
                keys_seen(&answering, presses)
            ));
            drop(answering);
            line(format!(
                "ratios at 4×: first question / static FCP {:.1}, LCP / static LCP {:.1}, bytes {:.1}",
                first.first_question / page.fcp.max(1.0),
                first.lcp / page.lcp.max(1.0),
                first.bytes as f64 / page.bytes.max(1) as f64
            ));
            // Lighthouse (mobile, its simulated slow phone) on both, when it is installed
            // (scripts/bench installs it; `LIGHTHOUSE` names another binary).
            let app_url = server.url("");
            let static_url = static_server.url("static.html");
            for (what, url) in [
                ("app", app_url.as_str()),
                ("static page", static_url.as_str()),
            ] {
                match lighthouse(url, what) {
                    Ok(figures) => line(format!("Lighthouse mobile, {what}: {figures}")),
                    Err(why) => line(format!("Lighthouse mobile, {what}: not measured ({why})")),
                }
            }
        }
    }
    out
}

/// Runs Lighthouse's mobile performance audit on `url` and sums it up: the score, FCP,
/// LCP, total blocking time and cumulative layout shift. The whole report stays in the
/// artifacts, one per page (`lighthouse-app.json`, `lighthouse-static-page.json`).
fn lighthouse(url: &str, what: &str) -> Result<String, String> {
    let binary = std::env::var("LIGHTHOUSE").unwrap_or_else(|_| "lighthouse".into());
    let browser = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let report = artifacts_dir().join(format!("lighthouse-{}.json", what.replace(' ', "-")));
    let output = std::process::Command::new(&binary)
        .arg(url)
        .args([
            "--only-categories=performance",
            "--output=json",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ])
        .arg(format!("--output-path={}", report.display()))
        .env("CHROME_PATH", browser)
        .output()
        .map_err(|e| format!("{binary}: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr)
            .lines()
            .last()
            .unwrap_or("failed")
            .to_string());
    }
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    let audit = |id: &str| {
        json["audits"][id]["numericValue"]
            .as_f64()
            .unwrap_or(f64::NAN)
    };
    // Which element was the largest paint, and what delayed it.
    let breakdown = &json["audits"]["lcp-breakdown-insight"]["details"]["items"];
    let element = breakdown
        .as_array()
        .and_then(|items| items.iter().find(|item| item["type"] == "node"))
        .map(|node| {
            format!(
                "{} {:?}",
                node["selector"].as_str().unwrap_or("?"),
                node["nodeLabel"].as_str().unwrap_or("")
            )
        })
        .unwrap_or_else(|| "?".into());
    let phases = breakdown[0]["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| {
                    format!(
                        "{} {:.0} ms",
                        item["subpart"].as_str().unwrap_or("?"),
                        item["duration"].as_f64().unwrap_or(f64::NAN)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    Ok(format!(
        "performance {:.2}, FCP {:.0} ms, LCP {:.0} ms, TBT {:.0} ms, CLS {:.3}\n    (largest paint: {element}; {phases})",
        json["categories"]["performance"]["score"]
            .as_f64()
            .unwrap_or(f64::NAN),
        audit("first-contentful-paint"),
        audit("largest-contentful-paint"),
        audit("total-blocking-time"),
        audit("cumulative-layout-shift"),
    ) + &long_tasks(&json))
}

/// The long tasks of a Lighthouse report (its `long-tasks` audit, simulated on its slow
/// phone), each with the script it is charged to, as a line of its own.
fn long_tasks(json: &Value) -> String {
    let tasks = json["audits"]["long-tasks"]["details"]["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|task| {
                    format!(
                        "{:.0} ms at {:.0} ({})",
                        task["duration"].as_f64().unwrap_or(f64::NAN),
                        task["startTime"].as_f64().unwrap_or(f64::NAN),
                        task["url"]
                            .as_str()
                            .unwrap_or("?")
                            .rsplit('/')
                            .next()
                            .unwrap_or("?")
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    format!("\n    (long tasks: {tasks})")
}
