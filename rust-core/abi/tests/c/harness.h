/* Shared by the C ABI harness's files: checks that print what they check and stop the
 * program at the first failure, UTF-16 helpers, answers read back, and batches laid out
 * the way a C caller lays them out (every buffer allocated at its exact size, so that
 * valgrind sees any read or write past one). */

#ifndef IID_HARNESS_H
#define IID_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "immutableid.h"

#if defined(__GNUC__) || defined(__clang__)
#define HARNESS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define HARNESS_PRINTF(f, a)
#endif

/* `IidText.offset` of a missing text as a size_t, whatever type the header gives it: it was
 * `~0`, an int, which gcc -Wextra refuses to compare with a size_t. header_usage.c checks
 * the header's own spelling; the harness checks the library. */
#define NO_TEXT ((size_t)IID_NO_TEXT)

/* Prints "ok N - what" or "FAIL file:line - what" and exits 1 on failure. */
void check_at(int ok, const char *file, int line, const char *fmt, ...) HARNESS_PRINTF(4, 5);
#define CHECK(cond, ...) check_at((cond) ? 1 : 0, __FILE__, __LINE__, __VA_ARGS__)
/* A check that holds by being reached: the call before it returned (did not crash). */
#define REACHED(...) check_at(1, __FILE__, __LINE__, __VA_ARGS__)
void section(const char *title);
int checks_run(void);

void *xmalloc(size_t size);
/* `n` bytes of `size` each, every byte 0x77: what the library must overwrite (or not touch). */
void *sentinel_block(size_t n, size_t size);
int all_bytes(const void *p, size_t n, unsigned char value);

/* UTF-16 of an ASCII string, in a static ring of buffers (valid for a few calls). */
const uint16_t *u16(const char *ascii, size_t *len);

/* Answers. */
IidAnswer dirty_answer(void);
int answer_is_empty(const IidAnswer *a);
/* Every pointer null exactly when its length is 0, owner null exactly when all are. */
int answer_is_well_formed(const IidAnswer *a);
int text_is(const IidAnswer *a, IidText t, const char *ascii);
/* Copies an answer text as ASCII (non-ASCII units become '?') into a static buffer. */
const char *text_ascii(const IidAnswer *a, IidText t);
int list_item_is(const IidAnswer *a, size_t index, const char *ascii);
/* The index of list item `ascii`, or SIZE_MAX. */
size_t list_find(const IidAnswer *a, const char *ascii);
/* The number of notes about `item` with severity `severity` and code `code`. */
size_t notes_with(const IidAnswer *a, size_t item, uint32_t severity, const char *code);

/* A schema's passed fields, found by name through iid_schema. */
typedef struct SchemaInfo {
    size_t passed;
    char names[32][48];
    uint32_t roles[32];
    size_t count;
} SchemaInfo;
void schema_info(uint32_t schema, SchemaInfo *info);
size_t field_of(const SchemaInfo *info, const char *name);

/* A batch: values record after record, pointing into text and bytes. */
typedef struct Batch {
    size_t fields;
    uint16_t text[8192];
    size_t text_len;
    uint8_t bytes[1024];
    size_t bytes_len;
    IidValue values[512];
    size_t values_len;
} Batch;
void batch_init(Batch *b, size_t fields);
/* Starts a record: every field absent. Returns its first value's index. */
size_t batch_record(Batch *b);
void batch_text(Batch *b, size_t value, const char *ascii);
void batch_units(Batch *b, size_t value, const uint16_t *units, size_t n);
void batch_bytes(Batch *b, size_t value, uint32_t kind, const uint8_t *bytes, size_t n);
void batch_kind(Batch *b, size_t value, uint32_t kind);
size_t batch_records(const Batch *b);

/* The batch copied into buffers of exactly its sizes (null when empty). */
typedef struct HeapInput {
    IidInput input;
    uint16_t *text;
    uint8_t *bytes;
    IidValue *values;
} HeapInput;
HeapInput heap_input(const Batch *b);
void heap_input_free(HeapInput *h);

/* A GUID in D form to its stored bytes (Guid.ToByteArray() order). */
void guid_bytes(const char *d_form, uint8_t out[16]);

#endif
