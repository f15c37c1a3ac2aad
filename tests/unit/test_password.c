/* tests/unit/test_password.c: argon2id hashes, the password rules, random passwords. */
#include "auth/password.h"
#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

static void password_test_init(void) { cr_assert_geq(sodium_init(), 0); }

TestSuite(password, .init = password_test_init);

/* The rule a password breaks, or "" when it keeps them all. */
static const char *password_test_rule(const char *pw, const char *username) {
  const struct password_fault *f = password_check(pw, username);
  return f ? f->rule : "";
}

Test(password, hash_verify_round_trip) {
  char h[PASSWORD_HASH_MAX];
  cr_assert(password_hash("correct horse 42", h));
  cr_expect(password_verify(h, "correct horse 42"));
  cr_expect_lt(strlen(h), PASSWORD_HASH_MAX);
}

Test(password, chinese_password_round_trip) {
  char h[PASSWORD_HASH_MAX];
  cr_assert(password_hash("政协委员2024", h));
  cr_expect(password_verify(h, "政协委员2024"));
  cr_expect_not(password_verify(h, "政协委员2025"));
}

Test(password, wrong_password_refused) {
  char h[PASSWORD_HASH_MAX];
  cr_assert(password_hash("s3cret-pass", h));
  cr_expect_not(password_verify(h, "s3cret-Pass"));
  cr_expect_not(password_verify(h, "s3cret-pass "));
  cr_expect_not(password_verify(h, "s3cret-pas"));
  cr_expect_not(password_verify(h, ""));
}

Test(password, hash_is_argon2id) {
  char h[PASSWORD_HASH_MAX];
  cr_assert(password_hash("abcdefg1", h));
  cr_expect_eq(strncmp(h, "$argon2id$", 10), 0, "hash: %s", h);
  cr_expect_null(strstr(h, "abcdefg1"), "the password is not in the hash");
}

Test(password, salted_hashes_differ) {
  char a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];
  cr_assert(password_hash("same password 1", a));
  cr_assert(password_hash("same password 1", b));
  cr_expect_str_neq(a, b);
  cr_expect(password_verify(a, "same password 1"));
  cr_expect(password_verify(b, "same password 1"));
}

Test(password, verify_refuses_malformed_hashes) {
  cr_expect_not(password_verify(NULL, "x"));
  cr_expect_not(password_verify("", "x"));
  cr_expect_not(password_verify("plain", "plain"));
  cr_expect_not(password_verify("$argon2i$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$aGFzaA", "x"));
  char h[PASSWORD_HASH_MAX];
  cr_assert(password_hash("abcdefg1", h));
  cr_expect_not(password_verify(h, NULL));
  h[strlen(h) - 2] = h[strlen(h) - 2] == 'A' ? 'B' : 'A'; /* tamper with the digest */
  cr_expect_not(password_verify(h, "abcdefg1"));
}

Test(password, rules_short) {
  cr_expect_str_eq(password_test_rule("", NULL), "short");
  cr_expect_str_eq(password_test_rule("aB1", NULL), "short");
  cr_expect_str_eq(password_test_rule("abcD-f1", NULL), "short", "7 characters");
  cr_expect_str_eq(password_test_rule("abcD-fg1", NULL), "", "8 characters are enough");
  /* characters, not bytes: 7 characters of 13 bytes are too few, 8 are enough */
  cr_expect_str_eq(password_test_rule("政协Ab12a", NULL), "short");
  cr_expect_str_eq(password_test_rule("政协Ab12ab", NULL), "");
}

Test(password, rules_long) {
  char pw[200];
  memset(pw, 'a', sizeof pw);
  pw[0] = '1';
  pw[1] = 'A';
  pw[128] = 0;
  cr_expect_str_eq(password_test_rule(pw, NULL), "", "128 bytes are allowed");
  pw[128] = 'a';
  pw[129] = 0;
  cr_expect_str_eq(password_test_rule(pw, NULL), "long", "129 bytes");
}

Test(password, rules_three_classes_of_four) {
  /* one or two classes are not enough */
  cr_expect_str_eq(password_test_rule("abcdefgh", NULL), "classes");
  cr_expect_str_eq(password_test_rule("ABCDEFGH", NULL), "classes");
  cr_expect_str_eq(password_test_rule("12345678", NULL), "classes");
  cr_expect_str_eq(password_test_rule("!@#$%^&*", NULL), "classes");
  cr_expect_str_eq(password_test_rule("ABCDefgh", NULL), "classes", "upper and lower: two");
  cr_expect_str_eq(password_test_rule("abcd1234", NULL), "classes", "lower and digits: two");
  cr_expect_str_eq(password_test_rule("abcd-efg", NULL), "classes", "lower and symbols: two");
  cr_expect_str_eq(password_test_rule("1234-567", NULL), "classes", "digits and symbols: two");
  cr_expect_str_eq(password_test_rule("政协委员2024", NULL), "classes", "CJK and digits: two");
  cr_expect_str_eq(password_test_rule("correct horse battery", NULL), "classes");
  /* any three of the four */
  cr_expect_str_eq(password_test_rule("abcdEF12", NULL), "", "lower, upper, digits");
  cr_expect_str_eq(password_test_rule("abcdEF-+", NULL), "", "lower, upper, symbols");
  cr_expect_str_eq(password_test_rule("abcd12-+", NULL), "", "lower, digits, symbols");
  cr_expect_str_eq(password_test_rule("ABCD12-+", NULL), "", "upper, digits, symbols");
  cr_expect_str_eq(password_test_rule("Ab1-Ab1-", NULL), "", "all four");
  cr_expect_str_eq(password_test_rule("政协委员ab24", NULL), "", "CJK counts as other");
  cr_expect_str_eq(password_test_rule("correct horse 42", NULL), "", "a space counts as other");
  cr_expect_str_eq(password_test_rule("lvzhi-demo-2026", NULL), "", "the demo password");
}

Test(password, rules_not_the_username) {
  cr_expect_str_eq(password_test_rule("Gansu-2026", "gansu"), "username");
  cr_expect_str_eq(password_test_rule("2026-GANSU!", "gansu"), "username", "any case");
  cr_expect_str_eq(password_test_rule("li.ming-Pass1", "li.ming"), "username");
  cr_expect_str_eq(password_test_rule("Gansu-2026", "lanzhou"), "", "another name");
  cr_expect_str_eq(password_test_rule("Gansu-2026", ""), "", "no name known");
  cr_expect_str_eq(password_test_rule("Gansu-2026", NULL), "");
  /* the other rules come first: a short password is told it is short */
  cr_expect_str_eq(password_test_rule("gansu", "gansu"), "short");
}

Test(password, rules_say_which_rule_in_both_languages) {
  const char *bad[] = {"aB1", "abcdefgh", "Gansu-2026", "abcd1234\xff"};
  const char *users[] = {NULL, NULL, "gansu", NULL};
  for (int i = 0; i < 4; i++) {
    const struct password_fault *f = password_check(bad[i], users[i]);
    cr_assert_not_null(f, "%d", i);
    cr_expect_gt(strlen(f->zh), 0);
    cr_expect_gt(strlen(f->en), 0);
    cr_expect_neq(strcmp(f->zh, f->en), 0);
  }
  cr_expect_not_null(strstr(password_check("aB1", NULL)->zh, "8"));
  cr_expect_not_null(strstr(password_check("abcdefgh", NULL)->zh, "三类"));
  cr_expect_not_null(strstr(password_check("Gansu-2026", "gansu")->zh, "用户名"));
}

Test(password, rules_invalid_utf8) {
  cr_expect_str_eq(password_test_rule("abCD1234\xff", NULL), "invalid");
  cr_expect_str_eq(password_test_rule("abCD1234\xe5\xbc", NULL), "invalid", "truncated sequence");
  cr_expect_str_eq(password_test_rule("abCD\xc0\xaf"
                                      "1234",
                                      NULL),
                   "invalid", "overlong");
  cr_expect_str_eq(password_test_rule("abCD\x01"
                                      "1234",
                                      NULL),
                   "invalid", "control character");
}

static bool password_test_lookalike(char c) { return strchr("0O1lIoi", c) != NULL; }

Test(password, random_length_and_charset) {
  for (size_t len = 2; len <= 40; len += 2) {
    char pw[64];
    memset(pw, '#', sizeof pw);
    password_random(pw, len);
    cr_assert_eq(strlen(pw), len, "len %zu: %s", len, pw);
    for (size_t i = 0; i < len; i++) {
      char c = pw[i];
      bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      cr_expect(alnum, "len %zu: %s", len, pw);
      cr_expect_not(password_test_lookalike(c), "look-alike '%c' in %s", c, pw);
    }
  }
}

Test(password, random_passes_rules) {
  for (int i = 0; i < 300; i++) {
    char pw[17];
    password_random(pw, 16);
    cr_assert_null(password_check(pw, NULL), "%s", pw);
  }
  for (int i = 0; i < 300; i++) {
    char pw[9];
    password_random(pw, 8);
    cr_assert_null(password_check(pw, NULL), "%s", pw);
  }
}

Test(password, random_differs) {
  char a[21], b[21];
  password_random(a, 20);
  password_random(b, 20);
  cr_expect_str_neq(a, b);
}

Test(password, random_zero_length) {
  char pw[1] = {'x'};
  password_random(pw, 0);
  cr_expect_eq(pw[0], 0);
}
