//! Reconciliation of on-premises and cloud accounts (`Compare-ImmutableId`).
