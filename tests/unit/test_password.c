/* tests/unit/test_password.c: argon2id hashes, the password rules, random passwords. */
#include "auth/password.h"
#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

static void password_test_init(void) { cr_assert_geq(sodium_init(), 0); }

TestSuite(password, .init = password_test_init);

#define MSG_SHORT   "密码至少需要 8 个字符"
#define MSG_LONG    "密码不能超过 128 个字节"
#define MSG_INVALID "密码含有无效字符"
#define MSG_CLASSES "密码应至少包含字母、数字、符号中的两类"

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
  cr_expect_str_eq(password_check_rules(""), MSG_SHORT);
  cr_expect_str_eq(password_check_rules("ab1"), MSG_SHORT);
  cr_expect_str_eq(password_check_rules("abcdef1"), MSG_SHORT, "7 bytes");
  cr_expect_null(password_check_rules("abcdefg1"), "8 bytes is enough");
}

Test(password, rules_long) {
  char pw[200];
  memset(pw, 'a', sizeof pw);
  pw[0] = '1';
  pw[128] = 0;
  cr_expect_null(password_check_rules(pw), "128 bytes is allowed");
  pw[128] = 'a';
  pw[129] = 0;
  cr_expect_str_eq(password_check_rules(pw), MSG_LONG, "129 bytes");
}

Test(password, rules_single_class) {
  cr_expect_str_eq(password_check_rules("abcdefgh"), MSG_CLASSES);
  cr_expect_str_eq(password_check_rules("ABCDefgh"), MSG_CLASSES, "upper and lower are letters");
  cr_expect_str_eq(password_check_rules("12345678"), MSG_CLASSES);
  cr_expect_str_eq(password_check_rules("!@#$%^&*"), MSG_CLASSES);
  cr_expect_str_eq(password_check_rules("政协委员会议"), MSG_CLASSES, "all CJK: one kind");
}

Test(password, rules_invalid_utf8) {
  cr_expect_str_eq(password_check_rules("abcd1234\xff"), MSG_INVALID);
  cr_expect_str_eq(password_check_rules("abcd1234\xe5\xbc"), MSG_INVALID, "truncated sequence");
  cr_expect_str_eq(password_check_rules("abcd\xc0\xaf"
                                        "1234"),
                   MSG_INVALID, "overlong");
  cr_expect_str_eq(password_check_rules("abcd\x01"
                                        "1234"),
                   MSG_INVALID, "control character");
}

Test(password, rules_ok) {
  cr_expect_null(password_check_rules("abcd1234"));
  cr_expect_null(password_check_rules("abcd-efg"));
  cr_expect_null(password_check_rules("1234-567"));
  cr_expect_null(password_check_rules("政协委员2024"));
  cr_expect_null(password_check_rules("correct horse battery staple"), "letters and spaces");
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
    cr_assert_null(password_check_rules(pw), "%s", pw);
  }
  for (int i = 0; i < 300; i++) {
    char pw[9];
    password_random(pw, 8);
    cr_assert_null(password_check_rules(pw), "%s", pw);
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
