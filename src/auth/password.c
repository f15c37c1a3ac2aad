/* src/auth/password.c: argon2id through libsodium, and the password rules. The cost is set so
** that a login takes tens of milliseconds and about 19 MiB, which a small machine bears under a
** burst. */
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

static const struct password_fault faults[] = {
    {"short", "密码至少需要 8 个字符", "The password must have at least 8 characters"},
    {"long", "密码不能超过 128 个字节", "The password must not exceed 128 bytes"},
    {"invalid", "密码含有无效字符", "The password holds invalid characters"},
    {"classes", "密码须包含大写字母、小写字母、数字、其他符号中的至少三类",
     "The password must mix at least three of: upper-case letters, lower-case letters, digits, "
     "other characters"},
    {"username", "密码不能包含用户名", "The password must not contain the user name"},
};
enum { F_SHORT, F_LONG, F_INVALID, F_CLASSES, F_USERNAME };

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

/* Whether s holds sub, ASCII letters compared without case. */
static bool contains_nocase(const char *s, const char *sub) {
  size_t n = strlen(sub);
  if (!n) return false;
  for (; *s; s++) {
    size_t i = 0;
    while (i < n && s[i] && lower(s[i]) == lower(sub[i])) i++;
    if (i == n) return true;
  }
  return false;
}

const struct password_fault *password_check(const char *password, const char *username) {
  size_t n = strlen(password);
  if (n > PASSWORD_MAX_BYTES) return &faults[F_LONG];
  if (!utf8_valid(password, n)) return &faults[F_INVALID];
  if (utf8_count(password, n) < PASSWORD_MIN_CHARS) return &faults[F_SHORT];
  bool lo = false, up = false, digit = false, other = false;
  for (const char *p = password; *p; p++) {
    if (*p >= 'a' && *p <= 'z')
      lo = true;
    else if (*p >= 'A' && *p <= 'Z')
      up = true;
    else if (*p >= '0' && *p <= '9')
      digit = true;
    else
      other = true; /* symbols, spaces, and every byte of a non-ASCII character */
  }
  if (lo + up + digit + other < PASSWORD_MIN_CLASSES) return &faults[F_CLASSES];
  if (username && contains_nocase(password, username)) return &faults[F_USERNAME];
  return NULL;
}

void password_random(char *out, size_t len) {
  static const char lowers[] = "abcdefghjkmnpqrstuvwxyz", uppers[] = "ABCDEFGHJKLMNPQRSTUVWXYZ",
                    digits[] = "23456789";
  static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  for (size_t i = 0; i < len; i++) out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
  out[len] = 0;
  /* three classes, as password_check asks: a lower-case letter, an upper-case one, a digit */
  if (len >= 3) {
    size_t a = randombytes_uniform((uint32_t)len), b, c;
    do b = randombytes_uniform((uint32_t)len);
    while (b == a);
    do c = randombytes_uniform((uint32_t)len);
    while (c == a || c == b);
    out[a] = lowers[randombytes_uniform(sizeof lowers - 1)];
    out[b] = uppers[randombytes_uniform(sizeof uppers - 1)];
    out[c] = digits[randombytes_uniform(sizeof digits - 1)];
  }
}
