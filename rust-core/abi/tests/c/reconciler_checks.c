/* The reconciler's C ABI from C: its lifecycle (new, add of each input by records and by
 * CSV file, finish, results in pages, mapping errors, plan, steps, script, free), calls out
 * of order, and hostile arguments to each of its exports. The verdicts themselves are the rules crate's tests;
 * here only their shape is checked, and the one plain case of a matched pair. */

#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define G1 "874bcd2b-148d-47ca-b309-91df64f05bf5"
#define I1 "K81Lh40UykezCZHfZPBb9Q=="
#define G2 "30475e40-e7ae-4af3-af75-8b143c81daf5"
#define G3 "c72903ed-7816-41cd-9066-eac33d171d77"

void reconciler_checks(const char *scratch);

static IidReconciler *new_reconciler(void) {
    IidReconciler *r = NULL;
    CHECK(iid_reconciler_new(NULL, 0, &r) == IID_STATUS_OK && r != NULL, "iid_reconciler_new");
    return r;
}

/* Adds `b` as `schema`'s records; returns the number of error notes. */
static size_t add(IidReconciler *r, uint32_t schema, const Batch *b, const char *what) {
    HeapInput h = heap_input(b);
    IidAnswer answer = dirty_answer();
    size_t notes;
    CHECK(iid_reconciler_add(r, schema, &h.input, &answer) == IID_STATUS_OK && answer_is_well_formed(&answer), "add %s", what);
    notes = answer.notes_len;
    iid_answer_free(&answer);
    heap_input_free(&h);
    return notes;
}

static int is_text_or_none(const IidAnswer *a, IidText t) {
    return t.offset == NO_TEXT || (t.offset <= a->text_len && t.len <= a->text_len - t.offset);
}

static int span_inside(IidSpan s, size_t len) {
    return s.start <= len && s.len <= len - s.start;
}

static void lifecycle(void) {
    IidReconciler *r = new_reconciler();
    SchemaInfo on_prem;
    SchemaInfo cloud;
    Batch *b = (Batch *)xmalloc(sizeof *b);
    IidReconcileCounts counts;
    IidAccountResult page[2];
    IidPlanStep steps[3];
    IidPlanOptions options;
    IidAnswer answer = dirty_answer();
    size_t written = 99;
    size_t seen = 0;
    size_t step_count = 99;
    size_t i;
    size_t version_len;
    const uint16_t *version = u16("0.2.0", &version_len);
    int matched = 0;

    section("iid_reconciler_*: a matched pair, a cloud-only user, an unusable record");
    schema_info(IID_SCHEMA_ON_PREMISES_USER, &on_prem);
    schema_info(IID_SCHEMA_CLOUD_USER, &cloud);
    batch_init(b, on_prem.passed);
    i = batch_record(b);
    batch_text(b, i + field_of(&on_prem, "ObjectGUID"), G1);
    batch_text(b, i + field_of(&on_prem, "SamAccountName"), "alice");
    batch_text(b, i + field_of(&on_prem, "UserPrincipalName"), "alice@contoso.com");
    batch_record(b);
    CHECK(add(r, IID_SCHEMA_ON_PREMISES_USER, b, "two on-premises records") == 1, "... the record with no property is one error note");
    batch_init(b, cloud.passed);
    i = batch_record(b);
    batch_text(b, i + field_of(&cloud, "Id"), G2);
    batch_text(b, i + field_of(&cloud, "UserPrincipalName"), "alice@contoso.com");
    batch_text(b, i + field_of(&cloud, "OnPremisesImmutableId"), I1);
    i = batch_record(b);
    batch_text(b, i + field_of(&cloud, "Id"), G3);
    batch_text(b, i + field_of(&cloud, "UserPrincipalName"), "bob@contoso.com");
    CHECK(add(r, IID_SCHEMA_CLOUD_USER, b, "two cloud users") == 0, "... without a note");
    batch_init(b, cloud.passed);
    CHECK(add(r, IID_SCHEMA_DELETED_USER, b, "an empty -Deleted (no soft-deleted user)") == 0, "... without a note");

    memset(&counts, 0x77, sizeof counts);
    CHECK(iid_reconciler_finish(r, NULL, &counts) == IID_STATUS_OK && counts.results == 3 && counts.mapping_errors == 0,
          "finish: 3 accounts, no mapping error (%zu results, %zu pairs)", counts.results, counts.pairs);
    for (;;) {
        answer = dirty_answer();
        CHECK(iid_reconciler_next(r, page, 2, &written, &answer) == IID_STATUS_OK && answer_is_well_formed(&answer) && written <= 2,
              "next: a page of %zu", written);
        if (written == 0) {
            CHECK(answer_is_empty(&answer), "the page after the last is empty");
            break;
        }
        for (i = 0; i < written; i++) {
            const IidAccountResult *a = &page[i];
            CHECK(a->side <= IID_SIDE_DELETED && a->status <= IID_ACCOUNT_STATUS_SOFT_DELETED && is_text_or_none(&answer, a->label) &&
                      a->label.offset != NO_TEXT && is_text_or_none(&answer, a->anchor) && is_text_or_none(&answer, a->anchor_source) &&
                      is_text_or_none(&answer, a->counterpart) && span_inside(a->findings, answer.lists_len) && span_inside(a->messages, answer.lists_len) &&
                      span_inside(a->not_checked, answer.lists_len) && a->findings.len == a->messages.len,
                  "result %zu (%s, side %u, status %u) is well formed", seen + i, text_ascii(&answer, a->label), (unsigned)a->side, (unsigned)a->status);
            if (a->side == IID_SIDE_ON_PREMISES) {
                CHECK(a->status == IID_ACCOUNT_STATUS_MATCHED && text_is(&answer, a->anchor, I1) && a->counterpart.offset != NO_TEXT,
                      "alice on premises is matched through " I1);
                matched++;
            }
        }
        seen += written;
        iid_answer_free(&answer);
    }
    CHECK(seen == 3 && matched == 1, "3 results read, one of them the on-premises account");
    CHECK(iid_reconciler_mapping_errors(r, &answer) == IID_STATUS_OK, "mapping errors: OK");
    for (i = 0; i < answer.notes_len; i++) {
        /* Warnings about the input as a whole may follow the (here absent) mapping errors. */
        CHECK(answer.notes[i].severity == IID_SEVERITY_WARNING && answer.notes[i].item == 0 && text_is(&answer, answer.notes[i].code, "InputIncomplete"),
              "mapping errors: none; note %zu is a warning about the input", i);
    }
    iid_answer_free(&answer);

    memset(&options, 0, sizeof options);
    options.sync_engine = IID_SYNC_ENGINE_CONNECT_SYNC;
    options.free_anchor = IID_FREE_ANCHOR_PURGE;
    CHECK(iid_reconciler_plan(r, &options, &step_count) == IID_STATUS_OK, "plan: OK, %zu steps", step_count);
    seen = 0;
    for (;;) {
        answer = dirty_answer();
        CHECK(iid_reconciler_steps(r, steps, 3, &written, &answer) == IID_STATUS_OK && answer_is_well_formed(&answer) && written <= 3, "steps: a page of %zu", written);
        if (written == 0) {
            break;
        }
        for (i = 0; i < written; i++) {
            CHECK(steps[i].reversible <= 1 && steps[i].account.offset != NO_TEXT && steps[i].action.offset != NO_TEXT && is_text_or_none(&answer, steps[i].command) &&
                      is_text_or_none(&answer, steps[i].reason) && is_text_or_none(&answer, steps[i].warning) && is_text_or_none(&answer, steps[i].alternative) &&
                      is_text_or_none(&answer, steps[i].unsettled),
                  "step %zu (%s) is well formed", seen + i, text_ascii(&answer, steps[i].action));
        }
        seen += written;
        iid_answer_free(&answer);
    }
    CHECK(seen == step_count, "every step read (%zu)", seen);
    answer = dirty_answer();
    CHECK(iid_reconciler_script(r, version, version_len, &answer) == IID_STATUS_OK && answer.lists_len == 1 && answer.lists[0].len > 0 && answer_is_well_formed(&answer),
          "script: one non-empty text");
    iid_answer_free(&answer);
    CHECK(iid_reconciler_script(r, NULL, 0, &answer) == IID_STATUS_OK && answer.lists_len == 1, "script without a version");
    iid_answer_free(&answer);

    batch_init(b, on_prem.passed);
    batch_text(b, batch_record(b) + field_of(&on_prem, "ObjectGUID"), G2);
    {
        HeapInput h = heap_input(b);
        answer = dirty_answer();
        CHECK(iid_reconciler_add(r, IID_SCHEMA_ON_PREMISES_USER, &h.input, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer),
              "add after finish is refused");
        heap_input_free(&h);
    }
    memset(&counts, 0x77, sizeof counts);
    CHECK(iid_reconciler_finish(r, NULL, &counts) == IID_STATUS_INVALID_ARGUMENT && all_bytes(&counts, sizeof counts, 0), "finish twice is refused, counts zeroed");
    iid_reconciler_free(r);
    free(b);
}

static void out_of_order_and_hostile(void) {
    static const uint16_t lone[] = {'O', 'U', 0xD800};
    IidReconciler *r = new_reconciler();
    IidReconciler *spent = new_reconciler();
    IidReconcileCounts counts;
    IidAccountResult *out = (IidAccountResult *)sentinel_block(4, sizeof(IidAccountResult));
    IidPlanStep *steps = (IidPlanStep *)sentinel_block(4, sizeof(IidPlanStep));
    IidPlanOptions options;
    IidAnswer answer = dirty_answer();
    size_t written = 99;
    size_t n = 99;
    int32_t stop = 1;
    char block[sizeof(void *) * 4];
    Batch *b = (Batch *)xmalloc(sizeof *b);
    SchemaInfo s;
    HeapInput h;

    section("iid_reconciler_*: calls out of order and hostile arguments");
    CHECK(iid_reconciler_new(NULL, 0, NULL) == IID_STATUS_INVALID_ARGUMENT, "new: a null out is refused");
    CHECK(iid_reconciler_new(NULL, 0, (IidReconciler **)(void *)(block + 1)) == IID_STATUS_INVALID_ARGUMENT, "new: a misaligned out is refused");

    CHECK(iid_reconciler_next(r, out, 4, &written, &answer) == IID_STATUS_INVALID_ARGUMENT && written == 0 && answer_is_empty(&answer),
          "next before finish is refused, written 0, answer reset");
    answer = dirty_answer();
    CHECK(iid_reconciler_mapping_errors(r, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "mapping errors before finish are refused");
    memset(&options, 0, sizeof options);
    CHECK(iid_reconciler_plan(r, &options, &n) == IID_STATUS_INVALID_ARGUMENT && n == 0, "plan before finish is refused, steps 0");
    written = 99;
    answer = dirty_answer();
    CHECK(iid_reconciler_steps(r, steps, 4, &written, &answer) == IID_STATUS_INVALID_ARGUMENT && written == 0 && answer_is_empty(&answer), "steps before plan are refused");
    answer = dirty_answer();
    CHECK(iid_reconciler_script(r, NULL, 0, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "script before plan is refused");

    schema_info(IID_SCHEMA_ON_PREMISES_USER, &s);
    batch_init(b, s.passed);
    batch_text(b, batch_record(b) + field_of(&s, "ObjectGUID"), G1);
    h = heap_input(b);
    answer = dirty_answer();
    CHECK(iid_reconciler_add(r, IID_SCHEMA_TEST, &h.input, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "add: a schema of another cmdlet is refused");
    answer = dirty_answer();
    CHECK(iid_reconciler_add(r, 1000, &h.input, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "add: an unknown schema is refused");
    answer = dirty_answer();
    CHECK(iid_reconciler_add(NULL, IID_SCHEMA_ON_PREMISES_USER, &h.input, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "add: a null reconciler is refused");
    CHECK(iid_reconciler_add(r, IID_SCHEMA_ON_PREMISES_USER, &h.input, NULL) == IID_STATUS_INVALID_ARGUMENT, "add: a null answer is refused");
    heap_input_free(&h);

    CHECK(iid_reconciler_finish(r, NULL, NULL) == IID_STATUS_INVALID_ARGUMENT, "finish: null counts are refused");
    memset(&counts, 0x77, sizeof counts);
    CHECK(iid_reconciler_finish(NULL, NULL, &counts) == IID_STATUS_INVALID_ARGUMENT && all_bytes(&counts, sizeof counts, 0), "finish: a null reconciler is refused, counts zeroed");
    memset(&counts, 0x77, sizeof counts);
    CHECK(iid_reconciler_finish(r, (const int32_t *)(void *)(block + 1), &counts) == IID_STATUS_INVALID_ARGUMENT && all_bytes(&counts, sizeof counts, 0),
          "finish: a misaligned interrupt flag is refused, counts zeroed");
    {
        /* The counts over the interrupt flag: refused, the flag left as it was. */
        IidReconcileCounts over;
        memset(&over, 0, sizeof over);
        CHECK(iid_reconciler_finish(r, (const int32_t *)(void *)&over, &over) == IID_STATUS_INVALID_ARGUMENT && all_bytes(&over, sizeof over, 0),
              "finish: counts over the interrupt flag are refused, the flag left as it was");
    }
    CHECK(iid_reconciler_finish(r, NULL, &counts) == IID_STATUS_OK && counts.results == 0, "... and the reconciler can still finish");
    memset(&counts, 0x77, sizeof counts);
    CHECK(iid_reconciler_finish(spent, &stop, &counts) == IID_STATUS_INTERRUPTED && all_bytes(&counts, sizeof counts, 0), "finish with the flag set is INTERRUPTED");
    CHECK(iid_reconciler_next(spent, out, 4, &written, &answer) == IID_STATUS_INVALID_ARGUMENT, "an interrupted reconciler is spent: next is refused");
    iid_reconciler_free(spent);

    answer = dirty_answer();
    CHECK(iid_reconciler_next(NULL, out, 4, &written, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "next: a null reconciler is refused");
    CHECK(iid_reconciler_next(r, out, 4, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "next: a null written is refused");
    written = 99;
    CHECK(iid_reconciler_next(r, out, 4, &written, NULL) == IID_STATUS_INVALID_ARGUMENT && written == 0, "next: a null answer is refused, written 0");
    CHECK(iid_reconciler_next(r, NULL, 4, &written, &answer) == IID_STATUS_INVALID_ARGUMENT, "next: a null out with a length is refused");
    CHECK(iid_reconciler_next(r, out, SIZE_MAX, &written, &answer) == IID_STATUS_INVALID_ARGUMENT, "next: an out length of SIZE_MAX is refused");
    CHECK(iid_reconciler_next(r, out, 4, (size_t *)(void *)&out[1], &answer) == IID_STATUS_INVALID_ARGUMENT, "next: written inside out is refused");
    CHECK(iid_reconciler_next(r, out, 4, &written, (IidAnswer *)(void *)&out[2]) == IID_STATUS_INVALID_ARGUMENT, "next: an answer inside out is refused");
    CHECK(iid_reconciler_next(r, (IidAccountResult *)(void *)((char *)out + 4), 2, &written, &answer) == IID_STATUS_INVALID_ARGUMENT, "next: a misaligned out is refused");
    CHECK(answer_is_empty(&answer), "next: the answer stayed reset");
    CHECK(iid_reconciler_next(r, out, 4, &written, &answer) == IID_STATUS_OK && written == 0, "next after the refusals: no account, nothing lost");
    CHECK(iid_reconciler_mapping_errors(NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "mapping errors: a null reconciler is refused");
    CHECK(iid_reconciler_mapping_errors(r, NULL) == IID_STATUS_INVALID_ARGUMENT, "mapping errors: a null answer is refused");

    CHECK(iid_reconciler_plan(r, NULL, &n) == IID_STATUS_INVALID_ARGUMENT, "plan: null options are refused");
    CHECK(iid_reconciler_plan(r, &options, NULL) == IID_STATUS_INVALID_ARGUMENT, "plan: a null step count is refused");
    CHECK(iid_reconciler_plan(NULL, &options, &n) == IID_STATUS_INVALID_ARGUMENT, "plan: a null reconciler is refused");
    options.sync_engine = 2;
    CHECK(iid_reconciler_plan(r, &options, &n) == IID_STATUS_INVALID_ARGUMENT && n == 0, "plan: an unknown sync engine is refused");
    options.sync_engine = IID_SYNC_ENGINE_CLOUD_SYNC;
    options.free_anchor = UINT32_MAX;
    CHECK(iid_reconciler_plan(r, &options, &n) == IID_STATUS_INVALID_ARGUMENT, "plan: an unknown way to free an anchor is refused");
    options.free_anchor = IID_FREE_ANCHOR_RESTORE_AND_CLEAR;
    options.out_of_scope_ou = NULL;
    options.out_of_scope_ou_len = 3;
    CHECK(iid_reconciler_plan(r, &options, &n) == IID_STATUS_INVALID_ARGUMENT, "plan: a null OU with a length is refused");
    options.out_of_scope_ou = lone;
    CHECK(iid_reconciler_plan(r, &options, &n) == IID_STATUS_INVALID_ARGUMENT, "plan: an OU with an unpaired surrogate is refused");
    options.out_of_scope_ou = u16("OU=Parked,DC=contoso,DC=com", &options.out_of_scope_ou_len);
    options.server = NULL;
    options.server_len = 2;
    CHECK(iid_reconciler_plan(r, &options, &n) == IID_STATUS_INVALID_ARGUMENT, "plan: a null server with a length is refused");
    options.server = lone;
    options.server_len = 3;
    CHECK(iid_reconciler_plan(r, &options, &n) == IID_STATUS_INVALID_ARGUMENT, "plan: a server with an unpaired surrogate is refused");
    options.server = u16("dc1.contoso.com", &options.server_len);
    options.route = 3;
    CHECK(iid_reconciler_plan(r, &options, &n) == IID_STATUS_INVALID_ARGUMENT && n == 0, "plan: an unknown route is refused");
    options.route = IID_ROUTE_MOVE_ANCHOR;
    CHECK(iid_reconciler_plan(r, &options, &n) == IID_STATUS_OK, "plan: with an OU, a server, Cloud Sync and the move route, %zu steps", n);
    {
        /* The step count over the options: refused, the options left as they were. */
        IidPlanOptions over = options;
        IidPlanOptions kept = options;
        CHECK(iid_reconciler_plan(r, &over, (size_t *)(void *)&over) == IID_STATUS_INVALID_ARGUMENT && memcmp(&over, &kept, sizeof kept) == 0,
              "plan: a step count over the options is refused, the options left as they were");
    }

    answer = dirty_answer();
    CHECK(iid_reconciler_steps(NULL, steps, 4, &written, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "steps: a null reconciler is refused");
    CHECK(iid_reconciler_steps(r, steps, 4, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "steps: a null written is refused");
    CHECK(iid_reconciler_steps(r, NULL, 4, &written, &answer) == IID_STATUS_INVALID_ARGUMENT, "steps: a null out with a length is refused");
    CHECK(iid_reconciler_steps(r, steps, 4, (size_t *)(void *)&steps[3], &answer) == IID_STATUS_INVALID_ARGUMENT, "steps: written inside out is refused");
    CHECK(iid_reconciler_steps(r, steps, 4, &written, (IidAnswer *)(void *)&steps[1]) == IID_STATUS_INVALID_ARGUMENT, "steps: an answer inside out is refused");
    CHECK(iid_reconciler_script(r, lone, 3, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "script: a version with an unpaired surrogate is refused");
    CHECK(iid_reconciler_script(r, NULL, 5, &answer) == IID_STATUS_INVALID_ARGUMENT, "script: a null version with a length is refused");
    CHECK(iid_reconciler_script(NULL, NULL, 0, &answer) == IID_STATUS_INVALID_ARGUMENT, "script: a null reconciler is refused");
    CHECK(iid_reconciler_script(r, NULL, 0, NULL) == IID_STATUS_INVALID_ARGUMENT, "script: a null answer is refused");
    {
        /* The answer over the version: refused, the version left as it was. */
        uint16_t *version = (uint16_t *)xmalloc(sizeof(IidAnswer));
        memset(version, 0, sizeof(IidAnswer));
        version[0] = '1';
        CHECK(iid_reconciler_script(r, version, 4, (IidAnswer *)(void *)version) == IID_STATUS_INVALID_ARGUMENT && version[0] == '1' && version[1] == 0,
              "script: an answer over the version is refused, the version left as it was");
        free(version);
    }

    iid_reconciler_free(r);
    iid_reconciler_free(NULL);
    REACHED("iid_reconciler_free(NULL) is fine");
    free(out);
    free(steps);
    free(b);
}

static void write_file(const char *path, const char *content) {
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL, "write the scratch file %s", path);
    fputs(content, f);
    fclose(f);
}

/* A request for an ASCII path (the scratch directory's). */
static IidCsvRequest request_for(const char *path) {
    static uint16_t units[2][1200];
    static int next;
    IidCsvRequest r;
    size_t i;
    uint16_t *u = units[next];
    next = (next + 1) % 2;
    memset(&r, 0, sizeof r);
    for (i = 0; path[i] != '\0' && i < 1199; i++) {
        u[i] = (uint16_t)(unsigned char)path[i];
    }
    r.path = u;
    r.path_len = i;
    return r;
}

static void csv_inputs(const char *scratch) {
    char on_prem[1200];
    char cloud[1200];
    char missing[1200];
    IidReconciler *r = new_reconciler();
    IidReconciler *interrupted = new_reconciler();
    IidCsvRequest request;
    IidAnswer answer = dirty_answer();
    IidReconcileCounts counts;
    int32_t stop = 1;
    char block[sizeof(void *) * 4];

    section("iid_reconciler_add_csv");
    snprintf(on_prem, sizeof on_prem, "%s/on-premises.csv", scratch);
    snprintf(cloud, sizeof cloud, "%s/cloud.csv", scratch);
    snprintf(missing, sizeof missing, "%s/missing.csv", scratch);
    write_file(on_prem, "ObjectGUID,SamAccountName,UserPrincipalName\r\n" G1 ",alice,alice@contoso.com\r\n");
    write_file(cloud, "Id,UserPrincipalName,OnPremisesImmutableId\r\n" G2 ",alice@contoso.com," I1 "\r\n,,\r\n");

    request = request_for(on_prem);
    CHECK(iid_reconciler_add_csv(r, IID_SCHEMA_ON_PREMISES_USER, &request, NULL, &answer) == IID_STATUS_OK && answer.notes_len == 0,
          "an on-premises file of one user is read without a note");
    request = request_for(cloud);
    CHECK(iid_reconciler_add_csv(r, IID_SCHEMA_CLOUD_USER, &request, NULL, &answer) == IID_STATUS_OK && answer_is_well_formed(&answer),
          "a cloud file is read");
    CHECK(answer.notes_len == 1 && notes_with(&answer, 3, IID_SEVERITY_ERROR, "WrongRecordType") == 1,
          "... its row with neither Id nor UserPrincipalName is an error note on its line, 3");
    iid_answer_free(&answer);
    request = request_for(missing);
    CHECK(iid_reconciler_add_csv(r, IID_SCHEMA_CLOUD_USER, &request, NULL, &answer) == IID_STATUS_OK &&
              notes_with(&answer, 0, IID_SEVERITY_ERROR, "FileNotFound") == 1 && answer.notes_len == 1,
          "a missing file is one FileNotFound note, status OK");
    iid_answer_free(&answer);

    request = request_for(cloud);
    answer = dirty_answer();
    CHECK(iid_reconciler_add_csv(r, IID_SCHEMA_DOMAIN, &request, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer),
          "a schema no file holds (DOMAIN) is refused");
    answer = dirty_answer();
    CHECK(iid_reconciler_add_csv(r, 1000, &request, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "an unknown schema is refused");
    answer = dirty_answer();
    CHECK(iid_reconciler_add_csv(r, IID_SCHEMA_CLOUD_USER, NULL, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "a null request is refused");
    CHECK(iid_reconciler_add_csv(NULL, IID_SCHEMA_CLOUD_USER, &request, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "a null reconciler is refused");
    CHECK(iid_reconciler_add_csv(r, IID_SCHEMA_CLOUD_USER, &request, NULL, NULL) == IID_STATUS_INVALID_ARGUMENT, "a null answer is refused");
    CHECK(iid_reconciler_add_csv(r, IID_SCHEMA_CLOUD_USER, &request, (const int32_t *)(void *)(block + 1), &answer) == IID_STATUS_INVALID_ARGUMENT,
          "a misaligned interrupt flag is refused");
    request.path_len = 0;
    CHECK(iid_reconciler_add_csv(r, IID_SCHEMA_CLOUD_USER, &request, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "an empty path is refused");
    request = request_for(cloud);
    request.path = NULL;
    CHECK(iid_reconciler_add_csv(r, IID_SCHEMA_CLOUD_USER, &request, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "a null path with a length is refused");
    request = request_for(cloud);
    request.delimiter = '"';
    CHECK(iid_reconciler_add_csv(r, IID_SCHEMA_CLOUD_USER, &request, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "a quote as delimiter is refused");
    CHECK(answer_is_empty(&answer), "the answer stayed reset");

    request = request_for(cloud);
    CHECK(iid_reconciler_add_csv(interrupted, IID_SCHEMA_CLOUD_USER, &request, &stop, &answer) == IID_STATUS_INTERRUPTED && answer_is_empty(&answer),
          "with the flag set the read is INTERRUPTED");
    CHECK(iid_reconciler_finish(interrupted, NULL, &counts) == IID_STATUS_OK && counts.results == 0, "... and the file's records are taken back");
    iid_reconciler_free(interrupted);

    {
        /* A -Mapping file: a row naming no account is a mapping error, its target path:line. */
        char mapping[1200];
        char target[1300];
        snprintf(mapping, sizeof mapping, "%s/mapping.csv", scratch);
        snprintf(target, sizeof target, "%s:3", mapping);
        write_file(mapping, "OnPremises,Cloud\r\nalice,alice@contoso.com\r\nnobody,alice@contoso.com\r\n");
        request = request_for(mapping);
        CHECK(iid_reconciler_add_csv(r, IID_SCHEMA_MAPPING, &request, NULL, &answer) == IID_STATUS_OK && answer.notes_len == 0, "a mapping file is read");
        iid_answer_free(&answer);
        CHECK(iid_reconciler_finish(r, NULL, &counts) == IID_STATUS_OK && counts.results == 2 && counts.mapping_errors == 1,
              "the two files make 2 accounts (%zu), and one mapping row names no account", counts.results);
        CHECK(iid_reconciler_mapping_errors(r, &answer) == IID_STATUS_OK && notes_with(&answer, 1, IID_SEVERITY_ERROR, "UnknownAccount") == 1 &&
                  answer.lists_len == 1 && list_item_is(&answer, 0, target),
              "... an UnknownAccount note on row 1, its target the file's line 3");
        iid_answer_free(&answer);
        remove(mapping);
    }
    answer = dirty_answer();
    request = request_for(on_prem);
    CHECK(iid_reconciler_add_csv(r, IID_SCHEMA_ON_PREMISES_USER, &request, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer),
          "a file after finish is refused");
    iid_reconciler_free(r);
    remove(on_prem);
    remove(cloud);
}

void reconciler_checks(const char *scratch) {
    lifecycle();
    out_of_order_and_hostile();
    csv_inputs(scratch);
}
