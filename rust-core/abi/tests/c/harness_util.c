/* The harness's helpers (see harness.h). */

#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_checks;

void check_at(int ok, const char *file, int line, const char *fmt, ...) {
    va_list args;
    g_checks++;
    if (ok) {
        printf("ok %d - ", g_checks);
    } else {
        printf("FAIL %s:%d - ", file, line);
    }
    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
    printf("\n");
    fflush(stdout);
    if (!ok) {
        exit(1);
    }
}

void section(const char *title) {
    printf("# %s\n", title);
    fflush(stdout);
}

int checks_run(void) {
    return g_checks;
}

void *xmalloc(size_t size) {
    void *p = malloc(size == 0 ? 1 : size);
    if (p == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return p;
}

void *sentinel_block(size_t n, size_t size) {
    void *p = xmalloc(n * size);
    memset(p, 0x77, n * size);
    return p;
}

int all_bytes(const void *p, size_t n, unsigned char value) {
    const unsigned char *b = (const unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++) {
        if (b[i] != value) {
            return 0;
        }
    }
    return 1;
}

const uint16_t *u16(const char *ascii, size_t *len) {
    static uint16_t ring[8][1024];
    static int next;
    uint16_t *out = ring[next];
    size_t i;
    next = (next + 1) % 8;
    for (i = 0; ascii[i] != '\0' && i < 1023; i++) {
        out[i] = (uint16_t)(unsigned char)ascii[i];
    }
    out[i] = 0;
    if (len != NULL) {
        *len = i;
    }
    return out;
}

IidAnswer dirty_answer(void) {
    IidAnswer a;
    a.text = (const uint16_t *)(uintptr_t)8;
    a.text_len = 3;
    a.notes = (const IidNote *)(uintptr_t)8;
    a.notes_len = 1;
    a.lists = (const IidText *)(uintptr_t)8;
    a.lists_len = 5;
    a.numbers = (const uint64_t *)(uintptr_t)8;
    a.numbers_len = 7;
    a.owner = (void *)(uintptr_t)8;
    return a;
}

int answer_is_empty(const IidAnswer *a) {
    return a->text == NULL && a->text_len == 0 && a->notes == NULL && a->notes_len == 0 && a->lists == NULL && a->lists_len == 0 &&
           a->numbers == NULL && a->numbers_len == 0 && a->owner == NULL;
}

int answer_is_well_formed(const IidAnswer *a) {
    int any = a->text_len != 0 || a->notes_len != 0 || a->lists_len != 0 || a->numbers_len != 0;
    size_t i;
    if ((a->text == NULL) != (a->text_len == 0) || (a->notes == NULL) != (a->notes_len == 0) || (a->lists == NULL) != (a->lists_len == 0) ||
        (a->numbers == NULL) != (a->numbers_len == 0) || (a->owner == NULL) == any) {
        return 0;
    }
    for (i = 0; i < a->notes_len; i++) {
        const IidNote *n = &a->notes[i];
        if (n->code.offset == NO_TEXT || n->code.offset + n->code.len > a->text_len || n->message.offset == NO_TEXT ||
            n->message.offset + n->message.len > a->text_len || n->severity > IID_SEVERITY_WARNING) {
            return 0;
        }
    }
    for (i = 0; i < a->lists_len; i++) {
        if (a->lists[i].offset == NO_TEXT || a->lists[i].offset + a->lists[i].len > a->text_len) {
            return 0;
        }
    }
    return 1;
}

int text_is(const IidAnswer *a, IidText t, const char *ascii) {
    size_t i;
    size_t n = strlen(ascii);
    if (t.offset == NO_TEXT || t.len != n || t.offset > a->text_len || t.len > a->text_len - t.offset) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (a->text[t.offset + i] != (uint16_t)(unsigned char)ascii[i]) {
            return 0;
        }
    }
    return 1;
}

const char *text_ascii(const IidAnswer *a, IidText t) {
    static char buffer[4096];
    size_t i;
    if (t.offset == NO_TEXT) {
        return "(none)";
    }
    if (t.offset > a->text_len || t.len > a->text_len - t.offset) {
        return "(outside the answer)";
    }
    for (i = 0; i < t.len && i < sizeof buffer - 1; i++) {
        uint16_t unit = a->text[t.offset + i];
        buffer[i] = unit < 0x80 ? (char)unit : '?';
    }
    buffer[i] = '\0';
    return buffer;
}

int list_item_is(const IidAnswer *a, size_t index, const char *ascii) {
    return index < a->lists_len && text_is(a, a->lists[index], ascii);
}

size_t list_find(const IidAnswer *a, const char *ascii) {
    size_t i;
    for (i = 0; i < a->lists_len; i++) {
        if (text_is(a, a->lists[i], ascii)) {
            return i;
        }
    }
    return SIZE_MAX;
}

size_t notes_with(const IidAnswer *a, size_t item, uint32_t severity, const char *code) {
    size_t i;
    size_t found = 0;
    for (i = 0; i < a->notes_len; i++) {
        const IidNote *n = &a->notes[i];
        if (n->item == item && n->severity == severity && text_is(a, n->code, code)) {
            found++;
        }
    }
    return found;
}

void schema_info(uint32_t schema, SchemaInfo *info) {
    IidField fields[32];
    IidAnswer answer = dirty_answer();
    size_t count = 99;
    size_t i;
    IidStatus status = iid_schema(schema, fields, 32, &count, &answer);
    CHECK(status == IID_STATUS_OK && count > 0 && count <= 32, "iid_schema(%u) gives its %zu fields", (unsigned)schema, count);
    memset(info, 0, sizeof *info);
    info->count = count;
    for (i = 0; i < count; i++) {
        snprintf(info->names[i], sizeof info->names[i], "%s", text_ascii(&answer, fields[i].name));
        info->roles[i] = fields[i].role;
        if (fields[i].passed != IID_NO_FIELD) {
            CHECK(fields[i].passed == info->passed, "schema %u field %s is passed in order", (unsigned)schema, info->names[i]);
            info->passed++;
        }
    }
    iid_answer_free(&answer);
}

size_t field_of(const SchemaInfo *info, const char *name) {
    size_t i;
    size_t passed = 0;
    for (i = 0; i < info->count; i++) {
        if (strcmp(info->names[i], name) == 0) {
            return passed;
        }
        if (info->roles[i] != IID_ROLE_IDENTITY) {
            passed++;
        }
    }
    CHECK(0, "the schema has a field named %s", name);
    return 0;
}

void batch_init(Batch *b, size_t fields) {
    memset(b, 0, sizeof *b);
    b->fields = fields;
}

size_t batch_record(Batch *b) {
    size_t first = b->values_len;
    size_t i;
    for (i = 0; i < b->fields; i++) {
        IidValue absent = {IID_VALUE_KIND_ABSENT, 0, 0};
        b->values[b->values_len++] = absent;
    }
    return first;
}

void batch_units(Batch *b, size_t value, const uint16_t *units, size_t n) {
    IidValue v;
    v.kind = IID_VALUE_KIND_TEXT;
    v.offset = b->text_len;
    v.len = n;
    memcpy(b->text + b->text_len, units, n * sizeof *units);
    b->text_len += n;
    b->values[value] = v;
}

void batch_text(Batch *b, size_t value, const char *ascii) {
    size_t n;
    const uint16_t *units = u16(ascii, &n);
    batch_units(b, value, units, n);
}

void batch_bytes(Batch *b, size_t value, uint32_t kind, const uint8_t *bytes, size_t n) {
    IidValue v;
    v.kind = kind;
    v.offset = b->bytes_len;
    v.len = n;
    memcpy(b->bytes + b->bytes_len, bytes, n);
    b->bytes_len += n;
    b->values[value] = v;
}

void batch_kind(Batch *b, size_t value, uint32_t kind) {
    IidValue v = {0, 0, 0};
    v.kind = kind;
    b->values[value] = v;
}

size_t batch_records(const Batch *b) {
    return b->values_len / b->fields;
}

HeapInput heap_input(const Batch *b) {
    HeapInput h;
    memset(&h, 0, sizeof h);
    if (b->text_len > 0) {
        h.text = (uint16_t *)xmalloc(b->text_len * sizeof *h.text);
        memcpy(h.text, b->text, b->text_len * sizeof *h.text);
    }
    if (b->bytes_len > 0) {
        h.bytes = (uint8_t *)xmalloc(b->bytes_len);
        memcpy(h.bytes, b->bytes, b->bytes_len);
    }
    if (b->values_len > 0) {
        h.values = (IidValue *)xmalloc(b->values_len * sizeof *h.values);
        memcpy(h.values, b->values, b->values_len * sizeof *h.values);
    }
    h.input.text = h.text;
    h.input.text_len = b->text_len;
    h.input.bytes = h.bytes;
    h.input.bytes_len = b->bytes_len;
    h.input.values = h.values;
    h.input.values_len = b->values_len;
    return h;
}

void heap_input_free(HeapInput *h) {
    free(h->text);
    free(h->bytes);
    free(h->values);
    memset(h, 0, sizeof *h);
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

void guid_bytes(const char *d_form, uint8_t out[16]) {
    uint8_t big[16];
    size_t i;
    size_t n = 0;
    for (i = 0; d_form[i] != '\0' && n < 16; i++) {
        if (d_form[i] == '-') {
            continue;
        }
        big[n++] = (uint8_t)(hex_value(d_form[i]) * 16 + hex_value(d_form[i + 1]));
        i++;
    }
    /* Guid.ToByteArray(): the first three groups little-endian, the rest as written. */
    out[0] = big[3];
    out[1] = big[2];
    out[2] = big[1];
    out[3] = big[0];
    out[4] = big[5];
    out[5] = big[4];
    out[6] = big[7];
    out[7] = big[6];
    memcpy(out + 8, big + 8, 8);
}
