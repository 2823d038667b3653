//! `assess`: the report and roadmap of an assessment file, on the command line.
//!
//! ```text
//! assess report FILE [--format md|json|csv] [--questionnaire FILE] [--today YYYY-MM-DD]
//! ```
//!
//! Agencies use it to produce reports in batch. Every failure is one line on stderr and a
//! non-zero exit: 2 for a wrong command line, 1 for a file that cannot be used.

use mlops_maturity::domain::assessment::Assessment;
use mlops_maturity::domain::csv_export::{answers_csv, report_json};
use mlops_maturity::domain::date::Date;
use mlops_maturity::domain::markdown::report_markdown;
use mlops_maturity::domain::questionnaire::Questionnaire;
use mlops_maturity::domain::{report, roadmap};
use std::process::ExitCode;

const USAGE: &str =
    "usage: assess report FILE [--format md|json|csv] [--questionnaire FILE] [--today YYYY-MM-DD]";

/// What `--format` asks for: the same texts as the app's Markdown, report JSON and CSV
/// downloads.
#[derive(Clone, Copy)]
enum Format {
    Markdown,
    Json,
    Csv,
}

struct Options {
    file: String,
    format: Format,
    questionnaire: Option<String>,
    today: Option<Date>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse_args(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("assess: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(output) => {
            // The CSV ends its own lines (CRLF); the other formats get a final newline.
            if output.ends_with('\n') {
                print!("{output}");
            } else {
                println!("{output}");
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("assess: {message}");
            ExitCode::from(1)
        }
    }
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut rest = args.iter();
    match rest.next().map(String::as_str) {
        Some("report") => {}
        Some("--help" | "-h") | None => return Err("a command is needed".into()),
        Some(other) => return Err(format!("unknown command \"{other}\"")),
    }
    let mut options = Options {
        file: String::new(),
        format: Format::Markdown,
        questionnaire: None,
        today: None,
    };
    while let Some(arg) = rest.next() {
        let mut value = |name: &str| {
            rest.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--format" => match value("--format")?.as_str() {
                "md" | "markdown" => options.format = Format::Markdown,
                "json" => options.format = Format::Json,
                "csv" => options.format = Format::Csv,
                other => return Err(format!("unknown format \"{other}\" (use md, json or csv)")),
            },
            "--questionnaire" => options.questionnaire = Some(value("--questionnaire")?),
            "--today" => {
                let text = value("--today")?;
                let date = Date::parse(&text)
                    .ok_or_else(|| format!("--today \"{text}\" is not a date (YYYY-MM-DD)"))?;
                options.today = Some(date);
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option \"{flag}\"")),
            file if options.file.is_empty() => options.file = file.to_string(),
            extra => return Err(format!("unexpected argument \"{extra}\"")),
        }
    }
    if options.file.is_empty() {
        return Err("the assessment FILE is missing".into());
    }
    Ok(options)
}

fn run(options: &Options) -> Result<String, String> {
    let read =
        |path: &str| std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"));
    let assessment = Assessment::from_json(&read(&options.file)?)
        .map_err(|e| format!("{}: {e}", options.file))?;
    let questionnaire = match &options.questionnaire {
        Some(path) => Questionnaire::from_json(&read(path)?)
            .map_err(|e| format!("{path}: {}", e.lines().join("; ")))?,
        // The built-in version the file answers, if the app ships it; else the newest.
        None => Questionnaire::built_in_version(&assessment.questionnaire.version)
            .map_err(|e| format!("built-in questionnaire: {e}"))?,
    };
    if !assessment.answers_questionnaire(&questionnaire) {
        return Err(format!(
            "{} answers the questionnaire \"{}\", not \"{}\"; pass the right one with --questionnaire FILE",
            options.file, assessment.questionnaire.id, questionnaire.id
        ));
    }
    if assessment.questionnaire.version != questionnaire.version {
        eprintln!(
            "assess: note: {} answered version {} of \"{}\"; scoring it against version {} by question id",
            options.file, assessment.questionnaire.version, questionnaire.id, questionnaire.version
        );
    }
    let today = options.today.unwrap_or_else(today_local);
    let report = report::score(&questionnaire, &assessment);
    let roadmap = roadmap::plan(&questionnaire, &assessment, &report, today);
    Ok(match options.format {
        Format::Json => report_json(&report, &roadmap),
        Format::Csv => answers_csv(&questionnaire, &assessment, &report),
        Format::Markdown => report_markdown(&questionnaire, &assessment, &report, &roadmap),
    })
}

/// Today in the user's time zone, as the app reckons it in the browser.
fn today_local() -> Date {
    use chrono::Datelike;
    let now = chrono::Local::now().date_naive();
    Date::from_ymd(now.year(), now.month(), now.day())
        .expect("the system clock gives a calendar date")
}
