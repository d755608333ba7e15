//! The core alone on a tenant's two CSV exports, as `Compare-ImmutableId -OnPremisesPath
//! -CloudPath` runs it, timing each phase: reading the files, the join, and freeing it.
//! `cargo run --release --example compare_csv -- onpremises.csv cloud.csv` (files from
//! `--example gen_tenant`).

use std::path::Path;
use std::time::Instant;

use immutableid_rules::csv::CsvOptions;
use immutableid_rules::reconcile::{AccountStatus, Reconciler};
use immutableid_rules::records::Schema;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [on_prem, cloud] = args.as_slice() else {
        eprintln!("usage: compare_csv <onpremises.csv> <cloud.csv>");
        std::process::exit(2);
    };
    let options = CsvOptions::default();
    let never = || false;
    let started = Instant::now();
    let mut r = Reconciler::new();
    for (schema, path) in [(Schema::OnPremisesUser, on_prem), (Schema::CloudUser, cloud)] {
        let errors = r.add_csv_file(schema, Path::new(path), &options, &never).unwrap_or_else(|e| panic!("{path}: {e:?}"));
        if !errors.is_empty() {
            eprintln!("{path}: {} records could not be used", errors.len());
        }
    }
    let read = started.elapsed();
    let started = Instant::now();
    let done = r.finish(&never).expect("not interrupted");
    let joined = started.elapsed();
    let matched = done.results.iter().filter(|r| r.status == AccountStatus::Matched).count();
    let results = done.results.len();
    let started = Instant::now();
    drop(done);
    println!(
        "{results} results ({matched} matched): read {:.0} ms, join {:.0} ms, free {:.0} ms",
        read.as_secs_f64() * 1e3,
        joined.as_secs_f64() * 1e3,
        started.elapsed().as_secs_f64() * 1e3
    );
}
