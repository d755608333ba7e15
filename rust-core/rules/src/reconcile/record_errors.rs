//! The errors about a record given to the reconcile cmdlets that is not one of what its
//! parameter takes: a value where a record belongs, or a record of another kind.

use crate::error::{ConvertError, ErrorCode};
use crate::records::{Record, Schema, Value};
use crate::text::quote;

/// What a parameter of the reconcile cmdlets takes, as messages say it.
fn records_taken(schema: Schema) -> &'static str {
    match schema {
        Schema::OnPremisesUser => "on-premises users: Get-ADUser objects or CSV rows with ObjectGUID or mS-DS-ConsistencyGuid, and SamAccountName",
        Schema::CloudUser | Schema::DeletedUser => "cloud users: Get-MgUser objects, Graph hashtables or CSV rows with Id and UserPrincipalName",
        Schema::Mapping => "rows with OnPremises (the AD user's sAMAccountName, DOMAIN\\sam, UPN, DN or GUID) and Cloud (the UPN or object id of the cloud account to keep), such as @{ OnPremises = 'alice'; Cloud = 'alice@contoso.com' }",
        Schema::Domain => "domains: Get-MgDomain objects with Id and AuthenticationType",
        Schema::Synchronization => "the tenant's synchronization object: Get-MgDirectoryOnPremiseSynchronization, with its Features",
        Schema::GroupMembership => "group memberships with PrincipalId (the user's id) and GroupId or Id",
        Schema::Mailbox => "Exchange Online mailboxes: Get-EXOMailbox objects or CSV rows with ExternalDirectoryObjectId, ExchangeGuid and EmailAddresses",
        _ => "role assignments or eligibilities with PrincipalId and RoleDefinitionId",
    }
}

/// `NotARecord` for a value ('alice', 42, a GUID) given where a record belongs.
pub(super) fn not_a_record(record: &Record) -> Result<(), ConvertError> {
    let Some(value) = record.itself() else { return Ok(()) };
    let shown = match value {
        Value::Text(t) => quote(t),
        Value::Guid(g) => format!("the GUID {g}"),
        Value::Bytes(b) | Value::UnrolledBytes(b) => format!("a byte array of {} bytes", b.len()),
        Value::Null | Value::Absent => "$null".to_string(),
    };
    Err(ConvertError::new(
        ErrorCode::NotARecord,
        format!("{} takes {}, not values; it was given {shown}.", record.schema.parameter(), records_taken(record.schema)),
    ))
}

/// `WrongRecordType` for a record that has none of what its parameter needs: a record of
/// another kind (a cloud user given as an on-premises one, a domain as a role).
pub(super) fn wrong_record(record: &Record, lacks: &str) -> ConvertError {
    let parameter = record.schema.parameter();
    ConvertError::new(
        ErrorCode::WrongRecordType,
        format!(
            "This {parameter} record has {lacks}, so it is not one of the {} {parameter} takes, and it is not used.",
            records_taken(record.schema)
        ),
    )
}
