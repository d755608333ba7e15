//! Hard-match plans (`New-HardMatchPlan`).
