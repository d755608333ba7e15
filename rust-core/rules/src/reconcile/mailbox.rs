//! Exchange's facts: what keeps the person's cloud mailbox through the match. On-premises, the AD
//! user's msExch* attributes and proxyAddresses say whether Exchange there holds a mailbox
//! of its own or a remote mailbox (the on-premises face of a cloud one); in the cloud,
//! Get-EXOMailbox's records say which mailbox the account to keep has. The findings name
//! what the plan must stamp or add before the user comes back into sync scope.
//!
//! msExchRecipientTypeDetails values: 1 UserMailbox, 2 LinkedMailbox, 4 SharedMailbox, 8
//! LegacyMailbox, 16 RoomMailbox, 32 EquipmentMailbox, 128 MailUser; 2147483648
//! RemoteUserMailbox, 8589934592 RemoteRoomMailbox, 17179869184 RemoteEquipmentMailbox,
//! 34359738368 RemoteSharedMailbox (Microsoft's Exchange support blog "How
//! msExchRecipientDisplayType and msExchangeRecipientTypeDetails relate to your
//! on-premises", hardmatch-facts.md).

use crate::codec::Guid;
use crate::error::{ConvertError, ErrorCode};
use crate::records::{read_bool, read_guid, GuidRead, Record, Value};
use crate::text::{quote, trim_value};

use super::record_errors::{not_a_record, wrong_record};

/// Mailboxes held in on-premises Exchange (user, linked, shared, legacy, room, equipment).
const ON_PREMISES_MAILBOXES: [u64; 6] = [1, 2, 4, 8, 16, 32];
/// Remote mailboxes: the on-premises face of a mailbox in Exchange Online.
const REMOTE_MAILBOXES: [u64; 4] = [2_147_483_648, 8_589_934_592, 17_179_869_184, 34_359_738_368];

/// What on-premises Exchange says about an AD user.
#[derive(Debug, Clone, Default)]
pub struct OnPremExchange {
    /// True when the record carries an msExch property (even empty): the forest's Exchange
    /// state of this user is known. Otherwise nothing about it is.
    pub known: bool,
    pub mailbox_guid: Option<Guid>,
    pub archive_guid: Option<Guid>,
    pub recipient_type_details: Option<u64>,
    pub remote_recipient_type: Option<u64>,
    pub legacy_dn: Option<String>,
    /// proxyAddresses as given, prefixes and case kept.
    pub proxy_addresses: Vec<String>,
    /// True when the record carries proxyAddresses (even empty).
    pub addresses_known: bool,
}

impl OnPremExchange {
    /// True when Exchange on-premises has stamped this user at all (a hybrid organisation).
    pub fn carries_exchange(&self) -> bool {
        self.mailbox_guid.is_some() || self.recipient_type_details.is_some() || self.legacy_dn.is_some()
    }

    pub fn is_remote_mailbox(&self) -> bool {
        self.recipient_type_details.is_some_and(|t| REMOTE_MAILBOXES.contains(&t))
    }

    /// A mailbox in on-premises Exchange: its type says so, or (with no type) a mailbox GUID
    /// that no remote flag explains.
    pub fn has_on_prem_mailbox(&self) -> bool {
        match self.recipient_type_details {
            Some(t) => ON_PREMISES_MAILBOXES.contains(&t),
            None => self.mailbox_guid.is_some() && self.remote_recipient_type.is_none(),
        }
    }

    /// Mail-enabled as something a remote mailbox cannot be stamped over (a mail user, a
    /// contact): its msExchRecipientTypeDetails, when so.
    pub fn other_recipient(&self) -> Option<u64> {
        self.recipient_type_details.filter(|t| *t != 0 && !REMOTE_MAILBOXES.contains(t) && !ON_PREMISES_MAILBOXES.contains(t))
    }

    /// The primary SMTP address ("SMTP:" in capitals), without its prefix.
    pub fn primary_smtp(&self) -> Option<&str> {
        self.proxy_addresses.iter().find_map(|a| a.strip_prefix("SMTP:"))
    }

    /// True when proxyAddresses holds `address` (prefix included), as AD compares: ignoring case.
    pub fn has_address(&self, address: &str) -> bool {
        self.proxy_addresses.iter().any(|a| a.eq_ignore_ascii_case(address))
    }
}

/// An Exchange Online recipient (`Get-EXOMailbox`, `Get-Mailbox`), linked to its Entra user
/// by ExternalDirectoryObjectId.
#[derive(Debug, Clone, Default)]
pub struct Mailbox {
    /// ExternalDirectoryObjectId, lower case.
    pub user_id: Option<String>,
    pub upn: Option<String>,
    pub exchange_guid: Option<Guid>,
    /// `None` also for the nil GUID Exchange gives a mailbox without an archive.
    pub archive_guid: Option<Guid>,
    pub legacy_dn: Option<String>,
    /// EmailAddresses as given, prefixes and case kept.
    pub addresses: Vec<String>,
    pub primary_smtp: Option<String>,
    pub alias: Option<String>,
    pub recipient_type_details: Option<String>,
    /// Soft-deleted (Get-EXOMailbox -SoftDeletedMailbox) or inactive (kept by a hold).
    pub inactive: Option<&'static str>,
    /// TotalItemSize, when the admin added Get-EXOMailboxStatistics' figure.
    pub size: Option<String>,
}

impl Mailbox {
    /// How messages name it: its primary address, else its UPN, else its ExchangeGuid.
    pub fn label(&self) -> String {
        self.primary_smtp
            .clone()
            .or_else(|| self.upn.clone())
            .or_else(|| self.exchange_guid.map(|g| g.to_string()))
            .unwrap_or_else(|| "a mailbox".to_string())
    }

    /// The address the hybrid routing address is made from: the mailbox's own
    /// `@<tenant>.mail.onmicrosoft.com` address when it has one.
    pub fn routing_address(&self) -> Option<&str> {
        self.addresses.iter().filter_map(|a| smtp_part(a)).find(|a| a.to_ascii_lowercase().ends_with(".mail.onmicrosoft.com"))
    }
}

/// The address of a proxy address with the `smtp:` prefix in either case (primary or not);
/// `None` for another kind (X500:, SIP:). `get`, not slicing: a fifth byte inside a character
/// ("sip:ü@...") is no prefix.
pub(super) fn smtp_part(address: &str) -> Option<&str> {
    address.get(..5).filter(|p| p.eq_ignore_ascii_case("smtp:")).map(|_| &address[5..])
}

/// Multi-valued text (an array joined with line breaks, or a CSV cell separated by `;`):
/// each value trimmed, empty ones dropped. Addresses hold no line break or `;`.
pub(super) fn values_of(value: &Value) -> Vec<String> {
    let Value::Text(text) = value else { return Vec::new() };
    text.split(['\n', ';']).map(trim_value).filter(|a| !a.is_empty()).map(str::to_string).collect()
}

fn guid_of(record: &Record, name: &str) -> Result<Option<Guid>, ConvertError> {
    match read_guid(&record.get(name), name) {
        GuidRead::Guid(g) if g.is_nil() => Ok(None),
        GuidRead::Guid(g) => Ok(Some(g)),
        GuidRead::Unset => Ok(None),
        GuidRead::Unreadable { shown, why, code } => Err(ConvertError::new(code, format!("{name}: {shown}: {why}."))),
    }
}

fn number_of(record: &Record, name: &str) -> Result<Option<u64>, ConvertError> {
    match record.text(name) {
        None => Ok(None),
        Some(text) => text
            .parse::<u64>()
            .map(Some)
            .map_err(|_| ConvertError::new(ErrorCode::UnrecognizedFormat, format!("{name}: {} is not a whole number.", quote(text)))),
    }
}

/// The msExch attributes and proxyAddresses of an on-premises user's record.
pub(super) fn on_prem_exchange(record: &Record) -> Result<OnPremExchange, ConvertError> {
    const NAMES: [&str; 5] =
        ["msExchMailboxGuid", "msExchArchiveGuid", "msExchRecipientTypeDetails", "msExchRemoteRecipientType", "legacyExchangeDN"];
    Ok(OnPremExchange {
        known: NAMES.iter().any(|n| record.has(n)),
        mailbox_guid: guid_of(record, "msExchMailboxGuid")?,
        archive_guid: guid_of(record, "msExchArchiveGuid")?,
        recipient_type_details: number_of(record, "msExchRecipientTypeDetails")?,
        remote_recipient_type: number_of(record, "msExchRemoteRecipientType")?,
        legacy_dn: record.text("legacyExchangeDN").map(str::to_string),
        proxy_addresses: values_of(&record.get("ProxyAddresses")),
        addresses_known: record.has("ProxyAddresses"),
    })
}

/// A -Mailbox record: `Get-EXOMailbox -Properties ExchangeGuid,ArchiveGuid,LegacyExchangeDN,IsInactiveMailbox`.
pub fn mailbox(record: &Record) -> Result<Mailbox, ConvertError> {
    not_a_record(record)?;
    let user_id = record.text("ExternalDirectoryObjectId").map(str::to_ascii_lowercase);
    let upn = record.text("UserPrincipalName").map(str::to_string);
    if user_id.is_none() && upn.is_none() {
        return Err(wrong_record(record, "no ExternalDirectoryObjectId or UserPrincipalName to link it to an Entra user"));
    }
    let soft_deleted = ["IsSoftDeletedByRemove", "IsSoftDeletedByDisable"].iter().any(|n| read_bool(&record.get(n)) == Some(true))
        || record.text("WhenSoftDeleted").is_some();
    let inactive = if read_bool(&record.get("IsInactiveMailbox")) == Some(true) {
        Some("inactive")
    } else if soft_deleted {
        Some("soft-deleted")
    } else {
        None
    };
    let addresses = values_of(&record.get("EmailAddresses"));
    let primary_smtp = record
        .text("PrimarySmtpAddress")
        .map(str::to_string)
        .or_else(|| addresses.iter().find_map(|a| a.strip_prefix("SMTP:")).map(str::to_string));
    Ok(Mailbox {
        user_id,
        upn,
        exchange_guid: guid_of(record, "ExchangeGuid")?,
        archive_guid: guid_of(record, "ArchiveGuid")?,
        legacy_dn: record.text("LegacyExchangeDN").map(str::to_string),
        addresses,
        primary_smtp,
        alias: record.text("Alias").map(str::to_string),
        recipient_type_details: record.text("RecipientTypeDetails").map(str::to_string),
        inactive,
        size: record.text("TotalItemSize").map(str::to_string),
    })
}

/// The addresses the account to keep would lose at the match: its mailbox's SMTP and X500
/// addresses that AD's proxyAddresses lack (as secondary `smtp:` ones), and `X500:` of its
/// LegacyExchangeDN, which keeps replies to old mail and cached recipients working. Its
/// address on the tenant's onmicrosoft.com domain is left out (Exchange Online stamps that
/// one itself); its mail.onmicrosoft.com address is kept, as hybrid routing targets it. The
/// primary address is not among them: [`primary_to_set`] says whether it must change.
pub fn addresses_to_add(ad: &OnPremExchange, mailbox: &Mailbox) -> Vec<String> {
    let primary = mailbox.primary_smtp.as_deref().unwrap_or_default();
    let mut wanted: Vec<String> = Vec::new();
    for address in &mailbox.addresses {
        let Some((prefix, rest)) = address.split_once(':') else { continue };
        let added = if prefix.eq_ignore_ascii_case("smtp") {
            let domain = rest.rsplit_once('@').map_or("", |(_, d)| d).to_ascii_lowercase();
            let initial = domain.ends_with(".onmicrosoft.com") && !domain.ends_with(".mail.onmicrosoft.com");
            if initial || rest.eq_ignore_ascii_case(primary) {
                continue;
            }
            format!("smtp:{rest}")
        } else if prefix.eq_ignore_ascii_case("x500") {
            format!("X500:{rest}")
        } else {
            continue;
        };
        wanted.push(added);
    }
    wanted.extend(mailbox.legacy_dn.as_deref().map(|dn| format!("X500:{dn}")));
    let mut seen = std::collections::HashSet::new();
    wanted.retain(|a| !ad.has_address(a) && seen.insert(a.to_ascii_lowercase()));
    wanted
}

/// The cloud mailbox's primary SMTP address when AD's differs (or AD has none): after the
/// match AD's would win. Not when the cloud's is on an onmicrosoft.com domain: Exchange Online
/// keeps that address itself (as a secondary one), and AD's primary on the organisation's own
/// domain is the one to keep.
pub fn primary_to_set<'m>(ad: &OnPremExchange, mailbox: &'m Mailbox) -> Option<&'m str> {
    let cloud = mailbox.primary_smtp.as_deref()?;
    let on_initial = cloud.rsplit_once('@').is_some_and(|(_, d)| d.to_ascii_lowercase().ends_with(".onmicrosoft.com"));
    if on_initial && ad.primary_smtp().is_some() {
        return None;
    }
    // "SMTP:" in capitals marks the primary; the address itself compares ignoring case.
    (!ad.primary_smtp().is_some_and(|p| p.eq_ignore_ascii_case(cloud))).then_some(cloud)
}

/// The active mailbox of the account to keep, when it has one.
pub fn active_mailbox(mailboxes: &[Mailbox]) -> Option<&Mailbox> {
    mailboxes.iter().find(|m| m.inactive.is_none())
}
