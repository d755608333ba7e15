//! A plan as a PowerShell script for a person to read and run at scale: the steps of each pair
//! under a header naming both accounts, every step commented with its reason, warnings and
//! alternatives, with the check that skips it when its effect is in place; the Graph scopes
//! and roles its steps need, and the `Connect-MgGraph` that asks for them; and the runner
//! (`runner.ps1`): pairs fail alone, every step is logged, a rerun resumes each pair, and what
//! was lifted is given back in `finally`. Runs in Windows PowerShell 5.1 as in PowerShell 7.

use std::collections::{BTreeMap, BTreeSet};

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

/// Exchange's cmdlets come from a session the admin opens: a step that needs one says which,
/// before anything of it runs (its check included).
fn exchange_guard(action: Action) -> Option<&'static str> {
    match action {
        Action::StampRemoteMailbox => Some("if (-not (Get-Command Set-RemoteMailbox -ErrorAction SilentlyContinue)) { throw 'This step needs on-premises Exchange cmdlets: open the Exchange Management Shell (or import its remote session), then run the script again.' }; "),
        Action::VerifyMailbox => Some("if (-not (Get-Command Get-EXOMailbox -ErrorAction SilentlyContinue)) { throw 'This step needs Exchange Online: Import-Module ExchangeOnlineManagement; Connect-ExchangeOnline, then run the script again.' }; "),
        _ => None,
    }
}

/// The code that does a step: its command (or the script's own form of it), with ADSync
/// commands sent to the Connect server.
fn code(step: &Step) -> Option<String> {
    let command = step.script_command.as_deref().or(step.command.as_deref())?;
    let guard = exchange_guard(step.action).unwrap_or("");
    Some(match step.action {
        // A cycle already running is waited for (a second one is refused), and a cycle that
        // does not start says so (Start-ADSyncSyncCycle's Result: learn.microsoft.com,
        // how-to-connect-sync-feature-scheduler).
        Action::Sync if on_connect_server(step) => format!(
            "Invoke-ADSync {{ while ((Get-ADSyncScheduler).SyncCycleInProgress) {{ Start-Sleep -Seconds 10 }}; $cycle = {command}; if ($cycle -and \"$($cycle.Result)\" -ne 'Success') {{ throw \"Start-ADSyncSyncCycle: $($cycle.Result)\" }}; do {{ Start-Sleep -Seconds 10 }} while ((Get-ADSyncScheduler).SyncCycleInProgress) }}"
        ),
        Action::PauseScheduler | Action::ResumeScheduler => format!("Invoke-ADSync {{ {command} }}"),
        _ => format!("{guard}{command}"),
    })
}

/// A stable name of the plan, so that a log is never read against another plan: FNV-1a (64
/// bits) of every step's order, pair, action and command.
fn plan_id(plan: &Plan) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for step in &plan.steps {
        let text = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1e}",
            step.order,
            step.account,
            <&str>::from(step.action),
            step.command.as_deref().unwrap_or("")
        );
        for byte in text.bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

const PARAMETERS: &str = r#"[CmdletBinding()]
param(
    # The Entra Connect server: its ADSync commands (the scheduler, the syncs) run there
    # through PowerShell remoting. Without it they run here when the ADSync module is here,
    # else the script asks you to run each one there by hand.
    [string] $ConnectServer,
    # The log: one CSV row per step (time, pair, step, action, result, message). A rerun reads
    # it and resumes each pair where it stopped. Default: beside this script, <name>.log.csv.
    [string] $LogPath,
    # Run only these pairs (their numbers, as the headers below give them); the others wait.
    [int[]] $Pair
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
"#;

const RUNNER: &str = include_str!("runner.ps1");

/// The script text of a plan.
pub fn script(plan: &Plan, module_version: &str) -> String {
    let runnable = |s: &&Step| code(s).is_some();
    let pairs = plan.steps.iter().map(|s| s.pair).max().unwrap_or(0);
    let mut out = String::new();
    out.push_str(&format!(
        "# Hard-match plan written by New-HardMatchPlan (ImmutableId {module_version}). Pairs to run: {}; steps that run: {} (the plan's notices are comments).\n",
        plan.pairs.len(),
        plan.steps.iter().filter(runnable).count()
    ));
    for line in [
        "# Read every step before you run it. The steps of each pair are under its header; the script runs",
        "# them in the plan's order, so that all pairs share the syncs. A step that changes something is",
        "# skipped when its effect is in place already, and the log keeps a rerun from doing any step again.",
        "# A step that fails stops its own pair, and what that pair lifted is given back at once; the other",
        "# pairs go on. The tenant's hard-match block and Entra Connect's scheduler are lifted only while a",
        "# pair needs it and given back, as they were, in finally. The script ends with one line per pair",
        "# and exits with 1 when a pair failed or stopped, or something lifted could not be given back.",
        "# Every step is logged (-LogPath; keep the log): fix what failed and run the script again, and each",
        "# pair resumes where it stopped. Try it on one pair first (-Pair 1).",
        "# Do not run it signed in as an account it changes (it may remove that account's roles).",
    ] {
        out.push_str(line);
        out.push('\n');
    }
    let (mut scopes, mut roles) = (BTreeSet::new(), BTreeSet::new());
    for step in plan.steps.iter().filter(|s| s.command.is_some()) {
        let (s, r) = needs(step.action);
        scopes.extend(s.iter().copied());
        roles.extend(r.iter().copied());
    }
    let has = |action: Action| plan.steps.iter().any(|s| s.action == action && s.command.is_some());
    if !roles.is_empty() {
        out.push_str(&format!(
            "# Entra roles the steps need (Global Administrator holds them all): {}.\n",
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
    out.push_str(PARAMETERS);
    out.push_str(&format!("$PlanId = '{}'\n", plan_id(plan)));
    out.push_str(RUNNER);
    // Which step gives back each lift.
    let given_back_by: BTreeMap<u32, u32> = plan.steps.iter().filter_map(|s| s.gives_back.map(|lift| (lift, s.order))).collect();
    // Where Microsoft's documentation is unsettled, said once, numbered: the steps refer to it.
    let mut unsettled: BTreeMap<&str, usize> = BTreeMap::new();
    for text in plan.steps.iter().filter_map(|s| s.unsettled.as_deref()) {
        let next = unsettled.len() + 1;
        unsettled.entry(text).or_insert(next);
    }
    let notes = Notes { given_back_by: &given_back_by, unsettled: &unsettled };
    if !unsettled.is_empty() {
        out.push_str("\n# ==== Where Microsoft's documentation is unsettled (the steps refer to these) ====\n");
        let mut numbered: Vec<(&usize, &&str)> = unsettled.iter().map(|(t, n)| (n, t)).collect();
        numbered.sort();
        for (n, text) in numbered {
            for line in wrap(&format!("[{n}] {text}"), 100) {
                out.push_str(&format!("# {line}\n"));
            }
        }
    }
    out.push_str("\n# ==== The tenant ====\n");
    for step in plan.steps.iter().filter(|s| s.pair == 0) {
        write_step(&mut out, step, &notes);
    }
    // Each pair's steps, in one pass: a plan of thousands of pairs is written in linear time.
    let mut by_pair: Vec<Vec<&Step>> = vec![Vec::new(); pairs as usize + 1];
    for step in &plan.steps {
        by_pair[step.pair as usize].push(step);
    }
    let planned: BTreeMap<u32, &super::PlannedPair> = plan.pairs.iter().map(|p| (p.number, p)).collect();
    for (number, steps) in by_pair.iter().enumerate().skip(1) {
        let Some(first) = steps.first() else { continue };
        out.push_str(&format!("\n# ==== Pair {number} of {pairs}: {} ====\n", one_line(&first.account)));
        match planned.get(&(number as u32)) {
            Some(p) => out.push_str(&format!(
                "Add-PlanPair -Number {number} -Name {} -Matched {{ {} }}\n",
                super::ps_quote(&one_line(&p.name)),
                p.matched
            )),
            None => {
                let why = steps.iter().find(|s| s.action == Action::NotPlanned).or(steps.first()).map_or("", |s| s.reason.as_str());
                out.push_str(&format!(
                    "Add-PlanPair -Number {number} -Name {} -Skipped {}\n",
                    super::ps_quote(&one_line(&first.account)),
                    super::ps_quote(&one_line(why))
                ));
            }
        }
        for step in steps {
            write_step(&mut out, step, &notes);
        }
    }
    out.push('\n');
    if !scopes.is_empty() {
        let quoted: Vec<String> = scopes.iter().map(|s| super::ps_quote(s)).collect();
        out.push_str(&format!("Connect-MgGraph -Scopes {}\n", quoted.join(", ")));
        // Consent can be refused scope by scope: nothing runs without every one (Get-MgContext).
        out.push_str(&format!("Assert-GraphScopes @({})\n", quoted.join(", ")));
    }
    out.push_str("Invoke-Plan\nif ($script:Failed -gt 0) { exit 1 }\n");
    out
}

/// What steps refer to: the step that gives back each lift, the number of each unsettled note.
struct Notes<'p> {
    given_back_by: &'p BTreeMap<u32, u32>,
    unsettled: &'p BTreeMap<&'p str, usize>,
}

/// A step's header, comments, and registration (none for a step with nothing to run).
fn write_step(out: &mut String, step: &Step, notes: &Notes) {
    let gives_back = step.gives_back.map(|n| format!(", giving back step {n}")).unwrap_or_default();
    let account = if step.pair == 0 { String::new() } else { format!(" ({})", one_line(&step.account)) };
    out.push_str(&format!(
        "\n# Step {}: {}{}{}{}\n",
        step.order,
        <&str>::from(step.action),
        account,
        gives_back,
        if step.reversible { "" } else { " -- CANNOT BE UNDONE" }
    ));
    let unsettled = step.unsettled.as_deref().and_then(|t| notes.unsettled.get(t)).map(|n| format!("see [{n}] above."));
    for (label, text) in [("", Some(&step.reason)), ("WARNING: ", step.warning.as_ref()), ("Documentation unsettled: ", unsettled.as_ref())]
    {
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            for line in wrap(&format!("{label}{text}"), 100) {
                out.push_str(&format!("# {line}\n"));
            }
        }
    }
    if let Some(alternative) = &step.alternative {
        out.push_str(&format!("# Alternative: {}\n", one_line(alternative)));
    }
    let Some(run) = code(step) else { return };
    let mut line = format!("Add-PlanStep -Order {} -Pair {} -Action {}", step.order, step.pair, <&str>::from(step.action));
    if let Some(check) = &step.check {
        line.push_str(&format!(" -Check {{ {}{check} }}", exchange_guard(step.action).unwrap_or("")));
    }
    line.push_str(&format!(" -Run {{ {run} }}"));
    if let Some(lift) = step.gives_back {
        line.push_str(&format!(" -GivesBack {lift}"));
    }
    if let Some(back) = notes.given_back_by.get(&step.order) {
        line.push_str(&format!(" -GivenBackBy {back}"));
    }
    if !step.reversible {
        line.push_str(" -Irreversible");
    }
    out.push_str(&line);
    out.push('\n');
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
