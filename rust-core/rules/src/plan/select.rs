//! `-Pair`: a plan limited to chosen pairs, named by either account as admins name them
//! (sAMAccountName, UPN, DN or objectGUID on-premises; UPN or object id in the cloud), in any
//! letter case. A name that picks no pair is said, not dropped.

use std::cell::Cell;

use crate::codec::parse_guid_text;
use crate::reconcile::{CloudAccount, OnPremAccount};

pub(super) struct Selection<'n> {
    names: &'n [String],
    /// Which names picked a pair.
    used: Vec<Cell<bool>>,
}

impl<'n> Selection<'n> {
    pub fn new(names: &'n [String]) -> Self {
        Selection { names, used: names.iter().map(|_| Cell::new(false)).collect() }
    }

    /// True when the pair of `o` and `c` is to be planned: no names were given, or one names
    /// either account.
    pub fn picks(&self, o: &OnPremAccount, c: &CloudAccount) -> bool {
        if self.names.is_empty() {
            return true;
        }
        let mut picked = false;
        for (name, used) in self.names.iter().zip(&self.used) {
            if names_either(name.trim(), o, c) {
                used.set(true);
                picked = true;
            }
        }
        picked
    }

    /// The names that picked no pair.
    pub fn unused(&self) -> impl Iterator<Item = &str> {
        self.names.iter().zip(&self.used).filter(|(_, u)| !u.get()).map(|(n, _)| n.as_str())
    }
}

fn names_either(name: &str, o: &OnPremAccount, c: &CloudAccount) -> bool {
    let same = |value: &Option<String>| value.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(name));
    let guid = parse_guid_text(name);
    same(&o.sam) || same(&o.upn) || same(&o.dn) || (guid.is_some() && guid == o.object_guid) || same(&c.upn) || same(&c.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_a_pair_by_either_account_and_says_which_names_picked_none() {
        let names = vec!["ALICE".to_string(), "874bcd2b-148d-47ca-b309-91df64f05bf5".to_string(), "nobody".to_string()];
        let selection = Selection::new(&names);
        let alice = OnPremAccount { sam: Some("alice".into()), ..Default::default() };
        let bob = OnPremAccount {
            sam: Some("bob".into()),
            object_guid: parse_guid_text("874bcd2b-148d-47ca-b309-91df64f05bf5"),
            ..Default::default()
        };
        let carol = OnPremAccount { sam: Some("carol".into()), ..Default::default() };
        let cloud = CloudAccount { upn: Some("x@contoso.com".into()), ..Default::default() };
        assert!(selection.picks(&alice, &cloud));
        assert!(selection.picks(&bob, &cloud));
        assert!(!selection.picks(&carol, &cloud));
        assert_eq!(selection.unused().collect::<Vec<_>>(), vec!["nobody"]);
        assert!(Selection::new(&[]).picks(&carol, &cloud));
    }
}
