//! The caller's pointers, checked before they become slices or references: no null with a
//! length, no length over `PTRDIFF_MAX` bytes (`slice::from_raw_parts`'s own limit), the
//! type's alignment, and no two out-parameters in the same place.

use std::mem::{align_of, size_of};

use crate::status::IidStatus;

fn check<T>(ptr: *const T, len: usize) -> Result<(), IidStatus> {
    let size = size_of::<T>().max(1);
    if len > isize::MAX as usize / size || (len > 0 && ptr.is_null()) || (!ptr.is_null() && !(ptr as usize).is_multiple_of(align_of::<T>()))
    {
        return Err(IidStatus::InvalidArgument);
    }
    Ok(())
}

/// A caller's array; null is allowed only for an empty one.
///
/// # Safety
/// When `ptr` is not null it must be valid for reads of `len` items for `'a`.
pub(crate) unsafe fn slice_in<'a, T>(ptr: *const T, len: usize) -> Result<&'a [T], IidStatus> {
    check(ptr, len)?;
    Ok(if len == 0 { &[] } else { std::slice::from_raw_parts(ptr, len) })
}

/// A caller's array to write; null is allowed only for an empty one.
///
/// # Safety
/// When `ptr` is not null it must be valid for writes of `len` items for `'a`, and no
/// other reference may point into it.
pub(crate) unsafe fn slice_out<'a, T>(ptr: *mut T, len: usize) -> Result<&'a mut [T], IidStatus> {
    check(ptr, len)?;
    Ok(if len == 0 { &mut [] } else { std::slice::from_raw_parts_mut(ptr, len) })
}

/// A caller's single out-parameter, required.
///
/// # Safety
/// `ptr` must be null or valid for writes of a `T`.
pub(crate) unsafe fn out_ref<'a, T>(ptr: *mut T) -> Result<&'a mut T, IidStatus> {
    check(ptr, 1)?;
    ptr.as_mut().ok_or(IidStatus::InvalidArgument)
}

/// A caller's single in-parameter, required.
///
/// # Safety
/// `ptr` must be null or valid for reads of a `T`.
pub(crate) unsafe fn in_ref<'a, T>(ptr: *const T) -> Result<&'a T, IidStatus> {
    check(ptr, 1)?;
    ptr.as_ref().ok_or(IidStatus::InvalidArgument)
}

/// A memory region an out-parameter covers, for [`disjoint`].
pub(crate) fn region<T>(ptr: *const T, len: usize) -> (usize, usize) {
    let start = ptr as usize;
    (start, start.saturating_add(len.saturating_mul(size_of::<T>())))
}

/// True when two regions share a byte. Empty and null regions share none.
fn overlap(a: (usize, usize), b: (usize, usize)) -> bool {
    let empty = |r: (usize, usize)| r.0 == 0 || r.0 == r.1;
    !empty(a) && !empty(b) && a.0 < b.1 && b.0 < a.1
}

/// `INVALID_ARGUMENT` when two out-parameters share memory: writing one would corrupt the
/// other (two `&mut` to one place). Empty and null regions never overlap.
pub(crate) fn disjoint(regions: &[(usize, usize)]) -> Result<(), IidStatus> {
    for (i, a) in regions.iter().enumerate() {
        if regions[i + 1..].iter().any(|b| overlap(*a, *b)) {
            return Err(IidStatus::InvalidArgument);
        }
    }
    Ok(())
}

/// True when an out-parameter shares memory with one of the call's inputs: resetting it
/// would change the input before it is read (and the library would hold a shared and a
/// mutable reference to one place). Such an output is left as it was and the call refused.
/// A region said to be longer than `PTRDIFF_MAX` bytes is no buffer at all: the call
/// refuses it anyway, and it must not keep the other outputs from being reset.
pub(crate) fn touches(output: (usize, usize), inputs: &[(usize, usize)]) -> bool {
    let real = |r: &(usize, usize)| r.1 - r.0 <= isize::MAX as usize;
    real(&output) && inputs.iter().filter(|r| real(r)).any(|input| overlap(output, *input))
}

/// The region of a single in-parameter, and of the buffers it points to (as `with` gives
/// them) when it is not null and aligned: read without making a reference, so an output
/// over it is found before any reference to either is made.
///
/// # Safety
/// `ptr` must be null or valid for reads of a `T` when aligned.
pub(crate) unsafe fn struct_regions<T: Copy, const N: usize>(
    ptr: *const T,
    with: impl Fn(&T) -> [(usize, usize); N],
) -> Vec<(usize, usize)> {
    let mut regions = vec![region(ptr, 1)];
    if !ptr.is_null() && (ptr as usize).is_multiple_of(align_of::<T>()) {
        regions.extend(with(&std::ptr::read(ptr)));
    }
    regions
}

/// Reads the caller's interrupt flag: a 32-bit integer the caller sets (from another
/// thread) to non-zero to stop long work. Null means "never".
///
/// # Safety
/// `flag` must be null or point to an aligned `int32_t` that stays valid for the call.
pub(crate) unsafe fn interrupt_flag<'a>(flag: *const i32) -> Result<Option<&'a std::sync::atomic::AtomicI32>, IidStatus> {
    if flag.is_null() {
        return Ok(None);
    }
    check(flag, 1)?;
    Ok(Some(std::sync::atomic::AtomicI32::from_ptr(flag.cast_mut())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_would_break_a_slice() {
        let data = [1u32, 2, 3];
        unsafe {
            assert_eq!(slice_in(data.as_ptr(), 3).unwrap(), &data);
            assert!(slice_in::<u32>(std::ptr::null(), 0).unwrap().is_empty());
            assert_eq!(slice_in::<u32>(std::ptr::null(), 1), Err(IidStatus::InvalidArgument));
            assert_eq!(slice_in(data.as_ptr(), usize::MAX), Err(IidStatus::InvalidArgument));
            assert_eq!(slice_in(data.as_ptr(), 1 << 62), Err(IidStatus::InvalidArgument));
            let misaligned = (data.as_ptr() as *const u8).add(1) as *const u32;
            assert_eq!(slice_in(misaligned, 1), Err(IidStatus::InvalidArgument));
        }
        assert!(disjoint(&[region(data.as_ptr(), 1), region(data[1..].as_ptr(), 2)]).is_ok());
        assert_eq!(disjoint(&[region(data.as_ptr(), 2), region(data[1..].as_ptr(), 2)]), Err(IidStatus::InvalidArgument));
        assert!(disjoint(&[region(data.as_ptr(), 0), region(data.as_ptr(), 2)]).is_ok());
        assert!(touches(region(data[2..].as_ptr(), 1), &[region(data.as_ptr(), 1), region(data.as_ptr(), 3)]));
        assert!(!touches(region(data[2..].as_ptr(), 1), &[region(data.as_ptr(), 2), region(std::ptr::null::<u32>(), 9)]));
    }
}
