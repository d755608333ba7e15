//! Writes a reproducible CSV of anchors for trying and timing `Test-ImmutableId`:
//! `cargo run --release --example gen_anchor_csv -- --rows 1000000 --seed 42 --out file.csv`
//!
//! Columns UserPrincipalName,ObjectGUID,ImmutableId. Most rows are correct (ImmutableId =
//! Base64 of the GUID's ToByteArray() bytes); drawn from the seed's RNG, about 1% repeat
//! an earlier value exactly, 0.5% repeat one with a letter's case flipped, 1% are broken
//! in assorted ways, 0.5% are big-endian, and 0.5% are non-GUID anchors.

use std::io::BufWriter;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use immutableid_rules::codec::immutable_id;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::{Builder, Uuid};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn broken(rng: &mut ChaCha8Rng, guid: &Uuid, good: &str) -> String {
    match rng.random_range(0..10) {
        0 => format!(" {good}"),
        1 => format!("\"{good}\""),
        2 => good.trim_end_matches('=').to_string(),
        3 => guid.to_string(),
        4 => good.replace('+', "-").replace('/', "_"),
        5 => STANDARD.encode(guid.to_string()),
        6 => format!("{}\u{200B}{}", &good[..10], &good[10..]),
        7 => {
            // The last symbol's padding bits set: same bytes, different string.
            let last = ALPHABET.iter().position(|&c| c == good.as_bytes()[21]).unwrap();
            format!("{}{}==", &good[..21], ALPHABET[last | 1] as char)
        }
        8 => String::new(),
        _ => format!("{}!{}", &good[..5], &good[6..]),
    }
}

fn flip_case(rng: &mut ChaCha8Rng, value: &str) -> Option<String> {
    let letters: Vec<usize> = value.char_indices().filter(|(_, c)| c.is_ascii_alphabetic()).map(|(i, _)| i).collect();
    let at = *letters.get(rng.random_range(0..letters.len().max(1)))?;
    let mut bytes = value.as_bytes().to_vec();
    bytes[at] ^= 0x20;
    String::from_utf8(bytes).ok()
}

fn main() {
    let (mut rows, mut seed, mut out) = (1_000_000u64, 42u64, String::from("anchors.csv"));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--rows" => rows = value.parse().expect("--rows N"),
            "--seed" => seed = value.parse().expect("--seed N"),
            "--out" => out = value,
            _ => panic!("unknown argument {arg}; use --rows N --seed N --out FILE"),
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut recent: Vec<String> = Vec::new();
    let file = std::fs::File::create(&out).expect("create the output file");
    let mut csv = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, file));
    csv.write_record(["UserPrincipalName", "ObjectGUID", "ImmutableId"]).unwrap();
    for row in 0..rows {
        let guid = Builder::from_random_bytes(rng.random()).into_uuid();
        let good = immutable_id(&guid);
        let earlier = (!recent.is_empty()).then(|| recent[rng.random_range(0..recent.len())].clone());
        let value = match rng.random_range(0..1000) {
            0..10 => earlier.unwrap_or_else(|| good.clone()),
            10..15 => earlier.and_then(|e| flip_case(&mut rng, &e)).unwrap_or_else(|| good.clone()),
            15..25 => broken(&mut rng, &guid, &good),
            25..30 => STANDARD.encode(guid.as_bytes()),
            30..33 => format!("EMP{:06}", rng.random_range(0..1_000_000)),
            33..35 => STANDARD.encode(rng.random::<[u8; 12]>()),
            _ => good.clone(),
        };
        if recent.len() < 4096 {
            recent.push(good);
        } else {
            let slot = rng.random_range(0..recent.len());
            recent[slot] = good;
        }
        csv.write_record([format!("user{row:07}@contoso.com"), guid.to_string(), value]).unwrap();
    }
    csv.flush().expect("write the output file");
}
