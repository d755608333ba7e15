/* The C ABI of ImmutableId called from C, against the committed header alone: every
 * export, with normal and hostile arguments, checked against the contract the header
 * documents. It prints each check and exits 1 at the first failure.
 *
 *   abi_harness <scratch directory, absolute> [expected version]
 *
 * tools/Invoke-CAbiTest.ps1 builds it (gcc/cc -std=c11 -Wall -Wextra -Werror, or cl /W4
 * /WX) and runs it, under valgrind's memcheck with -Valgrind. Hostile pointers are made
 * on purpose (misaligned, overlapping, null with a length): the library must refuse them
 * before touching memory. Lengths a caller lies about (a real 4-byte buffer said to hold
 * 2^40 items) are undefined behaviour no library can detect, so they are not tried. */

#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define G1 "874bcd2b-148d-47ca-b309-91df64f05bf5"
#define I1 "K81Lh40UykezCZHfZPBb9Q=="
#define G2 "30475e40-e7ae-4af3-af75-8b143c81daf5"
#define I2 "QF5HMK7n80qvdYsUPIHa9Q=="
#define HEX1 "2BCD4B878D14CA47B30991DF64F05BF5"
#define LDAP1 "\\2b\\cd\\4b\\87\\8d\\14\\ca\\47\\b3\\09\\91\\df\\64\\f0\\5b\\f5"
#define DN1 "CN={4B38314C68343055796B657A435A48665A50426239513D3D}"
#define CLOUD_NAME "User_c72903ed-7816-41cd-9066-eac33d171d77"
#define CLOUD_ID "c72903ed-7816-41cd-9066-eac33d171d77"
#define CLOUD_ANCHOR \
    "VAAAAFUAcwBlAHIAXwBjADcAMgA5ADAAMwBlAGQALQA3ADgAMQA2AC0ANAAxAGMAZAAtADkAMAA2ADYALQBlAGEAYwAzADMAZAAxADcAMQBkADcANwAAAA=="

#define TWO_TO_THE_40 ((size_t)1 << 40)

void validator_checks(const char *scratch);
void reconciler_checks(const char *scratch);
void packed_checks(void);

/* ---- The exports that take a batch, behind one shape, so each hostile case runs on all. */

typedef struct Export {
    const char *name;
    uint32_t schema;
    /* sizeof one element of `out`, and elements per record; 0 for no `out`. */
    size_t elem_size;
    size_t per_record;
    IidStatus (*call)(const IidInput *input, void *out, size_t out_len, IidAnswer *answer);
    /* Every element of `out` holds what the library resets it to. */
    int (*is_reset)(const void *out, size_t out_len);
    /* Record `i`'s output was written (the record succeeded). */
    int (*record_ok)(const void *out, size_t i);
    /* Two records that succeed. */
    void (*good)(Batch *b, const SchemaInfo *s);
    /* Exports without `out` add to a handle: the records it holds (emptying it), and how
     * many of the unpaired-surrogate batch's four records it keeps. */
    size_t (*take_count)(void);
    size_t kept_of_four;
} Export;

static IidValidator *g_add_validator;
static IidReconciler *g_reconciler;

static IidStatus call_to_id(const IidInput *input, void *out, size_t out_len, IidAnswer *answer) {
    return iid_to_immutable_id(input, IID_SOURCE_FORMAT_AUTO, NULL, 0, (IidConverted *)out, out_len, answer);
}

static int converted_reset(const void *out, size_t n) {
    const IidConverted *c = (const IidConverted *)out;
    size_t i;
    for (i = 0; i < n; i++) {
        if (c[i].ok != 0 || c[i].field != IID_NO_FIELD || !all_bytes(c[i].immutable_id, 24, 0) || !all_bytes(c[i].guid, 16, 0) ||
            c[i].anchor.offset != NO_TEXT || c[i].anchor.len != 0) {
            return 0;
        }
    }
    return 1;
}

static int converted_ok(const void *out, size_t i) {
    return ((const IidConverted *)out)[i].ok == 1;
}

static void good_to_id(Batch *b, const SchemaInfo *s) {
    uint8_t g2[16];
    (void)s;
    guid_bytes(G2, g2);
    batch_text(b, batch_record(b), G1);
    batch_bytes(b, batch_record(b), IID_VALUE_KIND_GUID, g2, 16);
}

static IidStatus call_from(const IidInput *input, void *out, size_t out_len, IidAnswer *answer) {
    return iid_from_immutable_id(input, IID_OUTPUT_FORM_GUID, (uint8_t *)out, out_len, answer);
}

static int bytes_reset(const void *out, size_t n) {
    return all_bytes(out, n, 0);
}

static int from_ok(const void *out, size_t i) {
    return !all_bytes((const uint8_t *)out + i * 36, 36, 0);
}

static void good_from(Batch *b, const SchemaInfo *s) {
    (void)s;
    batch_text(b, batch_record(b), I1);
    batch_text(b, batch_record(b), I2);
}

static IidStatus call_describe(const IidInput *input, void *out, size_t out_len, IidAnswer *answer) {
    return iid_describe(input, (IidForms *)out, out_len, answer);
}

static int forms_reset(const void *out, size_t n) {
    const IidForms *f = (const IidForms *)out;
    size_t i;
    for (i = 0; i < n; i++) {
        if (f[i].ok != 0 || f[i].has_guid != 0 || f[i].field != IID_NO_FIELD || f[i].byte_count != 0 || f[i].immutable_id.offset != NO_TEXT ||
            f[i].hex.offset != NO_TEXT || f[i].ldap_filter.offset != NO_TEXT || f[i].distinguished_name.offset != NO_TEXT ||
            !all_bytes(f[i].guid, 16, 0)) {
            return 0;
        }
    }
    return 1;
}

static int forms_ok(const void *out, size_t i) {
    return ((const IidForms *)out)[i].ok == 1;
}

static IidStatus call_decode(const IidInput *input, void *out, size_t out_len, IidAnswer *answer) {
    return iid_cloud_anchor_decode(input, (IidCloudAnchor *)out, out_len, answer);
}

static IidStatus call_encode(const IidInput *input, void *out, size_t out_len, IidAnswer *answer) {
    size_t n;
    const uint16_t *user = u16("User", &n);
    return iid_cloud_anchor_encode(input, user, n, (IidCloudAnchor *)out, out_len, answer);
}

static int anchors_reset(const void *out, size_t n) {
    const IidCloudAnchor *c = (const IidCloudAnchor *)out;
    size_t i;
    for (i = 0; i < n; i++) {
        if (c[i].ok != 0 || c[i].name.offset != NO_TEXT || c[i].object_type.offset != NO_TEXT || c[i].cloud_anchor.offset != NO_TEXT ||
            c[i].distinguished_name.offset != NO_TEXT || !all_bytes(c[i].object_id, 16, 0)) {
            return 0;
        }
    }
    return 1;
}

static int anchor_ok(const void *out, size_t i) {
    return ((const IidCloudAnchor *)out)[i].ok == 1;
}

static void good_decode(Batch *b, const SchemaInfo *s) {
    size_t second;
    batch_text(b, batch_record(b), CLOUD_ANCHOR);
    second = batch_record(b);
    batch_text(b, second + field_of(s, "CloudAnchor"), CLOUD_ANCHOR);
}

static void good_encode(Batch *b, const SchemaInfo *s) {
    (void)s;
    batch_text(b, batch_record(b), CLOUD_ID);
    batch_text(b, batch_record(b), "Group_" G2);
}

static IidStatus call_add(const IidInput *input, void *out, size_t out_len, IidAnswer *answer) {
    (void)out;
    (void)out_len;
    return iid_validator_add(g_add_validator, input, answer);
}

/* The records the validator holds; finishing empties it for the next case. */
static size_t validator_count(void) {
    IidSummary summary;
    CHECK(iid_validator_finish(g_add_validator, NULL, &summary) == IID_STATUS_OK, "finish the validator to count its records");
    return (size_t)summary.total;
}

static void good_add(Batch *b, const SchemaInfo *s) {
    (void)s;
    batch_text(b, batch_record(b), I1);
    batch_text(b, batch_record(b), I2);
}

static IidStatus call_reconciler_add(const IidInput *input, void *out, size_t out_len, IidAnswer *answer) {
    (void)out;
    (void)out_len;
    return iid_reconciler_add(g_reconciler, IID_SCHEMA_ON_PREMISES_USER, input, answer);
}

/* The accounts the reconciler holds; a finished reconciler takes no more, so a new one follows. */
static size_t reconciler_count(void) {
    IidReconcileCounts counts;
    CHECK(iid_reconciler_finish(g_reconciler, NULL, &counts) == IID_STATUS_OK, "finish the reconciler to count its accounts");
    iid_reconciler_free(g_reconciler);
    CHECK(iid_reconciler_new(NULL, 0, &g_reconciler) == IID_STATUS_OK, "a new reconciler for the next case");
    return counts.results;
}

static void good_on_prem(Batch *b, const SchemaInfo *s) {
    size_t r = batch_record(b);
    batch_text(b, r + field_of(s, "ObjectGUID"), G1);
    batch_text(b, r + field_of(s, "SamAccountName"), "alice");
    r = batch_record(b);
    batch_text(b, r + field_of(s, "ObjectGUID"), G2);
    batch_text(b, r + field_of(s, "SamAccountName"), "bob");
}

/* ---- Hostile calls. */

/* The same value descriptions (field by field: an IidValue has padding no one writes). */
static int same_values(const IidValue *a, const IidValue *b, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        if (a[i].kind != b[i].kind || a[i].offset != b[i].offset || a[i].len != b[i].len) {
            return 0;
        }
    }
    return 1;
}

enum Expect { OUT_RESET, OUT_UNTOUCHED };

/* A call that must be refused: INVALID_ARGUMENT, the answer reset, and `out` (allocated with
 * `out_alloc` elements, all 0x77) reset, or untouched when the library cannot know it. */
static void refused(const Export *e, const char *what, const IidInput *input, size_t out_len, size_t out_alloc, enum Expect expect) {
    void *out = e->elem_size ? sentinel_block(out_alloc, e->elem_size) : NULL;
    IidAnswer answer = dirty_answer();
    IidStatus status = e->call(input, out, out_len, &answer);
    CHECK(status == IID_STATUS_INVALID_ARGUMENT, "%s: %s is INVALID_ARGUMENT (got %u)", e->name, what, (unsigned)status);
    CHECK(answer_is_empty(&answer), "%s: %s resets the answer", e->name, what);
    if (e->elem_size == 0) {
        CHECK(e->take_count() == 0, "%s: %s adds nothing", e->name, what);
    } else if (expect == OUT_RESET) {
        CHECK(e->is_reset(out, out_alloc), "%s: %s writes nothing but the reset into out", e->name, what);
    } else {
        CHECK(all_bytes(out, out_alloc * e->elem_size, 0x77), "%s: %s leaves out untouched", e->name, what);
    }
    iid_answer_free(&answer);
    free(out);
}

/* The good batch with record 1's value `field` replaced. */
static void refused_bad_value(const Export *e, const Batch *good, size_t field, IidValue bad, const char *what) {
    Batch b = *good;
    HeapInput h;
    size_t records = batch_records(&b);
    b.values[b.fields + field] = bad;
    h = heap_input(&b);
    refused(e, what, &h.input, records * e->per_record, records * e->per_record, OUT_RESET);
    heap_input_free(&h);
}

static void batch_export_contract(const Export *e) {
    SchemaInfo s;
    Batch *good = (Batch *)xmalloc(sizeof *good);
    HeapInput h;
    size_t records;
    size_t out_len;
    char buffer[sizeof(IidInput) + 16];
    IidInput copy;
    void *out;
    IidAnswer answer;
    IidStatus status;
    IidValue bad;

    section(e->name);
    schema_info(e->schema, &s);
    batch_init(good, s.passed);
    e->good(good, &s);
    records = batch_records(good);
    out_len = records * e->per_record;
    h = heap_input(good);

    /* The call as a caller makes it. */
    out = e->elem_size ? sentinel_block(out_len, e->elem_size) : NULL;
    answer = dirty_answer();
    status = e->call(&h.input, out, out_len, &answer);
    CHECK(status == IID_STATUS_OK, "%s: two good records are OK", e->name);
    CHECK(answer_is_well_formed(&answer) && answer.notes_len == 0, "%s: the answer holds no note", e->name);
    if (e->elem_size != 0) {
        CHECK(e->record_ok(out, 0) && e->record_ok(out, 1), "%s: both records are written", e->name);
    } else {
        CHECK(e->take_count() == 2, "%s: both records are added", e->name);
    }
    iid_answer_free(&answer);
    free(out);

    refused(e, "a null input", NULL, out_len, out_len, OUT_RESET);
    memcpy(buffer + 1, &h.input, sizeof h.input);
    refused(e, "a misaligned input", (const IidInput *)(void *)(buffer + 1), out_len, out_len, OUT_RESET);

    copy = h.input;
    copy.values = NULL;
    refused(e, "null values with a length", &copy, out_len, out_len, OUT_RESET);
    copy = h.input;
    copy.text = NULL;
    refused(e, "null text with a length", &copy, out_len, out_len, OUT_RESET);
    copy = h.input;
    copy.bytes = NULL;
    copy.bytes_len = TWO_TO_THE_40;
    refused(e, "null bytes with a length of 2^40", &copy, out_len, out_len, OUT_RESET);
    copy = h.input;
    copy.values = NULL;
    copy.values_len = TWO_TO_THE_40;
    refused(e, "null values with a count of 2^40", &copy, out_len, out_len, OUT_RESET);
    copy = h.input;
    copy.text_len = SIZE_MAX;
    refused(e, "a text length of SIZE_MAX", &copy, out_len, out_len, OUT_RESET);
    copy = h.input;
    copy.bytes_len = SIZE_MAX;
    refused(e, "a bytes length of SIZE_MAX", &copy, out_len, out_len, OUT_RESET);
    copy = h.input;
    copy.values_len = SIZE_MAX;
    refused(e, "a values count of SIZE_MAX", &copy, out_len, out_len, OUT_RESET);
    {
        /* Pointers one byte off their type's alignment, into buffers long enough. */
        char *values = (char *)xmalloc(good->values_len * sizeof(IidValue) + 1);
        char *text = (char *)xmalloc(good->text_len * sizeof(uint16_t) + 1);
        memcpy(values + 1, good->values, good->values_len * sizeof(IidValue));
        memcpy(text + 1, good->text, good->text_len * sizeof(uint16_t));
        copy = h.input;
        copy.values = (const IidValue *)(void *)(values + 1);
        refused(e, "misaligned values", &copy, out_len, out_len, OUT_RESET);
        copy = h.input;
        copy.text = (const uint16_t *)(void *)(text + 1);
        refused(e, "misaligned text", &copy, out_len, out_len, OUT_RESET);
        free(values);
        free(text);
    }
    {
        /* One value more than whole records, in a buffer that holds it. */
        IidValue *values = (IidValue *)xmalloc((good->values_len + 1) * sizeof(IidValue));
        memcpy(values, good->values, good->values_len * sizeof(IidValue));
        values[good->values_len].kind = IID_VALUE_KIND_ABSENT;
        values[good->values_len].offset = 0;
        values[good->values_len].len = 0;
        copy = h.input;
        copy.values = values;
        copy.values_len = good->values_len + 1;
        refused(e, "values that do not make whole records", &copy, out_len, out_len, OUT_RESET);
        free(values);
    }

    /* Whole-batch validation: a bad description in record 1 means record 0 is not written. */
    bad.kind = IID_VALUE_KIND_TEXT;
    bad.offset = good->text_len + 100;
    bad.len = 1;
    refused_bad_value(e, good, 0, bad, "an offset past the text in record 1");
    bad.offset = 0;
    bad.len = TWO_TO_THE_40;
    refused_bad_value(e, good, 0, bad, "a text length of 2^40 in record 1");
    bad.offset = SIZE_MAX;
    bad.len = 2;
    refused_bad_value(e, good, 0, bad, "an offset + length that overflows in record 1");
    bad.kind = 42;
    bad.offset = 0;
    bad.len = 0;
    refused_bad_value(e, good, good->fields - 1, bad, "an unknown kind in record 1's last field");
    bad.kind = UINT32_MAX;
    refused_bad_value(e, good, 0, bad, "kind UINT32_MAX in record 1");
    bad.kind = IID_VALUE_KIND_ABSENT;
    bad.len = 1;
    refused_bad_value(e, good, 0, bad, "an absent value with a length in record 1");
    bad.kind = IID_VALUE_KIND_NULL;
    bad.offset = 3;
    bad.len = 2;
    refused_bad_value(e, good, 0, bad, "a null value with a place in record 1");
    bad.kind = IID_VALUE_KIND_GUID;
    bad.offset = 0;
    bad.len = 15;
    refused_bad_value(e, good, 0, bad, "a 15-byte GUID in record 1");
    bad.kind = IID_VALUE_KIND_BYTES;
    bad.offset = good->bytes_len;
    bad.len = 1;
    refused_bad_value(e, good, 0, bad, "bytes past the bytes buffer in record 1");

    if (e->elem_size != 0) {
        if (out_len > 1) {
            refused(e, "an output one element short", &h.input, out_len - 1, out_len - 1, OUT_RESET);
        }
        {
            void *null_out = NULL;
            answer = dirty_answer();
            status = e->call(&h.input, null_out, out_len, &answer);
            CHECK(status == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "%s: a null out with a length is refused, the answer reset", e->name);
            answer = dirty_answer();
            status = e->call(&h.input, null_out, TWO_TO_THE_40, &answer);
            CHECK(status == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "%s: a null out with a length of 2^40 is refused", e->name);
        }
        refused(e, "an out length of SIZE_MAX", &h.input, SIZE_MAX, out_len, OUT_UNTOUCHED);
        {
            char *block = (char *)sentinel_block(out_len + 1, e->elem_size);
            answer = dirty_answer();
            status = e->call(&h.input, block + 1, out_len, &answer);
            if (e->elem_size > 1) {
                CHECK(status == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "%s: a misaligned out is refused", e->name);
                CHECK(all_bytes(block, (out_len + 1) * e->elem_size, 0x77), "%s: a misaligned out is left untouched", e->name);
            } else {
                CHECK(status == IID_STATUS_OK, "%s: a byte out has no alignment to miss", e->name);
                iid_answer_free(&answer);
            }
            free(block);
        }
        {
            /* The answer inside the output array: writing one would corrupt the other. */
            size_t at = (e->elem_size * e->per_record + 7) / 8 * 8;
            size_t alloc = (at + sizeof(IidAnswer)) / e->elem_size + out_len + 1;
            char *block = (char *)sentinel_block(alloc, e->elem_size);
            IidAnswer *inside = (IidAnswer *)(void *)(block + at);
            status = e->call(&h.input, block, alloc, inside);
            CHECK(status == IID_STATUS_INVALID_ARGUMENT, "%s: an answer inside out is refused", e->name);
            CHECK(answer_is_empty(inside), "%s: ... and the answer is reset", e->name);
            free(block);
        }
    }
    {
        /* An output over an input: refused with the input left as it was (resetting the
         * output would overwrite it), the other output reset. */
        size_t values_bytes = good->values_len * sizeof(IidValue);
        size_t room = values_bytes + out_len * (e->elem_size ? e->elem_size : 1) + sizeof(IidAnswer) + 64;
        char *block = (char *)sentinel_block(room, 1);
        IidInput over = h.input;
        IidInput *in_block = (IidInput *)xmalloc(sizeof(IidInput) + sizeof(IidAnswer));
        memcpy(block, good->values, values_bytes);
        over.values = (const IidValue *)(void *)block;
        if (e->elem_size != 0) {
            answer = dirty_answer();
            status = e->call(&over, block + 8, out_len, &answer);
            CHECK(status == IID_STATUS_INVALID_ARGUMENT, "%s: an out array over the input's values is refused", e->name);
            CHECK(same_values(over.values, good->values, good->values_len) && all_bytes(block + values_bytes, room - values_bytes, 0x77),
                  "%s: ... the values are left as they were", e->name);
            CHECK(answer_is_empty(&answer), "%s: ... and the answer is reset", e->name);
        }
        out = e->elem_size ? sentinel_block(out_len, e->elem_size) : NULL;
        status = e->call(&over, out, out_len, (IidAnswer *)(void *)block);
        CHECK(status == IID_STATUS_INVALID_ARGUMENT, "%s: an answer over the input's values is refused", e->name);
        CHECK(same_values(over.values, good->values, good->values_len) && all_bytes(block + values_bytes, room - values_bytes, 0x77),
              "%s: ... the values are left as they were", e->name);
        if (e->elem_size != 0) {
            CHECK(e->is_reset(out, out_len), "%s: ... and out is reset", e->name);
        } else {
            CHECK(e->take_count() == 0, "%s: ... and nothing was added", e->name);
        }
        *in_block = h.input;
        status = e->call(in_block, out, out_len, (IidAnswer *)(void *)in_block);
        CHECK(status == IID_STATUS_INVALID_ARGUMENT && memcmp(in_block, &h.input, sizeof h.input) == 0,
              "%s: an answer over the IidInput itself is refused, the IidInput left as it was", e->name);
        if (e->elem_size == 0) {
            CHECK(e->take_count() == 0, "%s: ... and nothing was added", e->name);
        }
        free(out);
        free(in_block);
        free(block);
    }
    {
        char *block = (char *)xmalloc(sizeof(IidAnswer) + 8);
        out = e->elem_size ? sentinel_block(out_len, e->elem_size) : NULL;
        status = e->call(&h.input, out, out_len, NULL);
        CHECK(status == IID_STATUS_INVALID_ARGUMENT, "%s: a null answer is refused", e->name);
        status = e->call(&h.input, out, out_len, (IidAnswer *)(void *)(block + 4));
        CHECK(status == IID_STATUS_INVALID_ARGUMENT, "%s: a misaligned answer is refused", e->name);
        if (e->elem_size == 0) {
            CHECK(e->take_count() == 0, "%s: ... and nothing was added", e->name);
        }
        free(out);
        free(block);
    }
    {
        IidInput empty = {NULL, 0, NULL, 0, NULL, 0};
        answer = dirty_answer();
        status = e->call(&empty, NULL, 0, &answer);
        CHECK(status == IID_STATUS_OK && answer_is_empty(&answer), "%s: an empty batch with null buffers is OK and says nothing", e->name);
    }
    {
        /* Unpaired surrogates: per-record InvalidCharacter notes; the good record converts. */
        static const uint16_t high_first[] = {0xD800, 'A'};
        static const uint16_t low_alone[] = {0xDC00};
        static const uint16_t high_last[] = {'A', 'B', 0xDBFF};
        Batch *b = (Batch *)xmalloc(sizeof *b);
        size_t n;
        batch_init(b, s.passed);
        batch_units(b, batch_record(b), high_first, 2);
        memcpy(&b->values[b->values_len], &good->values[0], b->fields * sizeof(IidValue));
        /* Record 1 is the good batch's record 0, its text copied to the same place. */
        {
            size_t f;
            for (f = 0; f < b->fields; f++) {
                IidValue v = good->values[f];
                if (v.kind == IID_VALUE_KIND_TEXT) {
                    memcpy(b->text + b->text_len, good->text + v.offset, v.len * sizeof(uint16_t));
                    v.offset = b->text_len;
                    b->text_len += v.len;
                } else if (v.kind == IID_VALUE_KIND_GUID || v.kind == IID_VALUE_KIND_BYTES) {
                    memcpy(b->bytes + b->bytes_len, good->bytes + v.offset, v.len);
                    v.offset = b->bytes_len;
                    b->bytes_len += v.len;
                }
                b->values[b->values_len + f] = v;
            }
            b->values_len += b->fields;
        }
        batch_units(b, batch_record(b), low_alone, 1);
        batch_units(b, batch_record(b), high_last, 3);
        n = batch_records(b);
        heap_input_free(&h);
        h = heap_input(b);
        out = e->elem_size ? sentinel_block(n * e->per_record, e->elem_size) : NULL;
        answer = dirty_answer();
        status = e->call(&h.input, out, n * e->per_record, &answer);
        CHECK(status == IID_STATUS_OK && answer_is_well_formed(&answer), "%s: unpaired surrogates are not an argument error", e->name);
        CHECK(notes_with(&answer, 0, IID_SEVERITY_ERROR, "InvalidCharacter") == 1, "%s: a high surrogate first is record 0's InvalidCharacter", e->name);
        CHECK(notes_with(&answer, 1, IID_SEVERITY_ERROR, "InvalidCharacter") == 0, "%s: record 1 has no error", e->name);
        CHECK(notes_with(&answer, 2, IID_SEVERITY_ERROR, "InvalidCharacter") == 1, "%s: a lone low surrogate is record 2's InvalidCharacter", e->name);
        CHECK(notes_with(&answer, 3, IID_SEVERITY_ERROR, "InvalidCharacter") == 1, "%s: a high surrogate last is record 3's InvalidCharacter", e->name);
        if (e->elem_size != 0) {
            CHECK(e->record_ok(out, 1) && !e->record_ok(out, 0) && !e->record_ok(out, 2) && !e->record_ok(out, 3),
                  "%s: only record 1 is written", e->name);
            CHECK(e->is_reset((const char *)out, e->per_record) && e->is_reset((const char *)out + 2 * e->per_record * e->elem_size, 2 * e->per_record),
                  "%s: the failed records hold the reset", e->name);
        } else {
            CHECK(e->take_count() == e->kept_of_four, "%s: %zu of the four records are kept", e->name, e->kept_of_four);
        }
        iid_answer_free(&answer);
        free(out);
        free(b);
    }
    heap_input_free(&h);
    free(good);
}

/* ---- What each export gives for normal values. */

static void check_to_immutable_id(void) {
    SchemaInfo s;
    Batch *b = (Batch *)xmalloc(sizeof *b);
    HeapInput h;
    IidConverted out[8];
    IidAnswer answer = dirty_answer();
    uint8_t g1[16];
    size_t cg;
    size_t og;
    size_t r;

    section("iid_to_immutable_id: values");
    schema_info(IID_SCHEMA_CONVERT_TO, &s);
    cg = field_of(&s, "mS-DS-ConsistencyGuid");
    og = field_of(&s, "ObjectGUID");
    guid_bytes(G1, g1);
    batch_init(b, s.passed);
    batch_text(b, batch_record(b), "{" G1 "}");
    batch_bytes(b, batch_record(b), IID_VALUE_KIND_BYTES, g1, 16);
    r = batch_record(b);
    batch_text(b, r + cg, G2);
    batch_bytes(b, r + og, IID_VALUE_KIND_GUID, g1, 16);
    batch_text(b, batch_record(b), HEX1);
    batch_text(b, batch_record(b), "00000000-0000-0000-0000-000000000000");
    batch_bytes(b, batch_record(b), IID_VALUE_KIND_BYTES, g1, 3);
    batch_record(b);
    h = heap_input(b);
    CHECK(iid_to_immutable_id(&h.input, IID_SOURCE_FORMAT_AUTO, NULL, 0, out, 8, &answer) == IID_STATUS_OK && answer_is_well_formed(&answer),
          "seven records convert with OK");
    CHECK(out[0].ok == 1 && memcmp(out[0].immutable_id, I1, 24) == 0 && memcmp(out[0].guid, g1, 16) == 0 && out[0].field == 0,
          "a B-form GUID given itself is " I1 ", field 0");
    CHECK(out[1].ok == 1 && memcmp(out[1].immutable_id, I1, 24) == 0, "16 bytes given themselves are " I1);
    CHECK(out[2].ok == 1 && memcmp(out[2].immutable_id, I2, 24) == 0 && out[2].field == cg, "a set mS-DS-ConsistencyGuid wins over objectGUID");
    CHECK(out[3].ok == 0 && notes_with(&answer, 3, IID_SEVERITY_ERROR, "AmbiguousHex") == 1, "bare 32 hex digits are AmbiguousHex under Auto");
    CHECK(out[4].ok == 1 && memcmp(out[4].immutable_id, "AAAAAAAAAAAAAAAAAAAAAA==", 24) == 0 && notes_with(&answer, 4, IID_SEVERITY_WARNING, "NilGuid") == 1,
          "the nil GUID converts with a NilGuid warning");
    CHECK(out[5].ok == 0 && notes_with(&answer, 5, IID_SEVERITY_ERROR, "WrongByteCount") == 1, "3 bytes are WrongByteCount");
    CHECK(out[6].ok == 0 && out[6].field == IID_NO_FIELD && notes_with(&answer, 6, IID_SEVERITY_ERROR, "NoAnchorProperty") == 1,
          "a record with nothing set is NoAnchorProperty");
    CHECK(answer.notes_len == 4, "one note per failed record and one warning (%zu notes)", answer.notes_len);
    iid_answer_free(&answer);
    CHECK(iid_to_immutable_id(&h.input, 5, NULL, 0, out, 8, &answer) == IID_STATUS_INVALID_ARGUMENT && converted_reset(out, 7), "an unknown format (5) is refused");
    heap_input_free(&h);

    batch_init(b, s.passed);
    batch_text(b, batch_record(b), HEX1);
    h = heap_input(b);
    CHECK(iid_to_immutable_id(&h.input, IID_SOURCE_FORMAT_HEX, NULL, 0, out, 1, &answer) == IID_STATUS_OK && memcmp(out[0].immutable_id, I1, 24) == 0,
          "the same hex read as Hex is " I1);
    CHECK(iid_to_immutable_id(&h.input, IID_SOURCE_FORMAT_GUID, NULL, 0, out, 1, &answer) == IID_STATUS_OK && out[0].ok == 1 &&
              memcmp(out[0].immutable_id, "h0vNKxSNR8qzCZHfZPBb9Q==", 24) == 0,
          "read as an N-form GUID it is h0vNKxSNR8qzCZHfZPBb9Q==");
    heap_input_free(&h);
    batch_init(b, s.passed);
    batch_text(b, batch_record(b), LDAP1);
    batch_text(b, batch_record(b), DN1);
    h = heap_input(b);
    CHECK(iid_to_immutable_id(&h.input, IID_SOURCE_FORMAT_AUTO, NULL, 0, out, 2, &answer) == IID_STATUS_OK && memcmp(out[0].immutable_id, I1, 24) == 0 &&
              memcmp(out[1].immutable_id, I1, 24) == 0,
          "LDAP-escaped bytes and the connector-space DN are " I1);
    heap_input_free(&h);
    iid_answer_free(&answer);
    free(b);
}

/* ---- The tenant's sourceAnchor: which property a record's anchor is made from. */

static void check_source_anchor(void) {
    static const uint8_t binary[4] = {0xde, 0xad, 0xbe, 0xef};
    SchemaInfo s;
    Batch *b = (Batch *)xmalloc(sizeof *b);
    HeapInput h;
    IidConverted out[4];
    IidAnswer answer = dirty_answer();
    uint8_t g1[16];
    uint8_t g2[16];
    uint32_t kind = 9;
    size_t cg;
    size_t og;
    size_t attribute = SIZE_MAX;
    size_t r;
    size_t i;
    size_t len;
    const uint16_t *name;
    IidValidator *v = (IidValidator *)(void *)&kind;
    IidReconciler *rc = (IidReconciler *)(void *)&kind;

    section("iid_source_anchor and the source_anchor parameters");
    name = u16("objectguid", &len);
    CHECK(iid_source_anchor(name, len, &kind, &answer) == IID_STATUS_OK && kind == IID_SOURCE_ANCHOR_KIND_OBJECT_GUID && answer.lists_len == 1 &&
              list_item_is(&answer, 0, "ObjectGUID"),
          "objectguid is the ObjectGUID choice, named as the parameter names it");
    iid_answer_free(&answer);
    name = u16("employeeID", &len);
    CHECK(iid_source_anchor(name, len, &kind, &answer) == IID_STATUS_OK && kind == IID_SOURCE_ANCHOR_KIND_ATTRIBUTE && list_item_is(&answer, 0, "employeeID"),
          "employeeID is an attribute, read by that name");
    iid_answer_free(&answer);
    name = u16("employee ID", &len);
    CHECK(iid_source_anchor(name, len, &kind, &answer) == IID_STATUS_OK && kind == 0 && answer.lists_len == 0 &&
              notes_with(&answer, 0, IID_SEVERITY_ERROR, "InvalidSourceAnchor") == 1,
          "a name with a space is an InvalidSourceAnchor note");
    iid_answer_free(&answer);
    CHECK(iid_source_anchor(NULL, 0, &kind, &answer) == IID_STATUS_OK && notes_with(&answer, 0, IID_SEVERITY_ERROR, "InvalidSourceAnchor") == 1,
          "an empty name is refused as typed");
    iid_answer_free(&answer);
    CHECK(iid_source_anchor(NULL, 5, &kind, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer) && kind == 0, "null with a length is refused");

    schema_info(IID_SCHEMA_CONVERT_TO, &s);
    cg = field_of(&s, "mS-DS-ConsistencyGuid");
    og = field_of(&s, "ObjectGUID");
    for (i = 0, r = 0; i < s.count; i++) {
        if (s.roles[i] == IID_ROLE_SOURCE_ANCHOR) {
            attribute = r;
        }
        r += s.roles[i] != IID_ROLE_IDENTITY;
    }
    CHECK(attribute != SIZE_MAX, "the ConvertTo schema has a SOURCE_ANCHOR field (%zu)", attribute);
    guid_bytes(G1, g1);
    guid_bytes(G2, g2);
    batch_init(b, s.passed);
    r = batch_record(b);
    batch_bytes(b, r + cg, IID_VALUE_KIND_BYTES, g2, 16);
    batch_bytes(b, r + og, IID_VALUE_KIND_GUID, g1, 16);
    batch_text(b, r + attribute, "E1234");
    r = batch_record(b);
    batch_bytes(b, r + og, IID_VALUE_KIND_GUID, g1, 16);
    batch_bytes(b, r + attribute, IID_VALUE_KIND_BYTES, binary, 4);
    h = heap_input(b);
    name = u16("ObjectGUID", &len);
    CHECK(iid_to_immutable_id(&h.input, IID_SOURCE_FORMAT_AUTO, name, len, out, 2, &answer) == IID_STATUS_OK && memcmp(out[0].immutable_id, I1, 24) == 0 &&
              out[0].field == og && out[0].anchor.offset == NO_TEXT,
          "ObjectGUID: the objectGUID's ImmutableId, the ConsistencyGuid ignored");
    iid_answer_free(&answer);
    name = u16("employeeID", &len);
    CHECK(iid_to_immutable_id(&h.input, IID_SOURCE_FORMAT_AUTO, name, len, out, 2, &answer) == IID_STATUS_OK && answer_is_well_formed(&answer) &&
              out[0].ok == 1 && text_is(&answer, out[0].anchor, "E1234") && all_bytes(out[0].immutable_id, 24, 0) && out[0].field == attribute &&
              text_is(&answer, out[1].anchor, "3q2+7w=="),
          "employeeID: its string as it is, and the Base64 of a binary value, in the answer");
    iid_answer_free(&answer);
    name = u16("a_b", &len);
    CHECK(iid_to_immutable_id(&h.input, IID_SOURCE_FORMAT_AUTO, name, len, out, 2, &answer) == IID_STATUS_INVALID_ARGUMENT && converted_reset(out, 2) &&
              answer_is_empty(&answer),
          "a name that is not an LDAP attribute name is refused, out reset");
    CHECK(iid_to_immutable_id(&h.input, IID_SOURCE_FORMAT_AUTO, NULL, 3, out, 2, &answer) == IID_STATUS_INVALID_ARGUMENT && converted_reset(out, 2),
          "a null source_anchor with a length is refused");
    heap_input_free(&h);

    name = u16("not an attribute", &len);
    CHECK(iid_validator_new(IID_VALIDATOR_MODE_RESULTS, name, len, &v) == IID_STATUS_INVALID_ARGUMENT && v == NULL, "no validator for a bad source_anchor");
    CHECK(iid_reconciler_new(name, len, &rc) == IID_STATUS_INVALID_ARGUMENT && rc == NULL, "no reconciler for a bad source_anchor");
    name = u16("msDS-SourceAnchor", &len);
    CHECK(iid_validator_new(IID_VALIDATOR_MODE_RESULTS, name, len, &v) == IID_STATUS_OK && v != NULL, "a validator for an msDS-SourceAnchor tenant");
    CHECK(iid_reconciler_new(name, len, &rc) == IID_STATUS_OK && rc != NULL, "a reconciler for an msDS-SourceAnchor tenant");
    iid_validator_free(v);
    iid_reconciler_free(rc);
    free(b);
}

static void check_from_immutable_id(void) {
    static const struct {
        uint32_t form;
        size_t width;
        const char *expected;
    } forms[] = {
        {IID_OUTPUT_FORM_GUID, 36, G1}, {IID_OUTPUT_FORM_HEX, 32, HEX1}, {IID_OUTPUT_FORM_LDAP_FILTER, 48, LDAP1},
        {IID_OUTPUT_FORM_DISTINGUISHED_NAME, 53, DN1}, {IID_OUTPUT_FORM_IMMUTABLE_ID, 24, I1},
        {IID_OUTPUT_FORM_BYTES_LITERAL, 89, "[byte[]](0x2B,0xCD,0x4B,0x87,0x8D,0x14,0xCA,0x47,0xB3,0x09,0x91,0xDF,0x64,0xF0,0x5B,0xF5)"},
    };
    SchemaInfo s;
    Batch *b = (Batch *)xmalloc(sizeof *b);
    HeapInput h;
    IidAnswer answer = dirty_answer();
    uint8_t g1[16];
    size_t i;

    section("iid_output_width and iid_from_immutable_id: values");
    schema_info(IID_SCHEMA_CONVERT_FROM, &s);
    guid_bytes(G1, g1);
    batch_init(b, s.passed);
    batch_text(b, batch_record(b), I1);
    batch_text(b, batch_record(b) + field_of(&s, "OnPremisesImmutableId"), DN1);
    batch_text(b, batch_record(b), "AAAA");
    batch_text(b, batch_record(b), " " I1);
    h = heap_input(b);
    for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        size_t width = iid_output_width(forms[i].form);
        uint8_t *out = (uint8_t *)sentinel_block(4 * width, 1);
        CHECK(width == forms[i].width, "iid_output_width(%u) is %zu", (unsigned)forms[i].form, forms[i].width);
        CHECK(iid_from_immutable_id(&h.input, forms[i].form, out, 4 * width, &answer) == IID_STATUS_OK, "form %u: OK", (unsigned)forms[i].form);
        CHECK(memcmp(out, forms[i].expected, width) == 0 && memcmp(out + width, forms[i].expected, width) == 0,
              "form %u: " I1 " and its DN render as %s", (unsigned)forms[i].form, forms[i].expected);
        CHECK(all_bytes(out + 2 * width, 2 * width, 0), "form %u: the failed records' slots are zeros", (unsigned)forms[i].form);
        CHECK(notes_with(&answer, 2, IID_SEVERITY_ERROR, "NotGuidBased") == 1 && notes_with(&answer, 3, IID_SEVERITY_ERROR, "SurroundingWhiteSpace") == 1,
              "form %u: AAAA is NotGuidBased, a leading space SurroundingWhiteSpace", (unsigned)forms[i].form);
        iid_answer_free(&answer);
        free(out);
    }
    {
        uint8_t out[64];
        CHECK(iid_output_width(IID_OUTPUT_FORM_BYTES) == 16, "iid_output_width(BYTES) is 16");
        CHECK(iid_from_immutable_id(&h.input, IID_OUTPUT_FORM_BYTES, out, 64, &answer) == IID_STATUS_OK && memcmp(out, g1, 16) == 0,
              "form BYTES gives the stored bytes");
        iid_answer_free(&answer);
        CHECK(iid_output_width(7) == 0 && iid_output_width(UINT32_MAX) == 0, "iid_output_width of unknown forms is 0");
        memset(out, 0x77, sizeof out);
        CHECK(iid_from_immutable_id(&h.input, 7, out, 64, &answer) == IID_STATUS_INVALID_ARGUMENT && all_bytes(out, 64, 0) && answer_is_empty(&answer),
              "an unknown form is refused, out zeroed");
    }
    heap_input_free(&h);
    free(b);
}

static void check_describe(void) {
    SchemaInfo s;
    Batch *b = (Batch *)xmalloc(sizeof *b);
    HeapInput h;
    IidForms out[3];
    IidAnswer answer = dirty_answer();
    uint8_t g1[16];

    section("iid_describe: values");
    schema_info(IID_SCHEMA_CONVERT_FROM, &s);
    guid_bytes(G1, g1);
    batch_init(b, s.passed);
    batch_text(b, batch_record(b), I1);
    batch_text(b, batch_record(b), "AAAA");
    batch_text(b, batch_record(b), "K81Lh40UykezCZHfZPBb9R==");
    h = heap_input(b);
    CHECK(iid_describe(&h.input, out, 3, &answer) == IID_STATUS_OK && answer_is_well_formed(&answer), "three records described with OK");
    CHECK(out[0].ok == 1 && out[0].has_guid == 1 && out[0].byte_count == 16 && memcmp(out[0].guid, g1, 16) == 0, I1 " is GUID-based, 16 bytes");
    CHECK(text_is(&answer, out[0].immutable_id, I1) && text_is(&answer, out[0].hex, HEX1) && text_is(&answer, out[0].ldap_filter, LDAP1) &&
              text_is(&answer, out[0].distinguished_name, DN1),
          "its forms are its text, hex, LDAP filter and DN");
    CHECK(out[1].ok == 1 && out[1].has_guid == 0 && out[1].byte_count == 3 && text_is(&answer, out[1].hex, "000000") &&
              text_is(&answer, out[1].distinguished_name, "CN={41414141}"),
          "AAAA is described, 3 bytes, no GUID");
    CHECK(out[2].ok == 0 && notes_with(&answer, 2, IID_SEVERITY_ERROR, "NonCanonicalPadding") == 1 && answer.notes_len == 1,
          "non-canonical padding is the one error");
    iid_answer_free(&answer);
    heap_input_free(&h);
    free(b);
}

static void check_cloud_anchors(void) {
    SchemaInfo s;
    Batch *b = (Batch *)xmalloc(sizeof *b);
    HeapInput h;
    IidCloudAnchor out[3];
    IidAnswer answer = dirty_answer();
    uint8_t id[16];
    char dn[128];
    size_t n;
    const uint16_t *name;
    static const uint16_t lone[] = {'U', 0xD800};

    section("iid_cloud_object_types, iid_cloud_object_type, iid_cloud_anchor_encode, iid_cloud_anchor_decode");
    CHECK(iid_cloud_object_types(&answer) == IID_STATUS_OK && answer.lists_len == 4 && list_item_is(&answer, 0, "User") && list_item_is(&answer, 1, "Group") &&
              list_item_is(&answer, 2, "Device") && list_item_is(&answer, 3, "Contact") && answer_is_well_formed(&answer),
          "the object types are User, Group, Device, Contact");
    iid_answer_free(&answer);
    CHECK(iid_cloud_object_types(NULL) == IID_STATUS_INVALID_ARGUMENT, "iid_cloud_object_types refuses a null answer");
    name = u16("device", &n);
    CHECK(iid_cloud_object_type(name, n, &answer) == IID_STATUS_OK && answer.lists_len == 1 && list_item_is(&answer, 0, "Device") && answer.notes_len == 0,
          "'device' is the type Device");
    iid_answer_free(&answer);
    name = u16("Banana", &n);
    CHECK(iid_cloud_object_type(name, n, &answer) == IID_STATUS_OK && notes_with(&answer, 0, IID_SEVERITY_ERROR, "InvalidObjectType") == 1 && answer.lists_len == 0,
          "'Banana' is an InvalidObjectType note");
    iid_answer_free(&answer);
    CHECK(iid_cloud_object_type(NULL, 0, &answer) == IID_STATUS_OK && notes_with(&answer, 0, IID_SEVERITY_ERROR, "InvalidObjectType") == 1,
          "no name at all is an InvalidObjectType note");
    iid_answer_free(&answer);
    answer = dirty_answer();
    CHECK(iid_cloud_object_type(NULL, 4, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "a null name with a length is refused");
    answer = dirty_answer();
    CHECK(iid_cloud_object_type(lone, 2, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "a name with an unpaired surrogate is refused");
    answer = dirty_answer();
    CHECK(iid_cloud_object_type(name, SIZE_MAX, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer), "a name length of SIZE_MAX is refused");
    CHECK(iid_cloud_object_type(name, n, NULL) == IID_STATUS_INVALID_ARGUMENT, "a null answer is refused");
    {
        /* The answer over the name: refused, the name left as it was. */
        uint16_t *block = (uint16_t *)xmalloc(sizeof(IidAnswer) + 16);
        memset(block, 0, sizeof(IidAnswer) + 16);
        memcpy(block, name, n * sizeof(uint16_t));
        CHECK(iid_cloud_object_type(block, n, (IidAnswer *)(void *)block) == IID_STATUS_INVALID_ARGUMENT && memcmp(block, name, n * sizeof(uint16_t)) == 0,
              "an answer over the name is refused, the name left as it was");
        free(block);
    }

    schema_info(IID_SCHEMA_CLOUD_ANCHOR_TO, &s);
    guid_bytes(CLOUD_ID, id);
    batch_init(b, s.passed);
    batch_text(b, batch_record(b), CLOUD_ID);
    batch_bytes(b, batch_record(b) + field_of(&s, "ObjectId"), IID_VALUE_KIND_GUID, id, 16);
    batch_text(b, batch_record(b), "Contact_" CLOUD_ID);
    h = heap_input(b);
    name = u16("user", &n);
    CHECK(iid_cloud_anchor_encode(&h.input, name, n, out, 3, &answer) == IID_STATUS_OK && answer.notes_len == 0 && answer_is_well_formed(&answer),
          "three object ids encode with OK");
    CHECK(out[0].ok == 1 && text_is(&answer, out[0].cloud_anchor, CLOUD_ANCHOR) && text_is(&answer, out[0].name, CLOUD_NAME) &&
              text_is(&answer, out[0].object_type, "User") && memcmp(out[0].object_id, id, 16) == 0,
          "the documented CloudAnchor vector");
    CHECK(out[1].ok == 1 && text_is(&answer, out[1].cloud_anchor, CLOUD_ANCHOR), "a GUID value in ObjectId encodes alike");
    CHECK(out[2].ok == 1 && text_is(&answer, out[2].object_type, "Contact"), "a typed name keeps its type");
    snprintf(dn, sizeof dn, "%s", text_ascii(&answer, out[0].distinguished_name));
    iid_answer_free(&answer);
    name = u16("Banana", &n);
    answer = dirty_answer();
    CHECK(iid_cloud_anchor_encode(&h.input, name, n, out, 3, &answer) == IID_STATUS_INVALID_ARGUMENT && answer_is_empty(&answer) && anchors_reset(out, 3),
          "an unknown object type is refused, out reset");
    CHECK(iid_cloud_anchor_encode(&h.input, lone, 2, out, 3, &answer) == IID_STATUS_INVALID_ARGUMENT && anchors_reset(out, 3),
          "an object type with an unpaired surrogate is refused");
    CHECK(iid_cloud_anchor_encode(&h.input, NULL, 0, out, 3, &answer) == IID_STATUS_INVALID_ARGUMENT, "no object type is refused");
    CHECK(iid_cloud_anchor_encode(&h.input, NULL, 4, out, 3, &answer) == IID_STATUS_INVALID_ARGUMENT, "a null object type with a length is refused");
    {
        /* The out array over the object type: refused, the type left as it was. */
        IidCloudAnchor *block = (IidCloudAnchor *)sentinel_block(4, sizeof(IidCloudAnchor));
        uint16_t *kind = (uint16_t *)(void *)block;
        name = u16("User", &n);
        memcpy(kind, name, n * sizeof(uint16_t));
        answer = dirty_answer();
        CHECK(iid_cloud_anchor_encode(&h.input, kind, n, block, 3, &answer) == IID_STATUS_INVALID_ARGUMENT && memcmp(kind, name, n * sizeof(uint16_t)) == 0 &&
                  answer_is_empty(&answer),
              "an out array over the object type is refused, the type left as it was, the answer reset");
        free(block);
    }
    heap_input_free(&h);

    schema_info(IID_SCHEMA_CLOUD_ANCHOR_FROM, &s);
    batch_init(b, s.passed);
    batch_text(b, batch_record(b), CLOUD_ANCHOR);
    batch_text(b, batch_record(b) + field_of(&s, "DistinguishedName"), dn);
    batch_text(b, batch_record(b), I1);
    h = heap_input(b);
    CHECK(iid_cloud_anchor_decode(&h.input, out, 3, &answer) == IID_STATUS_OK && answer_is_well_formed(&answer), "three values decode with OK");
    CHECK(out[0].ok == 1 && text_is(&answer, out[0].name, CLOUD_NAME) && memcmp(out[0].object_id, id, 16) == 0, "the CloudAnchor decodes to its name");
    CHECK(out[1].ok == 1 && text_is(&answer, out[1].cloud_anchor, CLOUD_ANCHOR), "its connector-space DN (%s) decodes to the same anchor", dn);
    CHECK(out[2].ok == 0 && notes_with(&answer, 2, IID_SEVERITY_ERROR, "InvalidCloudAnchor") == 1, "an ImmutableId is InvalidCloudAnchor");
    iid_answer_free(&answer);
    heap_input_free(&h);
    free(b);
}

static void check_names_schema_version(const char *expected_version) {
    IidAnswer answer = dirty_answer();
    IidField fields[16];
    size_t count = 99;
    size_t i;
    const char *version;
    char misaligned[sizeof(size_t) * 2];

    section("iid_reason_names, iid_error_codes");
    CHECK(iid_reason_names(&answer) == IID_STATUS_OK && answer_is_well_formed(&answer), "iid_reason_names is OK");
    CHECK(answer.lists_len > 0 && answer.lists_len <= IID_REASON_SLOTS && answer.numbers_len == answer.lists_len,
          "%zu reasons, each with a severity, fitting IID_REASON_SLOTS", answer.lists_len);
    CHECK(list_item_is(&answer, 0, "Empty") && list_find(&answer, "GuidMismatch") != SIZE_MAX && list_find(&answer, "Duplicate") != SIZE_MAX,
          "reason 0 is Empty; GuidMismatch and Duplicate are reasons");
    for (i = 0; i < answer.numbers_len; i++) {
        if (answer.numbers[i] > IID_SEVERITY_WARNING) {
            break;
        }
    }
    CHECK(i == answer.numbers_len, "every reason's severity is ERROR or WARNING");
    CHECK(answer.numbers[list_find(&answer, "PlainString")] == IID_SEVERITY_WARNING && answer.numbers[list_find(&answer, "GuidMismatch")] == IID_SEVERITY_ERROR,
          "PlainString warns, GuidMismatch is an error");
    iid_answer_free(&answer);
    CHECK(iid_reason_names(NULL) == IID_STATUS_INVALID_ARGUMENT, "iid_reason_names refuses a null answer");
    CHECK(iid_error_codes(&answer) == IID_STATUS_OK && answer_is_well_formed(&answer), "iid_error_codes is OK");
    CHECK(list_find(&answer, "EmptyValue") != SIZE_MAX && list_find(&answer, "InvalidCharacter") != SIZE_MAX && list_find(&answer, "FileNotFound") != SIZE_MAX &&
              list_find(&answer, "UnclosedQuote") != SIZE_MAX && list_find(&answer, "GuidMismatch") != SIZE_MAX,
          "the error codes include conversion, reason and file codes");
    iid_answer_free(&answer);
    CHECK(iid_error_codes((IidAnswer *)(void *)(misaligned + 1)) == IID_STATUS_INVALID_ARGUMENT, "iid_error_codes refuses a misaligned answer");

    section("iid_schema");
    for (i = IID_SCHEMA_CONVERT_TO; i <= IID_SCHEMA_TEST; i++) {
        answer = dirty_answer();
        count = 99;
        CHECK(iid_schema((uint32_t)i, fields, 16, &count, &answer) == IID_STATUS_OK && count >= 3 && answer_is_well_formed(&answer) && text_is(&answer, fields[0].name, "InputObject") &&
                  fields[0].role == IID_ROLE_ITSELF && fields[0].passed == 0,
              "schema %zu: %zu fields, the first InputObject", i, count);
        iid_answer_free(&answer);
        answer = dirty_answer();
        {
            size_t wanted = count;
            count = 99;
            CHECK(iid_schema((uint32_t)i, fields, wanted - 1, &count, &answer) == IID_STATUS_INVALID_ARGUMENT && count == 0 && answer_is_empty(&answer),
                  "schema %zu: one field short is refused, count 0", i);
        }
    }
    count = 99;
    answer = dirty_answer();
    CHECK(iid_schema(1000, fields, 16, &count, &answer) == IID_STATUS_INVALID_ARGUMENT && count == 0 && answer_is_empty(&answer), "an unknown schema (1000) is refused");
    CHECK(iid_schema(UINT32_MAX, fields, 16, &count, &answer) == IID_STATUS_INVALID_ARGUMENT, "schema UINT32_MAX is refused");
    CHECK(iid_schema(IID_SCHEMA_TEST, fields, 16, NULL, &answer) == IID_STATUS_INVALID_ARGUMENT, "a null count is refused");
    count = 99;
    CHECK(iid_schema(IID_SCHEMA_TEST, fields, 16, &count, NULL) == IID_STATUS_INVALID_ARGUMENT && count == 0, "a null answer is refused, count 0");
    count = 99;
    CHECK(iid_schema(IID_SCHEMA_TEST, NULL, 16, &count, &answer) == IID_STATUS_INVALID_ARGUMENT && count == 0, "a null out with a length is refused");
    CHECK(iid_schema(IID_SCHEMA_TEST, fields, SIZE_MAX, &count, &answer) == IID_STATUS_INVALID_ARGUMENT, "an out length of SIZE_MAX is refused");
    CHECK(iid_schema(IID_SCHEMA_TEST, fields, 16, (size_t *)(void *)&fields[2], &answer) == IID_STATUS_INVALID_ARGUMENT, "a count inside out is refused");
    CHECK(iid_schema(IID_SCHEMA_TEST, fields, 16, &count, (IidAnswer *)(void *)&fields[1]) == IID_STATUS_INVALID_ARGUMENT, "an answer inside out is refused");
    CHECK(iid_schema(IID_SCHEMA_TEST, fields, 16, (size_t *)(void *)&answer.text_len, &answer) == IID_STATUS_INVALID_ARGUMENT,
          "a count inside the answer is refused");
    CHECK(iid_schema(IID_SCHEMA_TEST, fields, 16, (size_t *)(void *)(misaligned + 1), &answer) == IID_STATUS_INVALID_ARGUMENT,
          "a misaligned count is refused");
    CHECK(answer_is_empty(&answer), "the answer stayed reset through the refusals");

    section("iid_version, iid_panic_message, iid_answer_free");
    version = iid_version();
    CHECK(version != NULL && strlen(version) >= 5 && strspn(version, "0123456789.") == strlen(version), "iid_version is a version number (%s)",
          version ? version : "(null)");
    CHECK(version == iid_version(), "iid_version is a static string");
    if (expected_version != NULL) {
        CHECK(strcmp(version, expected_version) == 0, "iid_version is the workspace's version %s", expected_version);
    }
    answer = dirty_answer();
    CHECK(iid_panic_message(&answer) == IID_STATUS_OK && answer.notes_len == 1 && answer_is_well_formed(&answer) &&
              answer.notes[0].message.len == 0 && text_is(&answer, answer.notes[0].code, "Panic"),
          "with no panic, iid_panic_message gives one Panic note with an empty message");
    iid_answer_free(&answer);
    CHECK(answer_is_empty(&answer), "iid_answer_free empties the answer");
    iid_answer_free(&answer);
    CHECK(answer_is_empty(&answer), "freeing it twice is fine");
    iid_answer_free(NULL);
    REACHED("iid_answer_free(NULL) is fine");
    CHECK(iid_panic_message(NULL) == IID_STATUS_INVALID_ARGUMENT, "iid_panic_message refuses a null answer");
}

int main(int argc, char **argv) {
    static const Export exports[] = {
        {"iid_to_immutable_id", IID_SCHEMA_CONVERT_TO, sizeof(IidConverted), 1, call_to_id, converted_reset, converted_ok, good_to_id, NULL, 0},
        {"iid_from_immutable_id", IID_SCHEMA_CONVERT_FROM, 1, 36, call_from, bytes_reset, from_ok, good_from, NULL, 0},
        {"iid_describe", IID_SCHEMA_CONVERT_FROM, sizeof(IidForms), 1, call_describe, forms_reset, forms_ok, good_from, NULL, 0},
        {"iid_cloud_anchor_decode", IID_SCHEMA_CLOUD_ANCHOR_FROM, sizeof(IidCloudAnchor), 1, call_decode, anchors_reset, anchor_ok, good_decode, NULL, 0},
        {"iid_cloud_anchor_encode", IID_SCHEMA_CLOUD_ANCHOR_TO, sizeof(IidCloudAnchor), 1, call_encode, anchors_reset, anchor_ok, good_encode, NULL, 0},
        /* The validator keeps a record that fails as NOT_CHECKED; the reconciler drops it. */
        {"iid_validator_add", IID_SCHEMA_TEST, 0, 0, call_add, NULL, NULL, good_add, validator_count, 4},
        {"iid_reconciler_add", IID_SCHEMA_ON_PREMISES_USER, 0, 0, call_reconciler_add, NULL, NULL, good_on_prem, reconciler_count, 1},
    };
    size_t i;
    if (argc < 2) {
        fprintf(stderr, "usage: %s <scratch directory, absolute> [expected version]\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 1 << 16);
    printf("ImmutableId C ABI harness, library version %s\n", iid_version());

    check_names_schema_version(argc > 2 ? argv[2] : NULL);
    check_to_immutable_id();
    check_source_anchor();
    packed_checks();
    check_from_immutable_id();
    check_describe();
    check_cloud_anchors();
    CHECK(iid_validator_new(IID_VALIDATOR_MODE_RESULTS, NULL, 0, &g_add_validator) == IID_STATUS_OK && g_add_validator != NULL, "a validator for iid_validator_add's cases");
    CHECK(iid_reconciler_new(NULL, 0, &g_reconciler) == IID_STATUS_OK && g_reconciler != NULL, "a reconciler for iid_reconciler_add's cases");
    for (i = 0; i < sizeof exports / sizeof exports[0]; i++) {
        batch_export_contract(&exports[i]);
    }
    iid_validator_free(g_add_validator);
    iid_reconciler_free(g_reconciler);
    validator_checks(argv[1]);
    reconciler_checks(argv[1]);

    printf("all %d checks passed\n", checks_run());
    return 0;
}
