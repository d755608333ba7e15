//! The public vectors in tests/vectors.json against the Rust API.

mod common;
use common::{str_field, vectors};
use immutableid::anchor::{self, OutputForm, SourceFormat};
use immutableid::cloud_anchor;
use uuid::Uuid;

fn format(name: &str) -> SourceFormat {
    match name {
        "Auto" => SourceFormat::Auto,
        "Guid" => SourceFormat::Guid,
        "Hex" => SourceFormat::Hex,
        "LdapFilter" => SourceFormat::LdapFilter,
        "DistinguishedName" => SourceFormat::DistinguishedName,
        other => panic!("unknown format {other}"),
    }
}

#[test]
fn guid_vectors_convert_both_ways() {
    for v in vectors()["guids"].as_array().unwrap() {
        let guid = Uuid::parse_str(str_field(v, "guid")).unwrap();
        let id = str_field(v, "immutableId");
        assert_eq!(anchor::immutable_id(&guid), id);
        assert_eq!(anchor::guid_from_immutable_id_text(id).unwrap(), guid);
        let rendered = |form| String::from_utf8(anchor::render(&guid, form)).unwrap();
        if let Some(hex) = v["hex"].as_str() {
            assert_eq!(rendered(OutputForm::Hex), hex);
            assert_eq!(rendered(OutputForm::LdapFilter), str_field(v, "ldapFilter"));
        }
        if let Some(dn) = v["distinguishedName"].as_str() {
            assert_eq!(rendered(OutputForm::DistinguishedName), dn);
            assert_eq!(anchor::connector_space_dn(id), dn);
            assert_eq!(anchor::guid_from_immutable_id_text(dn).unwrap(), guid);
        }
        for wrong in ["neverBigEndian", "neverBase64OfText"] {
            if let Some(wrong) = v[wrong].as_str() {
                for form in [OutputForm::ImmutableId, OutputForm::Guid, OutputForm::Hex] {
                    assert_ne!(rendered(form), wrong);
                }
            }
        }
    }
}

#[test]
fn every_source_form_is_read() {
    for v in vectors()["sourceForms"].as_array().unwrap() {
        let guid = anchor::guid_from_source_text(str_field(v, "input"), format(str_field(v, "format")))
            .unwrap_or_else(|e| panic!("{v}: {e}"));
        assert_eq!(anchor::immutable_id(&guid), str_field(v, "immutableId"), "{v}");
    }
}

#[test]
fn bad_sources_give_their_error_ids() {
    for v in vectors()["badSources"].as_array().unwrap() {
        let err = anchor::guid_from_source_text(str_field(v, "input"), format(str_field(v, "format"))).unwrap_err();
        assert_eq!(err.code, str_field(v, "errorId"), "{v}: {err}");
    }
}

#[test]
fn bad_immutable_ids_give_their_error_ids() {
    for v in vectors()["badImmutableIds"].as_array().unwrap() {
        let err = anchor::guid_from_immutable_id_text(str_field(v, "input")).unwrap_err();
        assert_eq!(err.code, str_field(v, "errorId"), "{v}: {err}");
    }
}

#[test]
fn cloud_anchor_vectors_round_trip() {
    for v in vectors()["cloudAnchors"].as_array().unwrap() {
        assert_eq!(cloud_anchor::decode(str_field(v, "cloudAnchor")).unwrap(), str_field(v, "decoded"));
        assert_eq!(cloud_anchor::encode(str_field(v, "decoded"), "User").unwrap(), str_field(v, "cloudAnchor"));
    }
}

#[test]
fn ambiguous_hex_names_both_readings() {
    let err = anchor::guid_from_source_text("874bcd2b148d47cab30991df64f05bf5", SourceFormat::Auto).unwrap_err();
    assert!(err.message.contains("K81Lh40UykezCZHfZPBb9Q=="), "{err}");
    assert!(err.message.contains("-InputFormat Guid") && err.message.contains("-InputFormat Hex"), "{err}");
}

#[test]
fn describe_covers_non_guid_anchors() {
    let forms = anchor::describe("AAAA").unwrap();
    assert!(!forms.is_guid_based);
    assert_eq!(forms.byte_count, 3);
    assert_eq!(forms.distinguished_name, "CN={41414141}");
    let plain = anchor::describe("260051").unwrap();
    assert_eq!(plain.byte_count, 6);
    assert!(anchor::describe("K81Lh40UykezCZHfZPBb9R==").is_err());
}
