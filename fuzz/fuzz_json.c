/* fuzz/fuzz_json.c: libFuzzer target for the JSON body reader: arbitrary bytes are parsed as
** a request body would be (jansson, duplicates refused) and, when they make an object, are
** validated against the field tables of every record type (members, users, the organisation
** model). Validation must never crash, must accept or refuse, and a refusal must name a field
** and a message. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include "account/user.h"
#include "base/arena.h"
#include "entity/entity.h"
#include "member/member.h"
#include "org/org.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  json_error_t err;
  json_t *in = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
  if (!in) return 0;
  if (!json_is_object(in)) {
    json_decref(in);
    return 0;
  }
  const struct entity *all[] = {&member_entity, &user_entity,           &org_committee, &org_sector,
                                &org_party,     &org_special_committee, &org_group,     &org_unit};
  for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
    for (int partial = 0; partial < 2; partial++) {
      struct arena a;
      arena_init(&a);
      struct entity_ctx ctx = {.arena = &a, .en = partial};
      struct entity_value v[64];
      bool ok = entity_validate(&ctx, all[k], in, partial, v);
      if (!ok && (!ctx.err.code || !ctx.err.zh || !ctx.err.en || !ctx.err.errors)) abort();
      if (ok && ctx.err.code) abort();
      json_decref(ctx.err.errors);
      arena_free(&a);
    }
  }
  json_decref(in);
  return 0;
}
