//! The accounts and facts the planner is given, read off records: on-premises users,
//! cloud users (active or soft-deleted), the mapping, and the tenant's facts.

use crate::codec::{immutable_id, Guid};
use crate::error::{ConvertError, ErrorCode};
use crate::records::{graph_refuses, read_anchor, read_bool, read_guid, AnchorRead, GuidRead, Pick, Record, SourceAnchor, Value};
use crate::text::{quote, trim_value};

use super::mailbox::{on_prem_exchange, smtp_part, OnPremExchange};
use super::record_errors::{not_a_record, wrong_record};

/// An on-premises AD user.
#[derive(Debug, Clone, Default)]
pub struct OnPremAccount {
    pub index: usize,
    pub object_guid: Option<Guid>,
    pub consistency_guid: Option<Guid>,
    /// The ImmutableId Entra Connect gives this user, as the tenant's sourceAnchor says: by
    /// default of mS-DS-ConsistencyGuid when set, else of objectGUID; `None` when there is none.
    pub anchor: Option<String>,
    /// The property the anchor came from.
    pub anchor_source: Option<&'static str>,
    /// The GUID the anchor is the ImmutableId of; `None` for an anchor that is not a GUID's
    /// (an attribute's string).
    pub anchor_guid: Option<Guid>,
    /// Why there is no anchor, for the finding.
    pub anchor_problem: Option<String>,
    /// True when there is no anchor because the attribute `-SourceAnchor` names is empty: the
    /// user is not synced, which is no malformed value.
    pub anchor_empty: bool,
    /// Why Microsoft Graph would refuse the anchor as an onPremisesImmutableId ('$', '_'), so
    /// that no plan can write it.
    pub anchor_unwritable: Option<String>,
    pub sam: Option<String>,
    pub upn: Option<String>,
    pub dn: Option<String>,
    pub mail: Option<String>,
    /// SMTP addresses, lower case, without their `smtp:` prefix.
    pub smtp: Vec<String>,
    /// What on-premises Exchange says of it.
    pub exchange: OnPremExchange,
    /// Why its msExch attributes could not be read (the Exchange checks are then not made).
    pub exchange_problem: Option<String>,
}

impl OnPremAccount {
    /// How messages and plans name it: sAMAccountName, else UPN, else DN, else its GUID.
    pub fn label(&self) -> String {
        self.sam
            .clone()
            .or_else(|| self.upn.clone())
            .or_else(|| self.dn.clone())
            .or_else(|| self.object_guid.map(|g| g.to_string()))
            .unwrap_or_else(|| format!("on-premises record {}", self.index))
    }

    /// The anchor-bearing GUID (what the anchor is made from).
    pub fn anchor_guid(&self) -> Option<Guid> {
        self.anchor_guid
    }
}

/// A cloud user, active or soft-deleted.
#[derive(Debug, Clone, Default)]
pub struct CloudAccount {
    pub index: usize,
    pub deleted: bool,
    /// The object id as given (a GUID in Graph).
    pub id: Option<String>,
    pub upn: Option<String>,
    pub mail: Option<String>,
    pub smtp: Vec<String>,
    /// onPremisesImmutableId exactly as stored; `None` when empty.
    pub immutable_id: Option<String>,
    pub sync_enabled: Option<bool>,
    /// `None`: not known (the record does not carry it); `Some(None)`: known empty.
    pub object_identifier: Option<Option<String>>,
    /// `None`: not known.
    pub cloud_managed: Option<bool>,
    /// False when the record has no onPremisesImmutableId property at all (not selected):
    /// whether it holds an anchor is then unknown, not "no anchor".
    pub anchor_known: bool,
}

impl CloudAccount {
    pub fn label(&self) -> String {
        self.upn.clone().or_else(|| self.id.clone()).unwrap_or_else(|| format!("cloud record {}", self.index))
    }

    /// The domain of the UPN, lower case.
    pub fn upn_domain(&self) -> Option<String> {
        self.upn.as_deref().and_then(|u| u.rsplit_once('@')).map(|(_, d)| d.to_ascii_lowercase())
    }
}

/// Where a -Mapping row came from, as messages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowOrigin {
    /// The record at this position of -Mapping.
    Given(usize),
    /// A line of a -MappingPath file.
    File { path: std::sync::Arc<str>, line: u64 },
}

impl RowOrigin {
    /// "-Mapping[0]", or "'C:\plans\map.csv', line 2".
    pub fn describe(&self) -> String {
        match self {
            RowOrigin::Given(i) => format!("-Mapping[{i}]"),
            RowOrigin::File { path, line } => format!("'{path}', line {line}"),
        }
    }

    /// What an error about the row targets: none for a given record (the caller has it),
    /// "path:line" for a line of a file.
    pub fn target(&self) -> Option<String> {
        match self {
            RowOrigin::Given(_) => None,
            RowOrigin::File { path, line } => Some(format!("{path}:{line}")),
        }
    }
}

/// One -Mapping row: an on-premises account (sAMAccountName, DOMAIN\sam, UPN, DN or GUID)
/// takes over a cloud account (UPN or object id).
#[derive(Debug, Clone)]
pub struct MappingRow {
    /// Its position among every -Mapping row, given or read from a file.
    pub index: usize,
    pub origin: RowOrigin,
    pub on_premises: String,
    pub cloud: String,
    /// For `DOMAIN\sam`: what the join made of the domain part (checked or ignored).
    pub domain_note: Option<String>,
}

/// A tenant domain (`Get-MgDomain`).
#[derive(Debug, Clone)]
pub struct Domain {
    pub name: String,
    /// `AuthenticationType` Federated (true) or Managed (false); `None` when not given.
    pub federated: Option<bool>,
    pub initial: bool,
}

/// The tenant's synchronization features (`Get-MgDirectoryOnPremiseSynchronization`).
#[derive(Debug, Clone, Default)]
pub struct Synchronization {
    pub id: Option<String>,
    pub block_hard_match: Option<bool>,
    pub block_soft_match: Option<bool>,
    /// `allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled` (since July 2026): a temporary,
    /// tenant-wide bypass of the onPremisesObjectIdentifier block.
    pub allow_object_identifier_update: Option<bool>,
}

/// What kind of role a record shows, which decides how it is given back exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleKind {
    /// An active assignment whose record does not say whether it is permanent, time-bound
    /// or an activation (a plain `roleAssignments` record).
    ActiveUnknown,
    /// An active assignment with no end (a PIM assignment schedule of type Assigned).
    Permanent,
    /// An active assignment with an end date.
    TimeBound,
    /// An active assignment made by activating an eligibility: given back by its eligibility.
    Activated,
    /// An eligibility.
    Eligible,
}

/// A group's membership: `member` (a user, lower case) is in `group` (lower case),
/// directly or transitively (`Get-MgUserTransitiveMemberOf`).
#[derive(Debug, Clone)]
pub struct GroupMembership {
    pub member: String,
    pub group: String,
}

/// A directory role assignment or eligibility.
#[derive(Debug, Clone)]
pub struct RoleAssignment {
    pub id: Option<String>,
    pub principal: String,
    pub role_definition_id: Option<String>,
    pub scope: Option<String>,
    /// `RoleDefinition.IsPrivileged` when expanded (beta); `None` when not given.
    pub privileged: Option<bool>,
    pub display: Option<String>,
    pub template_id: Option<String>,
    pub eligible: bool,
    pub kind: RoleKind,
    /// When the assignment or eligibility started, as given.
    pub starts: Option<String>,
    /// Why a plan cannot remove this role for the user and give it back (it comes through a
    /// group, or is a PIM assignment schedule or activation); `None` when it can.
    pub not_removable: Option<String>,
    /// When an eligibility or a PIM assignment ends, so that giving it back keeps its end:
    /// `None` when the input does not say, `Some(None)` when it never ends, else the end as given.
    pub ends: Option<Option<String>>,
}

impl RoleAssignment {
    /// The same role (definition and scope) for the same principal, as an eligibility and
    /// its activation are.
    pub fn same_role(&self, other: &RoleAssignment) -> bool {
        self.principal == other.principal
            && self.role_definition_id == other.role_definition_id
            && self.scope.as_deref().unwrap_or("/") == other.scope.as_deref().unwrap_or("/")
    }
}

fn owned(text: Option<&str>) -> Option<String> {
    text.map(str::to_string)
}

/// SMTP addresses of a proxyAddresses value (an array the caller joined with line breaks,
/// or a CSV cell separated by `;`, `,` or spaces): `smtp:` ones only, lower case, prefix off.
fn smtp_addresses(value: &Value) -> Vec<String> {
    let Value::Text(text) = value else { return Vec::new() };
    text.split(|c: char| c == '\n' || c == ';' || c == ',' || c.is_whitespace())
        .filter_map(|a| smtp_part(trim_value(a)).map(str::to_ascii_lowercase).filter(|rest| !rest.is_empty()))
        .collect()
}

/// An on-premises user from its record, its anchor read as the tenant's sourceAnchor
/// (`choice`) says; `Err` for a record of no use at all.
pub fn on_prem_account(index: usize, record: &Record, choice: SourceAnchor) -> Result<OnPremAccount, ConvertError> {
    not_a_record(record)?;
    if record.values.iter().all(|v| !v.is_present()) {
        return Err(wrong_record(record, &format!("none of the properties {}", record.schema.properties())));
    }
    let mut account = OnPremAccount {
        index,
        sam: owned(record.text("SamAccountName")),
        upn: owned(record.text("UserPrincipalName")),
        dn: owned(record.text("DistinguishedName")),
        mail: owned(record.text("Mail")).map(|m| m.to_ascii_lowercase()),
        smtp: smtp_addresses(&record.get("ProxyAddresses")),
        ..OnPremAccount::default()
    };
    match on_prem_exchange(record) {
        Ok(exchange) => account.exchange = exchange,
        Err(e) => account.exchange_problem = Some(e.message),
    }
    let guid_of = |name| match read_guid(&record.get(name), name) {
        GuidRead::Guid(g) => Ok(Some(g)),
        GuidRead::Unset => Ok(None),
        GuidRead::Unreadable { shown, why, .. } => Err(format!("its {name} is {shown}: {why}")),
    };
    account.object_guid = guid_of("ObjectGUID").unwrap_or_else(|why| {
        account.anchor_problem.get_or_insert(why);
        None
    });
    if choice != SourceAnchor::ConsistencyGuid {
        // Read for -Mapping by GUID and for messages; the anchor is made from another property.
        account.consistency_guid =
            record.first_set(&["mS-DS-ConsistencyGuid", "ConsistencyGuid"]).and_then(|(name, value)| match read_guid(&value, name) {
                GuidRead::Guid(g) => Some(g),
                _ => None,
            });
    }
    // The anchor: the first set of the fields the choice reads (mS-DS-ConsistencyGuid first).
    match record.anchor_by(choice) {
        Pick::Found(picked) => {
            let name = picked.property.unwrap_or("ObjectGUID");
            match read_anchor(&picked.value, name, choice) {
                AnchorRead::Guid(g) => {
                    if choice == SourceAnchor::ConsistencyGuid && !name.eq_ignore_ascii_case("ObjectGUID") {
                        account.consistency_guid = Some(g);
                    }
                    account.anchor = Some(immutable_id(&g));
                    account.anchor_guid = Some(g);
                    account.anchor_source = Some(name);
                    account.anchor_problem = None;
                }
                AnchorRead::Text(text) => {
                    account.anchor_unwritable = graph_refuses(&text).map(|(_, message)| message);
                    account.anchor = Some(text);
                    account.anchor_source = Some(name);
                    account.anchor_problem = None;
                }
                AnchorRead::Unreadable { shown, why } => account.anchor_problem = Some(format!("its {name} is {shown}: {why}")),
                AnchorRead::Unset => {}
            }
        }
        Pick::Unset(picked) if choice.attribute().is_some() => {
            account.anchor_empty = true;
            let value = match picked.value {
                Value::Text(t) => format!(" ({})", quote(t)),
                _ => String::new(),
            };
            account.anchor_problem =
                Some(format!("its {} is empty{value}, and {}: Entra Connect gives it no anchor", choice.name(), choice.said()));
        }
        Pick::Unset(_) | Pick::Missing => {
            let missing = match choice {
                SourceAnchor::ConsistencyGuid => "it has neither an objectGUID nor an mS-DS-ConsistencyGuid".to_string(),
                SourceAnchor::ObjectGuid => format!("it has no objectGUID, and {}, so mS-DS-ConsistencyGuid is ignored", choice.said()),
                SourceAnchor::Attribute(name) => {
                    format!(
                        "the record has no {name} property, and {}: read it with the user (Get-ADUser -Properties {name})",
                        choice.said()
                    )
                }
            };
            account.anchor_problem.get_or_insert(missing);
        }
    }
    Ok(account)
}

/// A cloud user from its record.
pub fn cloud_account(index: usize, deleted: bool, record: &Record) -> Result<CloudAccount, ConvertError> {
    not_a_record(record)?;
    let id = owned(record.text("Id"));
    let upn = owned(record.text("UserPrincipalName"));
    if id.is_none() && upn.is_none() {
        let mut e = wrong_record(record, "neither an Id nor a UserPrincipalName");
        e.message.push_str(" Select them: Get-MgUser -Property Id,UserPrincipalName,...");
        return Err(e);
    }
    let object_identifier = match record.first_set(&["OnPremisesObjectIdentifier", "AdditionalProperties.onPremisesObjectIdentifier"]) {
        Some((_, Value::Text(t))) => Some(Some(trim_value(t).to_string())),
        Some(_) => Some(None),
        None if record.has("OnPremisesObjectIdentifier") || record.has("AdditionalProperties.onPremisesObjectIdentifier") => Some(None),
        None => None,
    };
    let cloud_managed =
        read_bool(&record.get("IsCloudManaged")).or_else(|| read_bool(&record.get("OnPremisesSyncBehavior.IsCloudManaged")));
    let immutable_id = match record.first_set(&["OnPremisesImmutableId", "ImmutableId"]) {
        Some((_, Value::Text(t))) => Some(t.to_string()),
        _ => None,
    };
    Ok(CloudAccount {
        index,
        deleted,
        id,
        upn,
        mail: owned(record.text("Mail")).map(|m| m.to_ascii_lowercase()),
        smtp: smtp_addresses(&record.get("ProxyAddresses")),
        immutable_id,
        sync_enabled: read_bool(&record.get("OnPremisesSyncEnabled")),
        object_identifier,
        cloud_managed,
        anchor_known: record.has("OnPremisesImmutableId") || record.has("ImmutableId"),
    })
}

pub fn mapping_row(index: usize, origin: RowOrigin, record: &Record) -> Result<MappingRow, ConvertError> {
    not_a_record(record)?;
    let incomplete = |has: &str, value: &str, lacks: &str| {
        ConvertError::new(
            ErrorCode::IncompleteMapping,
            format!("This -Mapping row names {has} {} but no {lacks}: a row pairs an on-premises account (OnPremises) with the cloud account it takes over (Cloud).", quote(value)),
        )
    };
    match (record.text("OnPremises"), record.text("Cloud")) {
        (Some(on_premises), Some(cloud)) => {
            Ok(MappingRow { index, origin, on_premises: on_premises.to_string(), cloud: cloud.to_string(), domain_note: None })
        }
        (Some(on_premises), None) => {
            Err(incomplete("the on-premises account", on_premises, "Cloud (the UPN or object id of the cloud account to keep)"))
        }
        (None, Some(cloud)) => {
            Err(incomplete("the cloud account", cloud, "OnPremises (the AD user's sAMAccountName, DOMAIN\\sam, UPN, DN or GUID)"))
        }
        (None, None) => Err(wrong_record(record, "neither OnPremises nor Cloud")),
    }
}

pub fn domain(record: &Record) -> Result<Domain, ConvertError> {
    not_a_record(record)?;
    let name = record.text("Id").ok_or_else(|| wrong_record(record, "no Id"))?;
    let federated = record.text("AuthenticationType").map(|t| t.eq_ignore_ascii_case("Federated"));
    Ok(Domain { name: name.to_ascii_lowercase(), federated, initial: read_bool(&record.get("IsInitial")).unwrap_or(false) })
}

pub fn synchronization(record: &Record) -> Result<Synchronization, ConvertError> {
    not_a_record(record)?;
    let flag = |nested: &str, flat: &str| read_bool(&record.get(nested)).or_else(|| read_bool(&record.get(flat)));
    Ok(Synchronization {
        id: owned(record.text("Id")),
        block_hard_match: flag(
            "Features.BlockCloudObjectTakeoverThroughHardMatchEnabled",
            "BlockCloudObjectTakeoverThroughHardMatchEnabled",
        ),
        block_soft_match: flag("Features.BlockSoftMatchEnabled", "BlockSoftMatchEnabled"),
        allow_object_identifier_update: flag(
            "Features.AllowOnPremUpdateOfOnPremisesObjectIdentifierEnabled",
            "AllowOnPremUpdateOfOnPremisesObjectIdentifierEnabled",
        ),
    })
}

pub fn group_membership(record: &Record) -> Result<GroupMembership, ConvertError> {
    let member = record.text("PrincipalId").or_else(|| record.text("MemberId"));
    let group = record.text("GroupId").or_else(|| record.text("Id"));
    match (member, group) {
        (Some(member), Some(group)) => Ok(GroupMembership { member: member.to_ascii_lowercase(), group: group.to_ascii_lowercase() }),
        _ => Err(wrong_record(record, "no PrincipalId and GroupId (or Id)")),
    }
}

pub fn role_assignment(record: &Record) -> Result<RoleAssignment, ConvertError> {
    not_a_record(record)?;
    let principal = record.text("PrincipalId").ok_or_else(|| wrong_record(record, "no PrincipalId"))?;
    let ends = role_end(record);
    let kind = role_kind(record, &ends);
    Ok(RoleAssignment {
        id: owned(record.text("Id")),
        principal: principal.to_ascii_lowercase(),
        role_definition_id: owned(record.text("RoleDefinitionId")).map(|r| r.to_ascii_lowercase()),
        scope: owned(record.text("DirectoryScopeId")),
        privileged: read_bool(&record.get("RoleDefinition.IsPrivileged")),
        display: owned(record.text("RoleDefinition.DisplayName")),
        template_id: owned(record.text("RoleDefinition.TemplateId")).map(|t| t.to_ascii_lowercase()),
        eligible: kind == RoleKind::Eligible,
        kind,
        starts: owned(record.text("ScheduleInfo.StartDateTime").or_else(|| record.text("StartDateTime"))),
        not_removable: not_removable(record.text("MemberType")),
        ends,
    })
}

/// Graph marks the kind of a role by shape, not by a flag: an eligibility schedule instance
/// names its schedule; an eligibility schedule has a memberType but, unlike PIM's assignment
/// schedules (and their instances), no assignmentType; those say Assigned or Activated, and
/// their end says permanent or time-bound; a plain assignment has neither.
fn role_kind(record: &Record, ends: &Option<Option<String>>) -> RoleKind {
    let assignment_type = record.text("AssignmentType");
    if record.text("RoleEligibilityScheduleId").is_some() || (record.text("MemberType").is_some() && assignment_type.is_none()) {
        return RoleKind::Eligible;
    }
    match assignment_type {
        Some(a) if a.eq_ignore_ascii_case("Activated") => RoleKind::Activated,
        Some(a) if a.eq_ignore_ascii_case("Assigned") => match ends {
            Some(None) => RoleKind::Permanent,
            Some(Some(_)) => RoleKind::TimeBound,
            None => RoleKind::ActiveUnknown,
        },
        _ => RoleKind::ActiveUnknown,
    }
}

/// When an eligibility or PIM assignment ends: the end date a schedule's expiration or an
/// instance gives; never when the expiration says `noExpiration` or an instance's end is
/// empty (Graph's null); `None` when the record says nothing about it (an expiration of
/// `afterDuration` alone included: its end depends on a start the input does not give).
fn role_end(record: &Record) -> Option<Option<String>> {
    if let Some(end) = record.text("ScheduleInfo.Expiration.EndDateTime").or_else(|| record.text("EndDateTime")) {
        return Some(Some(end.to_string()));
    }
    if record.text("ScheduleInfo.Expiration.Type").is_some_and(|t| t.eq_ignore_ascii_case("noExpiration"))
        || record.get("EndDateTime").is_present()
    {
        return Some(None);
    }
    None
}

/// True for an ISO 8601 date and time with its time zone (`2027-03-31T00:00:00Z`, or an
/// offset such as `+01:00`): what Graph takes for a DateTimeOffset. A date alone, or a time
/// with no zone, is refused there.
pub fn is_graph_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |from: usize, to: usize| b.get(from..to).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let date = digits(0, 4) && at(4, b'-') && digits(5, 7) && at(7, b'-') && digits(8, 10);
    let time = (at(10, b'T') || at(10, b't')) && digits(11, 13) && at(13, b':') && digits(14, 16);
    let n = b.len();
    let zone = (n > 16 && (b[n - 1] == b'Z' || b[n - 1] == b'z'))
        || (n >= 22 && (b[n - 6] == b'+' || b[n - 6] == b'-') && digits(n - 5, n - 3) && b[n - 3] == b':' && digits(n - 2, n));
    date && time && zone
}

/// Roles a plan must not remove and give back by itself: one held through a group (removing
/// it would change the group for all its members).
fn not_removable(member_type: Option<&str>) -> Option<String> {
    member_type
        .filter(|m| m.eq_ignore_ascii_case("Group") || m.eq_ignore_ascii_case("Inherited"))
        .map(|m| format!("it comes through a group (MemberType {m}): take the user out of the group, or the role off the group, by hand"))
}
