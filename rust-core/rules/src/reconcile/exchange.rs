//! The Exchange checks of a hard match: what the plan must stamp or add so that the person
//! keeps the cloud mailbox, and what needs a person first.

use super::accounts::{CloudAccount, OnPremAccount};
use super::facts::Facts;
use super::mailbox::{active_mailbox, addresses_to_add, primary_to_set};
use super::{Check, Finding, Pair};

/// The Exchange checks of a hard match of `pair.on_prem` onto `pair.target`.
pub(super) fn check_mailboxes(pair: &mut Pair, on_prem: &[OnPremAccount], cloud: &[CloudAccount], facts: &Facts) {
    let (o, c) = (&on_prem[pair.on_prem], &cloud[pair.target]);
    let (o_name, c_name) = (o.label(), c.label());
    let ad = &o.exchange;
    if let Some(problem) = &o.exchange_problem {
        pair.findings.push((
            Finding::ExchangeAttributesUnreadable,
            format!("{o_name}'s Exchange attributes could not be read ({problem}), so whether Exchange on-premises holds a mailbox for it is not known."),
        ));
        pair.not_checked.push(Check::OnPremisesMailbox);
    } else if !ad.known || !ad.addresses_known {
        pair.not_checked.push(Check::OnPremisesMailbox);
    }
    let Some(mailboxes) = facts.mailboxes_of(c) else {
        pair.not_checked.push(Check::Mailboxes);
        return;
    };
    for &t in &pair.twins {
        let twin = &cloud[t];
        for m in facts.mailboxes_of(twin).unwrap_or_default() {
            let size = m
                .size
                .as_deref()
                .map_or("its size unknown (add Get-EXOMailboxStatistics' TotalItemSize to know it)".to_string(), |s| format!("{s} in it"));
            let state = m.inactive.map_or(String::new(), |s| format!(", {s}"));
            pair.findings.push((Finding::TwinHasMailbox, format!("{}, the twin holding the anchor, has a mailbox of its own ({}{state}, ExchangeGuid {}), {size}: purging the twin destroys it.", twin.label(), m.label(), m.exchange_guid.map(|g| g.to_string()).unwrap_or_else(|| "unknown".to_string()))));
        }
    }
    let Some(mailbox) = active_mailbox(mailboxes) else {
        if let Some(m) = mailboxes.first() {
            pair.findings.push((Finding::MailboxNotActive, format!("{c_name}'s only mailbox, {}, is {}: the match does not bring it back; recover it separately (an inactive mailbox can be restored into another).", m.label(), m.inactive.unwrap_or("not active"))));
        }
        return;
    };
    let exchange_guid = mailbox.exchange_guid.map_or("(not given)".to_string(), |g| g.to_string());
    if ad.known && ad.has_on_prem_mailbox() {
        pair.findings.push((Finding::OnPremisesMailbox, format!("{o_name} has a mailbox in on-premises Exchange (msExchRecipientTypeDetails {}, msExchMailboxGuid {}) and {c_name} has one in Exchange Online ({}, ExchangeGuid {exchange_guid}): after the match one person would have two mailboxes and mail would go to one of them. Migrate the on-premises mailbox to Exchange Online, or disable one of the two, first; then plan again.", ad.recipient_type_details.map_or("not set".to_string(), |t| t.to_string()), ad.mailbox_guid.map_or("not set".to_string(), |g| g.to_string()), mailbox.label())));
        return;
    }
    if facts.exchange_on_premises && ad.known {
        if !ad.is_remote_mailbox() {
            let now = match ad.recipient_type_details {
                Some(t) => format!("its msExchRecipientTypeDetails is {t}"),
                None => "it is not mail-enabled".to_string(),
            };
            pair.findings.push((Finding::NotRemoteMailbox, format!("Exchange runs on-premises (AD carries its attributes) and {o_name} is not a remote mailbox ({now}): on-premises Exchange could not manage {c_name}'s mailbox {} (ExchangeGuid {exchange_guid}). The plan makes it that mailbox's remote mailbox before it comes back into scope.", mailbox.label())));
        } else if ad.mailbox_guid != mailbox.exchange_guid || (mailbox.archive_guid.is_some() && ad.archive_guid != mailbox.archive_guid) {
            pair.findings.push((Finding::RemoteMailboxGuidMismatch, format!("{o_name} is a remote mailbox whose msExchMailboxGuid {} (archive {}) is not the ExchangeGuid {exchange_guid} (archive {}) of {c_name}'s mailbox: moves and mail routing would go wrong. The plan sets them before it comes back into scope.", ad.mailbox_guid.map_or("not set".to_string(), |g| g.to_string()), ad.archive_guid.map_or("none".to_string(), |g| g.to_string()), mailbox.archive_guid.map_or("none".to_string(), |g| g.to_string()))));
        }
    }
    if ad.addresses_known {
        let missing = addresses_to_add(ad, mailbox);
        let primary = primary_to_set(ad, mailbox);
        let keeping = if primary.is_some() { " (and makes the cloud's primary address AD's)" } else { "" };
        if !missing.is_empty() || primary.is_some() {
            let listed = if missing.is_empty() { String::new() } else { format!(" lacks {}", missing.join(", ")) };
            let primary = primary.map_or(String::new(), |p| {
                format!(
                    "{}its primary address is {} where the cloud's is {p}",
                    if listed.is_empty() { " " } else { "; " },
                    ad.primary_smtp().unwrap_or("not set")
                )
            });
            pair.findings.push((Finding::CloudAddressesMissing, format!("After the match every address comes from AD, and {o_name}'s proxyAddresses{listed}{primary}: without them mail to those addresses and replies to old mail would bounce. The plan adds them{keeping} before it comes back into scope.")));
        }
    }
}
