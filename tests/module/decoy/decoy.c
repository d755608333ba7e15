/*
 * A decoy libimmutableid.so for tests/module/Isolation.Tests.ps1: same file name and exports as
 * the Rust core, wrong answers. Loading it at all writes a marker file (the path in
 * IID_DECOY_MARKER) naming the copy that was loaded, so a test can tell whether any
 * search (current directory, PATH, LD_LIBRARY_PATH, the module's root) picked it up.
 *
 * Built by tests/module/isolation/DecoyLibrary.ps1 (gcc -shared -fPIC -I rust-core/abi/include
 * -DDECOY_VERSION=...), with generated stubs for the exports not defined here.
 * DECOY_VERSION is the module's version, so that a decoy loaded in place of the core
 * passes the module's version check and would be used.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "immutableid.h"

#ifndef DECOY_VERSION
#error "build with -DDECOY_VERSION=\"<the module's version>\""
#endif

/* The ImmutableId and GUID the decoy gives for everything. */
static const char WrongImmutableId[24] = "DECOYDECOYDECOYDECOYDE==";
static const char WrongGuid[] = "deadbeef-dead-beef-dead-beefdeadbeef";

__attribute__((constructor)) static void decoy_loaded(void)
{
    const char *marker = getenv("IID_DECOY_MARKER");
    if (marker == NULL || marker[0] == '\0') {
        return;
    }
    Dl_info self;
    const char *where = dladdr((void *)decoy_loaded, &self) && self.dli_fname ? self.dli_fname : "?";
    char line[4352];
    int len = snprintf(line, sizeof line, "decoy loaded from %s by pid %ld\n", where, (long)getpid());
    int fd = open(marker, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
        if (len > 0) {
            ssize_t ignored = write(fd, line, (size_t)len < sizeof line ? (size_t)len : sizeof line - 1);
            (void)ignored;
        }
        close(fd);
    }
}

static void empty_answer(struct IidAnswer *answer)
{
    if (answer != NULL) {
        memset(answer, 0, sizeof *answer);
    }
}

const char *iid_version(void) { return DECOY_VERSION; }

void iid_answer_free(struct IidAnswer *answer) { empty_answer(answer); }

IidStatus iid_panic_message(struct IidAnswer *answer)
{
    empty_answer(answer);
    return IID_STATUS_OK;
}

/* One field, the input itself: enough for the module to pass values given directly. */
IidStatus iid_schema(uint32_t schema, struct IidField *out, size_t out_len, size_t *count, struct IidAnswer *answer)
{
    (void)schema;
    empty_answer(answer);
    if (out == NULL || out_len < 1 || count == NULL) {
        return IID_STATUS_INVALID_ARGUMENT;
    }
    out[0].name = IidText_NONE;
    out[0].role = IID_ROLE_ITSELF;
    out[0].passed = 0;
    *count = 1;
    return IID_STATUS_OK;
}

IidStatus iid_to_immutable_id(const struct IidInput *input, uint32_t format, const uint16_t *source_anchor, size_t source_anchor_len,
                              struct IidConverted *out, size_t out_len, struct IidAnswer *answer)
{
    (void)input;
    (void)format;
    (void)source_anchor;
    (void)source_anchor_len;
    empty_answer(answer);
    for (size_t i = 0; out != NULL && i < out_len; i++) {
        memcpy(out[i].immutable_id, WrongImmutableId, sizeof out[i].immutable_id);
        memset(out[i].guid, 0xde, sizeof out[i].guid);
        out[i].field = 0;
        out[i].ok = 1;
        out[i].anchor = IidText_NONE;
    }
    return IID_STATUS_OK;
}

IidStatus iid_guids_to_immutable_ids(const uint8_t *guids, size_t count, uint8_t *out, size_t out_len)
{
    (void)guids;
    for (size_t i = 0; out != NULL && i < count && (i + 1) * sizeof WrongImmutableId <= out_len; i++) {
        memcpy(out + i * sizeof WrongImmutableId, WrongImmutableId, sizeof WrongImmutableId);
    }
    return IID_STATUS_OK;
}

size_t iid_output_width(uint32_t form)
{
    switch (form) {
    case IID_OUTPUT_FORM_GUID: return 36;
    case IID_OUTPUT_FORM_HEX: return 32;
    case IID_OUTPUT_FORM_LDAP_FILTER: return 48;
    case IID_OUTPUT_FORM_DISTINGUISHED_NAME: return 53;
    case IID_OUTPUT_FORM_BYTES: return 16;
    case IID_OUTPUT_FORM_IMMUTABLE_ID: return 24;
    default: return 0;
    }
}

IidStatus iid_from_immutable_id(const struct IidInput *input, uint32_t form, uint8_t *out, size_t out_len, struct IidAnswer *answer)
{
    (void)input;
    empty_answer(answer);
    size_t width = iid_output_width(form);
    for (size_t i = 0; out != NULL && width != 0 && i + width <= out_len; i += width) {
        if (form == IID_OUTPUT_FORM_GUID) {
            memcpy(out + i, WrongGuid, width);
        } else {
            memset(out + i, 'D', width);
        }
    }
    return IID_STATUS_OK;
}

IidStatus iid_describe(const struct IidInput *input, struct IidForms *out, size_t out_len, struct IidAnswer *answer)
{
    (void)input;
    empty_answer(answer);
    if (out != NULL) {
        memset(out, 0, out_len * sizeof *out);
    }
    return IID_STATUS_OK;
}

IidStatus iid_cloud_anchor_decode(const struct IidInput *input, struct IidCloudAnchor *out, size_t out_len, struct IidAnswer *answer)
{
    (void)input;
    empty_answer(answer);
    if (out != NULL) {
        memset(out, 0, out_len * sizeof *out);
    }
    return IID_STATUS_OK;
}

IidStatus iid_cloud_anchor_encode(const struct IidInput *input, const uint16_t *object_type, size_t object_type_len, struct IidCloudAnchor *out, size_t out_len, struct IidAnswer *answer)
{
    (void)object_type;
    (void)object_type_len;
    return iid_cloud_anchor_decode(input, out, out_len, answer);
}

IidStatus iid_cloud_object_type(const uint16_t *name, size_t name_len, struct IidAnswer *answer)
{
    (void)name;
    (void)name_len;
    empty_answer(answer);
    return IID_STATUS_OK;
}

IidStatus iid_cloud_object_types(struct IidAnswer *answer)
{
    empty_answer(answer);
    return IID_STATUS_OK;
}

IidStatus iid_reason_names(struct IidAnswer *answer)
{
    empty_answer(answer);
    return IID_STATUS_OK;
}

IidStatus iid_error_codes(struct IidAnswer *answer)
{
    empty_answer(answer);
    return IID_STATUS_OK;
}

/* A validator that has seen nothing: every batch is empty. */
static int DecoyValidator;

IidStatus iid_validator_new(uint32_t mode, const uint16_t *source_anchor, size_t source_anchor_len, struct IidValidator **out)
{
    (void)mode;
    (void)source_anchor;
    (void)source_anchor_len;
    if (out == NULL) {
        return IID_STATUS_INVALID_ARGUMENT;
    }
    *out = (struct IidValidator *)&DecoyValidator;
    return IID_STATUS_OK;
}

IidStatus iid_validator_add(struct IidValidator *validator, const struct IidInput *input, struct IidAnswer *answer)
{
    (void)validator;
    (void)input;
    empty_answer(answer);
    return IID_STATUS_OK;
}

IidStatus iid_validator_add_csv(struct IidValidator *validator, const struct IidCsvRequest *request, const int32_t *interrupt, struct IidAnswer *answer)
{
    (void)validator;
    (void)request;
    (void)interrupt;
    empty_answer(answer);
    return IID_STATUS_OK;
}

IidStatus iid_validator_finish(struct IidValidator *validator, const int32_t *interrupt, struct IidSummary *summary)
{
    (void)validator;
    (void)interrupt;
    if (summary != NULL) {
        memset(summary, 0, sizeof *summary);
    }
    return IID_STATUS_OK;
}

IidStatus iid_validator_next(struct IidValidator *validator, struct IidTestRecord *out, size_t out_len, size_t *written, struct IidAnswer *answer)
{
    (void)validator;
    (void)out;
    (void)out_len;
    empty_answer(answer);
    if (written != NULL) {
        *written = 0;
    }
    return IID_STATUS_OK;
}

void iid_validator_free(struct IidValidator *validator) { (void)validator; }
