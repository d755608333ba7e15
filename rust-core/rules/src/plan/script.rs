//! A plan as a PowerShell script for a person to read and run: every step commented with
//! its reason, warnings and alternatives, stopping at the first step that fails.

use super::{Action, Plan};

/// The script text of a plan.
pub fn script(plan: &Plan, module_version: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!("# Hard-match plan written by New-HardMatchPlan (ImmutableId {module_version}).\n"));
    out.push_str("# Read every step before you run it. The script stops at the first step that fails; fix the cause and\n");
    out.push_str("# run the remaining steps. It needs Connect-MgGraph with User.ReadWrite.All (and the scopes steps name),\n");
    out.push_str("# the ActiveDirectory module for Move-ADObject, and Start-ADSyncSyncCycle runs on the Entra Connect server.\n");
    out.push_str("# Do not run it signed in as an account it changes (it may remove that account's roles). If it stops\n");
    out.push_str("# midway, what it lifted (the tenant's hard-match block, roles) stays lifted until you finish or put it back.\n");
    out.push_str("#Requires -Version 5.1\n$ErrorActionPreference = 'Stop'\nSet-StrictMode -Version Latest\n");
    for step in &plan.steps {
        out.push_str(&format!(
            "\n# Step {}: {} ({}){}\n",
            step.order,
            <&str>::from(step.action),
            one_line(&step.account),
            if step.reversible { "" } else { " -- CANNOT BE UNDONE" }
        ));
        for (label, text) in
            [("", Some(&step.reason)), ("WARNING: ", step.warning.as_ref()), ("Documentation unsettled: ", step.unsettled.as_ref())]
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
        match (&step.command, step.action) {
            (Some(command), Action::Sync) if command.starts_with("Start-ADSyncSyncCycle") => {
                out.push_str(&format!(
                    "Read-Host {} | Out-Null\n",
                    super::ps_quote(&format!(
                        "Run '{command}' on the Entra Connect server, wait for the cycle to finish, then press Enter"
                    ))
                ));
            }
            (Some(command), _) => {
                out.push_str(command);
                out.push('\n');
            }
            (None, Action::NotPlanned) => out.push_str("# Not planned: no command runs for this account.\n"),
            (None, _) => {}
        }
    }
    out
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
