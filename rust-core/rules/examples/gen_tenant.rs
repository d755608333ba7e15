//! Writes a reproducible tenant for trying and timing `Compare-ImmutableId` and
//! `New-HardMatchPlan`: on-premises users as `Get-ADUser | Export-Csv` writes them, and cloud
//! users as `Get-MgUser | Export-Csv` writes them.
//!
//! `cargo run --release --example gen_tenant -- --count 100000 --seed 42 --out <folder>`
//! writes `<folder>/onpremises.csv` and `<folder>/cloud.csv`, `count` rows each.
//!
//! Drawn from the seed's RNG, a few percent of each problem an admin meets:
//! - on-premises: mS-DS-ConsistencyGuid written back by Entra Connect (10%, the same GUID)
//!   or carried over from another forest (1%); no GUID (0.5%); another user's GUID (0.5%);
//!   not synced (4%);
//! - cloud: synced twins (about 85%); cloud-only accounts sharing an AD user's UPN (hard-match
//!   proposals, 2%); big-endian anchors (1%); the Base64 of the GUID's text (1%); duplicate
//!   anchors (1%, a second account holding one); case-mangled anchors (1%); objectGUID
//!   anchors of users whose anchor is their ConsistencyGuid; and, to fill up to `count`,
//!   cloud-only accounts without an anchor (70%), with non-GUID anchors (10%), orphan
//!   anchors (15%) and invalid values (5%).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use immutableid_rules::codec::immutable_id;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::{Builder, Uuid};

fn guid(rng: &mut ChaCha8Rng) -> Uuid {
    Builder::from_random_bytes(rng.random()).into_uuid()
}

struct Cloud<W: Write> {
    out: W,
    rows: usize,
}

impl<W: Write> Cloud<W> {
    fn user(&mut self, id: Uuid, upn: &str, anchor: &str, synced: bool) -> std::io::Result<()> {
        self.rows += 1;
        let synced = if synced { "True" } else { "" };
        writeln!(self.out, "\"{id}\",\"{upn}\",\"{upn}\",\"SMTP:{upn}\",\"{anchor}\",\"{synced}\"")
    }
}

fn main() -> std::io::Result<()> {
    let mut count = 100_000usize;
    let mut seed = 42u64;
    let mut out = PathBuf::from(".");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().unwrap_or_default();
        match arg.as_str() {
            "--count" => count = value.parse().expect("--count is a number"),
            "--seed" => seed = value.parse().expect("--seed is a number"),
            "--out" => out = PathBuf::from(value),
            other => panic!("unknown argument {other}; use --count, --seed, --out"),
        }
    }
    std::fs::create_dir_all(&out)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut ad = BufWriter::new(File::create(out.join("onpremises.csv"))?);
    writeln!(ad, "\"SamAccountName\",\"UserPrincipalName\",\"DistinguishedName\",\"ObjectGUID\",\"mS-DS-ConsistencyGuid\",\"Mail\",\"ProxyAddresses\"")?;
    let mut cloud = Cloud { out: BufWriter::new(File::create(out.join("cloud.csv"))?), rows: 0 };
    writeln!(cloud.out, "\"Id\",\"UserPrincipalName\",\"Mail\",\"ProxyAddresses\",\"OnPremisesImmutableId\",\"OnPremisesSyncEnabled\"")?;
    let mut previous: Option<Uuid> = None;
    for i in 0..count {
        let object_guid = guid(&mut rng);
        let consistency = match rng.random_range(0..1000) {
            0..100 => Some(object_guid),
            100..110 => Some(guid(&mut rng)),
            _ => None,
        };
        let (object_guid, consistency) = match (rng.random_range(0..1000), previous) {
            (0..5, _) => (None, consistency),
            (5..10, Some(p)) => (Some(p), None),
            _ => (Some(object_guid), consistency),
        };
        let sam = format!("user{i:06}");
        let upn = format!("{sam}@contoso.com");
        let text = |g: Option<Uuid>| g.map(|g| g.to_string()).unwrap_or_default();
        writeln!(
            ad,
            "\"{sam}\",\"{upn}\",\"CN={sam},OU=Staff,DC=contoso,DC=com\",\"{}\",\"{}\",\"{upn}\",\"SMTP:{upn}\"",
            text(object_guid),
            text(consistency)
        )?;
        let Some(object_guid) = object_guid else { continue };
        previous = Some(object_guid);
        let anchor_guid = consistency.unwrap_or(object_guid);
        let anchor = immutable_id(&anchor_guid);
        let id = guid(&mut rng);
        match rng.random_range(0..1000) {
            0..40 => {}
            40..60 => cloud.user(id, &upn, "", false)?,
            60..70 => cloud.user(id, &upn, &STANDARD.encode(anchor_guid.as_bytes()), true)?,
            70..80 => cloud.user(id, &upn, &STANDARD.encode(anchor_guid.to_string()), true)?,
            80..90 => {
                cloud.user(id, &upn, &anchor, true)?;
                cloud.user(guid(&mut rng), &format!("old.{upn}"), &anchor, false)?;
            }
            90..100 => cloud.user(id, &upn, &anchor.to_lowercase(), true)?,
            100..110 if consistency.is_some_and(|c| c != object_guid) => cloud.user(id, &upn, &immutable_id(&object_guid), true)?,
            _ => cloud.user(id, &upn, &anchor, true)?,
        }
    }
    for j in 0.. {
        if cloud.rows >= count {
            break;
        }
        let upn = format!("cloud{j:06}@contoso.onmicrosoft.com");
        let anchor = match rng.random_range(0..100) {
            0..70 => String::new(),
            70..80 => format!("EMP{j:05}"),
            80..95 => immutable_id(&guid(&mut rng)),
            _ => "bad value!".to_string(),
        };
        let id = guid(&mut rng);
        cloud.user(id, &upn, &anchor, false)?;
    }
    ad.flush()?;
    cloud.out.flush()
}
