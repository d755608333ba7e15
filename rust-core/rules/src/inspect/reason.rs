//! Reason codes: one name for each thing that can be wrong with an ImmutableId, on its
//! own or in its batch. The names are public (about_ImmutableId, ErrorIds, result
//! objects): add at the end, never rename or reorder, since a reason's number is its bit.

use bitflags::bitflags;
use strum::{EnumCount, EnumIter, FromRepr, IntoStaticStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, EnumCount, IntoStaticStr, FromRepr)]
#[repr(u32)]
pub enum Reason {
    Empty,
    TooLong,
    NotBase64Character,
    BadLengthOrPadding,
    UrlSafeAlphabet,
    GraphForbiddenCharacter,
    SurroundingWhiteSpace,
    EmbeddedWhiteSpace,
    Quotes,
    ZeroWidthCharacter,
    ByteOrderMark,
    NonCanonicalPadding,
    GuidInsteadOfImmutableId,
    Base64OfGuidText,
    NotGuidBased,
    PlainString,
    Duplicate,
    CaseOnlyDuplicate,
    GuidMismatch,
    BigEndianByteOrder,
    /// A valid ImmutableId whose letters were all changed to one case: not repairable.
    CaseMangled,
    /// Decodes as a GUID but its letters are all one case, which real values almost never are.
    MaybeCaseMangled,
    /// 16 bytes of hex (`2B CD 4B ...`), as Synchronization Service Manager shows a GUID.
    HexInsteadOfImmutableId,
    /// The all-zero GUID, never a real object's anchor.
    NilGuid,
    /// The record's expected GUID (objectGUID, mS-DS-ConsistencyGuid) is not a GUID.
    ExpectedGuidUnreadable,
    /// 32 bare hex digits: an N-form GUID or the 16 bytes in stored order, which are
    /// different GUIDs. Settled by the record's expected GUID when it is one of the two.
    AmbiguousHex,
}

/// How bad a reason is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Legitimate but worth a look.
    Warning,
    /// The value must not be written as it is.
    Invalid,
}

impl Reason {
    pub const COUNT: usize = <Reason as EnumCount>::COUNT;

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn severity(self) -> Severity {
        match self {
            Reason::NotGuidBased | Reason::PlainString | Reason::CaseOnlyDuplicate | Reason::MaybeCaseMangled | Reason::NilGuid => {
                Severity::Warning
            }
            _ => Severity::Invalid,
        }
    }

    pub fn is_warning(self) -> bool {
        self.severity() == Severity::Warning
    }

    /// Characters copy and paste adds around or inside a value.
    pub fn is_stray_character(self) -> bool {
        matches!(
            self,
            Reason::SurroundingWhiteSpace
                | Reason::EmbeddedWhiteSpace
                | Reason::Quotes
                | Reason::ZeroWidthCharacter
                | Reason::ByteOrderMark
        )
    }

    fn bit(self) -> Reasons {
        Reasons::from_bits_retain(1 << self as u64)
    }
}

bitflags! {
    /// A set of reasons; bit `n` is the reason numbered `n`. Iterates in [`Reason`] order.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
    pub struct Reasons: u64 {
        const _ = !0;
    }
}

impl Reasons {
    pub fn of(reason: Reason) -> Reasons {
        reason.bit()
    }

    pub fn add(&mut self, reason: Reason) {
        self.insert(reason.bit());
    }

    pub fn has(self, reason: Reason) -> bool {
        self.contains(reason.bit())
    }

    /// The reasons in the set, in [`Reason`] order. Walks the set bits only: summaries ask
    /// this of every record, and most sets are empty.
    pub fn reasons(self) -> impl Iterator<Item = Reason> {
        let mut bits = self.bits() & (u64::MAX >> (64 - Reason::COUNT));
        std::iter::from_fn(move || {
            let n = bits.trailing_zeros();
            bits &= bits.wrapping_sub(1);
            Reason::from_repr(n)
        })
    }

    /// The worst severity among the reasons; `None` for an empty set.
    pub fn worst(self) -> Option<Severity> {
        self.reasons().map(Reason::severity).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn sets_iterate_in_reason_order_and_judge_the_worst() {
        let mut r = Reasons::default();
        r.add(Reason::BigEndianByteOrder);
        r.add(Reason::Empty);
        r.add(Reason::Quotes);
        assert_eq!(r.reasons().collect::<Vec<_>>(), [Reason::Empty, Reason::Quotes, Reason::BigEndianByteOrder]);
        assert_eq!(r.worst(), Some(Severity::Invalid));
        assert_eq!(Reasons::of(Reason::PlainString).worst(), Some(Severity::Warning));
        assert_eq!(Reasons::default().worst(), None);
        assert_eq!(Reasons::default().reasons().count(), 0);
        let all = Reason::iter().fold(Reasons::default(), |mut set, r| {
            set.add(r);
            set
        });
        assert!(all.reasons().eq(Reason::iter()));
    }

    #[test]
    fn every_reason_fits_the_set_and_has_its_number() {
        const { assert!(Reason::COUNT <= 64) };
        for (n, r) in Reason::iter().enumerate() {
            assert_eq!(r as usize, n);
            assert_eq!(Reason::from_repr(n as u32), Some(r));
        }
    }
}
