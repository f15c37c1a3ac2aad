/* fuzz/fuzz_router.c: libFuzzer target for the router's path matching and the query-string
** reader. The input is "METHOD PATH?QUERY"; every registered route is matched, parameters
** must be positive integers where the pattern says {id}, and every query parameter a handler
** could ask for is decoded. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/arena.h"
#include "http/request.h"
#include "http/router.h"

/* main.c's module table, the one list of every module's routes; its main() is renamed so that
** libFuzzer's stays the program's. */
#define main lvzhi_main
#include "main.c"
#undef main

static int registered;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!registered) {
    modules_register();
    registered = 1;
  }
  struct arena a;
  arena_init(&a);
  char *s = arena_strndup(&a, (const char *)data, size);
  if (strlen(s) != size) {
    arena_free(&a);
    return 0;
  }
  char *sp = strchr(s, ' ');
  const char *method = "GET", *path = s;
  if (sp) {
    *sp = 0;
    method = s;
    path = sp + 1;
  }
  char *q = strchr(path, '?');
  struct request rq = {.arena = &a, .query = ""};
  if (q) {
    *q = 0;
    rq.query = q + 1;
  }
  char allow[64];
  enum router_result r = router_match(&rq, method, path, allow, sizeof allow);
  if (r == ROUTER_FOUND) {
    if (!rq.route || !rq.route->handler) abort();
    for (int i = 0; i < rq.nparams; i++) {
      const char *n = rq.param_name[i];
      size_t nl = strlen(n);
      if (!strcmp(n, "id") || (nl > 3 && !strcmp(n + nl - 3, "_id")))
        if (request_id(&rq, n) <= 0) abort();
    }
  } else if (r == ROUTER_BAD_METHOD && !allow[0])
    abort();
  static const char *const names[] = {"limit", "cursor", "q", "committee_id", "format", "", "a"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const char *v = request_query(&rq, names[i]);
    if (v && strlen(v) > strlen(rq.query)) abort();
  }
  arena_free(&a);
  return 0;
}
