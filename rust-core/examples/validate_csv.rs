//! Runs a CSV file through the validator and prints the JSON `Test-ImmutableId` gets,
//! for measuring and for looking at real output:
//! `cargo run --release --example validate_csv -- [--results] [--column NAME] [--expected-column NAME] FILE.csv`
//! (summary by default).

use std::path::PathBuf;
use std::process::ExitCode;

use immutableid::csv_source::{add_csv_file, CsvOptions};
use immutableid::{Mode, Validator};

fn main() -> ExitCode {
    let mut mode = Mode::Summary;
    let mut options = CsvOptions::default();
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--results" => mode = Mode::Results,
            "--column" => options.column = args.next(),
            "--expected-column" => options.expected_column = args.next(),
            _ => files.push(PathBuf::from(arg)),
        }
    }
    let mut validator = Validator::new(mode);
    let started = std::time::Instant::now();
    for file in &files {
        if let Err(e) = add_csv_file(&mut validator, file, &options) {
            eprintln!("{}", serde_json::to_string(&e).unwrap());
            return ExitCode::FAILURE;
        }
    }
    let records = validator.len();
    let json = String::from_utf8(validator.finish_json()).unwrap();
    eprintln!("{records} records in {:.2?}", started.elapsed());
    println!("{json}");
    ExitCode::SUCCESS
}
