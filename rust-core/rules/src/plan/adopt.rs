//! Which way a pair's anchor goes: moved in the cloud (the account to keep takes the AD user's
//! anchor) or adopted on-premises (the AD user takes the anchor the account already holds),
//! and the adopt route's command. Adopting changes nothing in the cloud: no twin is purged and
//! no tenant switch is lifted, so where both routes work it is the one chosen.
//!
//! The command writes the anchor's 16 bytes as a byte array, never its text:
//! `Set-ADUser -Replace @{ 'mS-DS-ConsistencyGuid' = [byte[]](...) }` (Set-ADUser,
//! learn.microsoft.com/powershell/module/activedirectory/set-aduser; as ADSyncTools'
//! Set-ADSyncToolsMsDsConsistencyGuid writes it, learn.microsoft.com/entra/identity/hybrid/connect/reference-connect-adsynctools).

use strum::{EnumIter, FromRepr, IntoStaticStr};

use crate::codec::{byte_array_literal, Guid};
use crate::reconcile::{Adoption, CloudAccount, OnPremAccount, Pair};

use super::commands::{ad_identity, ps_quote};

/// Which way the anchor goes (`-Route`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, EnumIter, IntoStaticStr, FromRepr)]
#[repr(u32)]
pub enum Route {
    /// Adopt where the target's anchor can be adopted, else move.
    #[default]
    Auto = 0,
    /// The account to keep takes the AD user's anchor.
    MoveAnchor = 1,
    /// The AD user takes the anchor the account to keep holds.
    AdoptAnchor = 2,
}

/// The route a pair takes: `Some` adoption to adopt, `None` to move; with what the plan says
/// about the choice. `Err`: the route asked for cannot be taken, and why.
pub(super) fn choose<'p>(
    pair: &'p Pair,
    o: &OnPremAccount,
    c: &CloudAccount,
    route: Route,
) -> Result<(Option<&'p Adoption>, Option<String>), String> {
    let (o_name, c_name) = (o.label(), c.label());
    match (route, &pair.adoption) {
        (Route::MoveAnchor, _) => Ok((None, None)),
        (_, Some(Ok(a))) => {
            let why = if route == Route::Auto {
                format!("{c_name} already holds the anchor {}, which no AD user given holds: {o_name} adopts it (its 16 bytes go into {o_name}'s mS-DS-ConsistencyGuid), so nothing changes in the cloud, no twin is purged and no tenant switch is lifted. -Route MoveAnchor would write {o_name}'s anchor over it instead.", a.anchor)
            } else {
                format!("{o_name} adopts the anchor {} that {c_name} holds (-Route AdoptAnchor).", a.anchor)
            };
            Ok((Some(a), Some(why)))
        }
        (Route::AdoptAnchor, Some(Err(why))) => Err(format!("-Route AdoptAnchor: {o_name} cannot adopt {c_name}'s anchor: {why}.")),
        (Route::AdoptAnchor, None) => Err(format!(
            "-Route AdoptAnchor: {c_name} holds no anchor (or holds {o_name}'s own), so there is nothing to adopt; plan without -Route."
        )),
        (_, Some(Err(why))) => {
            Ok((None, Some(format!("The plan moves the anchor in the cloud: {o_name} cannot adopt {c_name}'s anchor ({why})."))))
        }
        (_, None) => Ok((None, None)),
    }
}

/// Writes the anchor's 16 bytes into the user's mS-DS-ConsistencyGuid, unless it holds them
/// already (a step run twice does nothing the second time).
pub fn adopt_anchor(o: &OnPremAccount, adoption: &Adoption, dc: Option<&str>) -> Option<String> {
    let id = ad_identity(o)?;
    let server = dc.map(|d| format!(" -Server {}", ps_quote(d))).unwrap_or_default();
    let guid = adoption.guid;
    Some(format!(
        "$user = Get-ADUser -Identity {id} -Properties 'mS-DS-ConsistencyGuid'{server}; $now = $user.'mS-DS-ConsistencyGuid'; if ($now -and $now.Length -eq 16 -and [guid]::new([byte[]]$now) -eq [guid]'{guid}') {{ Write-Host {} }} else {{ Set-ADUser -Identity {id} -Replace @{{ 'mS-DS-ConsistencyGuid' = {} }}{server} }}",
        ps_quote(&format!("{}'s mS-DS-ConsistencyGuid already holds the anchor {}.", o.label(), adoption.anchor)),
        byte_array_literal(&guid)
    ))
}

/// Puts the user's mS-DS-ConsistencyGuid back as it was before the plan.
pub fn undo_adopt(o: &OnPremAccount, previous: Option<Guid>, dc: Option<&str>) -> Option<String> {
    let id = ad_identity(o)?;
    let server = dc.map(|d| format!(" -Server {}", ps_quote(d))).unwrap_or_default();
    Some(match previous {
        Some(g) => format!("Set-ADUser -Identity {id} -Replace @{{ 'mS-DS-ConsistencyGuid' = {} }}{server}", byte_array_literal(&g)),
        None => format!("Set-ADUser -Identity {id} -Clear 'mS-DS-ConsistencyGuid'{server}"),
    })
}
