//! `Compare-ImmutableId` and `New-HardMatchPlan`: an opaque reconciler fed with records of
//! each kind, joined, then asked for one result per account and for the plan's steps.

use std::sync::atomic::Ordering;

use immutableid_rules::csv::CsvFailure;
use immutableid_rules::plan::{self, Plan, PlanOptions};
use immutableid_rules::reconcile::{Reconciler, Reconciliation};
use immutableid_rules::records::Schema;

use crate::answer::{out_answer, out_answer_apart, page_outputs, AnswerBuilder, IidAnswer, IidSpan, IidText};
use crate::boundary::ffi_boundary;
use crate::csv_request::IidCsvRequest;
use crate::enums::{IidAccountStatus, IidFreeAnchor, IidRoute, IidSchema, IidSeverity, IidSide, IidSyncEngine};
use crate::input::{parameter_text, source_anchor_parameter, IidInput, Input};
use crate::memory::{in_ref, interrupt_flag, out_ref, region, struct_regions, touches};
use crate::status::IidStatus;

/// Joins on-premises and cloud accounts. Opaque; create with `iid_reconciler_new`, release
/// with `iid_reconciler_free`. One thread at a time.
pub struct IidReconciler {
    taking: Option<Reconciler>,
    done: Option<Reconciliation>,
    /// The next result `iid_reconciler_next` gives.
    next_result: usize,
    plan: Option<Plan>,
    next_step: usize,
}

/// What `iid_reconciler_finish` found, in numbers.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct IidReconcileCounts {
    /// Results to read with `iid_reconciler_next`: one per account.
    pub results: usize,
    /// Hard matches the input asks for.
    pub pairs: usize,
    /// -Mapping rows that name no account, read with `iid_reconciler_mapping_errors`.
    pub mapping_errors: usize,
}

/// One account's result.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct IidAccountResult {
    /// An `IidSide`.
    pub side: u32,
    /// An `IidAccountStatus`.
    pub status: u32,
    /// Its position in its input.
    pub index: usize,
    pub label: IidText,
    pub anchor: IidText,
    pub anchor_source: IidText,
    pub counterpart: IidText,
    /// Finding codes, in `lists`.
    pub findings: IidSpan,
    /// One sentence per finding, in `lists`.
    pub messages: IidSpan,
    /// Codes of the checks that could not be made for want of facts, in `lists`.
    pub not_checked: IidSpan,
}

/// What a plan needs beyond the accounts.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct IidPlanOptions {
    /// UTF-16 DN of an OU outside the sync scope; null or empty when not given.
    pub out_of_scope_ou: *const u16,
    pub out_of_scope_ou_len: usize,
    /// An `IidSyncEngine`.
    pub sync_engine: u32,
    /// An `IidFreeAnchor`.
    pub free_anchor: u32,
    /// UTF-16 name of the domain controller the ActiveDirectory commands go to (`-Server`);
    /// null or empty when not given.
    pub server: *const u16,
    pub server_len: usize,
    /// An `IidRoute`: which way each pair's anchor goes.
    pub route: u32,
    /// UTF-16 names of the pairs to plan (`-Pair`: either account's sAMAccountName, UPN, DN,
    /// objectGUID or object id), separated by line feeds (U+000A); null or empty plans every pair.
    pub pairs: *const u16,
    pub pairs_len: usize,
}

/// One step of a plan.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct IidPlanStep {
    pub order: u32,
    /// 1 when the step can be undone.
    pub reversible: u32,
    pub account: IidText,
    /// The action's name (`SetAnchor`, `PurgeTwin`...).
    pub action: IidText,
    /// The exact command; none for notices and accounts not planned.
    pub command: IidText,
    pub reason: IidText,
    pub warning: IidText,
    pub alternative: IidText,
    pub unsettled: IidText,
}

/// A new, empty reconciler in `out`. `source_anchor` (UTF-16, `source_anchor_len` units) is
/// the tenant's sourceAnchor, which says what on-premises users' anchors are made from:
/// `ConsistencyGuid` (`mS-DS-ConsistencyGuid` when set, else `objectGUID`; also when null or
/// empty), `ObjectGUID`, or the name of another attribute (the `ON_PREMISES_USER` schema's
/// `SOURCE_ANCHOR` field, and the CSV column of that name, which a file must have); anything
/// else is `INVALID_ARGUMENT` (`iid_source_anchor` says why), with `*out` null.
///
/// # Safety
/// `source_anchor` must be valid for `source_anchor_len` reads; `out` must point to a
/// pointer the caller owns.
#[no_mangle]
pub unsafe extern "C" fn iid_reconciler_new(
    source_anchor: *const u16,
    source_anchor_len: usize,
    out: *mut *mut IidReconciler,
) -> IidStatus {
    ffi_boundary! {
        let out = out_ref(out)?;
        *out = std::ptr::null_mut();
        let choice = source_anchor_parameter(source_anchor, source_anchor_len)?;
        *out = Box::into_raw(Box::new(IidReconciler {
            taking: Some(Reconciler::anchored_on(choice)),
            done: None,
            next_result: 0,
            plan: None,
            next_step: 0,
        }));
        Ok(())
    }
}

/// Adds records of one input: `schema` is `ON_PREMISES_USER`, `CLOUD_USER`, `DELETED_USER`,
/// `MAPPING`, `DOMAIN`, `SYNCHRONIZATION`, `ROLE_ASSIGNMENT`, `GROUP_MEMBERSHIP` or `MAILBOX`. Adding no record still says
/// the input was given (an empty -Deleted means "no soft-deleted users", not "not checked").
/// `answer` receives an error note for each record that cannot be used. After
/// `iid_reconciler_finish` nothing more can be added (`INVALID_ARGUMENT`).
///
/// # Safety
/// `reconciler` must come from `iid_reconciler_new`; `input` as for `iid_to_immutable_id`;
/// `answer` must point to an `IidAnswer` the caller owns, apart from the input.
#[no_mangle]
pub unsafe extern "C" fn iid_reconciler_add(
    reconciler: *mut IidReconciler,
    schema: u32,
    input: *const IidInput,
    answer: *mut IidAnswer,
) -> IidStatus {
    ffi_boundary! {
        let schema = IidSchema::from_repr(schema).map(Schema::from).filter(|schema| {
            matches!(
                schema,
                Schema::OnPremisesUser
                    | Schema::CloudUser
                    | Schema::DeletedUser
                    | Schema::Mapping
                    | Schema::Domain
                    | Schema::Synchronization
                    | Schema::RoleAssignment
                    | Schema::GroupMembership
                    | Schema::Mailbox
            )
        });
        let read = schema.ok_or(IidStatus::InvalidArgument).and_then(|schema| Input::read(input, schema));
        let answer = out_answer_apart(answer, &Input::regions_of(&read))?;
        let handle = out_ref(reconciler)?;
        let schema = schema.ok_or(IidStatus::InvalidArgument)?;
        let input = read?;
        let taking = handle.taking.as_mut().ok_or(IidStatus::InvalidArgument)?;
        match schema {
            Schema::DeletedUser => taking.deleted_given(),
            Schema::Mapping => taking.mapping_given(),
            Schema::Domain => taking.domains_given(),
            Schema::RoleAssignment => taking.roles_given(),
            Schema::GroupMembership => taking.groups_given(),
            Schema::Mailbox => taking.mailboxes_given(),
            _ => {}
        }
        let mut built = AnswerBuilder::default();
        for i in 0..input.records() {
            let added = input.with_record(i, |record| match schema {
                Schema::OnPremisesUser => taking.add_on_prem(record),
                Schema::CloudUser => taking.add_cloud(record, false),
                Schema::DeletedUser => taking.add_cloud(record, true),
                Schema::Mapping => taking.add_mapping(record),
                Schema::Domain => taking.add_domain(record),
                Schema::Synchronization => taking.add_synchronization(record),
                Schema::GroupMembership => taking.add_group_membership(record),
                Schema::Mailbox => taking.add_mailbox(record),
                _ => taking.add_role(record),
            });
            if let Err(e) = added.and_then(|r| r) {
                built.note(i, IidSeverity::Error, e.code, &e.message);
            }
        }
        built.finish(answer);
        Ok(())
    }
}

/// Reads the CSV file `request` names (its columns unused) as records of `schema`:
/// `ON_PREMISES_USER`, `CLOUD_USER`, `DELETED_USER`, `MAPPING` or `MAILBOX`. `answer` receives an error
/// note for each record that cannot be used, its `item` the record's line (1 or more) and
/// its message naming the file and the line. A
/// problem with the file as a whole is one error note with `item` 0 and a CSV code
/// (`FileNotFound`, `FileUnreadable`, `EmptyFile`, `NotCsv`, `ColumnNotFound`, `BinaryFile`,
/// `LineTooLong`, `RaggedRow`, `UnclosedQuote`), every record of the file taken back; the
/// status is still `OK`. When `*interrupt` turns non-zero the read stops between chunks with
/// `INTERRUPTED`, the file's records taken back.
///
/// # Safety
/// `reconciler` must come from `iid_reconciler_new`; `request`'s path must be valid for its
/// length; `interrupt` must be null or point to an aligned `int32_t`; `answer` must point to
/// an `IidAnswer` the caller owns, apart from the request, its path and the flag.
#[no_mangle]
pub unsafe extern "C" fn iid_reconciler_add_csv(
    reconciler: *mut IidReconciler,
    schema: u32,
    request: *const IidCsvRequest,
    interrupt: *const i32,
    answer: *mut IidAnswer,
) -> IidStatus {
    ffi_boundary! {
        let mut inputs = IidCsvRequest::regions(request);
        inputs.push(region(interrupt, 1));
        let answer = out_answer_apart(answer, &inputs)?;
        let handle = out_ref(reconciler)?;
        let schema = Schema::from(IidSchema::from_repr(schema).ok_or(IidStatus::InvalidArgument)?);
        if !matches!(schema, Schema::OnPremisesUser | Schema::CloudUser | Schema::DeletedUser | Schema::Mapping | Schema::Mailbox) {
            return Err(IidStatus::InvalidArgument);
        }
        let (path, options) = in_ref(request)?.file()?;
        let flag = interrupt_flag(interrupt)?;
        let taking = handle.taking.as_mut().ok_or(IidStatus::InvalidArgument)?;
        let stop = || flag.is_some_and(|f| f.load(Ordering::Relaxed) != 0);
        let mut built = AnswerBuilder::default();
        match taking.add_csv_file(schema, &path, &options, &stop) {
            Ok(rows) => {
                for (line, e) in rows {
                    built.note(line as usize, IidSeverity::Error, e.code, &e.message);
                }
            }
            Err(CsvFailure::Interrupted) => return Err(IidStatus::Interrupted),
            Err(CsvFailure::File(e)) => built.note(0, IidSeverity::Error, e.code.as_str(), &e.message),
        }
        built.finish(answer);
        Ok(())
    }
}

/// Joins everything added; `counts` says what to read next. Stops with `INTERRUPTED` when
/// `*interrupt` turns non-zero (the reconciler is then spent: free it).
///
/// # Safety
/// `reconciler` must come from `iid_reconciler_new`; `interrupt` must be null or point to
/// an aligned `int32_t`; `counts` must point to an `IidReconcileCounts` the caller owns,
/// apart from the flag.
#[no_mangle]
pub unsafe extern "C" fn iid_reconciler_finish(
    reconciler: *mut IidReconciler,
    interrupt: *const i32,
    counts: *mut IidReconcileCounts,
) -> IidStatus {
    ffi_boundary! {
        if touches(region(counts.cast_const(), 1), &[region(interrupt, 1)]) {
            return Err(IidStatus::InvalidArgument);
        }
        let counts = out_ref(counts)?;
        *counts = IidReconcileCounts::default();
        let handle = out_ref(reconciler)?;
        let flag = interrupt_flag(interrupt)?;
        let taking = handle.taking.take().ok_or(IidStatus::InvalidArgument)?;
        let stop = || flag.is_some_and(|f| f.load(Ordering::Relaxed) != 0);
        let done = taking.finish(&stop).map_err(|_| IidStatus::Interrupted)?;
        *counts = IidReconcileCounts { results: done.results.len(), pairs: done.pairs.len(), mapping_errors: done.mapping_errors.len() };
        handle.done = Some(done);
        Ok(())
    }
}

/// The errors about -Mapping rows, one note each (`item` is the row, counting the records
/// given and the rows of files alike, in the order added). `answer`'s list item `n` says
/// where note `n`'s row came from: empty for a record given to `iid_reconciler_add`,
/// `path:line` for a row of a file.
/// Warnings about the input as a whole follow (severity `WARNING`, `item` 0, code
/// `InputIncomplete`: a property the cloud records lack), each with an empty list item.
///
/// # Safety
/// `reconciler` must come from `iid_reconciler_new`; `answer` must point to an `IidAnswer` the caller owns.
#[no_mangle]
pub unsafe extern "C" fn iid_reconciler_mapping_errors(reconciler: *mut IidReconciler, answer: *mut IidAnswer) -> IidStatus {
    ffi_boundary! {
        let answer = out_answer(answer)?;
        let handle = out_ref(reconciler)?;
        let done = handle.done.as_ref().ok_or(IidStatus::InvalidArgument)?;
        let mut built = AnswerBuilder::default();
        for e in &done.mapping_errors {
            built.note(e.row, IidSeverity::Error, e.error.code, &e.error.message);
        }
        for warning in &done.warnings {
            built.note(0, IidSeverity::Warning, "InputIncomplete", warning);
        }
        let targets: Vec<String> = done.mapping_errors.iter().map(|e| e.origin.target().unwrap_or_default()).chain(done.warnings.iter().map(|_| String::new())).collect();
        built.list(targets.iter().map(String::as_str));
        built.finish(answer);
        Ok(())
    }
}

/// The next account results, at most `out_len`; `written` says how many (0 when done).
///
/// # Safety
/// `reconciler` must come from `iid_reconciler_new` and be finished; `out` must be valid for
/// `out_len` writes; `written` and `answer` must point to values the caller owns; none may overlap.
#[no_mangle]
pub unsafe extern "C" fn iid_reconciler_next(
    reconciler: *mut IidReconciler,
    out: *mut IidAccountResult,
    out_len: usize,
    written: *mut usize,
    answer: *mut IidAnswer,
) -> IidStatus {
    ffi_boundary! {
        let (out, written, answer) = page_outputs(out, out_len, written, answer)?;
        let handle = out_ref(reconciler)?;
        let done = handle.done.as_ref().ok_or(IidStatus::InvalidArgument)?;
        let mut built = AnswerBuilder::default();
        let mut count = 0;
        for (slot, r) in out.iter_mut().zip(&done.results[handle.next_result.min(done.results.len())..]) {
            *slot = IidAccountResult {
                side: IidSide::from(r.side) as u32,
                status: IidAccountStatus::from(r.status) as u32,
                index: r.index,
                label: built.text(&r.label),
                anchor: built.optional_text(r.anchor.as_deref()),
                anchor_source: built.optional_text(r.anchor_source),
                counterpart: built.optional_text(r.counterpart.as_deref()),
                findings: built.list(r.findings.iter().map(|(f, _)| f.code())),
                messages: built.list(r.findings.iter().map(|(_, m)| m.as_str())),
                not_checked: built.list(r.not_checked.iter().map(|c| c.code())),
            };
            count += 1;
        }
        handle.next_result += count;
        *written = count;
        built.finish(answer);
        Ok(())
    }
}

/// Makes the plan of every hard match found; `steps` receives its number of steps, read with
/// `iid_reconciler_steps`. `options` as `IidPlanOptions` (the OU text must be UTF-16).
///
/// # Safety
/// `reconciler` must come from `iid_reconciler_new` and be finished; `options` and `steps`
/// must point to values the caller owns, `steps` apart from the options and their text.
#[no_mangle]
pub unsafe extern "C" fn iid_reconciler_plan(
    reconciler: *mut IidReconciler,
    options: *const IidPlanOptions,
    steps: *mut usize,
) -> IidStatus {
    ffi_boundary! {
        if touches(region(steps.cast_const(), 1), &struct_regions(options, |o| [region(o.out_of_scope_ou, o.out_of_scope_ou_len), region(o.server, o.server_len), region(o.pairs, o.pairs_len)])) {
            return Err(IidStatus::InvalidArgument);
        }
        let steps = out_ref(steps)?;
        *steps = 0;
        let handle = out_ref(reconciler)?;
        let options = in_ref(options)?;
        let done = handle.done.as_ref().ok_or(IidStatus::InvalidArgument)?;
        let options = PlanOptions {
            out_of_scope_ou: parameter_text(options.out_of_scope_ou, options.out_of_scope_ou_len)?,
            sync_engine: IidSyncEngine::from_repr(options.sync_engine).ok_or(IidStatus::InvalidArgument)?.into(),
            free_anchor: IidFreeAnchor::from_repr(options.free_anchor).ok_or(IidStatus::InvalidArgument)?.into(),
            server: parameter_text(options.server, options.server_len)?,
            route: IidRoute::from_repr(options.route).ok_or(IidStatus::InvalidArgument)?.into(),
            pairs: parameter_text(options.pairs, options.pairs_len)?
                .map(|names| names.split('\n').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect())
                .unwrap_or_default(),
        };
        let plan = plan::build(done, &options);
        *steps = plan.steps.len();
        handle.plan = Some(plan);
        handle.next_step = 0;
        Ok(())
    }
}

/// The next plan steps, at most `out_len`; `written` says how many (0 when done).
///
/// # Safety
/// As for `iid_reconciler_next`, after `iid_reconciler_plan`.
#[no_mangle]
pub unsafe extern "C" fn iid_reconciler_steps(
    reconciler: *mut IidReconciler,
    out: *mut IidPlanStep,
    out_len: usize,
    written: *mut usize,
    answer: *mut IidAnswer,
) -> IidStatus {
    ffi_boundary! {
        let (out, written, answer) = page_outputs(out, out_len, written, answer)?;
        let handle = out_ref(reconciler)?;
        let plan = handle.plan.as_ref().ok_or(IidStatus::InvalidArgument)?;
        let mut built = AnswerBuilder::default();
        let mut count = 0;
        for (slot, s) in out.iter_mut().zip(&plan.steps[handle.next_step.min(plan.steps.len())..]) {
            *slot = IidPlanStep {
                order: s.order,
                reversible: u32::from(s.reversible),
                account: built.text(&s.account),
                action: built.text(s.action.into()),
                command: built.optional_text(s.command.as_deref()),
                reason: built.text(&s.reason),
                warning: built.optional_text(s.warning.as_deref()),
                alternative: built.optional_text(s.alternative.as_deref()),
                unsettled: built.optional_text(s.unsettled.as_deref()),
            };
            count += 1;
        }
        handle.next_step += count;
        *written = count;
        built.finish(answer);
        Ok(())
    }
}

/// The plan as a commented PowerShell script (pairs that fail alone, a log, a rerun that resumes), as
/// `answer`'s one list item. `version` (UTF-16) is the module version the script names.
///
/// # Safety
/// `reconciler` must have a plan (`iid_reconciler_plan`); `version` must be valid for
/// `version_len` reads; `answer` must point to an `IidAnswer` the caller owns, apart from `version`.
#[no_mangle]
pub unsafe extern "C" fn iid_reconciler_script(
    reconciler: *mut IidReconciler,
    version: *const u16,
    version_len: usize,
    answer: *mut IidAnswer,
) -> IidStatus {
    ffi_boundary! {
        let answer = out_answer_apart(answer, &[region(version, version_len)])?;
        let handle = out_ref(reconciler)?;
        let plan = handle.plan.as_ref().ok_or(IidStatus::InvalidArgument)?;
        let version = parameter_text(version, version_len)?.unwrap_or_default();
        let mut built = AnswerBuilder::default();
        built.list([plan::script(plan, &version).as_str()]);
        built.finish(answer);
        Ok(())
    }
}

/// Releases a reconciler. Null is ignored.
///
/// # Safety
/// `reconciler` must come from `iid_reconciler_new` and be freed once.
#[no_mangle]
pub unsafe extern "C" fn iid_reconciler_free(reconciler: *mut IidReconciler) {
    let _ = ffi_boundary! {
        if !reconciler.is_null() {
            drop(Box::from_raw(reconciler));
        }
        Ok(())
    };
}
