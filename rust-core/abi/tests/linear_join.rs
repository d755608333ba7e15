//! Compare-ImmutableId and New-HardMatchPlan take time linear in the accounts whatever
//! they share, through the C ABI: tenants where every account shares one value (one GUID
//! and anchor, one mail address, one target in -Mapping) against a tenant of the same size
//! where every value is distinct. Each run adds the records, joins them, reads every result
//! and every plan step, as the module does.
//!
//! Measured as a ratio in the same run (as tests/linear_time.rs does): after a warm-up,
//! each side is timed twice, alternating, and the faster time of each side counts; a ratio
//! over the bound is measured once more before failing. Run it in release:
//!
//!     cargo test --release -p immutableid --test linear_join -- --nocapture
//!
//! The bound, 4x: a shared value is more work per account than distinct values, by a
//! constant (findings and messages that name at most five others). A cost that grew with
//! the number of accounts sharing the value would make the ratio about ACCOUNTS / 5.

mod common;

use std::io::Write;
use std::time::{Duration, Instant};

use common::*;
use immutableid::*;

const ACCOUNTS: usize = 40_000;
const PER_CALL: usize = 10_000;
const BOUND: f64 = 4.0;

/// One tenant: on-premises users, cloud users and mapping rows, as (field, text) pairs.
struct Tenant {
    on_prem: Vec<Batch>,
    cloud: Vec<Batch>,
    mapping: Vec<Batch>,
}

fn guid(i: usize) -> String {
    format!("{:08x}-0000-4000-8000-{:012x}", i as u32 ^ 0x5a5a_5a5a, i)
}

fn batches(schema: IidSchema, count: usize, record: impl Fn(usize) -> Vec<(&'static str, String)>) -> Vec<Batch> {
    let fields = passed_count(schema);
    let mut out = Vec::new();
    for start in (0..count).step_by(PER_CALL) {
        let mut batch = Batch::default();
        for i in start..(start + PER_CALL).min(count) {
            let given = record(i);
            let at: Vec<(usize, V)> = given.iter().map(|(name, text)| (field(schema, name), V::Text(text))).collect();
            batch.record(fields, &at);
        }
        out.push(batch);
    }
    out
}

fn immutable_id(guid_text: &str) -> String {
    use base64::Engine;
    let g = uuid::Uuid::parse_str(guid_text).unwrap();
    base64::engine::general_purpose::STANDARD.encode(g.to_bytes_le())
}

/// Every value distinct: each user synced to its own cloud account.
fn distinct() -> Tenant {
    Tenant {
        on_prem: batches(IidSchema::OnPremisesUser, ACCOUNTS, |i| {
            vec![
                ("ObjectGUID", guid(i)),
                ("SamAccountName", format!("u{i}")),
                ("Mail", format!("u{i}@contoso.com")),
                ("DistinguishedName", format!("CN=u{i},OU=Staff,DC=contoso,DC=com")),
            ]
        }),
        cloud: batches(IidSchema::CloudUser, ACCOUNTS, |i| {
            vec![
                ("Id", format!("c{i}")),
                ("UserPrincipalName", format!("u{i}@contoso.com")),
                ("OnPremisesImmutableId", immutable_id(&guid(i))),
                ("OnPremisesSyncEnabled", "True".into()),
            ]
        }),
        mapping: Vec::new(),
    }
}

/// Every on-premises user has the same GUID, and every cloud account holds its anchor.
fn one_anchor() -> Tenant {
    let g = guid(7);
    let anchor = immutable_id(&g);
    Tenant {
        on_prem: batches(IidSchema::OnPremisesUser, ACCOUNTS, |i| vec![("ObjectGUID", g.clone()), ("SamAccountName", format!("u{i}"))]),
        cloud: batches(IidSchema::CloudUser, ACCOUNTS, |i| vec![("Id", format!("c{i}")), ("OnPremisesImmutableId", anchor.clone())]),
        mapping: Vec::new(),
    }
}

/// Every account has the same mail address: every proposal is ambiguous among all.
fn one_mail() -> Tenant {
    Tenant {
        on_prem: batches(IidSchema::OnPremisesUser, ACCOUNTS, |i| {
            vec![("ObjectGUID", guid(i)), ("SamAccountName", format!("u{i}")), ("Mail", "all@contoso.com".into())]
        }),
        cloud: batches(IidSchema::CloudUser, ACCOUNTS, |i| {
            vec![("Id", format!("c{i}")), ("Mail", "all@contoso.com".into()), ("ProxyAddresses", "SMTP:all@contoso.com".into())]
        }),
        mapping: Vec::new(),
    }
}

/// -Mapping pairs every on-premises user with one cloud account, and one user with every
/// cloud account.
fn one_target() -> Tenant {
    let mut rows = batches(IidSchema::Mapping, ACCOUNTS, |i| vec![("OnPremises", format!("u{i}")), ("Cloud", "c0".into())]);
    rows.extend(batches(IidSchema::Mapping, ACCOUNTS, |i| vec![("OnPremises", "u0".into()), ("Cloud", format!("c{i}"))]));
    Tenant {
        on_prem: batches(IidSchema::OnPremisesUser, ACCOUNTS, |i| {
            vec![
                ("ObjectGUID", guid(i)),
                ("SamAccountName", format!("u{i}")),
                ("DistinguishedName", format!("CN=u{i},OU=Staff,DC=contoso,DC=com")),
            ]
        }),
        cloud: batches(IidSchema::CloudUser, ACCOUNTS, |i| {
            vec![("Id", format!("c{i}")), ("UserPrincipalName", format!("cloud{i}@contoso.com"))]
        }),
        mapping: rows,
    }
}

/// Adds, joins, reads every result and every plan step; returns the time and the counts.
fn run(tenant: &Tenant) -> (Duration, usize, usize) {
    let started = Instant::now();
    let mut r = std::ptr::null_mut();
    assert_eq!(unsafe { iid_reconciler_new(std::ptr::null(), 0, &mut r) }, IidStatus::Ok);
    let mut answer = IidAnswer::EMPTY;
    for (schema, list) in
        [(IidSchema::OnPremisesUser, &tenant.on_prem), (IidSchema::CloudUser, &tenant.cloud), (IidSchema::Mapping, &tenant.mapping)]
    {
        for batch in list {
            assert_eq!(unsafe { iid_reconciler_add(r, schema as u32, &batch.input(), &mut answer) }, IidStatus::Ok);
            free(&mut answer);
        }
    }
    let mut counts = IidReconcileCounts::default();
    assert_eq!(unsafe { iid_reconciler_finish(r, std::ptr::null(), &mut counts) }, IidStatus::Ok);
    let mut results = 0;
    let mut page = vec![unsafe { std::mem::zeroed::<IidAccountResult>() }; 1024];
    loop {
        let mut written = 0;
        assert_eq!(unsafe { iid_reconciler_next(r, page.as_mut_ptr(), page.len(), &mut written, &mut answer) }, IidStatus::Ok);
        free(&mut answer);
        if written == 0 {
            break;
        }
        results += written;
    }
    let ou: Vec<u16> = "OU=Out,DC=contoso,DC=com".encode_utf16().collect();
    let options = IidPlanOptions {
        out_of_scope_ou: ou.as_ptr(),
        out_of_scope_ou_len: ou.len(),
        sync_engine: 0,
        free_anchor: 0,
        server: std::ptr::null(),
        server_len: 0,
        route: 0,
        pairs: std::ptr::null(),
        pairs_len: 0,
    };
    let mut steps = 0;
    assert_eq!(unsafe { iid_reconciler_plan(r, &options, &mut steps) }, IidStatus::Ok);
    let mut step_page = vec![unsafe { std::mem::zeroed::<IidPlanStep>() }; 1024];
    let mut read = 0;
    loop {
        let mut written = 0;
        assert_eq!(unsafe { iid_reconciler_steps(r, step_page.as_mut_ptr(), step_page.len(), &mut written, &mut answer) }, IidStatus::Ok);
        free(&mut answer);
        if written == 0 {
            break;
        }
        read += written;
    }
    assert_eq!(read, steps, "every step read");
    unsafe { iid_reconciler_free(r) };
    (started.elapsed(), results, steps)
}

fn ratio(what: &str, shared: &Tenant, distinct: &Tenant) -> f64 {
    let mut measured = f64::INFINITY;
    for attempt in 1..=2 {
        let (mut fastest_shared, mut fastest_distinct) = (Duration::MAX, Duration::MAX);
        for _ in 0..2 {
            let (d, results, _) = run(distinct);
            assert_eq!(results, 2 * ACCOUNTS, "one result per account");
            fastest_distinct = fastest_distinct.min(d);
            let (s, results, _) = run(shared);
            assert_eq!(results, 2 * ACCOUNTS, "{what}: one result per account");
            fastest_shared = fastest_shared.min(s);
        }
        measured = fastest_shared.as_secs_f64() / fastest_distinct.as_secs_f64();
        let _ = writeln!(
            std::io::stderr(),
            "{what}: {:.0} ms, distinct values {:.0} ms: ratio {measured:.2} (bound {BOUND}, attempt {attempt})",
            fastest_shared.as_secs_f64() * 1e3,
            fastest_distinct.as_secs_f64() * 1e3
        );
        if measured <= BOUND {
            break;
        }
    }
    measured
}

#[test]
fn shared_values_cost_a_constant_factor() {
    let distinct = distinct();
    let _ = run(&distinct);
    for (what, tenant) in [
        ("one GUID and anchor for all", one_anchor()),
        ("one mail address for all", one_mail()),
        ("one -Mapping target for all", one_target()),
    ] {
        let r = ratio(what, &tenant, &distinct);
        assert!(r <= BOUND, "{what}: {r:.2} times as long as distinct values (bound {BOUND})");
    }
}
