//! Every distinct value of a batch once, in one arena, found through a hash table; and
//! the groups of values equal ignoring case.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::inspect::Reasons;
use crate::{Interrupt, Interrupted};

pub(super) const NONE: u32 = u32::MAX;
/// How many steps of long work run between two looks at the interrupt.
pub(super) const STEPS_BETWEEN_CHECKS: usize = 1 << 16;

/// A fixed seed: the same input gives the same table, run after run.
const HASHER: foldhash::quality::FixedState = foldhash::quality::FixedState::with_seed(0x1D_A7C4_0B5E);

fn hash_str(s: &str) -> u64 {
    HASHER.hash_one(s)
}

/// The 32 bits of a value's hash kept in the table, so growing the table never goes back
/// to the arena (that was most of the time on a million distinct values).
fn hash32(s: &str) -> u32 {
    let h = hash_str(s);
    (h ^ (h >> 32)) as u32
}

/// The table's 64-bit hash of a kept `hash32`: low bits pick the bucket, high bits tag it.
fn spread(h: u32) -> u64 {
    u64::from(h).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Lower case, for "equal ignoring case" (char by char, so the result is stable).
fn fold_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
    } else {
        out.extend(s.chars().flat_map(char::to_lowercase));
    }
}

/// One distinct non-empty value.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    start: usize,
    len: u32,
    /// Records with this value (Summary mode; Results mode counts at the end).
    pub count: u32,
    /// Of those, records whose expected GUID disagrees with the value.
    pub guid_bad: u32,
    /// Of those, records whose expected GUID the value stands for.
    pub confirmed: u32,
    /// The value's own reasons ([`crate::inspect`]).
    pub reasons: Reasons,
}

/// (`hash32`, entry id): 8 bytes a bucket.
#[derive(Default)]
pub(super) struct Distinct {
    arena: String,
    pub entries: Vec<Entry>,
    table: HashTable<(u32, u32)>,
}

fn value_of<'a>(arena: &'a str, entries: &[Entry], id: u32) -> &'a str {
    let e = &entries[id as usize];
    &arena[e.start..e.start + e.len as usize]
}

impl Distinct {
    pub fn value(&self, id: u32) -> &str {
        value_of(&self.arena, &self.entries, id)
    }

    /// The entry of `value`, or a new one with the reasons `fresh` gives; `fresh` returning
    /// `None` (an empty value) adds nothing. Returns the id and whether it is new.
    pub fn find_or_insert(&mut self, value: &str, fresh: impl FnOnce() -> Option<Reasons>) -> Option<(u32, bool)> {
        let Distinct { arena, entries, table } = self;
        let h = hash32(value);
        let entry = table.entry(spread(h), |&(kept, id)| kept == h && value_of(arena, entries, id) == value, |&(kept, _)| spread(kept));
        let vacant = match entry {
            hashbrown::hash_table::Entry::Occupied(found) => return Some((found.get().1, false)),
            hashbrown::hash_table::Entry::Vacant(vacant) => vacant,
        };
        let reasons = fresh()?;
        let id = u32::try_from(entries.len()).ok().filter(|&id| id != NONE).expect("fewer than 4 billion distinct values");
        let len = u32::try_from(value.len()).expect("a value under 4 GB");
        entries.push(Entry { start: arena.len(), len, count: 0, guid_bad: 0, confirmed: 0, reasons });
        arena.push_str(value);
        vacant.insert((h, id));
        Some((id, true))
    }

    /// Groups the live entries by their case-folded value: `of_entry[id]` is the group of
    /// entry `id` (NONE for dead ones), `size[g]` the number of entries in group `g`.
    /// A sort, so n log n in the entries.
    pub fn fold_groups(&self, live: impl Fn(usize) -> bool, interrupt: Interrupt) -> Result<FoldGroups, Interrupted> {
        let mut folded = String::new();
        // (32-bit hash of the folded value, id) in one number: half the bytes to sort.
        let mut keys: Vec<u64> = Vec::with_capacity(self.entries.len());
        for id in (0..self.entries.len()).filter(|&id| live(id)) {
            if id % STEPS_BETWEEN_CHECKS == 0 && interrupt() {
                return Err(Interrupted);
            }
            fold_into(self.value(id as u32), &mut folded);
            keys.push(u64::from(hash32(&folded)) << 32 | id as u64);
        }
        if interrupt() {
            return Err(Interrupted);
        }
        keys.sort_unstable();
        let mut groups = FoldGroups { of_entry: vec![NONE; self.entries.len()], size: Vec::new(), shared: vec![false; self.entries.len()] };
        for run in keys.chunk_by(|a, b| a >> 32 == b >> 32) {
            if let [key] = run {
                groups.of_entry[*key as u32 as usize] = groups.size.len() as u32;
                groups.size.push(1);
                continue;
            }
            // Equal hashes: split by the folded text itself.
            let mut texts: Vec<(String, u32)> = run
                .iter()
                .map(|&key| {
                    let id = key as u32;
                    fold_into(self.value(id), &mut folded);
                    (folded.clone(), id)
                })
                .collect();
            texts.sort_unstable();
            for same in texts.chunk_by(|a, b| a.0 == b.0) {
                for (_, id) in same {
                    groups.of_entry[*id as usize] = groups.size.len() as u32;
                    groups.shared[*id as usize] = same.len() >= 2;
                }
                groups.size.push(same.len() as u32);
            }
        }
        Ok(groups)
    }
}

pub(super) struct FoldGroups {
    pub of_entry: Vec<u32>,
    pub size: Vec<u32>,
    /// By entry: its group has other entries. Read in entry order by a summary, where
    /// `size[of_entry[id]]` would jump around a million groups.
    shared: Vec<bool>,
}

impl FoldGroups {
    /// True when the entry shares its folded value with another live entry.
    pub fn case_only(&self, id: usize) -> bool {
        self.shared[id]
    }
}

/// Items grouped by key (`NONE` = no group), each group in item order (a counting sort).
pub(super) struct Members {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Members {
    pub fn new(groups: usize, keys: impl Iterator<Item = u32> + Clone) -> Members {
        let mut start = vec![0u32; groups + 1];
        for k in keys.clone().filter(|&k| k != NONE) {
            start[k as usize + 1] += 1;
        }
        for i in 0..groups {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut items = vec![0u32; start[groups] as usize];
        for (item, k) in keys.enumerate().filter(|&(_, k)| k != NONE) {
            items[next[k as usize] as usize] = item as u32;
            next[k as usize] += 1;
        }
        Members { start, items }
    }

    pub fn of(&self, group: usize) -> &[u32] {
        &self.items[self.start[group] as usize..self.start[group + 1] as usize]
    }
}
