/* tests/unit/test_router.c: path matching (literals, {id} parameters, 404/405 with Allow,
** HEAD as GET) and query-string decoding, on a route table of the test's own. */
#include "http/request.h"
#include "http/router.h"
#include <criterion/criterion.h>
#include <string.h>

static void router_test_h(struct request *rq) { (void)rq; }

static const struct route router_test_table[] = {
    {"GET", "/api/v1/members", router_test_h, PERM_MEMBER_READ},
    {"POST", "/api/v1/members", router_test_h, PERM_MEMBER_WRITE},
    {"POST", "/api/v1/members/import", router_test_h, PERM_MEMBER_IMPORT},
    {"GET", "/api/v1/members/{id}", router_test_h, PERM_MEMBER_READ},
    {"PATCH", "/api/v1/members/{id}", router_test_h, PERM_MEMBER_WRITE},
    {"DELETE", "/api/v1/members/{id}", router_test_h, PERM_MEMBER_WRITE},
    {"GET", "/api/v1/members/{member_id}/contacts/{id}", router_test_h, PERM_MEMBER_READ},
    {"POST", "/api/v1/members/{id}/assign", router_test_h, PERM_MEMBER_WRITE},
    {"GET", "/api/v1/files/{name}", router_test_h, PERM_LOGIN},
    {"GET", "/api/v1/health", router_test_h, PERM_PUBLIC},
    {NULL},
};

/* Criterion runs each test in its own process: register the table once per process. */
static void router_test_setup(void) {
  static bool done;
  if (!done) {
    router_add(router_test_table);
    done = true;
  }
}

static struct arena router_test_arena;

static void router_test_init(void) {
  router_test_setup();
  arena_init(&router_test_arena);
}

static void router_test_fini(void) { arena_free(&router_test_arena); }

static struct request router_test_rq(void) {
  struct request rq = {0};
  rq.arena = &router_test_arena;
  return rq;
}

/* router_match with a 128-byte Allow buffer (a scratch one when allow is NULL). */
static enum router_result rmatch(struct request *rq, const char *method, const char *path,
                                 char *allow) {
  static char dummy[128];
  return router_match(rq, method, path, allow ? allow : dummy, 128);
}

TestSuite(router, .init = router_test_init, .fini = router_test_fini);

Test(router, literal_path_found_without_params) {
  struct request rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "GET", "/api/v1/members", NULL), ROUTER_FOUND);
  cr_assert_eq(rq.route, &router_test_table[0]);
  cr_expect_eq(rq.nparams, 0);
  rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "POST", "/api/v1/members", NULL), ROUTER_FOUND);
  cr_expect_eq(rq.route, &router_test_table[1]);
  cr_expect_eq(rq.route->perm, PERM_MEMBER_WRITE);
}

Test(router, id_param_found) {
  struct request rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "GET", "/api/v1/members/42", NULL), ROUTER_FOUND);
  cr_assert_eq(rq.route, &router_test_table[3]);
  cr_assert_eq(rq.nparams, 1);
  cr_expect_str_eq(rq.param_name[0], "id");
  cr_expect_str_eq(rq.param_value[0], "42");
  cr_expect_str_eq(request_param(&rq, "id"), "42");
  cr_expect_eq(request_id(&rq, "id"), 42);
  cr_expect_null(request_param(&rq, "member_id"));
  cr_expect_eq(request_id(&rq, "member_id"), 0);
}

Test(router, method_picks_the_route_of_one_pattern) {
  struct request rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "PATCH", "/api/v1/members/7", NULL), ROUTER_FOUND);
  cr_expect_eq(rq.route, &router_test_table[4]);
  rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "DELETE", "/api/v1/members/7", NULL), ROUTER_FOUND);
  cr_expect_eq(rq.route, &router_test_table[5]);
  cr_expect_eq(request_id(&rq, "id"), 7);
}

Test(router, two_params) {
  struct request rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "GET", "/api/v1/members/12/contacts/345", NULL), ROUTER_FOUND);
  cr_assert_eq(rq.route, &router_test_table[6]);
  cr_assert_eq(rq.nparams, 2);
  cr_expect_eq(request_id(&rq, "member_id"), 12);
  cr_expect_eq(request_id(&rq, "id"), 345);
  cr_expect_str_eq(rq.param_name[0], "member_id");
  cr_expect_str_eq(rq.param_name[1], "id");
}

Test(router, param_followed_by_literal) {
  struct request rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "POST", "/api/v1/members/9/assign", NULL), ROUTER_FOUND);
  cr_expect_eq(rq.route, &router_test_table[7]);
  cr_expect_eq(request_id(&rq, "id"), 9);
  rq = router_test_rq();
  cr_expect_eq(rmatch(&rq, "POST", "/api/v1/members/9/assig", NULL), ROUTER_NOT_FOUND);
  rq = router_test_rq();
  cr_expect_eq(rmatch(&rq, "POST", "/api/v1/members/9/assignx", NULL), ROUTER_NOT_FOUND);
}

Test(router, literal_segment_is_not_an_id) {
  /* "import" is not a positive integer: it never matches {id}, only its own route */
  struct request rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "POST", "/api/v1/members/import", NULL), ROUTER_FOUND);
  cr_expect_eq(rq.route, &router_test_table[2]);
  cr_expect_eq(rq.nparams, 0);
  char allow[128];
  rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "GET", "/api/v1/members/import", allow), ROUTER_BAD_METHOD);
  cr_expect_str_eq(allow, "POST");
}

Test(router, non_id_param_takes_any_segment) {
  struct request rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "GET", "/api/v1/files/report-2024.pdf", NULL), ROUTER_FOUND);
  cr_expect_eq(rq.route, &router_test_table[8]);
  cr_expect_str_eq(request_param(&rq, "name"), "report-2024.pdf");
  rq = router_test_rq();
  cr_expect_eq(rmatch(&rq, "GET", "/api/v1/files/", NULL), ROUTER_NOT_FOUND, "empty segment");
  rq = router_test_rq();
  cr_expect_eq(rmatch(&rq, "GET", "/api/v1/files/a/b", NULL), ROUTER_NOT_FOUND);
}

Test(router, not_found) {
  const char *paths[] = {"/",
                         "",
                         "/api/v1",
                         "/api/v1/member",
                         "/api/v1/membersx",
                         "/api/v1/members/5/points",
                         "/api/v1/unknown",
                         "/API/v1/members",
                         "/api/v1/members/12/contacts",
                         "/api/v1/members/12/contacts/"};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    struct request rq = router_test_rq();
    char allow[128] = "junk";
    cr_expect_eq(rmatch(&rq, "GET", paths[i], allow), ROUTER_NOT_FOUND, "path %s", paths[i]);
    cr_expect_null(rq.route, "path %s", paths[i]);
    cr_expect_str_eq(allow, "", "allow cleared for %s", paths[i]);
  }
}

Test(router, trailing_slash_not_matched) {
  struct request rq = router_test_rq();
  cr_expect_eq(rmatch(&rq, "GET", "/api/v1/members/", NULL), ROUTER_NOT_FOUND);
  rq = router_test_rq();
  cr_expect_eq(rmatch(&rq, "GET", "/api/v1/members/5/", NULL), ROUTER_NOT_FOUND);
  rq = router_test_rq();
  cr_expect_eq(rmatch(&rq, "GET", "/api/v1/health/", NULL), ROUTER_NOT_FOUND);
  rq = router_test_rq();
  cr_expect_eq(rmatch(&rq, "GET", "/api/v1/members//", NULL), ROUTER_NOT_FOUND);
  rq = router_test_rq();
  cr_expect_eq(rmatch(&rq, "GET", "//api/v1/members", NULL), ROUTER_NOT_FOUND);
}

Test(router, ids_must_be_positive_integers) {
  const char *bad[] = {"0",
                       "00",
                       "01",
                       "007",
                       "-1",
                       "+1",
                       "1a",
                       "a1",
                       "1.5",
                       " 1",
                       "1 ",
                       "0x10",
                       "1e3",
                       "%31",
                       "1234567890123456789" /* 19 digits */,
                       "99999999999999999999"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/members/%s", bad[i]);
    struct request rq = router_test_rq();
    cr_expect_eq(rmatch(&rq, "GET", path, NULL), ROUTER_NOT_FOUND, "id '%s'", bad[i]);
    snprintf(path, sizeof path, "/api/v1/members/%s/contacts/1", bad[i]);
    rq = router_test_rq();
    cr_expect_eq(rmatch(&rq, "GET", path, NULL), ROUTER_NOT_FOUND, "member_id '%s'", bad[i]);
    snprintf(path, sizeof path, "/api/v1/members/1/contacts/%s", bad[i]);
    rq = router_test_rq();
    cr_expect_eq(rmatch(&rq, "GET", path, NULL), ROUTER_NOT_FOUND, "contact id '%s'", bad[i]);
  }
}

Test(router, ids_up_to_18_digits) {
  const char *good[] = {"1", "9", "10", "100", "123456789012345678", "999999999999999999"};
  const int64_t val[] = {1, 9, 10, 100, INT64_C(123456789012345678), INT64_C(999999999999999999)};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/members/%s", good[i]);
    struct request rq = router_test_rq();
    cr_assert_eq(rmatch(&rq, "GET", path, NULL), ROUTER_FOUND, "id '%s'", good[i]);
    cr_expect_eq(request_id(&rq, "id"), val[i], "id '%s'", good[i]);
  }
}

Test(router, bad_method_lists_allow) {
  struct request rq = router_test_rq();
  char allow[128];
  cr_assert_eq(rmatch(&rq, "POST", "/api/v1/members/3", allow), ROUTER_BAD_METHOD);
  cr_expect_str_eq(allow, "GET, PATCH, DELETE");
  cr_expect_null(rq.route);
  rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "PUT", "/api/v1/members", allow), ROUTER_BAD_METHOD);
  cr_expect_str_eq(allow, "GET, POST");
  rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "DELETE", "/api/v1/health", allow), ROUTER_BAD_METHOD);
  cr_expect_str_eq(allow, "GET");
}

Test(router, bad_method_small_allow_buffer_is_safe) {
  struct request rq = router_test_rq();
  char allow[8];
  memset(allow, 'x', sizeof allow);
  cr_assert_eq(router_match(&rq, "POST", "/api/v1/members/3", allow, sizeof allow),
               ROUTER_BAD_METHOD);
  cr_expect_lt(strlen(allow), sizeof allow, "NUL-terminated inside the buffer");
  cr_expect_eq(strncmp(allow, "GET", 3), 0);
}

Test(router, head_matches_get) {
  struct request rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "HEAD", "/api/v1/members/5", NULL), ROUTER_FOUND);
  cr_expect_eq(rq.route, &router_test_table[3]);
  cr_expect_str_eq(rq.route->method, "GET");
  cr_expect_eq(request_id(&rq, "id"), 5);
  rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "HEAD", "/api/v1/health", NULL), ROUTER_FOUND);
  /* HEAD does not match routes of other methods */
  char allow[128];
  rq = router_test_rq();
  cr_assert_eq(rmatch(&rq, "HEAD", "/api/v1/members/5/assign", allow), ROUTER_BAD_METHOD);
  cr_expect_str_eq(allow, "POST");
}

Test(router, method_is_case_sensitive) {
  struct request rq = router_test_rq();
  char allow[128];
  cr_expect_eq(rmatch(&rq, "get", "/api/v1/health", allow), ROUTER_BAD_METHOD);
  cr_expect_str_eq(allow, "GET");
}

static void router_test_count(const struct route *r, void *ctx) {
  if (r->handler == router_test_h) (*(int *)ctx)++;
}

Test(router, each_visits_registered_routes) {
  int n = 0;
  router_each(router_test_count, &n);
  cr_expect_eq(n, 10);
}

/* ---- request_query ---- */

static const char *q(struct request *rq, const char *query, const char *name) {
  rq->query = query;
  return request_query(rq, name);
}

Test(router, query_percent_decoding) {
  struct request rq = router_test_rq();
  cr_expect_str_eq(q(&rq, "name=%E5%BC%A0", "name"), "张");
  cr_expect_str_eq(q(&rq, "q=%e5%bc%a0%e4%b8%89", "q"), "张三", "lower-case hex");
  cr_expect_str_eq(q(&rq, "a=1&name=%E5%BC%A0&b=2", "name"), "张");
  cr_expect_str_eq(q(&rq, "x=100%25", "x"), "100%");
  cr_expect_str_eq(q(&rq, "x=%2B1", "x"), "+1", "%2B is a plus, not a space");
  cr_expect_str_eq(q(&rq, "x=a%26b%3Dc", "x"), "a&b=c");
}

Test(router, query_plus_is_space) {
  struct request rq = router_test_rq();
  cr_expect_str_eq(q(&rq, "x=a+b", "x"), "a b");
  cr_expect_str_eq(q(&rq, "x=+++", "x"), "   ");
  cr_expect_str_eq(q(&rq, "q=%E5%BC%A0+%E4%B8%89", "q"), "张 三");
}

Test(router, query_missing_and_empty) {
  struct request rq = router_test_rq();
  cr_expect_null(q(&rq, "a=1&b=2", "c"));
  cr_expect_null(q(&rq, "", "a"));
  cr_expect_null(q(&rq, NULL, "a"));
  cr_expect_str_eq(q(&rq, "a=&b=2", "a"), "");
  cr_expect_str_eq(q(&rq, "a&b=2", "a"), "", "a name without '=' is present and empty");
  cr_expect_str_eq(q(&rq, "b=2&a", "a"), "");
  cr_expect_str_eq(q(&rq, "a=1&&b=2", "b"), "2", "empty pair skipped");
}

Test(router, query_names_match_whole) {
  struct request rq = router_test_rq();
  cr_expect_str_eq(q(&rq, "names=1&name=2", "name"), "2");
  cr_expect_null(q(&rq, "names=1", "name"));
  cr_expect_null(q(&rq, "nam=1", "name"));
  cr_expect_null(q(&rq, "xname=1", "name"));
  cr_expect_str_eq(q(&rq, "a=1&a=2", "a"), "1", "the first of repeated names");
  cr_expect_str_eq(q(&rq, "a=x=y", "a"), "x=y");
}

Test(router, query_truncated_escapes_kept) {
  struct request rq = router_test_rq();
  cr_expect_str_eq(q(&rq, "x=%", "x"), "%");
  cr_expect_str_eq(q(&rq, "x=%4", "x"), "%4");
  cr_expect_str_eq(q(&rq, "x=ab%4", "x"), "ab%4");
  cr_expect_str_eq(q(&rq, "x=%4&y=1", "x"), "%4", "the escape does not run into the next pair");
  cr_expect_str_eq(q(&rq, "x=%E5%BC%A", "x"), "\xE5\xBC%A");
  cr_expect_str_eq(q(&rq, "x=%zz", "x"), "%zz");
  cr_expect_str_eq(q(&rq, "x=%g1%1g", "x"), "%g1%1g");
  cr_expect_str_eq(q(&rq, "x=%41", "x"), "A", "a whole escape at the very end");
}
