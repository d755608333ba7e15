//! The join's lookups: accounts by anchor and by name, and which cloud anchors are wrong
//! encodings of an on-premises GUID. Built once in time linear in the accounts; every
//! lookup is a hash, and keys borrow the accounts' own text.

use std::hash::{Hash, Hasher};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::codec::guid::{guid_from_stored_bytes, Guid};
use crate::codec::parse_guid_text;

use super::accounts::{CloudAccount, OnPremAccount};
use super::Finding;

/// A hash map with a fast hasher, seeded per process.
pub(super) type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

pub(super) fn new_map<K, V>() -> Map<K, V> {
    Map::with_hasher(foldhash::fast::RandomState::default())
}

/// A map sized for `n` keys up front: no rehashing while it fills.
pub(super) fn map_for<K, V>(n: usize) -> Map<K, V> {
    Map::with_capacity_and_hasher(n, foldhash::fast::RandomState::default())
}

/// How many names a message lists before "and N more": a message about one account must
/// not grow with the number of accounts sharing its value.
pub(super) const NAMED_AT_MOST: usize = 5;

/// "a, b, c, d, e and 7 more": at most [`NAMED_AT_MOST`] of `total` names.
pub(super) fn some_names(names: impl Iterator<Item = String>, total: usize) -> String {
    let shown: Vec<String> = names.take(NAMED_AT_MOST).collect();
    match total.saturating_sub(shown.len()) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// Text compared ignoring ASCII case (names, UPNs, mail, anchors that differ only in case),
/// without a lower-cased copy.
#[derive(Clone, Copy, Debug)]
pub(super) struct Folded<'a>(pub &'a str);

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Folded<'_> {}

impl Hash for Folded<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Lower-cased a chunk at a time on the stack: one hasher call per chunk, not per byte.
        let mut chunk = [0u8; 32];
        for part in self.0.as_bytes().chunks(chunk.len()) {
            for (to, from) in chunk.iter_mut().zip(part) {
                *to = from.to_ascii_lowercase();
            }
            state.write(&chunk[..part.len()]);
        }
        state.write_u8(0xff);
    }
}

/// The accounts under one key: almost always one, so held without an allocation.
#[derive(Debug, Clone)]
pub(super) enum Ids {
    One([usize; 1]),
    Many(Vec<usize>),
}

impl std::ops::Deref for Ids {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        match self {
            Ids::One(one) => one,
            Ids::Many(many) => many,
        }
    }
}

impl Ids {
    /// The list, to change.
    pub fn as_vec(&mut self) -> &mut Vec<usize> {
        if let Ids::One([one]) = *self {
            *self = Ids::Many(vec![one]);
        }
        match self {
            Ids::Many(many) => many,
            Ids::One(_) => unreachable!("made Many above"),
        }
    }
}

/// Appends `value` to `key`'s list once. Values arrive in increasing order, so a repeat can
/// only be the last one: no scan of the list.
pub(super) fn push<K: Hash + Eq>(map: &mut Map<K, Ids>, key: K, value: usize) {
    match map.entry(key) {
        std::collections::hash_map::Entry::Vacant(vacant) => {
            vacant.insert(Ids::One([value]));
        }
        std::collections::hash_map::Entry::Occupied(mut occupied) => {
            if occupied.get().last() != Some(&value) {
                occupied.get_mut().as_vec().push(value);
            }
        }
    }
}

/// Finds accounts by anchor and by name.
pub(super) struct Index<'a> {
    /// Anchor -> cloud accounts (active or deleted) holding it exactly.
    pub holders: Map<&'a str, Ids>,
    /// Anchor ignoring case -> the first two distinct spellings held (a case-only twin
    /// exists when there are two; keeping more would let one key grow without bound).
    pub folded: Map<Folded<'a>, Vec<&'a str>>,
    /// Anchor -> on-premises accounts that make it.
    pub makers: Map<&'a str, Ids>,
    /// Anchor ignoring case -> the first on-premises account that makes it.
    pub makers_folded: Map<Folded<'a>, usize>,
    /// A cloud anchor that is a wrong encoding of an on-premises GUID -> that account and
    /// which mistake it is.
    pub mistakes: Map<&'a str, (usize, Finding)>,
    /// On-premises account -> the wrongly encoded anchors of its GUIDs that are held.
    pub mistaken: Map<usize, Vec<&'a str>>,
    on_prem_by_name: Map<Folded<'a>, Ids>,
    on_prem_by_guid: Map<Guid, Ids>,
    cloud_by_name: Map<Folded<'a>, Ids>,
}

impl<'a> Index<'a> {
    /// `by_name`: index accounts by name too, for -Mapping (not needed without one).
    pub fn new(on_prem: &'a [OnPremAccount], cloud: &'a [CloudAccount], by_name: bool) -> Index<'a> {
        let (n, m) = (on_prem.len(), cloud.len());
        let mut index = Index {
            holders: map_for(m),
            folded: map_for(m),
            makers: map_for(n),
            makers_folded: map_for(n),
            mistakes: new_map(),
            mistaken: new_map(),
            on_prem_by_name: map_for(if by_name { 3 * n } else { 0 }),
            on_prem_by_guid: map_for(n),
            cloud_by_name: map_for(if by_name { 2 * m } else { 0 }),
        };
        // GUIDs whose ObjectGUID anchor is a mistake: the user's mS-DS-ConsistencyGuid is
        // set to something else, and that is what Entra Connect anchors on.
        let mut object_guid_not_anchor: Map<Guid, usize> = new_map();
        for (i, o) in on_prem.iter().enumerate() {
            if let Some(anchor) = o.anchor.as_deref() {
                push(&mut index.makers, anchor, i);
                index.makers_folded.entry(Folded(anchor)).or_insert(i);
            }
            if by_name {
                for name in [&o.sam, &o.upn, &o.dn].into_iter().flatten() {
                    push(&mut index.on_prem_by_name, Folded(name), i);
                }
            }
            for guid in [o.object_guid, o.consistency_guid].into_iter().flatten() {
                push(&mut index.on_prem_by_guid, guid, i);
            }
            // Only where the anchor is made from the mS-DS-ConsistencyGuid: a tenant that
            // anchors on objectGUID (-SourceAnchor ObjectGUID) ignores it.
            if let (Some(object_guid), Some(consistency)) = (o.object_guid, o.consistency_guid) {
                if object_guid != consistency && o.anchor_guid == Some(consistency) {
                    object_guid_not_anchor.entry(object_guid).or_insert(i);
                }
            }
        }
        for (c, account) in cloud.iter().enumerate() {
            if by_name {
                for name in [&account.id, &account.upn].into_iter().flatten() {
                    push(&mut index.cloud_by_name, Folded(name), c);
                }
            }
            let Some(anchor) = account.immutable_id.as_deref() else { continue };
            push(&mut index.holders, anchor, c);
            let twins = index.folded.entry(Folded(anchor)).or_default();
            if twins.len() < 2 && !twins.contains(&anchor) {
                twins.push(anchor);
            }
            if index.makers.contains_key(anchor) || index.mistakes.contains_key(anchor) {
                continue;
            }
            if let Some((owner, finding)) = index.mistake(anchor, &object_guid_not_anchor, on_prem) {
                index.mistakes.insert(anchor, (owner, finding));
                index.mistaken.entry(owner).or_default().push(anchor);
            }
        }
        index
    }

    /// Whether `anchor` is a wrong encoding of an on-premises GUID, found by decoding it:
    /// the GUID's bytes in big-endian order, the Base64 of its text, or the ImmutableId of
    /// an objectGUID where mS-DS-ConsistencyGuid is the anchor.
    fn mistake(&self, anchor: &str, object_guid_not_anchor: &Map<Guid, usize>, on_prem: &[OnPremAccount]) -> Option<(usize, Finding)> {
        // Only a GUID-based anchor has wrong encodings: an attribute's string has none.
        let owner_of =
            |guid: &Guid| self.on_prem_by_guid.get(guid).and_then(|o| o.first().copied()).filter(|&o| on_prem[o].anchor_guid.is_some());
        match anchor.len() {
            24 => {
                let bytes: [u8; 16] = STANDARD.decode(anchor).ok()?.try_into().ok()?;
                if let Some(&owner) = object_guid_not_anchor.get(&guid_from_stored_bytes(bytes)) {
                    return Some((owner, Finding::ObjectGuidAnchor));
                }
                owner_of(&Guid::from_bytes(bytes)).map(|owner| (owner, Finding::BigEndianAnchor))
            }
            48 => {
                let text = STANDARD.decode(anchor).ok()?;
                let guid = std::str::from_utf8(&text).ok().filter(|t| t.len() == 36).and_then(|t| Guid::try_parse(t).ok())?;
                owner_of(&guid).map(|owner| (owner, Finding::GuidTextAnchor))
            }
            _ => None,
        }
    }

    /// The on-premises accounts a -Mapping key names (sAMAccountName, UPN, DN or GUID).
    pub fn find_on_prem(&self, key: &'a str) -> &[usize] {
        let key = key.trim();
        let found = match parse_guid_text(key) {
            Some(guid) => self.on_prem_by_guid.get(&guid),
            None => self.on_prem_by_name.get(&Folded(key)),
        };
        found.map_or(&[], |ids| ids)
    }

    /// The cloud accounts a -Mapping key names (UPN or object id), at most two; an active
    /// account wins over a soft-deleted one of the same name.
    pub fn find_cloud(&self, key: &'a str, cloud: &[CloudAccount]) -> Vec<usize> {
        let found: &[usize] = self.cloud_by_name.get(&Folded(key.trim())).map_or(&[], |ids| ids);
        let active: Vec<usize> = found.iter().copied().filter(|&c| !cloud[c].deleted).take(2).collect();
        if active.is_empty() {
            found.iter().copied().take(2).collect()
        } else {
            active
        }
    }

    /// The cloud accounts holding `anchor`.
    pub fn holders_of(&self, anchor: &str) -> &[usize] {
        self.holders.get(anchor).map_or(&[], |ids| ids)
    }

    /// Spellings of `anchor` that differ only in letter case and that cloud accounts hold.
    pub fn case_twins_of(&self, anchor: &'a str) -> impl Iterator<Item = &'a str> + '_ {
        self.folded.get(&Folded(anchor)).into_iter().flatten().copied().filter(move |&t| t != anchor)
    }

    /// The wrong encodings of on-premises account `i`'s GUIDs that cloud accounts hold.
    pub fn mistakes_held(&self, i: usize) -> impl Iterator<Item = (&'a str, Finding)> + '_ {
        self.mistaken.get(&i).into_iter().flatten().map(|&m| (m, self.mistakes[m].1))
    }
}
