//! The layout of every struct that crosses the ABI, as Rust lays it out: size, alignment,
//! and each field's offset and size (`std::mem::offset_of!`). Written to
//! `tests/data/abi-layout.json`, which `tests/module/AbiLayout.Tests.ps1` compares with
//! `Marshal.SizeOf` / `Marshal.OffsetOf` of the C# types in `pwsh-module/src/Native/AbiTypes.cs`:
//! a field added, moved or resized on one side only fails a test instead of corrupting memory.
//!
//! The list below must name every struct of the committed header, with its fields in order
//! (checked against `include/immutableid.h`, which `header.rs` keeps equal to the code), so a
//! struct or field cannot be left out. Set IID_BLESS=1 to rewrite the JSON (`./build.ps1 Header`).

use std::mem::{align_of, offset_of, size_of};
use std::path::Path;

use immutableid::*;
use serde_json::{json, Value};

/// The size of the field `f` picks out of a `T`.
fn field_size<T, F>(_: fn(&T) -> &F) -> usize {
    size_of::<F>()
}

macro_rules! layouts {
    ($($ty:ident { $($field:ident),* $(,)? }),* $(,)?) => {
        vec![$(json!({
            "name": stringify!($ty),
            "size": size_of::<$ty>(),
            "align": align_of::<$ty>(),
            "fields": [$(json!({
                "name": stringify!($field),
                "offset": offset_of!($ty, $field),
                "size": field_size(|s: &$ty| &s.$field),
            })),*],
        })),*]
    };
}

fn rust_layouts() -> Vec<Value> {
    layouts![
        IidText { offset, len },
        IidSpan { start, len },
        IidNote { item, severity, code, message },
        IidAnswer { text, text_len, notes, notes_len, lists, lists_len, numbers, numbers_len, owner },
        IidValue { kind, offset, len },
        IidInput { text, text_len, bytes, bytes_len, values, values_len },
        IidCloudAnchor { name, object_type, cloud_anchor, distinguished_name, object_id, ok },
        IidConverted { immutable_id, guid, field, ok, anchor },
        IidForms { immutable_id, hex, ldap_filter, distinguished_name, guid, has_guid, field, byte_count, ok },
        IidCsvRequest { path, path_len, column, column_len, expected_column, expected_column_len, delimiter },
        IidReconcileCounts { results, pairs, mapping_errors },
        IidAccountResult { side, status, index, label, anchor, anchor_source, counterpart, findings, messages, not_checked },
        IidPlanOptions { out_of_scope_ou, out_of_scope_ou_len, sync_engine, free_anchor, server, server_len, route, pairs, pairs_len },
        IidPlanStep { order, reversible, account, action, command, reason, warning, alternative, unsettled },
        IidField { name, role, passed },
        IidSummary { total, valid, warning, invalid, no_anchor, not_checked, reasons },
        IidTestRecord {
            index,
            line,
            status,
            flags,
            reasons,
            guid,
            expected_guid,
            value,
            property,
            expected_property,
            suggestion,
            file,
            error_code,
            messages,
            duplicates,
            duplicate_count,
            column_names,
            column_values,
        },
    ]
}

/// Every `typedef struct Name { ... } Name;` of the header, with its field names in order
/// (opaque structs, declared without a body, have none and are not laid out).
fn header_structs(header: &str) -> Vec<(String, Vec<String>)> {
    let mut structs = Vec::new();
    let mut current: Option<(String, Vec<String>)> = None;
    for line in header.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("typedef struct ").and_then(|r| r.strip_suffix(" {")) {
            current = Some((rest.to_string(), Vec::new()));
        } else if line.starts_with('}') {
            structs.extend(current.take());
        } else if let Some((_, fields)) = current.as_mut() {
            if line.starts_with("//") || line.is_empty() {
                continue;
            }
            let declaration = line.trim_end_matches(';');
            let declaration = declaration.split('[').next().unwrap_or_default();
            let name = declaration.rsplit([' ', '*']).next().unwrap_or_default();
            fields.push(name.to_string());
        }
    }
    structs
}

#[test]
fn the_layout_lists_every_struct_and_field_of_the_header() {
    let header = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("include/immutableid.h")).expect("header");
    let mut in_header = header_structs(&header);
    assert!(in_header.len() >= 17, "the header parser found only {} structs", in_header.len());
    let mut listed: Vec<(String, Vec<String>)> = rust_layouts()
        .iter()
        .map(|s| {
            let fields = s["fields"].as_array().expect("fields").iter().map(|f| f["name"].as_str().expect("name").to_string());
            (s["name"].as_str().expect("name").to_string(), fields.collect())
        })
        .collect();
    in_header.sort();
    listed.sort();
    assert_eq!(listed, in_header, "abi_layout.rs must list every struct of the header, with its fields in order");
}

#[test]
fn committed_layout_matches_the_code() {
    let generated = serde_json::to_string_pretty(&json!({
        "comment": "Written by rust-core/abi/tests/abi_layout.rs (IID_BLESS=1 or ./build.ps1 Header); compared with the C# types by tests/module/AbiLayout.Tests.ps1.",
        "pointerSize": size_of::<usize>(),
        "structs": rust_layouts(),
    }))
    .expect("json")
        + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/abi-layout.json");
    if std::env::var_os("IID_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write layout");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default().replace("\r\n", "\n");
    assert!(committed == generated, "tests/data/abi-layout.json is out of date with rust-core/abi: run ./build.ps1 Header and commit it");
}
