//! Charts: snapshots of each SVG for a fixed assessment, and structural checks that hold
//! for any input (one axis per area, one bar per area with a gap, one bar per phase).
#![cfg(not(target_arch = "wasm32"))]

use expect_test::expect_file;

use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::charts;
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::report::score;
use mlops_maturity::domain::roadmap::plan;
use std::path::Path;

fn workshop() -> (
    mlops_maturity::domain::report::Report,
    mlops_maturity::domain::roadmap::Roadmap,
) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/fixtures/assessments/acme-workshop.json"))
        .unwrap();
    let assessment = Assessment::from_json(&text).unwrap();
    let questionnaire = Questionnaire::built_in_version(&assessment.questionnaire.version).unwrap();
    let report = score(&questionnaire, &assessment);
    let roadmap = plan(
        &questionnaire,
        &assessment,
        &report,
        Date::parse("2026-11-26").unwrap(),
    );
    (report, roadmap)
}

#[test]
fn each_chart_matches_its_snapshot() {
    let (report, roadmap) = workshop();
    for chart in charts::all(&report, &roadmap) {
        expect_file![format!("snapshots/chart-{}.svg", chart.id)].assert_eq(&chart.svg);
    }
}

#[test]
fn every_chart_names_what_it_shows_for_screen_readers() {
    let (report, roadmap) = workshop();
    for chart in charts::all(&report, &roadmap) {
        assert!(chart.svg.contains("role=\"img\""), "{}", chart.id);
        let title = format!(
            "<title>{}</title>",
            chart
                .title
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        );
        assert!(
            chart.svg.contains(&title),
            "{}: {}",
            chart.id,
            &chart.svg[..200]
        );
        assert!(chart.svg.contains("<desc>"), "{}", chart.id);
    }
    let radar = charts::radar(&report);
    assert!(
        radar.svg.contains("Monitoring 0.50"),
        "the description lists every score"
    );
}

#[test]
fn the_radar_has_one_axis_per_area() {
    let (report, _) = workshop();
    let svg = charts::radar(&report).svg;
    // Rings: 3 paths; axes: one path per area; target and score outlines: 2 paths.
    let paths = svg.matches("<polyline").count();
    assert_eq!(paths, 3 + report.areas.len() + 2, "{svg}");
    for area in &report.areas {
        assert!(svg.contains(&area.title), "{} missing", area.title);
    }
}

#[test]
fn the_gap_chart_has_one_bar_per_area_with_a_gap_and_the_timeline_one_per_phase() {
    let (report, roadmap) = workshop();
    let bars = charts::gap_bars(&report).svg;
    let with_gap = report.gaps.iter().filter(|g| g.gap > 0.0).count();
    // One white background rectangle plus one bar per gap.
    assert_eq!(bars.matches("<rect").count(), 1 + with_gap);
    assert!(
        bars.contains("5.00 (28%)"),
        "the largest gap is labelled with its share"
    );

    let timeline = charts::timeline(&roadmap).svg;
    // Background, two bars per phase, two legend swatches.
    assert_eq!(
        timeline.matches("<rect").count(),
        1 + 2 * roadmap.phases.len() + 2
    );
    assert!(timeline.contains("Level 0 → 1"));
    assert!(
        timeline.contains("4 Jan"),
        "the week axis carries calendar dates"
    );
}

#[test]
fn markup_in_titles_is_escaped_in_the_svg() {
    let (mut report, _) = workshop();
    report.areas[0].title = "<script>alert(1)</script> & co".into();
    let svg = charts::radar(&report).svg;
    assert!(!svg.contains("<script>"));
    assert!(svg.contains("&lt;script&gt;"));
}

/// Every `font-size` an SVG uses.
fn font_sizes(svg: &str) -> Vec<f64> {
    svg.split("font-size=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn no_chart_text_is_under_14_px_and_narrow_charts_are_340_wide() {
    let (report, roadmap) = workshop();
    for size in [charts::Size::Wide, charts::Size::Narrow] {
        for chart in charts::all_sized(&report, &roadmap, size) {
            let sizes = font_sizes(&chart.svg);
            assert!(!sizes.is_empty(), "{} has text", chart.id);
            assert!(
                sizes.iter().all(|s| *s >= 14.0 - 1e-9),
                "{} ({size:?}) has text under 14 px: {sizes:?}",
                chart.id
            );
            if size == charts::Size::Narrow {
                assert!(
                    chart.svg.contains("width=\"340\""),
                    "{} is drawn narrow",
                    chart.id
                );
            }
        }
    }
}
