/* The header's constants and macros used the way a C caller writes them, compiled with
 * -Wall -Wextra -Werror -pedantic in C99 and C11 (tools/Invoke-CAbiTest.ps1): the header
 * must be usable as it is, without casts. Compiled only, never run. */

#include "immutableid.h"

int has_text(IidText t);
int failed(const IidConverted *c);
int all_reasons_fit(void);

int has_text(IidText t) {
    return t.offset != IID_NO_TEXT;
}

int failed(const IidConverted *c) {
    return c->field == IID_NO_FIELD && c->ok == 0;
}

int all_reasons_fit(void) {
    IidText none = IidText_NONE;
    IidSummary summary = {0, 0, 0, 0, 0, 0, {0}};
    IidStatus status = IID_STATUS_OK;
    uint32_t flags = IID_HAS_GUID | IID_HAS_EXPECTED_GUID;
    switch (status) {
    case IID_STATUS_OK:
    case IID_STATUS_INVALID_ARGUMENT:
    case IID_STATUS_PANIC:
    case IID_STATUS_INTERRUPTED:
        break;
    default:
        return 0;
    }
    return !has_text(none) && sizeof summary.reasons / sizeof summary.reasons[0] == IID_REASON_SLOTS && flags == 3;
}
