//! Test-ImmutableId takes time linear in the records whatever their values, through the C
//! ABI: 200,000 records of ONE value against 200,000 DISTINCT valid values, in results mode
//! (every result consumed through `iid_validator_next`) and in summary mode, by records
//! (`iid_validator_add`) and by CSV file (`iid_validator_add_csv`).
//!
//! Measured as a ratio in the same run: after a warm-up (one summary of the distinct
//! values), each side is timed twice, alternating, and the faster time of each side counts;
//! a ratio over the bound is measured once more before failing (another process can take a
//! core for a moment). Run it in release:
//!
//!     cargo test --release -p immutableid --test linear_time -- --nocapture
//!
//! The bound, 4x: one value repeated is more work per record than distinct valid values,
//! by a constant. Each of its records is a Duplicate, so results mode writes a message
//! naming five other records and a list of the first 100 others (distinct valid values
//! have no message and no list), and summary mode counts the same. A cost that grew with
//! the number of records sharing the value (naming or listing them all) would make the
//! ratio about 200,000 / 100, far above any constant.

mod common;

use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::*;
use immutableid::*;

const RECORDS: usize = 200_000;
/// Records per `iid_validator_add` call, as the module sends them.
const PER_CALL: usize = 10_000;
/// Results per `iid_validator_next` call.
const PAGE: usize = 1_000;
const BOUND: f64 = 4.0;

/// One measurement at a time: the tests of this file must not share the cores.
static TIMING: Mutex<()> = Mutex::new(());

fn base64(bytes: &[u8; 16]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The ImmutableId of the `i`th of many random-looking GUIDs (splitmix64), all distinct.
fn distinct_value(i: usize) -> String {
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let seed = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&mix(seed).to_le_bytes());
    bytes[8..].copy_from_slice(&mix(seed ^ 0xD1B5_4A32_D192_ED03).to_le_bytes());
    base64(&bytes)
}

const ONE_VALUE: &str = "K81Lh40UykezCZHfZPBb9Q==";

/// The records, laid out in batches of `PER_CALL` as a caller lays them out.
fn batches(value: impl Fn(usize) -> String) -> Vec<Batch> {
    let fields = passed_count(IidSchema::Test);
    let at = field(IidSchema::Test, "ImmutableId");
    (0..RECORDS / PER_CALL)
        .map(|b| {
            let mut batch = Batch::default();
            for i in b * PER_CALL..(b + 1) * PER_CALL {
                let v = value(i);
                batch.record(fields, &[(at, V::Text(&v))]);
            }
            batch
        })
        .collect()
}

/// What one run feeds the validator.
enum Source<'a> {
    Records(&'a [Batch]),
    Csv(&'a std::path::Path),
}

/// Feeds a validator, finishes it and, in results mode, consumes every result. Returns
/// the time taken and the summary (for the checks that the work was done).
fn run(source: &Source, mode: IidValidatorMode) -> (Duration, IidSummary, u64) {
    let started = Instant::now();
    let mut v = std::ptr::null_mut();
    assert_eq!(unsafe { iid_validator_new(mode as u32, std::ptr::null(), 0, &mut v) }, IidStatus::Ok);
    let mut answer = IidAnswer::EMPTY;
    match source {
        Source::Records(batches) => {
            for batch in *batches {
                assert_eq!(unsafe { iid_validator_add(v, &batch.input(), &mut answer) }, IidStatus::Ok);
                free(&mut answer);
            }
        }
        Source::Csv(path) => {
            let path: Vec<u16> = path.to_str().unwrap().encode_utf16().collect();
            let request = csv_request(&path, 0);
            assert_eq!(unsafe { iid_validator_add_csv(v, &request, std::ptr::null(), &mut answer) }, IidStatus::Ok);
            assert_eq!(answer.notes_len, 0, "the file is read: {:?}", notes(&answer));
            free(&mut answer);
        }
    }
    let mut summary = unsafe { std::mem::zeroed::<IidSummary>() };
    assert_eq!(unsafe { iid_validator_finish(v, std::ptr::null(), &mut summary) }, IidStatus::Ok);
    let mut consumed = 0u64;
    if mode == IidValidatorMode::Results {
        let mut out = vec![unsafe { std::mem::zeroed::<IidTestRecord>() }; PAGE];
        loop {
            let mut written = 0;
            assert_eq!(unsafe { iid_validator_next(v, out.as_mut_ptr(), PAGE, &mut written, &mut answer) }, IidStatus::Ok);
            free(&mut answer);
            if written == 0 {
                break;
            }
            consumed += written as u64;
        }
    }
    unsafe { iid_validator_free(v) };
    (started.elapsed(), summary, consumed)
}

/// The ratio of one value's time to distinct values' time: the faster of two alternating
/// runs each; measured once more when over the bound.
fn ratio(what: &str, one: &Source, distinct: &Source, mode: IidValidatorMode) -> f64 {
    let check = |(_, s, consumed): &(Duration, IidSummary, u64), one_value: bool| {
        if mode == IidValidatorMode::Results {
            assert_eq!((s.total, *consumed), (RECORDS as u64, RECORDS as u64), "{what}: every result consumed");
        } else {
            assert_eq!(s.total, RECORDS as u64, "{what}: every record counted");
            let expected = if one_value { (0, RECORDS as u64) } else { (RECORDS as u64, 0) };
            assert_eq!((s.valid + s.warning, s.invalid), expected, "{what}: one value is all duplicates, distinct values all valid");
        }
    };
    let mut measured = f64::INFINITY;
    for attempt in 1..=2 {
        let (mut fastest_one, mut fastest_distinct) = (Duration::MAX, Duration::MAX);
        for _ in 0..2 {
            let d = run(distinct, mode);
            check(&d, false);
            fastest_distinct = fastest_distinct.min(d.0);
            let o = run(one, mode);
            check(&o, true);
            fastest_one = fastest_one.min(o.0);
        }
        measured = fastest_one.as_secs_f64() / fastest_distinct.as_secs_f64();
        let _ = writeln!(
            std::io::stderr(),
            "{what}: one value {:.0} ms, distinct values {:.0} ms: ratio {measured:.2} (bound {BOUND}, attempt {attempt})",
            fastest_one.as_secs_f64() * 1e3,
            fastest_distinct.as_secs_f64() * 1e3
        );
        if measured <= BOUND {
            break;
        }
    }
    measured
}

/// Code paths, caches and the allocator warmed before anything is timed.
fn warm_up(distinct: &Source) {
    let _ = run(distinct, IidValidatorMode::Summary);
}

#[test]
fn one_value_repeated_costs_a_constant_factor_by_records() {
    let one = batches(|_| ONE_VALUE.to_string());
    let distinct = batches(distinct_value);
    let _serial = TIMING.lock().unwrap_or_else(|e| e.into_inner());
    warm_up(&Source::Records(&distinct));
    for mode in [IidValidatorMode::Results, IidValidatorMode::Summary] {
        let what = format!("{RECORDS} records, {mode:?} mode");
        let r = ratio(&what, &Source::Records(&one), &Source::Records(&distinct), mode);
        assert!(r <= BOUND, "{what}: one value takes {r:.2} times as long as distinct values (bound {BOUND})");
    }
}

fn csv_file(value: impl Fn(usize) -> String, upn: impl Fn(usize) -> String) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    let mut w = std::io::BufWriter::new(file.as_file_mut());
    w.write_all(b"UserPrincipalName,ImmutableId\r\n").unwrap();
    for i in 0..RECORDS {
        write!(w, "{},{}\r\n", upn(i), value(i)).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    file
}

#[test]
fn one_value_repeated_costs_a_constant_factor_by_csv_file() {
    let one = csv_file(|_| ONE_VALUE.to_string(), |_| "user@contoso.com".to_string());
    let distinct = csv_file(distinct_value, |i| format!("user{i}@contoso.com"));
    let _serial = TIMING.lock().unwrap_or_else(|e| e.into_inner());
    warm_up(&Source::Csv(distinct.path()));
    for mode in [IidValidatorMode::Results, IidValidatorMode::Summary] {
        let what = format!("a CSV file of {RECORDS} rows, {mode:?} mode");
        let r = ratio(&what, &Source::Csv(one.path()), &Source::Csv(distinct.path()), mode);
        assert!(r <= BOUND, "{what}: identical rows take {r:.2} times as long as distinct rows (bound {BOUND})");
    }
}
