//! The other direction: an AD user adopts the anchor a cloud account already holds, when no
//! on-premises user holds it any more (a retired forest, an account deleted and re-created,
//! a user moved between forests). The anchor's 16 bytes go into the user's
//! mS-DS-ConsistencyGuid, and the next sync joins the two: nothing moves in the cloud, no twin
//! is purged, no tenant switch is lifted. As ADSyncTools' Set-ADSyncToolsMsDsConsistencyGuid
//! and Update-ADSyncToolsSourceAnchor do (prior-art-tools.md).

use crate::codec::Guid;
use crate::inspect::guid_of_canonical_immutable_id;
use crate::records::SourceAnchor;
use crate::text::quote;

use super::accounts::{CloudAccount, OnPremAccount};
use super::index::Index;

/// How an AD user adopts a cloud account's anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adoption {
    /// The cloud account's anchor, as it holds it.
    pub anchor: String,
    /// The GUID whose bytes (in Guid.ToByteArray() order) make it.
    pub guid: Guid,
    /// The user's mS-DS-ConsistencyGuid before the plan, to quote in the undo.
    pub previous: Option<Guid>,
    /// True when Entra Connect may have imported the user already (it is synced, or its
    /// mS-DS-ConsistencyGuid is set to something else): it must leave sync scope first,
    /// since changing the anchor of an imported object breaks its join.
    pub leave_scope: bool,
}

/// Whether the cloud account `c` holds an anchor that no on-premises or soft-deleted record
/// holds (so an AD user can adopt it), and if not, why. `None` when `c` holds no anchor.
pub(super) fn orphan_adoption(
    c: &CloudAccount,
    on_prem: &[OnPremAccount],
    cloud: &[CloudAccount],
    index: &Index,
    choice: SourceAnchor,
) -> Option<Result<Guid, String>> {
    let anchor = c.immutable_id.as_deref()?;
    if let Some(makers) = index.makers.get(anchor) {
        return Some(Err(format!("the AD user {} holds {anchor}: the account is that user's", on_prem[makers[0]].label())));
    }
    // A wrong encoding of a user's GUID (its bytes in big-endian order, objectGUID where
    // mS-DS-ConsistencyGuid rules) is a mistake to correct, never a value to write on-premises.
    if let Some((owner, finding)) = index.mistakes.get(anchor) {
        return Some(Err(format!(
            "{anchor} is a wrong encoding of {}'s GUID ({}), which is corrected by moving the right anchor, not adopted",
            on_prem[*owner].label(),
            finding.code()
        )));
    }
    if let Some(&other) = index.holders_of(anchor).iter().find(|&&h| cloud[h].deleted && !std::ptr::eq(&cloud[h], c)) {
        return Some(Err(format!(
            "the soft-deleted {} holds {anchor} too: Entra would refuse a second account with it (purge or restore it first)",
            cloud[other].label()
        )));
    }
    if choice != SourceAnchor::ConsistencyGuid {
        return Some(Err(format!(
            "the tenant's sourceAnchor is {} (-SourceAnchor {}), so an anchor written into mS-DS-ConsistencyGuid is not read",
            choice.name(),
            choice.name()
        )));
    }
    match guid_of_canonical_immutable_id(anchor) {
        Some(guid) => Some(Ok(guid)),
        None => Some(Err(format!(
            "{} is not the Base64 of 16 bytes, so it cannot live in mS-DS-ConsistencyGuid (a GUID's 16 bytes): a non-GUID anchor is another attribute's value",
            quote(anchor)
        ))),
    }
}

/// How `o` adopts `c`'s anchor, or why it cannot. `None` when `c` holds no anchor, or holds
/// `o`'s own.
pub(super) fn pair_adoption(
    (o, c): (&OnPremAccount, &CloudAccount),
    on_prem: &[OnPremAccount],
    cloud: &[CloudAccount],
    index: &Index,
    choice: SourceAnchor,
    synced: bool,
) -> Option<Result<Adoption, String>> {
    if c.immutable_id.is_none() || c.immutable_id == o.anchor {
        return None;
    }
    let guid = match orphan_adoption(c, on_prem, cloud, index, choice)? {
        Ok(guid) => guid,
        Err(why) => return Some(Err(why)),
    };
    if index.makers.get(o.anchor.as_deref().unwrap_or_default()).is_some_and(|m| m.len() > 1) {
        return Some(Err(format!("another AD user makes the same anchor as {}", o.label())));
    }
    let previous = o.consistency_guid;
    let leave_scope = synced || previous.is_some_and(|p| p != guid);
    Some(Ok(Adoption { anchor: c.immutable_id.clone().unwrap_or_default(), guid, previous, leave_scope }))
}
