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

use super::commands::{ad_identity, ps_quote, server, user_id};

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
    let server = server(dc);
    let guid = adoption.guid;
    // What the plan saw: a value changed since then is someone else's work, not overwritten.
    let (expected, seen) = match adoption.previous {
        Some(p) => (format!("$was -eq [guid]'{p}'"), format!("GUID {p}")),
        None => ("$null -eq $was".to_string(), "empty".to_string()),
    };
    Some(format!(
        "$user = Get-ADUser -Identity {id} -Properties 'mS-DS-ConsistencyGuid'{server}; $held = $user.PSObject.Properties['mS-DS-ConsistencyGuid']; $was = if ($held -and $held.Value -and $held.Value.Length -eq 16) {{ [guid]::new([byte[]]$held.Value) }} else {{ $null }}; if ($was -eq [guid]'{guid}') {{ Write-Host {} }} elseif ({expected}) {{ Set-ADUser -Identity {id} -Replace @{{ 'mS-DS-ConsistencyGuid' = {} }}{server} }} else {{ throw {} }}",
        ps_quote(&format!("{}'s mS-DS-ConsistencyGuid already holds the anchor {}.", o.label(), adoption.anchor)),
        byte_array_literal(&guid),
        ps_quote(&format!("{}'s mS-DS-ConsistencyGuid is no longer what the plan saw ({seen}): find out who changed it, then plan again.", o.label()))
    ))
}

/// After an adoption the anchor is the one the cloud account held before, so the match is
/// shown by the account being synced from this user: its DN, when the input gives it.
pub fn verify_adopted(c: &CloudAccount, o: &OnPremAccount, anchor: &str) -> String {
    let dn = o.dn.as_deref().map(|dn| format!(" -or $user.OnPremisesDistinguishedName -ne {}", ps_quote(dn))).unwrap_or_default();
    format!(
        "$user = Get-MgUser -UserId {} -Property Id,UserPrincipalName,OnPremisesImmutableId,OnPremisesSyncEnabled,OnPremisesDistinguishedName; if ($user.OnPremisesImmutableId -cne {} -or -not $user.OnPremisesSyncEnabled{dn}) {{ throw {} }}",
        user_id(c),
        ps_quote(anchor),
        ps_quote(&format!("{} is not synced from {} yet (its onPremisesSyncEnabled, or onPremisesDistinguishedName): let the sync finish, then run this step again; if it stays so, look for a sync error on either object.", c.label(), o.label()))
    )
}

/// Puts the user's mS-DS-ConsistencyGuid back as it was before the plan.
pub fn undo_adopt(o: &OnPremAccount, previous: Option<Guid>, dc: Option<&str>) -> Option<String> {
    let id = ad_identity(o)?;
    let server = server(dc);
    Some(match previous {
        Some(g) => format!("Set-ADUser -Identity {id} -Replace @{{ 'mS-DS-ConsistencyGuid' = {} }}{server}", byte_array_literal(&g)),
        None => format!("Set-ADUser -Identity {id} -Clear 'mS-DS-ConsistencyGuid'{server}"),
    })
}
