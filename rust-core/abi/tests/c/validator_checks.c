/* The validator's C ABI from C: its lifecycle (new, add, add_csv, finish, next in pages,
 * free) in every mode, every file-level error, the interrupt flag, and hostile arguments
 * to each of its exports. */

#if !defined(_WIN32)
#define _POSIX_C_SOURCE 200809L
#include <sys/stat.h>
#include <sys/types.h>
#endif

#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define G1 "874bcd2b-148d-47ca-b309-91df64f05bf5"
#define I1 "K81Lh40UykezCZHfZPBb9Q=="
#define G2 "30475e40-e7ae-4af3-af75-8b143c81daf5"
#define I2 "QF5HMK7n80qvdYsUPIHa9Q=="
#define G3 "c72903ed-7816-41cd-9066-eac33d171d77"
#define I3 "7QMpxxZ4zUGQZurDPRcddw=="

void validator_checks(const char *scratch);

static char g_scratch[1024];

/* A path in the scratch directory, in one of 16 buffers used in turn. */
static const char *scratch_path(const char *name) {
    static char paths[16][1200];
    static int next;
    char *out = paths[next];
    next = (next + 1) % 16;
    snprintf(out, sizeof paths[0], "%s/%s", g_scratch, name);
    return out;
}

static void write_file(const char *path, const char *content) {
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL, "write the scratch file %s", path);
    fwrite(content, 1, strlen(content), f);
    fclose(f);
}

/* UTF-16 of a UTF-8 path (1- to 3-byte sequences; enough for scratch paths). */
static const uint16_t *path16(const char *utf8, size_t *len) {
    static uint16_t out[2][1200];
    static int next;
    uint16_t *units = out[next];
    const unsigned char *s = (const unsigned char *)utf8;
    size_t n = 0;
    next = (next + 1) % 2;
    while (*s != 0 && n < 1199) {
        if (*s < 0x80) {
            units[n++] = *s++;
        } else if ((*s & 0xE0) == 0xC0 && s[1] != 0) {
            units[n++] = (uint16_t)(((s[0] & 0x1F) << 6) | (s[1] & 0x3F));
            s += 2;
        } else if (s[1] != 0 && s[2] != 0) {
            units[n++] = (uint16_t)(((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F));
            s += 3;
        } else {
            break;
        }
    }
    *len = n;
    return units;
}

static IidCsvRequest request_for(const char *path, uint16_t delimiter) {
    IidCsvRequest r;
    memset(&r, 0, sizeof r);
    r.path = path16(path, &r.path_len);
    r.delimiter = delimiter;
    return r;
}

static IidValidator *new_validator(uint32_t mode) {
    IidValidator *v = (IidValidator *)(uintptr_t)8;
    CHECK(iid_validator_new(mode, NULL, 0, &v) == IID_STATUS_OK && v != NULL, "iid_validator_new(%s)",
          mode == IID_VALIDATOR_MODE_RESULTS ? "RESULTS" : mode == IID_VALIDATOR_MODE_PROBLEMS ? "PROBLEMS" : "SUMMARY");
    return v;
}

/* Adds a CSV file; returns the number of error notes (0 when read), `code` the first's code. */
static size_t add_csv(IidValidator *v, const char *path, uint16_t delimiter, const char *code) {
    IidCsvRequest r = request_for(path, delimiter);
    IidAnswer answer = dirty_answer();
    size_t notes;
    CHECK(iid_validator_add_csv(v, &r, NULL, &answer) == IID_STATUS_OK && answer_is_well_formed(&answer), "iid_validator_add_csv(%s) is OK", path);
    notes = answer.notes_len;
    if (code != NULL) {
        CHECK(notes == 1 && notes_with(&answer, 0, IID_SEVERITY_ERROR, code) == 1, "... with one %s note (%s)", code,
              notes > 0 ? text_ascii(&answer, answer.notes[0].message) : "no note");
    } else {
        CHECK(notes == 0, "... and reads it (%s)", notes > 0 ? text_ascii(&answer, answer.notes[0].message) : "no note");
    }
    iid_answer_free(&answer);
    return notes;
}

static IidSummary finish(IidValidator *v) {
    IidSummary s;
    memset(&s, 0x77, sizeof s);
    CHECK(iid_validator_finish(v, NULL, &s) == IID_STATUS_OK, "iid_validator_finish is OK");
    return s;
}

/* Eight records of the Test schema, numbered 0-7 (see the checks below for each). */
static void add_records(IidValidator *v, uint32_t mode) {
    static const uint16_t lone[] = {'K', 0xD800, '8'};
    SchemaInfo s;
    Batch *b = (Batch *)xmalloc(sizeof *b);
    HeapInput h;
    IidAnswer answer = dirty_answer();
    size_t id;
    size_t og;
    size_t on_prem;
    size_t r;

    schema_info(IID_SCHEMA_TEST, &s);
    id = field_of(&s, "ImmutableId");
    og = field_of(&s, "ObjectGUID");
    on_prem = field_of(&s, "OnPremisesImmutableId");
    batch_init(b, s.passed);
    r = batch_record(b);
    batch_text(b, r + id, I1);
    batch_text(b, r + og, G1);
    r = batch_record(b);
    batch_text(b, r + id, I2);
    batch_text(b, r + og, G1);
    batch_text(b, batch_record(b) + id, "EMP001");
    batch_text(b, batch_record(b) + id, "emp001");
    batch_kind(b, batch_record(b) + on_prem, IID_VALUE_KIND_NULL);
    batch_record(b);
    batch_units(b, batch_record(b), lone, 3);
    batch_text(b, batch_record(b), I2);
    h = heap_input(b);
    CHECK(iid_validator_add(v, &h.input, &answer) == IID_STATUS_OK && answer_is_well_formed(&answer), "iid_validator_add: eight records");
    CHECK(answer.notes_len == 2 && notes_with(&answer, 5, IID_SEVERITY_ERROR, "NoAnchorProperty") == 1 &&
              notes_with(&answer, 6, IID_SEVERITY_ERROR, "InvalidCharacter") == 1,
          "... notes record 5 (no ImmutableId property) and record 6 (an unpaired surrogate), in %s mode",
          mode == IID_VALIDATOR_MODE_RESULTS ? "results" : mode == IID_VALIDATOR_MODE_PROBLEMS ? "problems" : "summary");
    iid_answer_free(&answer);
    heap_input_free(&h);
    free(b);
}

static uint64_t reason_bit(const IidAnswer *names, const char *reason) {
    size_t i = list_find(names, reason);
    CHECK(i != SIZE_MAX && i < 64, "%s is a reason", reason);
    return (uint64_t)1 << i;
}

static int list_is(const IidAnswer *a, IidSpan span, const char *first, const char *second) {
    return span.len == 2 && span.start + 2 <= a->lists_len && text_is(a, a->lists[span.start], first) && text_is(a, a->lists[span.start + 1], second);
}

static void next_refusals(IidValidator *v) {
    IidTestRecord *out = (IidTestRecord *)sentinel_block(4, sizeof(IidTestRecord));
    IidAnswer answer = dirty_answer();
    size_t written = 99;
    char block[sizeof(size_t) * 2];

    CHECK(iid_validator_next(NULL, out, 4, &written, &answer) == IID_STATUS_INVALID_ARGUMENT && written == 0 && answer_is_empty(&answer),
          "next: a null validator is refused, written 0, answer reset");
    answer = dirty_answer();
    CHECK(iid_validator_next(v, out, 4, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "next: a null written is refused");
    written = 99;
    CHECK(iid_validator_next(v, out, 4, &written, NULL) == IID_STATUS_INVALID_ARGUMENT && written == 0, "next: a null answer is refused, written 0");
    written = 99;
    answer = dirty_answer();
    CHECK(iid_validator_next(v, NULL, 4, &written, &answer) == IID_STATUS_INVALID_ARGUMENT && written == 0 && answer_is_empty(&answer),
          "next: a null out with a length is refused");
    CHECK(iid_validator_next(v, NULL, (size_t)1 << 40, &written, &answer) == IID_STATUS_INVALID_ARGUMENT, "next: a null out with a length of 2^40 is refused");
    CHECK(iid_validator_next(v, out, SIZE_MAX, &written, &answer) == IID_STATUS_INVALID_ARGUMENT && written == 0, "next: an out length of SIZE_MAX is refused");
    CHECK(iid_validator_next(v, out, 4, (size_t *)(void *)&out[1], &answer) == IID_STATUS_INVALID_ARGUMENT, "next: written inside out is refused");
    CHECK(iid_validator_next(v, out, 4, &written, (IidAnswer *)(void *)&out[2]) == IID_STATUS_INVALID_ARGUMENT, "next: an answer inside out is refused");
    CHECK(iid_validator_next(v, out, 4, (size_t *)(void *)&answer.notes_len, &answer) == IID_STATUS_INVALID_ARGUMENT,
          "next: written inside the answer is refused");
    CHECK(iid_validator_next(v, (IidTestRecord *)(void *)((char *)out + 4), 2, &written, &answer) == IID_STATUS_INVALID_ARGUMENT,
          "next: a misaligned out is refused");
    CHECK(iid_validator_next(v, out, 4, (size_t *)(void *)(block + 1), &answer) == IID_STATUS_INVALID_ARGUMENT, "next: a misaligned written is refused");
    CHECK(answer_is_empty(&answer), "next: the answer stayed reset");
    free(out);
}

static void results_mode(const char *csv) {
    IidValidator *v = new_validator(IID_VALIDATOR_MODE_RESULTS);
    IidAnswer names = dirty_answer();
    IidTestRecord page[3];
    IidSummary s;
    size_t written = 99;
    size_t total = 0;
    size_t pages = 0;
    IidAnswer answer = dirty_answer();
    uint8_t g1[16];
    uint8_t g2[16];
    uint8_t g3[16];

    section("iid_validator_*: results mode");
    guid_bytes(G1, g1);
    guid_bytes(G2, g2);
    guid_bytes(G3, g3);
    CHECK(iid_reason_names(&names) == IID_STATUS_OK, "the reason names, to read reason bits");
    CHECK(iid_validator_next(v, page, 3, &written, &answer) == IID_STATUS_OK && written == 0 && answer_is_empty(&answer),
          "next before any finish gives nothing");
    add_records(v, IID_VALIDATOR_MODE_RESULTS);
    add_csv(v, csv, 0, NULL);
    s = finish(v);
    CHECK(s.total == 11 && s.valid == 0 && s.invalid == 0 && s.reasons[0] == 0, "finish: 11 results to read, no counts in results mode");
    next_refusals(v);

    /* Pages of 3: the texts of a page live in its answer, so each is read before it is freed. */
    for (;;) {
        size_t i;
        answer = dirty_answer();
        written = 99;
        CHECK(iid_validator_next(v, page, 3, &written, &answer) == IID_STATUS_OK && answer_is_well_formed(&answer), "next: page %zu", pages);
        if (written == 0) {
            CHECK(answer_is_empty(&answer), "the page after the last is empty and owns nothing");
            break;
        }
        CHECK(written <= 3 && total + written <= 11, "... of %zu results", written);
        for (i = 0; i < written; i++) {
            const IidTestRecord *r = &page[i];
            size_t n = total + i;
            CHECK(r->index == n, "result %zu is record %zu, in input order", n, n);
            switch (n) {
            case 0:
                CHECK(r->status == IID_TEST_STATUS_VALID && r->reasons == 0 && text_is(&answer, r->value, I1) && text_is(&answer, r->property, "ImmutableId") &&
                          text_is(&answer, r->expected_property, "ObjectGUID") && r->flags == (IID_HAS_GUID | IID_HAS_EXPECTED_GUID) &&
                          memcmp(r->guid, g1, 16) == 0 && memcmp(r->expected_guid, g1, 16) == 0 && r->messages.len == 0 && r->line == 0 &&
                          r->file.offset == NO_TEXT && r->suggestion.offset == NO_TEXT,
                      "record 0: " I1 " of its own objectGUID is valid");
                break;
            case 1:
                CHECK(r->status == IID_TEST_STATUS_INVALID && r->reasons == (reason_bit(&names, "GuidMismatch") | reason_bit(&names, "Duplicate")) &&
                          r->messages.len == 2 && text_is(&answer, r->suggestion, I1) && memcmp(r->guid, g2, 16) == 0 && r->duplicate_count == 1 &&
                          r->duplicates.len == 1 && answer.numbers[r->duplicates.start] == 7,
                      "record 1: another object's ImmutableId is a GuidMismatch and a Duplicate of record 7, with the fix");
                break;
            case 2:
            case 3:
                CHECK(r->status == IID_TEST_STATUS_WARNING && r->reasons == (reason_bit(&names, "PlainString") | reason_bit(&names, "CaseOnlyDuplicate")) &&
                          r->duplicate_count == 1 && answer.numbers[r->duplicates.start] == (n == 2 ? 3u : 2u) && r->flags == 0,
                      "record %zu: a plain string differing only in case is a warning", n);
                break;
            case 4:
                CHECK(r->status == IID_TEST_STATUS_NO_ANCHOR && text_is(&answer, r->property, "OnPremisesImmutableId") && r->messages.len == 1,
                      "record 4: a null OnPremisesImmutableId has no anchor");
                break;
            case 5:
                CHECK(r->status == IID_TEST_STATUS_NOT_CHECKED && text_is(&answer, r->error_code, "NoAnchorProperty") && r->messages.len == 1,
                      "record 5: no property is NOT_CHECKED, in its place");
                break;
            case 6:
                CHECK(r->status == IID_TEST_STATUS_NOT_CHECKED && text_is(&answer, r->error_code, "InvalidCharacter"),
                      "record 6: an unpaired surrogate is NOT_CHECKED with InvalidCharacter");
                break;
            case 7:
                CHECK(r->status == IID_TEST_STATUS_INVALID && r->reasons == reason_bit(&names, "Duplicate") && r->property.offset == NO_TEXT,
                      "record 7: a value given itself that repeats record 1 is a Duplicate");
                break;
            case 8:
                CHECK(r->status == IID_TEST_STATUS_VALID && r->line == 2 && text_is(&answer, r->file, csv) && memcmp(r->guid, g3, 16) == 0 &&
                          list_is(&answer, r->column_names, "UserPrincipalName", "ObjectGUID") && list_is(&answer, r->column_values, "a@contoso.com", G3),
                      "record 8: line 2 of the file, valid, with its other columns");
                break;
            case 9:
                CHECK(r->status == IID_TEST_STATUS_INVALID && r->reasons == reason_bit(&names, "NotBase64Character") && r->line == 3,
                      "record 9: line 3, a character that is not Base64");
                break;
            default:
                CHECK(r->status == IID_TEST_STATUS_NO_ANCHOR && r->line == 4 && text_is(&answer, r->property, "ImmutableId"), "record 10: line 4, an empty cell");
                break;
            }
        }
        total += written;
        pages++;
        iid_answer_free(&answer);
    }
    CHECK(total == 11 && pages == 4, "11 results in 4 pages of at most 3");
    CHECK(iid_validator_next(v, page, 3, &written, &answer) == IID_STATUS_OK && written == 0, "next after the end still gives nothing");
    s = finish(v);
    CHECK(s.total == 0, "the validator starts over empty after finish");
    iid_answer_free(&names);
    iid_validator_free(v);
}

static void summary_mode(const char *csv) {
    IidValidator *v = new_validator(IID_VALIDATOR_MODE_SUMMARY);
    IidAnswer names = dirty_answer();
    IidSummary s;
    IidTestRecord page[2];
    IidAnswer answer = dirty_answer();
    size_t written = 99;

    section("iid_validator_*: summary mode");
    CHECK(iid_reason_names(&names) == IID_STATUS_OK, "the reason names, to read the counts");
    add_records(v, IID_VALIDATOR_MODE_SUMMARY);
    add_csv(v, csv, 0, NULL);
    s = finish(v);
    CHECK(s.total == 11 && s.valid == 2 && s.warning == 2 && s.invalid == 3 && s.no_anchor == 2 && s.not_checked == 2,
          "counts: 2 valid, 2 warnings, 3 invalid, 2 without anchor, 2 not checked");
    CHECK(s.reasons[list_find(&names, "GuidMismatch")] == 1 && s.reasons[list_find(&names, "Duplicate")] == 2 &&
              s.reasons[list_find(&names, "CaseOnlyDuplicate")] == 2 && s.reasons[list_find(&names, "PlainString")] == 2 &&
              s.reasons[list_find(&names, "NotBase64Character")] == 1 && s.reasons[IID_REASON_SLOTS - 1] == 0,
          "counts per reason");
    CHECK(iid_validator_next(v, page, 2, &written, &answer) == IID_STATUS_OK && written == 0 && answer_is_empty(&answer), "summary mode has no results to read");
    iid_answer_free(&names);
    iid_validator_free(v);
}

/* The records of results_mode, of which 0 and 8 are valid: the other nine come, in order. */
static void problems_mode(const char *csv) {
    static const uint64_t expected[] = {1, 2, 3, 4, 5, 6, 7, 9, 10};
    IidValidator *v = new_validator(IID_VALIDATOR_MODE_PROBLEMS);
    IidTestRecord page[4];
    IidAnswer answer = dirty_answer();
    IidSummary s;
    size_t written = 99;
    size_t total = 0;

    section("iid_validator_*: problems mode");
    add_records(v, IID_VALIDATOR_MODE_PROBLEMS);
    add_csv(v, csv, 0, NULL);
    s = finish(v);
    CHECK(s.total == 9 && s.valid == 0 && s.invalid == 0 && s.reasons[0] == 0, "finish: 9 results to read (11 records, 2 valid), no counts");
    for (;;) {
        size_t i;
        answer = dirty_answer();
        CHECK(iid_validator_next(v, page, 4, &written, &answer) == IID_STATUS_OK && answer_is_well_formed(&answer), "next: a page of at most 4");
        if (written == 0) {
            break;
        }
        for (i = 0; i < written && total + i < 9; i++) {
            CHECK(page[i].index == expected[total + i] && page[i].status != IID_TEST_STATUS_VALID && page[i].value.offset != NO_TEXT,
                  "result %zu is record %u, not valid", total + i, (unsigned)expected[total + i]);
        }
        total += written;
        iid_answer_free(&answer);
    }
    CHECK(total == 9, "9 results, the valid records passed over");
    iid_validator_free(v);
}

static void file_errors(void) {
    IidValidator *v = new_validator(IID_VALIDATOR_MODE_RESULTS);
    const char *unclosed = scratch_path("unclosed.csv");
    const char *semicolons = scratch_path("semicolons.csv");
    IidSummary s;

    section("iid_validator_add_csv: file errors");
    write_file(unclosed, "ImmutableId,Note\r\n" I1 ",\"fine\"\r\n" I2 ",\"open\r\nx,y\r\n");
    write_file(semicolons, "UserPrincipalName;ImmutableId\r\na@contoso.com;" I1 "\r\n");
    add_csv(v, scratch_path("missing.csv"), 0, "FileNotFound");
    add_csv(v, scratch_path("missing-folder/x.csv"), 0, "FileNotFound");
    add_csv(v, g_scratch, 0, "FileUnreadable");
#if !defined(_WIN32)
    {
        const char *fifo = scratch_path("anchors.fifo");
        CHECK(mkfifo(fifo, 0600) == 0, "make a FIFO");
        add_csv(v, fifo, 0, "FileUnreadable");
        remove(fifo);
    }
#endif
    add_csv(v, unclosed, 0, "UnclosedQuote");
    add_csv(v, semicolons, 0, "ColumnNotFound");
    add_csv(v, semicolons, ';', NULL);
    s = finish(v);
    CHECK(s.total == 1, "a failed file takes back its records: only the semicolon file's row stays");
    remove(unclosed);
    remove(semicolons);
    iid_validator_free(v);
}

static void argument_refusals(const char *csv) {
    static const uint16_t lone[] = {'/', 0xDC00};
    static const uint16_t bad_delimiters[] = {'"', '\n', '\r', 0x80, 0x2C00, 0xFFFF};
    IidValidator *v = new_validator(IID_VALIDATOR_MODE_RESULTS);
    IidValidator *out = (IidValidator *)(uintptr_t)8;
    IidCsvRequest r = request_for(csv, 0);
    IidCsvRequest bad;
    IidAnswer answer = dirty_answer();
    IidSummary s;
    char block[sizeof(void *) * 4];
    size_t i;

    section("iid_validator_*: argument refusals");
    CHECK(iid_validator_new(3, NULL, 0, &out) == IID_STATUS_INVALID_ARGUMENT && out == NULL, "new: an unknown mode (3) is refused, out set to NULL");
    CHECK(iid_validator_new(IID_VALIDATOR_MODE_RESULTS, NULL, 0, NULL) == IID_STATUS_INVALID_ARGUMENT, "new: a null out is refused");
    CHECK(iid_validator_new(IID_VALIDATOR_MODE_RESULTS, NULL, 0, (IidValidator **)(void *)(block + 1)) == IID_STATUS_INVALID_ARGUMENT, "new: a misaligned out is refused");

    CHECK(iid_validator_add_csv(v, NULL, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "add_csv: a null request is refused");
    answer = dirty_answer();
    CHECK(iid_validator_add_csv(NULL, &r, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "add_csv: a null validator is refused");
    CHECK(iid_validator_add_csv(v, &r, NULL, NULL) == IID_STATUS_INVALID_ARGUMENT, "add_csv: a null answer is refused");
    CHECK(iid_validator_add_csv(v, &r, (const int32_t *)(void *)(block + 1), &answer) == IID_STATUS_INVALID_ARGUMENT,
          "add_csv: a misaligned interrupt flag is refused");
    bad = r;
    bad.path = NULL;
    CHECK(iid_validator_add_csv(v, &bad, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "add_csv: a null path with a length is refused");
    bad.path_len = 0;
    CHECK(iid_validator_add_csv(v, &bad, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "add_csv: an empty path is refused");
    bad = r;
    bad.path_len = SIZE_MAX;
    CHECK(iid_validator_add_csv(v, &bad, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "add_csv: a path length of SIZE_MAX is refused");
    bad = r;
    bad.column = NULL;
    bad.column_len = 3;
    CHECK(iid_validator_add_csv(v, &bad, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "add_csv: a null column with a length is refused");
    bad = r;
    bad.column = lone;
    bad.column_len = 2;
    CHECK(iid_validator_add_csv(v, &bad, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "add_csv: a column with an unpaired surrogate is refused");
    bad = r;
    bad.expected_column = lone;
    bad.expected_column_len = 2;
    CHECK(iid_validator_add_csv(v, &bad, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "add_csv: an expected column with an unpaired surrogate is refused");
    bad = r;
    bad.path = lone;
    bad.path_len = 2;
#if defined(_WIN32)
    /* Windows paths are UTF-16 as they come, unpaired surrogates included: no such file. */
    CHECK(iid_validator_add_csv(v, &bad, NULL, &answer) == IID_STATUS_OK && answer.notes_len == 1, "add_csv: a path with an unpaired surrogate names no file");
    iid_answer_free(&answer);
#else
    CHECK(iid_validator_add_csv(v, &bad, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "add_csv: a path with an unpaired surrogate is refused");
#endif
    for (i = 0; i < sizeof bad_delimiters / sizeof bad_delimiters[0]; i++) {
        bad = r;
        bad.delimiter = bad_delimiters[i];
        CHECK(iid_validator_add_csv(v, &bad, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "add_csv: delimiter U+%04X is refused", (unsigned)bad_delimiters[i]);
    }
    CHECK(answer_is_empty(&answer), "add_csv: the answer stayed reset");

    {
        /* A refused add adds nothing; nor does one with a null validator. */
        SchemaInfo schema;
        Batch *b = (Batch *)xmalloc(sizeof *b);
        HeapInput h;
        schema_info(IID_SCHEMA_TEST, &schema);
        batch_init(b, schema.passed);
        batch_text(b, batch_record(b), I1);
        h = heap_input(b);
        CHECK(iid_validator_add(NULL, &h.input, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "add: a null validator is refused");
        CHECK(iid_validator_add(v, &h.input, NULL) == IID_STATUS_INVALID_ARGUMENT, "add: a null answer is refused");
        heap_input_free(&h);
        free(b);
    }

    add_csv(v, csv, 0, NULL);
    memset(&s, 0x77, sizeof s);
    CHECK(iid_validator_finish(NULL, NULL, &s) == IID_STATUS_INVALID_ARGUMENT && all_bytes(&s, sizeof s, 0), "finish: a null validator is refused, summary zeroed");
    memset(&s, 0x77, sizeof s);
    CHECK(iid_validator_finish(v, (const int32_t *)(void *)(block + 1), &s) == IID_STATUS_INVALID_ARGUMENT && all_bytes(&s, sizeof s, 0),
          "finish: a misaligned interrupt flag is refused, summary zeroed");
    CHECK(iid_validator_finish(v, NULL, NULL) == IID_STATUS_INVALID_ARGUMENT, "finish: a null summary is refused");
    CHECK(iid_validator_finish(v, NULL, (IidSummary *)(void *)(block + 1)) == IID_STATUS_INVALID_ARGUMENT, "finish: a misaligned summary is refused");
    s = finish(v);
    CHECK(s.total == 3, "the refused calls added nothing and kept what was added: the file's 3 rows");
    iid_validator_free(v);
    iid_validator_free(NULL);
    REACHED("iid_validator_free(NULL) is fine");
}

static void interrupts(void) {
    const char *big = scratch_path("big.csv");
    IidValidator *v = new_validator(IID_VALIDATOR_MODE_RESULTS);
    IidCsvRequest r = request_for(big, 0);
    IidAnswer answer = dirty_answer();
    IidSummary s;
    int32_t stop = 1;
    int32_t go = 0;
    FILE *f = fopen(big, "wb");
    int i;

    section("the interrupt flag");
    CHECK(f != NULL, "write a file of 20,000 rows");
    fputs("UserPrincipalName,ImmutableId\r\n", f);
    for (i = 0; i < 20000; i++) {
        fprintf(f, "user%d@contoso.com," I1 "\r\n", i);
    }
    fclose(f);
    CHECK(iid_validator_add_csv(v, &r, &stop, &answer) == IID_STATUS_INTERRUPTED && answer_is_empty(&answer), "add_csv with the flag set is INTERRUPTED");
    CHECK(iid_validator_add_csv(v, &r, &go, &answer) == IID_STATUS_OK && answer.notes_len == 0, "add_csv with the flag clear reads the file");
    s = finish(v);
    CHECK(s.total == 20000, "the interrupted file left nothing behind (%llu results)", (unsigned long long)s.total);
    add_csv(v, big, 0, NULL);
    memset(&s, 0x77, sizeof s);
    CHECK(iid_validator_finish(v, &stop, &s) == IID_STATUS_INTERRUPTED && all_bytes(&s, sizeof s, 0), "finish with the flag set is INTERRUPTED, summary zeroed");
    memset(&s, 0x77, sizeof s);
    CHECK(iid_validator_finish(v, &go, &s) == IID_STATUS_INVALID_ARGUMENT && all_bytes(&s, sizeof s, 0),
          "an interrupted validator is spent: a second finish is refused (summary zeroed), not an empty total");
    answer = dirty_answer();
    CHECK(iid_validator_add_csv(v, &r, &go, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "add_csv to a spent validator is refused");
    {
        IidTestRecord records[2];
        size_t written = 9;
        answer = dirty_answer();
        CHECK(iid_validator_next(v, records, 2, &written, &answer) == IID_STATUS_INVALID_ARGUMENT && written == 0 && answer_is_empty(&answer),
              "next on a spent validator is refused");
    }
    iid_validator_free(v);
    v = new_validator(IID_VALIDATOR_MODE_SUMMARY);
    memset(&s, 0x77, sizeof s);
    CHECK(iid_validator_finish(v, (const int32_t *)(void *)&s, &s) == IID_STATUS_INVALID_ARGUMENT, "a summary over the interrupt flag is refused");
    {
        /* The answer over the request: refused, the request left as it was. */
        IidCsvRequest *block = (IidCsvRequest *)xmalloc(sizeof(IidCsvRequest) + sizeof(IidAnswer));
        IidCsvRequest kept;
        *block = r;
        kept = *block;
        CHECK(iid_validator_add_csv(v, block, &go, (IidAnswer *)(void *)block) == IID_STATUS_INVALID_ARGUMENT && memcmp(block, &kept, sizeof kept) == 0,
              "an answer over the CSV request is refused, the request left as it was");
        free(block);
    }
    s = finish(v);
    CHECK(s.total == 0, "the refused calls added nothing");
    remove(big);
    iid_validator_free(v);
}

void validator_checks(const char *scratch) {
    const char *csv;
    snprintf(g_scratch, sizeof g_scratch, "%s", scratch);
    csv = scratch_path("anchors.csv");
    write_file(csv, "UserPrincipalName,ObjectGUID,ImmutableId\r\n"
                    "a@contoso.com," G3 "," I3 "\r\n"
                    "b@contoso.com,,K81Lh40Uyk!zCZHfZPBb9Q==\r\n"
                    "c@contoso.com,,\r\n");
    results_mode(csv);
    summary_mode(csv);
    problems_mode(csv);
    file_errors();
    argument_refusals(csv);
    interrupts();
    remove(csv);
}
