//! What every export returns. The lowest module of the crate: everything else uses it.

/// What every export returns.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IidStatus {
    /// The call ran; per-item failures, if any, are notes in its answer.
    Ok = 0,
    /// A pointer, length, buffer, range or enum value the call cannot take; nothing was done.
    InvalidArgument = 1,
    /// The library panicked (a bug); the panic was caught, and its message kept for
    /// `iid_panic_message`. Out-parameters hold what they were reset to.
    Panic = 2,
    /// The caller's interrupt flag was set; the work stopped between two chunks.
    Interrupted = 3,
}
