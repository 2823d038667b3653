//! Several runs of the browser benchmark summed up as one report: its figures vary by
//! 20-30 % from run to run on a shared machine, so one run proves little.

/// A line with its numbers taken out: the text around them, and the numbers as written.
fn split_numbers(line: &str) -> (Vec<&str>, Vec<&str>) {
    let bytes = line.as_bytes();
    let (mut texts, mut numbers) = (Vec::new(), Vec::new());
    let (mut at, mut text_from) = (0, 0);
    while at < bytes.len() {
        // A number: digits with at most one decimal point between digits, not part of a
        // word (so "p90" and the hashes in file names stay text).
        let starts = bytes[at].is_ascii_digit()
            && (at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_'));
        if !starts {
            at += 1;
            continue;
        }
        let mut end = at;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
            end += 1;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
        }
        if end < bytes.len() && (bytes[end].is_ascii_alphabetic() || bytes[end] == b'_') {
            // Part of a word such as "0x1f" or "p90": text.
            at = end;
            continue;
        }
        texts.push(&line[text_from..at]);
        numbers.push(&line[at..end]);
        text_from = end;
        at = end;
    }
    texts.push(&line[text_from..]);
    (texts, numbers)
}

/// The median of the same figure over the runs, written with as many decimals as the
/// runs wrote it, and the range when the runs differ: "356 (344-662)".
fn summed(figures: &[&str]) -> String {
    let decimals = figures[0].split('.').nth(1).map_or(0, str::len);
    let mut values: Vec<f64> = figures.iter().filter_map(|f| f.parse().ok()).collect();
    values.sort_by(f64::total_cmp);
    let median = if values.len() % 2 == 1 {
        values[values.len() / 2]
    } else {
        (values[values.len() / 2 - 1] + values[values.len() / 2]) / 2.0
    };
    let show = |value: f64| format!("{value:.decimals$}");
    let (low, high) = (values[0], values[values.len() - 1]);
    if show(low) == show(high) {
        show(median)
    } else {
        format!("{} ({}-{})", show(median), show(low), show(high))
    }
}

/// One report of several runs' reports: each line whose words match in every run becomes
/// that line with the median of each figure (and its range); a line that differs in its
/// words (an element's name, a message) is given as each run wrote it.
pub fn medians(runs: &[String]) -> String {
    let lines: Vec<Vec<&str>> = runs.iter().map(|run| run.lines().collect()).collect();
    let count = lines.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = String::new();
    for index in 0..count {
        let versions: Vec<&str> = lines.iter().filter_map(|l| l.get(index).copied()).collect();
        let split: Vec<_> = versions.iter().map(|line| split_numbers(line)).collect();
        // Figures are right-aligned, so a longer one takes a space of the text before it.
        let words = |texts: &Vec<&str>| -> Vec<String> {
            texts
                .iter()
                .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect()
        };
        let same_words = versions.len() == runs.len()
            && split
                .iter()
                .all(|(texts, _)| words(texts) == words(&split[0].0));
        if same_words {
            let (texts, _) = &split[0];
            for (at, text) in texts.iter().enumerate() {
                out.push_str(text);
                if at < split[0].1.len() {
                    let figures: Vec<&str> = split.iter().map(|(_, numbers)| numbers[at]).collect();
                    out.push_str(&summed(&figures));
                }
            }
            out.push('\n');
        } else {
            for (run, line) in versions.iter().enumerate() {
                out.push_str(&format!("{line}  [run {}]\n", run + 1));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_found_apart_from_words() {
        let (texts, numbers) = split_numbers("at 4× p90 71.0 ms, file app-4e2f.wasm 254655 B");
        assert_eq!(numbers, ["4", "71.0", "254655"]);
        assert_eq!(texts, ["at ", "× p90 ", " ms, file app-4e2f.wasm ", " B"]);
    }

    #[test]
    fn each_figure_becomes_its_median_with_the_range() {
        let runs = [
            "LCP 2668 ms, CLS 0.000\nelement a\nsame 5",
            "LCP  905 ms, CLS 0.000\nelement b\nsame 5",
            "LCP  912 ms, CLS 0.009\nelement a\nsame 5",
        ]
        .map(String::from);
        assert_eq!(
            medians(&runs),
            "LCP 912 (905-2668) ms, CLS 0.000 (0.000-0.009)\n\
             element a  [run 1]\nelement b  [run 2]\nelement a  [run 3]\n\
             same 5\n"
        );
    }

    #[test]
    fn an_even_number_of_runs_takes_the_mean_of_the_middle_two() {
        let runs = ["x 10.0", "x 20.0", "x 40.0", "x 30.0"].map(String::from);
        assert_eq!(medians(&runs), "x 25.0 (10.0-40.0)\n");
    }
}
