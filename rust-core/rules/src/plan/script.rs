//! A plan as a PowerShell script for a person to read and run: every step commented with
//! its reason, warnings and alternatives; the Graph scopes and roles its steps need, and
//! the `Connect-MgGraph` that asks for them; and a `finally` block that gives back whatever
//! the steps lifted (the tenant's block, roles, UPNs, the scheduler) if it stops midway.
//! Runs in Windows PowerShell 5.1 as in PowerShell 7.

use std::collections::BTreeSet;

use super::{Action, Plan, Step};

/// What a step needs: Microsoft Graph scopes, and the roles that hold the rights. Pages:
/// Graph's permissions sections of user-update, directory-deleteditems-restore and -delete,
/// rbacapplication-post-roleassignmentschedulerequests / -roleeligibilityschedulerequests,
/// rbacapplication-post-roleassignments, onpremisesdirectorysynchronization-update,
/// onpremisessyncbehavior-update (hardmatch-facts.md).
fn needs(action: Action) -> (&'static [&'static str], &'static [&'static str]) {
    use Action::*;
    match action {
        SetAnchor
        | MoveUpnToInitialDomain
        | MoveUpnBack
        | VerifyMatch
        | CheckNoHolder
        | VerifyTwinDeleted
        | VerifyTwinCleared
        | RemoveTwinAddresses
        | VerifyMailbox => (&["User.ReadWrite.All"], &["User Administrator"]),
        PurgeTwin | RestoreTwinAndClear => (&["User.ReadWrite.All", "User.DeleteRestore.All"], &["User Administrator"]),
        RemoveRole | RestoreRole => (
            &[
                "RoleManagement.ReadWrite.Directory",
                "RoleAssignmentSchedule.ReadWrite.Directory",
                "RoleEligibilitySchedule.ReadWrite.Directory",
            ],
            &["Privileged Role Administrator"],
        ),
        TenantSwitchOff | TenantSwitchOn => (&["OnPremDirectorySynchronization.ReadWrite.All"], &["Global Administrator"]),
        ClearObjectIdentifier | SwitchToOnPremisesManaged => {
            (&["User-OnPremisesSyncBehavior.ReadWrite.All"], &["Hybrid Identity Administrator"])
        }
        // Exchange Management Shell and ActiveDirectory: no Graph scope.
        Notice | NotPlanned | OutOfScope | BackInScope | Sync | PauseScheduler | ResumeScheduler | StampRemoteMailbox
        | AddProxyAddresses | AdoptAnchor => (&[], &[]),
    }
}

/// Steps whose command runs on the Entra Connect server (ADSync module).
fn on_connect_server(step: &Step) -> bool {
    matches!(step.action, Action::PauseScheduler | Action::ResumeScheduler)
        || (step.action == Action::Sync && step.command.as_deref().is_some_and(|c| c.starts_with("Start-ADSyncSyncCycle")))
}

/// The code that does a step: its command, with ADSync commands sent to the Connect server.
fn code(step: &Step) -> Option<String> {
    let command = step.command.as_deref()?;
    Some(match step.action {
        Action::Sync if on_connect_server(step) => {
            format!("Invoke-ADSync {{ {command} | Out-Null; do {{ Start-Sleep -Seconds 10 }} while ((Get-ADSyncScheduler).SyncCycleInProgress) }}")
        }
        Action::PauseScheduler => {
            format!("$schedulerWas = Invoke-ADSync {{ (Get-ADSyncScheduler).SyncCycleEnabled }}; Invoke-ADSync {{ {command} }}")
        }
        // Given back as it was: left off when it was off before the plan.
        Action::ResumeScheduler => format!("if ($schedulerWas -ne $false) {{ Invoke-ADSync {{ {command} }} }}"),
        // Exchange's cmdlets come from a session the admin opens: say which, before anything runs.
        Action::StampRemoteMailbox => format!("if (-not (Get-Command Set-RemoteMailbox -ErrorAction SilentlyContinue)) {{ throw 'This step needs on-premises Exchange cmdlets: open the Exchange Management Shell (or import its remote session), then run the step again.' }}; {command}"),
        Action::VerifyMailbox => format!("if (-not (Get-Command Get-EXOMailbox -ErrorAction SilentlyContinue)) {{ throw 'This step needs Exchange Online: Import-Module ExchangeOnlineManagement; Connect-ExchangeOnline, then run the step again.' }}; {command}"),
        _ => command.to_string(),
    })
}

const PROLOGUE: &str = r#"[CmdletBinding()]
param(
    # The Entra Connect server: its ADSync commands (the scheduler, the syncs) run there
    # through PowerShell remoting. Without it they run here when the ADSync module is here,
    # else the script asks you to run each one there by hand.
    [string] $ConnectServer
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Invoke-ADSync([scriptblock] $Command) {
    if ($ConnectServer) { Invoke-Command -ComputerName $ConnectServer -ScriptBlock $Command }
    elseif (Get-Command Set-ADSyncScheduler -ErrorAction SilentlyContinue) { & $Command }
    else { Read-Host "Run { $Command } on the Entra Connect server, wait for it to finish, then press Enter" | Out-Null }
}

# What the steps lift, by step number (a string key: an ordered dictionary's [int] is a
# position), with what gives it back: each giving-back step runs it and removes it; the
# finally block runs whatever is left if the script stops.
$giveBack = [ordered]@{}
$schedulerWas = $null
"#;

const EPILOGUE: &str = r#"}
finally {
    foreach ($lifted in @($giveBack.Keys | Sort-Object { [int] $_ } -Descending)) {
        Write-Warning "The script stopped before giving back what step $lifted took away: giving it back now."
        try { & $giveBack[$lifted] }
        catch { Write-Warning "Giving back what step $lifted took away failed: $_ Do it by hand: see the step that gives it back." }
    }
}
"#;

/// The script text of a plan.
pub fn script(plan: &Plan, module_version: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!("# Hard-match plan written by New-HardMatchPlan (ImmutableId {module_version}).\n"));
    out.push_str("# Read every step before you run it. The script stops at the first step that fails and then gives\n");
    out.push_str("# back, in its finally block, whatever it had lifted (the tenant's hard-match block, roles, UPNs,\n");
    out.push_str("# Entra Connect's scheduler); fix the cause and run the remaining steps.\n");
    out.push_str("# Do not run it signed in as an account it changes (it may remove that account's roles).\n");
    let (mut scopes, mut roles) = (BTreeSet::new(), BTreeSet::new());
    for step in plan.steps.iter().filter(|s| s.command.is_some()) {
        let (s, r) = needs(step.action);
        scopes.extend(s.iter().copied());
        roles.extend(r.iter().copied());
    }
    let has = |action: Action| plan.steps.iter().any(|s| s.action == action && s.command.is_some());
    if !roles.is_empty() {
        out.push_str(&format!(
            "# Entra roles the steps need (or Global Administrator): {}.\n",
            roles.iter().copied().collect::<Vec<_>>().join(", ")
        ));
    }
    if has(Action::OutOfScope) {
        out.push_str("# Active Directory: the ActiveDirectory module and the right to move the accounts between their OUs.\n");
    }
    if plan.steps.iter().any(on_connect_server) {
        out.push_str("# Entra Connect: membership of ADSyncAdmins on its server (see -ConnectServer).\n");
    }
    if has(Action::RemoveTwinAddresses) {
        out.push_str("# Exchange Online: Connect-ExchangeOnline as a Recipient Administrator (or Exchange Administrator).\n");
    }
    out.push_str("#Requires -Version 5.1\n");
    out.push_str(PROLOGUE);
    if !scopes.is_empty() {
        let quoted: Vec<String> = scopes.iter().map(|s| super::ps_quote(s)).collect();
        out.push_str(&format!("Connect-MgGraph -Scopes {}\n", quoted.join(", ")));
    }
    out.push_str("try {\n");
    let lifted: BTreeSet<u32> = plan.steps.iter().filter_map(|s| s.gives_back).collect();
    for step in &plan.steps {
        write_step(&mut out, step);
        match (code(step), step.gives_back) {
            (Some(_), Some(lift)) => out.push_str(&format!("    & $giveBack['{lift}']; $giveBack.Remove('{lift}')\n")),
            (Some(run), None) => {
                out.push_str(&format!("    {run}\n"));
                if lifted.contains(&step.order) {
                    if let Some(back) = plan.steps.iter().find(|s| s.gives_back == Some(step.order)).and_then(code) {
                        out.push_str(&format!("    $giveBack['{}'] = {{ {back} }}\n", step.order));
                    }
                }
            }
            (None, _) if step.action == Action::NotPlanned => out.push_str("    # Not planned: no command runs for this account.\n"),
            (None, _) => {}
        }
    }
    out.push_str(EPILOGUE);
    out
}

/// A step's header and comments.
fn write_step(out: &mut String, step: &Step) {
    let gives_back = step.gives_back.map(|n| format!(", giving back step {n}")).unwrap_or_default();
    out.push_str(&format!(
        "\n    # Step {}: {} ({}){}{}\n",
        step.order,
        <&str>::from(step.action),
        one_line(&step.account),
        gives_back,
        if step.reversible { "" } else { " -- CANNOT BE UNDONE" }
    ));
    for (label, text) in
        [("", Some(&step.reason)), ("WARNING: ", step.warning.as_ref()), ("Documentation unsettled: ", step.unsettled.as_ref())]
    {
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            for line in wrap(&format!("{label}{text}"), 100) {
                out.push_str(&format!("    # {line}\n"));
            }
        }
    }
    if let Some(alternative) = &step.alternative {
        out.push_str(&format!("    # Alternative: {}\n", one_line(alternative)));
    }
}

/// Text for a comment line: a line break (or any control character) in a value from the
/// input would end the comment and make the rest of the value a line that runs.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') { ' ' } else { c }).collect()
}

/// Words of `text` in lines of at most `width` characters (split on any white space, line
/// breaks included, so no value can end a comment line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
