//! The public vectors in tests/data/vectors.json, through the C ABI as the module calls it.

mod common;
use common::*;
use immutableid::*;

fn format(name: &str) -> IidSourceFormat {
    match name {
        "Auto" => IidSourceFormat::Auto,
        "Guid" => IidSourceFormat::Guid,
        "Hex" => IidSourceFormat::Hex,
        "LdapFilter" => IidSourceFormat::LdapFilter,
        "DistinguishedName" => IidSourceFormat::DistinguishedName,
        other => panic!("unknown format {other}"),
    }
}

#[test]
fn guid_vectors_convert_both_ways_and_never_to_the_wrong_encodings() {
    for v in vectors()["guids"].as_array().unwrap() {
        let (guid, id) = (str_field(v, "guid"), str_field(v, "immutableId"));
        let batch = values_of(IidSchema::ConvertTo, &[V::Guid(guid), V::Text(guid)]);
        let (ids, _) = to_immutable_id(&batch, IidSourceFormat::Auto);
        assert_eq!(ids, [Ok(id.to_string()), Ok(id.to_string())]);
        for wrong in ["neverBigEndian", "neverBase64OfText"] {
            if let Some(wrong) = v[wrong].as_str() {
                assert_ne!(ids[0].as_deref().unwrap(), wrong);
            }
        }
        let back = values_of(IidSchema::ConvertFrom, &[V::Text(id)]);
        assert_eq!(from_immutable_id(&back, IidOutputForm::Guid).0, [Ok(guid.to_string())]);
        assert_eq!(from_immutable_id(&back, IidOutputForm::ImmutableId).0, [Ok(id.to_string())]);
        if let Some(hex) = v["hex"].as_str() {
            assert_eq!(from_immutable_id(&back, IidOutputForm::Hex).0, [Ok(hex.to_string())]);
            assert_eq!(from_immutable_id(&back, IidOutputForm::LdapFilter).0, [Ok(str_field(v, "ldapFilter").to_string())]);
            assert_eq!(from_immutable_id(&back, IidOutputForm::Bytes).0, [Ok(hex.to_string())]);
        }
        if let Some(dn) = v["distinguishedName"].as_str() {
            assert_eq!(from_immutable_id(&back, IidOutputForm::DistinguishedName).0, [Ok(dn.to_string())]);
            let from_dn = values_of(IidSchema::ConvertFrom, &[V::Text(dn)]);
            assert_eq!(from_immutable_id(&from_dn, IidOutputForm::Guid).0, [Ok(guid.to_string())]);
        }
    }
}

#[test]
fn guid_vectors_convert_as_packed_bytes_as_record_by_record() {
    let vectors = vectors()["guids"].as_array().unwrap().clone();
    let guids: Vec<&str> = vectors.iter().map(|v| str_field(v, "guid")).collect();
    let packed: Vec<u8> = guids.iter().flat_map(|g| uuid::Uuid::parse_str(g).unwrap().to_bytes_le()).collect();
    let mut out = vec![0u8; guids.len() * 24];
    assert_eq!(unsafe { iid_guids_to_immutable_ids(packed.as_ptr(), guids.len(), out.as_mut_ptr(), out.len()) }, IidStatus::Ok);
    let packed_ids: Vec<String> = out.chunks(24).map(|id| String::from_utf8(id.to_vec()).unwrap()).collect();
    let expected: Vec<String> = vectors.iter().map(|v| str_field(v, "immutableId").to_string()).collect();
    assert_eq!(packed_ids, expected);
    let records: Vec<V> = guids.iter().map(|g| V::Guid(g)).collect();
    let (by_record, _) = to_immutable_id(&values_of(IidSchema::ConvertTo, &records), IidSourceFormat::Auto);
    assert_eq!(by_record, expected.into_iter().map(Ok).collect::<Vec<_>>(), "one rule for both exports");
}

#[test]
fn every_source_form_is_read() {
    for v in vectors()["sourceForms"].as_array().unwrap() {
        let batch = values_of(IidSchema::ConvertTo, &[V::Text(str_field(v, "input"))]);
        let (ids, _) = to_immutable_id(&batch, format(str_field(v, "format")));
        assert_eq!(ids, [Ok(str_field(v, "immutableId").to_string())], "{v}");
    }
}

#[test]
fn bad_sources_give_their_error_ids() {
    for v in vectors()["badSources"].as_array().unwrap() {
        let batch = values_of(IidSchema::ConvertTo, &[V::Text(str_field(v, "input"))]);
        let (ids, _) = to_immutable_id(&batch, format(str_field(v, "format")));
        let (code, message) = ids[0].clone().unwrap_err();
        assert_eq!(code, str_field(v, "errorId"), "{v}: {message}");
    }
}

#[test]
fn bad_immutable_ids_give_their_error_ids() {
    for v in vectors()["badImmutableIds"].as_array().unwrap() {
        let batch = values_of(IidSchema::ConvertFrom, &[V::Text(str_field(v, "input"))]);
        let (code, message) = from_immutable_id(&batch, IidOutputForm::Guid).0[0].clone().unwrap_err();
        assert_eq!(code, str_field(v, "errorId"), "{v}: {message}");
    }
}

fn cloud(batch: &Batch, encode: Option<&str>) -> Vec<Result<(String, String, String), String>> {
    let schema = if encode.is_some() { IidSchema::CloudAnchorTo } else { IidSchema::CloudAnchorFrom };
    let records = batch.values.len() / passed_count(schema);
    let mut out = vec![
        IidCloudAnchor {
            name: IidText::NONE,
            object_type: IidText::NONE,
            cloud_anchor: IidText::NONE,
            distinguished_name: IidText::NONE,
            object_id: [0; 16],
            ok: 0
        };
        records
    ];
    let mut answer = IidAnswer::EMPTY;
    let status = match encode {
        Some(kind) => {
            let kind: Vec<u16> = kind.encode_utf16().collect();
            unsafe { iid_cloud_anchor_encode(&batch.input(), kind.as_ptr(), kind.len(), out.as_mut_ptr(), out.len(), &mut answer) }
        }
        None => unsafe { iid_cloud_anchor_decode(&batch.input(), out.as_mut_ptr(), out.len(), &mut answer) },
    };
    assert_eq!(status, IidStatus::Ok);
    let all = notes(&answer);
    let result = out
        .iter()
        .enumerate()
        .map(|(i, o)| match all.iter().find(|n| n.item == i) {
            Some(n) => Err(n.code.clone()),
            None => {
                Ok((text(&answer, o.name).unwrap(), text(&answer, o.cloud_anchor).unwrap(), text(&answer, o.distinguished_name).unwrap()))
            }
        })
        .collect();
    free(&mut answer);
    result
}

#[test]
fn cloud_anchor_vectors_round_trip_and_read_cloud_dns() {
    for v in vectors()["cloudAnchors"].as_array().unwrap() {
        let (anchor, decoded) = (str_field(v, "cloudAnchor"), str_field(v, "decoded"));
        let read = cloud(&values_of(IidSchema::CloudAnchorFrom, &[V::Text(anchor)]), None);
        let (name, again, dn) = read[0].clone().unwrap();
        assert_eq!((name.as_str(), again.as_str()), (decoded, anchor));
        let by_dn = cloud(&values_of(IidSchema::CloudAnchorFrom, &[V::Text(&dn)]), None);
        assert_eq!(by_dn[0].clone().unwrap().0, decoded);
        let made = cloud(&values_of(IidSchema::CloudAnchorTo, &[V::Text(decoded)]), Some("User"));
        assert_eq!(made[0].clone().unwrap().1, anchor);
    }
    let wrong = cloud(&values_of(IidSchema::CloudAnchorFrom, &[V::Text("K81Lh40UykezCZHfZPBb9Q==")]), None);
    assert_eq!(wrong[0], Err("InvalidCloudAnchor".to_string()));
}
