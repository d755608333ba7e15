//! Runs a CSV file through the validator alone (no C ABI, no PowerShell), for measuring:
//! `cargo run --release --example validate_csv -- [--results | --problems] [--column NAME] [--expected-column NAME] [--delimiter C] FILE.csv...`
//! (summary by default). Prints the counts, or one line per record that is not Valid.

use std::path::PathBuf;
use std::process::ExitCode;

use immutableid_rules::csv::{CsvFailure, CsvOptions};
use immutableid_rules::never_interrupted;
use immutableid_rules::validate::{add_csv_file, CsvColumns, Mode, Outcome, Status, Validator};

fn main() -> ExitCode {
    let mut mode = Mode::Summary;
    let mut columns = CsvColumns::default();
    let mut options = CsvOptions::default();
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--results" => mode = Mode::Results,
            "--problems" => mode = Mode::Problems,
            "--column" => columns.value = args.next(),
            "--expected-column" => columns.expected = args.next(),
            "--delimiter" => options.delimiter = args.next().and_then(|d| d.bytes().next()).unwrap_or(b','),
            _ => files.push(PathBuf::from(arg)),
        }
    }
    let mut validator = Validator::new(mode);
    let started = std::time::Instant::now();
    for file in &files {
        match add_csv_file(&mut validator, file, &columns, &options, &never_interrupted) {
            Ok(_) => {}
            Err(CsvFailure::File(e)) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
            Err(CsvFailure::Interrupted) => return ExitCode::FAILURE,
        }
    }
    let records = validator.len();
    match validator.finish(&never_interrupted) {
        Ok(Outcome::Summary(s)) => println!(
            "total {} valid {} warning {} invalid {} no-anchor {} not-checked {}; reasons: {:?}",
            s.total,
            s.valid,
            s.warning,
            s.invalid,
            s.no_anchor,
            s.not_checked,
            s.reasons.present().map(|(r, n)| format!("{} {n}", r.code())).collect::<Vec<_>>()
        ),
        Ok(Outcome::Results(results)) => {
            let mut shown = 0;
            for r in results.filter(|r| r.status != Status::Valid) {
                shown += 1;
                if shown <= 20 {
                    println!("{:?} {:?} {:?} {:?}", r.source, r.status, r.value, r.reasons.reasons().map(|r| r.code()).collect::<Vec<_>>());
                }
            }
            println!("{shown} records not Valid");
        }
        Err(_) => return ExitCode::FAILURE,
    }
    eprintln!("{records} records in {:.2?}", started.elapsed());
    ExitCode::SUCCESS
}
