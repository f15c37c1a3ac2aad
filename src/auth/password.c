/* src/auth/password.c: argon2id through libsodium. The cost is set so that a login takes
** tens of milliseconds and about 19 MiB, which a small machine bears under a burst. */
#include "password.h"
#include <sodium.h>
#include <string.h>
#include "base/utf8.h"

#define OPSLIMIT 2
#define MEMLIMIT (19u * 1024 * 1024)

bool password_hash(const char *password, char *out) {
  _Static_assert(crypto_pwhash_STRBYTES <= PASSWORD_HASH_MAX, "hash buffer");
  return crypto_pwhash_str_alg(out, password, strlen(password), OPSLIMIT, MEMLIMIT,
                               crypto_pwhash_ALG_ARGON2ID13) == 0;
}

bool password_verify(const char *hash, const char *password) {
  if (!hash || !password || strncmp(hash, "$argon2id$", 10)) return false;
  return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

const char *password_check_rules(const char *password) {
  size_t n = strlen(password);
  if (n < 8) return "密码至少需要 8 个字符";
  if (n > 128) return "密码不能超过 128 个字节";
  if (!utf8_valid(password, n)) return "密码含有无效字符";
  bool letter = false, digit = false, other = false;
  for (const char *p = password; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
      letter = true;
    else if (*p >= '0' && *p <= '9')
      digit = true;
    else
      other = true;
  }
  if ((letter + digit + other) < 2) return "密码应至少包含字母、数字、符号中的两类";
  return NULL;
}

void password_random(char *out, size_t len) {
  static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  for (size_t i = 0; i < len; i++) out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
  out[len] = 0;
  /* make sure both letters and digits occur, as password_check_rules asks */
  if (len >= 2) {
    out[0] = alphabet[randombytes_uniform(23)];
    out[len - 1] = "23456789"[randombytes_uniform(8)];
  }
}
