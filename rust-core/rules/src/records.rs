//! Records: what an admin's objects look like to the core. A `Get-ADUser` object, a
//! `Get-MgUser` object, a hashtable from `Invoke-MgGraphRequest` and an `Import-Csv` row
//! are all records: named properties, matched ignoring case. This module says which
//! properties each cmdlet reads (its [`Schema`]), in what order they win, and what the
//! values they hold mean. The C# layer reads the properties a schema names off each record
//! and passes their values, in schema order; it decides nothing.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use strum::{EnumIter, FromRepr, IntoStaticStr};

use crate::codec::hex::{parse_byte_hex, parse_ldap_escaped};
use crate::codec::{guid_from_stored_bytes, parse_guid_text, Guid, HexReadings};
use crate::error::{ConvertError, ErrorCode};
use crate::inspect::{inspect, Reason};
use crate::text::{is_blank, quote, trim_value};

/// One property's value as it reached the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    /// The record has no property of this name.
    Absent,
    /// The property is there and holds `$null`.
    Null,
    /// A string (or a number, or anything else, as PowerShell turns it into text).
    Text(&'a str),
    /// A .NET `[guid]`.
    Guid(Guid),
    /// A byte array (`mS-DS-ConsistencyGuid` as `Get-ADUser` returns it).
    Bytes(&'a [u8]),
    /// Single bytes that arrived one at a time: a byte array PowerShell unrolled in a
    /// pipeline. Never converted; [`crate::convert::unrolled_bytes_error`] says how to pass it.
    UnrolledBytes(&'a [u8]),
}

impl Value<'_> {
    /// Set: present and not null, empty, blank or an empty array. Entra Connect treats an
    /// unset `mS-DS-ConsistencyGuid` as missing and falls back to `objectGUID`.
    pub fn is_set(&self) -> bool {
        match self {
            Value::Absent | Value::Null => false,
            Value::Text(s) => !is_blank(s),
            Value::Guid(_) => true,
            Value::Bytes(b) | Value::UnrolledBytes(b) => !b.is_empty(),
        }
    }

    pub fn is_present(&self) -> bool {
        !matches!(self, Value::Absent)
    }
}

/// A GUID read off a record: from a `[guid]`, 16 bytes (or numbers), GUID text in any
/// Windows form, 16 bytes of hex or LDAP-escaped bytes, or the Base64 of 16 bytes (an
/// ImmutableId, as admins export mS-DS-ConsistencyGuid). The one rule for an anchor GUID in
/// a record, whichever cmdlet reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuidRead {
    /// Absent, null or blank.
    Unset,
    Guid(Guid),
    /// Something that is not a GUID: shown (quoted), why, and the ErrorId that says so.
    Unreadable {
        shown: String,
        why: &'static str,
        code: ErrorCode,
    },
}

/// True for the properties that hold a byte array in AD, whose 32-hex-digit text is the
/// bytes in stored order; the others hold a `[guid]`, whose 32 digits are an N-form GUID.
fn holds_bytes(property: &str) -> bool {
    let property = property.to_ascii_lowercase();
    property.contains("consistencyguid") || property.starts_with("msexch")
}

/// Reads a GUID from the value of `property`. The one rule for GUIDs in records.
pub fn read_guid(value: &Value, property: &str) -> GuidRead {
    match value {
        Value::Guid(guid) => GuidRead::Guid(*guid),
        Value::Bytes(bytes) | Value::UnrolledBytes(bytes) if bytes.is_empty() => GuidRead::Unset,
        Value::Bytes(bytes) | Value::UnrolledBytes(bytes) => match <[u8; 16]>::try_from(*bytes) {
            Ok(stored) => GuidRead::Guid(guid_from_stored_bytes(stored)),
            Err(_) => GuidRead::Unreadable {
                shown: format!("a byte array of {} bytes", bytes.len()),
                why: "a GUID is 16 bytes",
                code: ErrorCode::WrongByteCount,
            },
        },
        Value::Text(raw) if is_blank(raw) => GuidRead::Unset,
        Value::Text(raw) => {
            let text = trim_value(raw);
            // 32 bare hex digits: the property's own type says which reading it is.
            let guid = if let Some(readings) = HexReadings::of(text) {
                Some(if holds_bytes(property) { readings.as_stored } else { readings.as_guid })
            } else {
                parse_guid_text(text)
                    .or_else(|| parse_byte_hex(text).or_else(|| parse_ldap_escaped(text)).map(guid_from_stored_bytes))
                    .or_else(|| STANDARD.decode(text).ok().and_then(|b| <[u8; 16]>::try_from(b).ok()).map(guid_from_stored_bytes))
            };
            match guid {
                Some(guid) => GuidRead::Guid(guid),
                None if text.eq_ignore_ascii_case("System.Byte[]") => GuidRead::Unreadable {
                    shown: quote(raw),
                    why: "that is the type name Export-Csv writes for a byte array, not its bytes: export it as [guid] or Base64, such as @{n='mS-DS-ConsistencyGuid';e={[guid]$_.'mS-DS-ConsistencyGuid'}}",
                    code: ErrorCode::FlattenedByteArray,
                },
                None => GuidRead::Unreadable {
                    shown: quote(raw),
                    why: "it is not a GUID (N, D, B or P form), 16 bytes of hex or LDAP-escaped bytes, or the Base64 of 16 bytes",
                    code: ErrorCode::UnrecognizedFormat,
                },
            }
        }
        Value::Null | Value::Absent => GuidRead::Unset,
    }
}

/// Reads a yes/no: PowerShell's True/False, 1/0, yes/no, in any case. `None` when absent,
/// blank or anything else.
pub fn read_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Text(t) => match trim_value(t).to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The tenant's sourceAnchor (`-SourceAnchor`): which property of an on-premises object
/// Entra Connect makes its anchor from. The one rule for it: [`Record::anchor_by`] says which
/// field holds it, [`read_anchor`] what its value makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SourceAnchor {
    /// `mS-DS-ConsistencyGuid` when set, else `objectGUID`: Entra Connect's choice on installs
    /// since 1.1.524 with the default settings, and Cloud Sync's.
    #[default]
    ConsistencyGuid,
    /// `objectGUID` always (older installs, or a custom choice): `mS-DS-ConsistencyGuid` is ignored.
    ObjectGuid,
    /// Another attribute (`msDS-SourceAnchor`, `employeeID`...), by its LDAP name: its string
    /// value as it is, the Base64 of its bytes when binary, the ImmutableId of a `[guid]`.
    Attribute(&'static str),
}

/// Longest attribute name `-SourceAnchor` takes (AD's lDAPDisplayName is far shorter).
pub const MAX_ATTRIBUTE_NAME: usize = 256;

/// Attribute names seen by [`SourceAnchor::parse`], each kept once for the life of the
/// process so that results can name it as they name schema fields (a few bytes each: there
/// are few attribute names).
fn interned(name: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES.get_or_init(Mutex::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    match names.get(name) {
        Some(known) => known,
        None => {
            let kept: &'static str = Box::leak(name.to_string().into_boxed_str());
            names.insert(kept);
            kept
        }
    }
}

/// True for an LDAP attribute name (RFC 4512 `descr`): a letter, then letters, digits and hyphens.
fn is_attribute_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '-')
}

impl SourceAnchor {
    /// Reads a `-SourceAnchor` value: `ConsistencyGuid` (or `mS-DS-ConsistencyGuid`),
    /// `ObjectGUID`, or the LDAP name of another attribute, in any case.
    pub fn parse(name: &str) -> Result<SourceAnchor, ConvertError> {
        if name.eq_ignore_ascii_case("ConsistencyGuid") || name.eq_ignore_ascii_case("mS-DS-ConsistencyGuid") {
            return Ok(SourceAnchor::ConsistencyGuid);
        }
        if name.eq_ignore_ascii_case("ObjectGUID") {
            return Ok(SourceAnchor::ObjectGuid);
        }
        if name.is_empty() {
            return Err(ConvertError::new(
                ErrorCode::InvalidSourceAnchor,
                "-SourceAnchor is empty: give ConsistencyGuid, ObjectGUID or the LDAP name of the attribute the tenant anchors on.",
            ));
        }
        if name.chars().count() > MAX_ATTRIBUTE_NAME || !is_attribute_name(name) {
            return Err(ConvertError::new(
                ErrorCode::InvalidSourceAnchor,
                format!("-SourceAnchor {} is not an LDAP attribute name (a letter, then letters, digits and hyphens, such as msDS-SourceAnchor or employeeID): give ConsistencyGuid, ObjectGUID or the attribute the tenant anchors on.", quote(name)),
            ));
        }
        Ok(SourceAnchor::Attribute(interned(name)))
    }

    /// The name `-SourceAnchor` gives it: `ConsistencyGuid`, `ObjectGUID`, or the attribute's.
    pub fn name(self) -> &'static str {
        match self {
            SourceAnchor::ConsistencyGuid => "ConsistencyGuid",
            SourceAnchor::ObjectGuid => "ObjectGUID",
            SourceAnchor::Attribute(name) => name,
        }
    }

    /// The attribute, when the choice is another attribute.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            SourceAnchor::Attribute(name) => Some(name),
            _ => None,
        }
    }

    /// "the tenant's sourceAnchor is objectGUID (-SourceAnchor ObjectGUID)": how messages name the choice.
    pub fn said(self) -> String {
        match self {
            SourceAnchor::ConsistencyGuid => {
                "the tenant's sourceAnchor is mS-DS-ConsistencyGuid, else objectGUID (-SourceAnchor ConsistencyGuid, the default)"
                    .to_string()
            }
            SourceAnchor::ObjectGuid => "the tenant's sourceAnchor is objectGUID (-SourceAnchor ObjectGUID)".to_string(),
            SourceAnchor::Attribute(name) => format!("the tenant's sourceAnchor is {name} (-SourceAnchor {name})"),
        }
    }

    /// True for the properties of [`Role::Anchor`] fields this choice reads.
    fn reads_guid_property(self, property: &str) -> bool {
        match self {
            SourceAnchor::ConsistencyGuid => true,
            SourceAnchor::ObjectGuid => !holds_bytes(property),
            SourceAnchor::Attribute(_) => false,
        }
    }
}

/// The anchor a record's anchor property makes, read as the tenant's sourceAnchor says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorRead {
    /// Absent, null, blank or an empty byte array: no anchor.
    Unset,
    /// A GUID: the anchor is its ImmutableId.
    Guid(Guid),
    /// An attribute's value that is not a GUID: its string as it is, or the Base64 of its
    /// bytes (a byte array of 16 is read as a GUID, whose ImmutableId is the same Base64).
    Text(String),
    /// Something that makes no anchor: shown (quoted) and why.
    Unreadable { shown: String, why: &'static str },
}

/// What the value of `property`, the record's anchor property under `choice`, makes. For
/// `ConsistencyGuid` and `ObjectGUID` it is [`read_guid`]; for another attribute its string
/// as it is, the Base64 of its bytes, the ImmutableId of a `[guid]`.
pub fn read_anchor(value: &Value, property: &str, choice: SourceAnchor) -> AnchorRead {
    if choice.attribute().is_none() {
        return match read_guid(value, property) {
            GuidRead::Unset => AnchorRead::Unset,
            GuidRead::Guid(g) => AnchorRead::Guid(g),
            GuidRead::Unreadable { shown, why, .. } => AnchorRead::Unreadable { shown, why },
        };
    }
    match value {
        Value::Absent | Value::Null => AnchorRead::Unset,
        Value::Guid(guid) => AnchorRead::Guid(*guid),
        Value::Bytes([]) => AnchorRead::Unset,
        Value::Bytes(bytes) => match <[u8; 16]>::try_from(*bytes) {
            Ok(stored) => AnchorRead::Guid(guid_from_stored_bytes(stored)),
            Err(_) => AnchorRead::Text(STANDARD.encode(bytes)),
        },
        Value::UnrolledBytes(bytes) => AnchorRead::Unreadable {
            shown: format!("{} single bytes", bytes.len()),
            why: "PowerShell unrolled a byte array: pass the record whole",
        },
        Value::Text(text) if is_blank(text) => AnchorRead::Unset,
        Value::Text(text) if trim_value(text) == "System.Byte[]" => AnchorRead::Unreadable {
            shown: quote(text),
            why: "that is the type name Export-Csv writes for a byte array, not its bytes: export it as Base64, such as @{n='msDS-SourceAnchor';e={[Convert]::ToBase64String($_.'msDS-SourceAnchor')}}",
        },
        Value::Text(text) if text.chars().any(char::is_control) => AnchorRead::Unreadable {
            shown: quote(text),
            why: "it holds more than one value or a control character, and an anchor is one single-line value",
        },
        Value::Text(text) => AnchorRead::Text(text.to_string()),
    }
}

/// Why Microsoft Graph would refuse `anchor` as an onPremisesImmutableId (`'$'`, `'_'`, too
/// long), as [`crate::inspect`] says it; `None` when it would take it.
pub fn graph_refuses(anchor: &str) -> Option<(Reason, String)> {
    inspect(anchor)
        .problems
        .into_iter()
        .find(|p| matches!(p.reason, Reason::GraphForbiddenCharacter | Reason::TooLong))
        .map(|p| (p.reason, p.message))
}

/// What a field is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The input itself, when it is a value rather than a record (first field of every
    /// value-taking schema; `Absent` for records).
    Itself,
    /// Holds the value the cmdlet works on; the first one present wins.
    Value,
    /// Holds an on-premises GUID; the first one set wins (ConsistencyGuid before objectGUID).
    Anchor,
    /// Given by a parameter, it overrides what the record holds.
    Parameter,
    /// Read for the join, the plan or a message; no precedence.
    Attribute,
    /// Not passed to the core: the C# layer copies it into `-Detailed` output as it is, so
    /// that each result names the record it came from.
    Identity,
    /// Holds the attribute `-SourceAnchor` names when it names one ([`SourceAnchor::Attribute`]):
    /// the field's name is given per call, so the caller reads the property of that name (and
    /// passes `Absent` when the choice is `ConsistencyGuid` or `ObjectGUID`).
    SourceAnchor,
}

/// One property a schema reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The property or column name (matched ignoring case), as messages print it.
    pub name: &'static str,
    pub role: Role,
}

const fn field(name: &'static str, role: Role) -> Field {
    Field { name, role }
}

/// The properties of a `Get-ADUser` object that say which object it is.
const AD_IDENTITY: [Field; 4] = [
    field("SamAccountName", Role::Identity),
    field("UserPrincipalName", Role::Identity),
    field("DistinguishedName", Role::Identity),
    field("Id", Role::Identity),
];

/// The properties that hold an on-premises anchor GUID, in the order Entra Connect and
/// Cloud Sync prefer them: `mS-DS-ConsistencyGuid` when set, else `objectGUID`. `Guid` is
/// what `Import-Csv` gives for a CSV column of that name.
const ANCHOR_GUIDS: [Field; 4] = [
    field("mS-DS-ConsistencyGuid", Role::Anchor),
    field("ConsistencyGuid", Role::Anchor),
    field("ObjectGUID", Role::Anchor),
    field("Guid", Role::Anchor),
];

/// The properties that hold an ImmutableId, the first present winning: a CSV column,
/// `Get-MgUser` / Graph, and the Entra Connect name.
const IMMUTABLE_IDS: [Field; 3] =
    [field("ImmutableId", Role::Value), field("OnPremisesImmutableId", Role::Value), field("SourceAnchor", Role::Value)];

const ITSELF: Field = field("InputObject", Role::Itself);

/// The attribute `-SourceAnchor` names, read only when it names one. Its name here is a
/// placeholder no property has; callers read the attribute's own name instead.
pub const SOURCE_ANCHOR_FIELD: Field = field("(SourceAnchor)", Role::SourceAnchor);

/// The field lists of the cmdlets. The numbers are part of the C ABI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, FromRepr)]
#[repr(u32)]
pub enum Schema {
    /// `ConvertTo-ImmutableId`: a GUID in any form, or a record's anchor GUID.
    ConvertTo = 0,
    /// `ConvertFrom-ImmutableId`: an ImmutableId, or a record's.
    ConvertFrom = 1,
    /// `ConvertFrom-CloudAnchor`.
    CloudAnchorFrom = 2,
    /// `ConvertTo-CloudAnchor`: a cloud object id.
    CloudAnchorTo = 3,
    /// `Test-ImmutableId`: the value, the expected GUID given as a parameter, and the
    /// record's own anchor GUIDs.
    Test = 4,
    /// `-OnPremises` of the planner: `Get-ADUser -Properties mS-DS-ConsistencyGuid,mail,proxyAddresses`.
    OnPremisesUser = 5,
    /// `-Cloud`: `Get-MgUser -Property Id,UserPrincipalName,Mail,ProxyAddresses,OnPremisesImmutableId,...`.
    CloudUser = 6,
    /// `-Deleted`: `Get-MgDirectoryDeletedItemAsUser` (the same shape as `-Cloud`).
    DeletedUser = 7,
    /// `-Mapping`: which on-premises account takes over which cloud account.
    Mapping = 8,
    /// `-Domain`: `Get-MgDomain`.
    Domain = 9,
    /// `-Synchronization`: `Get-MgDirectoryOnPremiseSynchronization`.
    Synchronization = 10,
    /// `-RoleAssignment`: role assignments and eligibilities as Graph returns them.
    RoleAssignment = 11,
    /// `-GroupMembership`: which groups the accounts to keep are members of.
    GroupMembership = 12,
    /// `-Mailbox`: Exchange Online recipients (`Get-EXOMailbox`).
    Mailbox = 13,
}

impl Schema {
    pub fn fields(self) -> &'static [Field] {
        const CONVERT_TO: [Field; 10] = [
            ITSELF,
            ANCHOR_GUIDS[0],
            ANCHOR_GUIDS[1],
            ANCHOR_GUIDS[2],
            ANCHOR_GUIDS[3],
            SOURCE_ANCHOR_FIELD,
            AD_IDENTITY[0],
            AD_IDENTITY[1],
            AD_IDENTITY[2],
            AD_IDENTITY[3],
        ];
        const CONVERT_FROM: [Field; 7] =
            [ITSELF, IMMUTABLE_IDS[0], IMMUTABLE_IDS[1], IMMUTABLE_IDS[2], AD_IDENTITY[0], AD_IDENTITY[1], AD_IDENTITY[3]];
        const CLOUD_ANCHOR_FROM: [Field; 3] = [ITSELF, field("CloudAnchor", Role::Value), field("DistinguishedName", Role::Value)];
        const CLOUD_ANCHOR_TO: [Field; 3] = [ITSELF, field("Id", Role::Value), field("ObjectId", Role::Value)];
        const TEST: [Field; 10] = [
            ITSELF,
            IMMUTABLE_IDS[0],
            IMMUTABLE_IDS[1],
            IMMUTABLE_IDS[2],
            field("ExpectedGuid", Role::Parameter),
            ANCHOR_GUIDS[0],
            ANCHOR_GUIDS[1],
            ANCHOR_GUIDS[2],
            ANCHOR_GUIDS[3],
            SOURCE_ANCHOR_FIELD,
        ];
        // Only what the join reads: every field is a property lookup per record. The input
        // itself is passed only when it is a value ('alice', 42), to say it is no record.
        const ON_PREMISES: [Field; 15] = [
            ITSELF,
            ANCHOR_GUIDS[0],
            ANCHOR_GUIDS[1],
            ANCHOR_GUIDS[2],
            field("SamAccountName", Role::Attribute),
            field("UserPrincipalName", Role::Attribute),
            field("DistinguishedName", Role::Attribute),
            field("Mail", Role::Attribute),
            field("ProxyAddresses", Role::Attribute),
            SOURCE_ANCHOR_FIELD,
            // What on-premises Exchange says of the user (a mailbox there, or a remote one).
            field("msExchMailboxGuid", Role::Attribute),
            field("msExchArchiveGuid", Role::Attribute),
            field("msExchRecipientTypeDetails", Role::Attribute),
            field("msExchRemoteRecipientType", Role::Attribute),
            field("legacyExchangeDN", Role::Attribute),
        ];
        // Cloud users, active or soft-deleted. onPremisesObjectIdentifier is beta-only, so
        // Get-MgUser objects keep it in AdditionalProperties; isCloudManaged comes from
        // Get-MgUserOnPremiseSyncBehavior, added to the object by the admin.
        const CLOUD: [Field; 12] = [
            ITSELF,
            field("Id", Role::Attribute),
            field("UserPrincipalName", Role::Attribute),
            field("Mail", Role::Attribute),
            field("ProxyAddresses", Role::Attribute),
            field("OnPremisesImmutableId", Role::Attribute),
            field("OnPremisesSyncEnabled", Role::Attribute),
            field("OnPremisesObjectIdentifier", Role::Attribute),
            field("AdditionalProperties.onPremisesObjectIdentifier", Role::Attribute),
            field("IsCloudManaged", Role::Attribute),
            field("OnPremisesSyncBehavior.IsCloudManaged", Role::Attribute),
            field("ImmutableId", Role::Attribute),
        ];
        const MAPPING: [Field; 3] = [ITSELF, field("OnPremises", Role::Attribute), field("Cloud", Role::Attribute)];
        const DOMAIN: [Field; 4] =
            [ITSELF, field("Id", Role::Attribute), field("AuthenticationType", Role::Attribute), field("IsInitial", Role::Attribute)];
        const SYNCHRONIZATION: [Field; 8] = [
            ITSELF,
            field("Id", Role::Attribute),
            field("Features.BlockCloudObjectTakeoverThroughHardMatchEnabled", Role::Attribute),
            field("Features.BlockSoftMatchEnabled", Role::Attribute),
            field("Features.AllowOnPremUpdateOfOnPremisesObjectIdentifierEnabled", Role::Attribute),
            field("BlockCloudObjectTakeoverThroughHardMatchEnabled", Role::Attribute),
            field("BlockSoftMatchEnabled", Role::Attribute),
            field("AllowOnPremUpdateOfOnPremisesObjectIdentifierEnabled", Role::Attribute),
        ];
        // Assignments (unifiedRoleAssignment), eligibilities (unifiedRoleEligibilitySchedule
        // and its instances) and PIM assignment schedules share these names.
        const ROLE_ASSIGNMENT: [Field; 16] = [
            ITSELF,
            field("Id", Role::Attribute),
            field("PrincipalId", Role::Attribute),
            field("RoleDefinitionId", Role::Attribute),
            field("DirectoryScopeId", Role::Attribute),
            field("RoleDefinition.IsPrivileged", Role::Attribute),
            field("RoleDefinition.DisplayName", Role::Attribute),
            field("RoleDefinition.TemplateId", Role::Attribute),
            field("RoleEligibilityScheduleId", Role::Attribute),
            field("MemberType", Role::Attribute),
            field("AssignmentType", Role::Attribute),
            // When an eligibility ends: a schedule's scheduleInfo.expiration, an instance's
            // endDateTime (also the column of an export).
            field("ScheduleInfo.Expiration.EndDateTime", Role::Attribute),
            field("ScheduleInfo.Expiration.Type", Role::Attribute),
            field("EndDateTime", Role::Attribute),
            // When it started: given back with the same start when that is still to come.
            field("ScheduleInfo.StartDateTime", Role::Attribute),
            field("StartDateTime", Role::Attribute),
        ];
        // Get-MgUserTransitiveMemberOf objects (Id: the group) with the user's id added as
        // PrincipalId, or rows naming both.
        const GROUP_MEMBERSHIP: [Field; 4] = [
            field("PrincipalId", Role::Attribute),
            field("MemberId", Role::Attribute),
            field("GroupId", Role::Attribute),
            field("Id", Role::Attribute),
        ];
        // Get-EXOMailbox records (ExchangeGuid, ArchiveGuid, LegacyExchangeDN and
        // IsInactiveMailbox only with -Properties), Get-Mailbox's, or -SoftDeletedMailbox's;
        // TotalItemSize added from Get-EXOMailboxStatistics when wanted.
        const MAILBOX: [Field; 15] = [
            ITSELF,
            field("ExternalDirectoryObjectId", Role::Attribute),
            field("UserPrincipalName", Role::Attribute),
            field("ExchangeGuid", Role::Attribute),
            field("ArchiveGuid", Role::Attribute),
            field("LegacyExchangeDN", Role::Attribute),
            field("EmailAddresses", Role::Attribute),
            field("PrimarySmtpAddress", Role::Attribute),
            field("Alias", Role::Attribute),
            field("RecipientTypeDetails", Role::Attribute),
            field("IsInactiveMailbox", Role::Attribute),
            field("IsSoftDeletedByRemove", Role::Attribute),
            field("IsSoftDeletedByDisable", Role::Attribute),
            field("WhenSoftDeleted", Role::Attribute),
            field("TotalItemSize", Role::Attribute),
        ];
        match self {
            Schema::Mailbox => &MAILBOX,
            Schema::OnPremisesUser => &ON_PREMISES,
            Schema::CloudUser | Schema::DeletedUser => &CLOUD,
            Schema::Mapping => &MAPPING,
            Schema::Domain => &DOMAIN,
            Schema::Synchronization => &SYNCHRONIZATION,
            Schema::RoleAssignment => &ROLE_ASSIGNMENT,
            Schema::GroupMembership => &GROUP_MEMBERSHIP,
            Schema::ConvertTo => &CONVERT_TO,
            Schema::ConvertFrom => &CONVERT_FROM,
            Schema::CloudAnchorFrom => &CLOUD_ANCHOR_FROM,
            Schema::CloudAnchorTo => &CLOUD_ANCHOR_TO,
            Schema::Test => &TEST,
        }
    }

    /// The fields the C# layer passes to the core (all but [`Role::Identity`]), in order.
    pub fn passed(self) -> impl Iterator<Item = &'static Field> {
        self.fields().iter().filter(|f| f.role != Role::Identity)
    }

    pub fn passed_count(self) -> usize {
        self.passed().count()
    }

    /// The role of the properties that hold what the cmdlet works on: [`Role::Value`]
    /// when the schema has such fields, else [`Role::Anchor`].
    pub fn subject_role(self) -> Role {
        if self.passed().any(|f| f.role == Role::Value) {
            Role::Value
        } else {
            Role::Anchor
        }
    }

    /// The parameter that takes records of this schema, as messages name it.
    pub fn parameter(self) -> &'static str {
        match self {
            Schema::ConvertTo | Schema::ConvertFrom | Schema::CloudAnchorFrom | Schema::CloudAnchorTo | Schema::Test => "-InputObject",
            Schema::OnPremisesUser => "-OnPremises",
            Schema::CloudUser => "-Cloud",
            Schema::DeletedUser => "-Deleted",
            Schema::Mapping => "-Mapping",
            Schema::Domain => "-Domain",
            Schema::Synchronization => "-Synchronization",
            Schema::RoleAssignment => "-RoleAssignment",
            Schema::GroupMembership => "-GroupMembership",
            Schema::Mailbox => "-Mailbox",
        }
    }

    /// "Id, UserPrincipalName, Mail, ...": every property the schema reads off a record.
    pub fn properties(self) -> String {
        self.passed().filter(|f| f.role != Role::Itself).map(|f| f.name).collect::<Vec<_>>().join(", ")
    }

    /// "ImmutableId, OnPremisesImmutableId or SourceAnchor": what a record must have.
    pub fn wanted(self) -> String {
        self.wanted_by(SourceAnchor::ConsistencyGuid)
    }

    /// What a record must have when the tenant anchors on `choice`: for schemas whose subject
    /// is the anchor, the properties that choice reads.
    pub fn wanted_by(self, choice: SourceAnchor) -> String {
        let role = self.subject_role();
        if role == Role::Anchor {
            if let Some(attribute) = choice.attribute() {
                return attribute.to_string();
            }
        }
        let names: Vec<&str> = self
            .passed()
            .filter(|f| f.role == role && (role != Role::Anchor || choice.reads_guid_property(f.name)))
            .map(|f| f.name)
            .collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.join(""),
        }
    }
}

/// One record's passed values, in its schema's order.
#[derive(Debug, Clone, Copy)]
pub struct Record<'r, 'a> {
    pub schema: Schema,
    pub values: &'r [Value<'a>],
}

/// Where the value a cmdlet works on came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picked<'a> {
    pub value: Value<'a>,
    /// The property name, or `None` when the input was the value itself.
    pub property: Option<&'static str>,
    /// The position among the passed fields.
    pub field: usize,
}

/// What a record offers for one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick<'a> {
    Found(Picked<'a>),
    /// Properties of the role are there, but none is set (a cloud-only account's empty
    /// `OnPremisesImmutableId`, an unset `mS-DS-ConsistencyGuid` with no `objectGUID`).
    Unset(Picked<'a>),
    /// The record has none of the role's properties.
    Missing,
}

impl<'r, 'a> Record<'r, 'a> {
    /// Pairs `values` with `schema`; `None` when the count is not the schema's.
    pub fn new(schema: Schema, values: &'r [Value<'a>]) -> Option<Record<'r, 'a>> {
        (values.len() == schema.passed_count()).then_some(Record { schema, values })
    }

    /// The passed fields and their values, by position. Values are borrowed, not copied:
    /// these loops run on every record of a batch.
    fn fields(&self) -> impl Iterator<Item = (usize, &'static Field, &'r Value<'a>)> {
        self.schema.passed().zip(self.values).enumerate().map(|(i, (f, v))| (i, f, v))
    }

    fn picked(i: usize, f: &'static Field, value: &Value<'a>) -> Picked<'a> {
        Picked { value: *value, property: (f.role != Role::Itself).then_some(f.name), field: i }
    }

    /// True when the input is a value, not a record.
    pub fn is_value(&self) -> bool {
        self.itself().is_some()
    }

    /// The input itself, when it is a value rather than a record.
    pub fn itself(&self) -> Option<Value<'a>> {
        self.fields().find(|(_, f, v)| f.role == Role::Itself && v.is_present()).map(|(_, _, v)| *v)
    }

    /// The value the cmdlet works on: the input itself, else the first present
    /// [`Role::Value`] field, or for schemas without those the record's [`Record::anchor`].
    pub fn subject(&self) -> Pick<'a> {
        self.subject_by(SourceAnchor::ConsistencyGuid)
    }

    /// [`Record::subject`], the anchor read as `choice` says ([`Record::anchor_by`]).
    pub fn subject_by(&self, choice: SourceAnchor) -> Pick<'a> {
        if let Some((i, f, v)) = self.fields().find(|(_, f, v)| f.role == Role::Itself && v.is_present()) {
            return Pick::Found(Self::picked(i, f, v));
        }
        if self.schema.subject_role() == Role::Anchor {
            return self.anchor_by(choice);
        }
        match self.fields().find(|(_, f, v)| f.role == Role::Value && v.is_present()) {
            Some((i, f, v)) if v.is_set() => Pick::Found(Self::picked(i, f, v)),
            Some((i, f, v)) => Pick::Unset(Self::picked(i, f, v)),
            None => Pick::Missing,
        }
    }

    /// The on-premises anchor GUID the record carries: the first set [`Role::Anchor`]
    /// field, as Entra Connect picks `mS-DS-ConsistencyGuid` over `objectGUID`.
    pub fn anchor(&self) -> Pick<'a> {
        self.anchor_by(SourceAnchor::ConsistencyGuid)
    }

    /// The property that holds the record's anchor when the tenant anchors on `choice`: the
    /// first set of the [`Role::Anchor`] fields it reads (`mS-DS-ConsistencyGuid` before
    /// `objectGUID`; `objectGUID` alone for `ObjectGUID`), or the [`Role::SourceAnchor`]
    /// field, named after the attribute, for another attribute.
    pub fn anchor_by(&self, choice: SourceAnchor) -> Pick<'a> {
        if let Some(attribute) = choice.attribute() {
            return match self.fields().find(|(_, f, _)| f.role == Role::SourceAnchor) {
                Some((field, _, value)) => {
                    let picked = Picked { value: *value, property: Some(attribute), field };
                    match value {
                        v if v.is_set() => Pick::Found(picked),
                        v if v.is_present() => Pick::Unset(picked),
                        _ => Pick::Missing,
                    }
                }
                None => Pick::Missing,
            };
        }
        let mut first_present = None;
        for (i, f, v) in self.fields().filter(|(_, f, _)| f.role == Role::Anchor && choice.reads_guid_property(f.name)) {
            if v.is_set() {
                return Pick::Found(Self::picked(i, f, v));
            }
            if v.is_present() && first_present.is_none() {
                first_present = Some((i, f, v));
            }
        }
        first_present.map_or(Pick::Missing, |(i, f, v)| Pick::Unset(Self::picked(i, f, v)))
    }

    /// The GUID a value must stand for: the parameter when given, else the record's anchor.
    pub fn expected(&self) -> Pick<'a> {
        self.expected_by(SourceAnchor::ConsistencyGuid)
    }

    /// [`Record::expected`], the record's anchor read as `choice` says.
    pub fn expected_by(&self, choice: SourceAnchor) -> Pick<'a> {
        match self.fields().find(|(_, f, v)| f.role == Role::Parameter && v.is_present()) {
            Some((i, f, v)) if v.is_set() => Pick::Found(Self::picked(i, f, v)),
            Some((i, f, v)) => Pick::Unset(Self::picked(i, f, v)),
            None if self.is_value() => Pick::Missing,
            None => self.anchor_by(choice),
        }
    }

    /// The value of the passed field named `name`.
    pub fn get(&self, name: &str) -> Value<'a> {
        // Callers name fields as the schema spells them: compare exactly first.
        let at = self
            .schema
            .passed()
            .position(|f| f.name == name)
            .or_else(|| self.schema.passed().position(|f| f.name.eq_ignore_ascii_case(name)));
        at.map_or(Value::Absent, |i| self.values[i])
    }

    /// The first of `names` that is set, with the name it came from.
    pub fn first_set(&self, names: &[&'static str]) -> Option<(&'static str, Value<'a>)> {
        names.iter().map(|&n| (n, self.get(n))).find(|(_, v)| v.is_set())
    }

    /// A text field, trimmed; `None` when absent or blank.
    pub fn text(&self, name: &str) -> Option<&'a str> {
        match self.get(name) {
            Value::Text(t) if !is_blank(t) => Some(crate::text::trim_value(t)),
            _ => None,
        }
    }

    /// True when the record has a property of this name, set or not.
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_present()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert_to<'a>(itself: Value<'a>, consistency: Value<'a>, object_guid: Value<'a>) -> Vec<Value<'a>> {
        vec![itself, consistency, Value::Absent, object_guid, Value::Absent, Value::Absent]
    }

    #[test]
    fn a_set_consistency_guid_wins_and_an_unset_one_falls_back() {
        let guid = Guid::parse_str("874bcd2b-148d-47ca-b309-91df64f05bf5").unwrap();
        let bytes = [1u8; 16];
        let values = convert_to(Value::Absent, Value::Bytes(&bytes), Value::Guid(guid));
        let record = Record::new(Schema::ConvertTo, &values).unwrap();
        assert!(matches!(record.subject(), Pick::Found(Picked { property: Some("mS-DS-ConsistencyGuid"), .. })));
        for unset in [Value::Bytes(&[]), Value::Null, Value::Text("  ")] {
            let values = convert_to(Value::Absent, unset, Value::Guid(guid));
            let record = Record::new(Schema::ConvertTo, &values).unwrap();
            assert_eq!(record.subject(), Pick::Found(Picked { value: Value::Guid(guid), property: Some("ObjectGUID"), field: 3 }));
        }
        let values = convert_to(Value::Absent, Value::Null, Value::Absent);
        assert!(matches!(Record::new(Schema::ConvertTo, &values).unwrap().subject(), Pick::Unset(_)));
        let values = convert_to(Value::Absent, Value::Absent, Value::Absent);
        assert_eq!(Record::new(Schema::ConvertTo, &values).unwrap().subject(), Pick::Missing);
    }

    #[test]
    fn the_input_itself_wins_over_properties() {
        let values = convert_to(Value::Text("x"), Value::Absent, Value::Absent);
        let record = Record::new(Schema::ConvertTo, &values).unwrap();
        assert!(record.is_value());
        assert_eq!(record.subject(), Pick::Found(Picked { value: Value::Text("x"), property: None, field: 0 }));
    }

    #[test]
    fn test_schema_expects_the_parameter_then_the_consistency_guid() {
        let fields: Vec<&str> = Schema::Test.passed().map(|f| f.name).collect();
        assert_eq!(fields[4], "ExpectedGuid");
        let values = [
            Value::Absent,
            Value::Absent,
            Value::Text("id"),
            Value::Absent,
            Value::Absent,
            Value::Text("cg"),
            Value::Absent,
            Value::Text("og"),
            Value::Absent,
            Value::Absent,
        ];
        let record = Record::new(Schema::Test, &values).unwrap();
        assert!(matches!(record.subject(), Pick::Found(Picked { property: Some("OnPremisesImmutableId"), .. })));
        assert!(matches!(record.expected(), Pick::Found(Picked { value: Value::Text("cg"), .. })));
        assert_eq!(Schema::Test.wanted(), "ImmutableId, OnPremisesImmutableId or SourceAnchor");
        assert_eq!(Schema::ConvertTo.wanted(), "mS-DS-ConsistencyGuid, ConsistencyGuid, ObjectGUID or Guid");
    }
    #[test]
    fn source_anchor_reads_the_two_choices_and_attribute_names() {
        for (given, choice) in [
            ("ConsistencyGuid", SourceAnchor::ConsistencyGuid),
            ("consistencyguid", SourceAnchor::ConsistencyGuid),
            ("mS-DS-ConsistencyGuid", SourceAnchor::ConsistencyGuid),
            ("ObjectGUID", SourceAnchor::ObjectGuid),
            ("objectguid", SourceAnchor::ObjectGuid),
        ] {
            assert_eq!(SourceAnchor::parse(given).unwrap(), choice, "{given}");
        }
        for name in ["employeeID", "msDS-SourceAnchor", "extensionAttribute15", "x"] {
            let choice = SourceAnchor::parse(name).unwrap();
            assert_eq!((choice.attribute(), choice.name()), (Some(name), name));
            // The same name is the same choice, kept once.
            assert!(std::ptr::eq(SourceAnchor::parse(name).unwrap().name(), choice.name()));
        }
        for bad in ["", " ", "employee ID", "1abc", "-abc", "a_b", "a.b", "a;binary", "é", &"a".repeat(MAX_ATTRIBUTE_NAME + 1)] {
            let e = SourceAnchor::parse(bad).unwrap_err();
            assert_eq!(e.code, "InvalidSourceAnchor", "{bad}");
            assert!(e.message.contains("ConsistencyGuid, ObjectGUID"), "{}", e.message);
        }
        assert!(SourceAnchor::parse(&"a".repeat(MAX_ATTRIBUTE_NAME)).is_ok());
        assert_eq!(SourceAnchor::ObjectGuid.said(), "the tenant's sourceAnchor is objectGUID (-SourceAnchor ObjectGUID)");
    }

    #[test]
    fn each_choice_reads_its_own_anchor_property() {
        let guid = Guid::parse_str("874bcd2b-148d-47ca-b309-91df64f05bf5").unwrap();
        let bytes = [1u8; 16];
        let employee = SourceAnchor::parse("employeeID").unwrap();
        let values = vec![Value::Absent, Value::Bytes(&bytes), Value::Absent, Value::Guid(guid), Value::Absent, Value::Text("E1234")];
        let record = Record::new(Schema::ConvertTo, &values).unwrap();
        assert!(matches!(
            record.anchor_by(SourceAnchor::ConsistencyGuid),
            Pick::Found(Picked { property: Some("mS-DS-ConsistencyGuid"), .. })
        ));
        assert_eq!(
            record.anchor_by(SourceAnchor::ObjectGuid),
            Pick::Found(Picked { value: Value::Guid(guid), property: Some("ObjectGUID"), field: 3 })
        );
        assert_eq!(record.anchor_by(employee), Pick::Found(Picked { value: Value::Text("E1234"), property: Some("employeeID"), field: 5 }));
        // Unset: the choice's property is there but empty; Missing: it is not there.
        let values = vec![Value::Absent, Value::Bytes(&bytes), Value::Absent, Value::Null, Value::Absent, Value::Text(" ")];
        let record = Record::new(Schema::ConvertTo, &values).unwrap();
        assert!(matches!(record.anchor_by(SourceAnchor::ObjectGuid), Pick::Unset(Picked { property: Some("ObjectGUID"), .. })));
        assert!(matches!(record.anchor_by(employee), Pick::Unset(Picked { property: Some("employeeID"), .. })));
        let values = vec![Value::Absent, Value::Bytes(&bytes), Value::Absent, Value::Absent, Value::Absent, Value::Absent];
        let record = Record::new(Schema::ConvertTo, &values).unwrap();
        assert_eq!(record.anchor_by(SourceAnchor::ObjectGuid), Pick::Missing);
        assert_eq!(record.anchor_by(employee), Pick::Missing);
        assert_eq!(Schema::ConvertTo.wanted_by(SourceAnchor::ObjectGuid), "ObjectGUID or Guid");
        assert_eq!(Schema::ConvertTo.wanted_by(employee), "employeeID");
        assert_eq!(Schema::Test.wanted_by(employee), "ImmutableId, OnPremisesImmutableId or SourceAnchor");
    }

    #[test]
    fn an_attribute_anchor_is_its_string_as_is_the_base64_of_its_bytes_or_a_guid() {
        let employee = SourceAnchor::parse("employeeID").unwrap();
        let guid = Guid::parse_str("874bcd2b-148d-47ca-b309-91df64f05bf5").unwrap();
        let read = |v: Value| read_anchor(&v, "employeeID", employee);
        assert_eq!(read(Value::Text("E1234")), AnchorRead::Text("E1234".into()));
        // As is: a GUID's text stays text, and so does its ImmutableId.
        assert_eq!(
            read(Value::Text("874bcd2b-148d-47ca-b309-91df64f05bf5")),
            AnchorRead::Text("874bcd2b-148d-47ca-b309-91df64f05bf5".into())
        );
        assert_eq!(read(Value::Text("K81Lh40UykezCZHfZPBb9Q==")), AnchorRead::Text("K81Lh40UykezCZHfZPBb9Q==".into()));
        assert_eq!(read(Value::Bytes(&[0xde, 0xad, 0xbe, 0xef])), AnchorRead::Text("3q2+7w==".into()));
        assert_eq!(read(Value::Bytes(&crate::codec::stored_bytes(&guid))), AnchorRead::Guid(guid));
        assert_eq!(read(Value::Guid(guid)), AnchorRead::Guid(guid));
        for unset in [Value::Absent, Value::Null, Value::Text(""), Value::Text("  "), Value::Bytes(&[])] {
            assert_eq!(read(unset), AnchorRead::Unset, "{unset:?}");
        }
        for bad in [Value::Text("System.Byte[]"), Value::Text("E1\nE2"), Value::UnrolledBytes(&[1, 2])] {
            assert!(matches!(read(bad), AnchorRead::Unreadable { .. }), "{bad:?}");
        }
        // The GUID choices read GUIDs, as before.
        assert_eq!(
            read_anchor(&Value::Text("874bcd2b-148d-47ca-b309-91df64f05bf5"), "ObjectGUID", SourceAnchor::ObjectGuid),
            AnchorRead::Guid(guid)
        );
        assert!(matches!(read_anchor(&Value::Text("E1234"), "ObjectGUID", SourceAnchor::ObjectGuid), AnchorRead::Unreadable { .. }));
        // Graph's rule on '$' and '_', as inspect says it.
        assert_eq!(graph_refuses("emp_1234").map(|(r, _)| r), Some(Reason::GraphForbiddenCharacter));
        assert_eq!(graph_refuses("E$1").map(|(r, _)| r), Some(Reason::GraphForbiddenCharacter));
        assert_eq!(graph_refuses("E1234"), None);
        assert_eq!(graph_refuses("K81Lh40UykezCZHfZPBb9Q=="), None);
    }
}
