/* iid_guids_to_immutable_ids from C: GUIDs packed as 16 bytes each (Guid.ToByteArray()
 * order) to their ImmutableIds packed as 24 ASCII bytes each, in buffers allocated at
 * their exact sizes so that valgrind sees any read or write past one; and every argument
 * the header says is refused, with nothing written. */

#include "harness.h"

#include <stdlib.h>
#include <string.h>

#define G1 "874bcd2b-148d-47ca-b309-91df64f05bf5"
#define I1 "K81Lh40UykezCZHfZPBb9Q=="
#define G2 "30475e40-e7ae-4af3-af75-8b143c81daf5"
#define I2 "QF5HMK7n80qvdYsUPIHa9Q=="
#define NIL_ID "AAAAAAAAAAAAAAAAAAAAAA=="

void packed_checks(void);

void packed_checks(void) {
    uint8_t *guids = (uint8_t *)xmalloc(3 * 16);
    uint8_t *out = (uint8_t *)sentinel_block(3 * 24, 1);
    uint8_t *roomy = (uint8_t *)sentinel_block(3 * 24 + 5, 1);
    uint8_t *shared = (uint8_t *)sentinel_block(3 * 24 + 3 * 16, 1);

    section("iid_guids_to_immutable_ids");
    guid_bytes(G1, guids);
    guid_bytes(G2, guids + 16);
    memset(guids + 32, 0, 16);
    CHECK(iid_guids_to_immutable_ids(guids, 3, out, 3 * 24) == IID_STATUS_OK, "three GUIDs convert with OK into exactly 72 bytes");
    CHECK(memcmp(out, I1 I2 NIL_ID, 3 * 24) == 0, G1 " is " I1 ", " G2 " is " I2 ", the nil GUID is " NIL_ID);
    CHECK(iid_guids_to_immutable_ids(guids, 3, roomy, 3 * 24 + 5) == IID_STATUS_OK && memcmp(roomy, I1 I2 NIL_ID, 3 * 24) == 0 &&
              all_bytes(roomy + 3 * 24, 5, 0x77),
          "a longer out gets 72 bytes and the rest is left alone");
    CHECK(iid_guids_to_immutable_ids(guids + 16, 1, out, 24) == IID_STATUS_OK && memcmp(out, I2, 24) == 0, "one GUID from the middle of a buffer");
    CHECK(iid_guids_to_immutable_ids(NULL, 0, NULL, 0) == IID_STATUS_OK, "no GUIDs and no buffers is OK");

    memset(out, 0x77, 3 * 24);
    CHECK(iid_guids_to_immutable_ids(guids, 0, out, 3 * 24) == IID_STATUS_OK && all_bytes(out, 3 * 24, 0x77), "a count of 0 writes nothing");
    CHECK(iid_guids_to_immutable_ids(guids, 3, out, 3 * 24 - 1) == IID_STATUS_INVALID_ARGUMENT && all_bytes(out, 3 * 24, 0x77),
          "an out one byte short is refused, nothing written");
    CHECK(iid_guids_to_immutable_ids(NULL, 1, out, 24) == IID_STATUS_INVALID_ARGUMENT && all_bytes(out, 24, 0x77), "null GUIDs with a count are refused");
    CHECK(iid_guids_to_immutable_ids(guids, 1, NULL, 24) == IID_STATUS_INVALID_ARGUMENT, "a null out with a length is refused");
    CHECK(iid_guids_to_immutable_ids(guids, 1, NULL, 0) == IID_STATUS_INVALID_ARGUMENT, "a null out for one GUID is refused");
    /* Counts whose byte counts overflow or pass PTRDIFF_MAX: refused before any memory is read. */
    CHECK(iid_guids_to_immutable_ids(guids, SIZE_MAX / 16 + 1, out, 3 * 24) == IID_STATUS_INVALID_ARGUMENT, "a count whose 16 bytes each overflow is refused");
    CHECK(iid_guids_to_immutable_ids(guids, SIZE_MAX / 24 + 1, out, 3 * 24) == IID_STATUS_INVALID_ARGUMENT, "a count whose 24 bytes each overflow is refused");
    CHECK(iid_guids_to_immutable_ids(guids, (size_t)PTRDIFF_MAX / 16 + 1, out, 3 * 24) == IID_STATUS_INVALID_ARGUMENT,
          "GUID bytes past PTRDIFF_MAX are refused");
    CHECK(all_bytes(out, 3 * 24, 0x77), "and none of them wrote anything");

    /* GUIDs and ImmutableIds in one buffer: apart is fine, overlapping is refused. */
    memcpy(shared + 3 * 24, guids, 3 * 16);
    CHECK(iid_guids_to_immutable_ids(shared + 3 * 24, 3, shared, 3 * 24) == IID_STATUS_OK && memcmp(shared, I1 I2 NIL_ID, 3 * 24) == 0,
          "GUIDs right after their out in one buffer convert");
    memset(shared, 0x77, 3 * 24);
    CHECK(iid_guids_to_immutable_ids(shared + 3 * 24, 3, shared, 3 * 24 + 1) == IID_STATUS_INVALID_ARGUMENT && all_bytes(shared, 3 * 24, 0x77) &&
              memcmp(shared + 3 * 24, guids, 3 * 16) == 0,
          "an out that reaches one byte into the GUIDs is refused, nothing written");
    CHECK(iid_guids_to_immutable_ids(shared + 3 * 24, 1, shared + 3 * 24 + 8, 24) == IID_STATUS_INVALID_ARGUMENT &&
              memcmp(shared + 3 * 24, guids, 3 * 16) == 0,
          "an out inside the GUIDs (converting in place) is refused");

    free(guids);
    free(out);
    free(roomy);
    free(shared);
}
