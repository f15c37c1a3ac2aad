/* src/auth/password.h: argon2id password hashes (libsodium) and the password rules. */
#ifndef LVZHI_PASSWORD_H
#define LVZHI_PASSWORD_H
#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_HASH_MAX    128
#define PASSWORD_MIN_CHARS   8 /* characters (code points), not bytes */
#define PASSWORD_MAX_BYTES   128
#define PASSWORD_MIN_CLASSES 3 /* of four: lower-case, upper-case, digits, other characters */

/* Hashes password into out (PASSWORD_HASH_MAX bytes, NUL-terminated "$argon2id$..." text).
** Returns false only when memory for the hash cannot be had. */
bool password_hash(const char *password, char *out);

/* Returns true when password matches the stored hash (constant time in the password). */
bool password_verify(const char *hash, const char *password);

/* A rule a password breaks: its stable name ("short", "long", "invalid", "classes",
** "username") and what to tell the person, in Chinese and English. */
struct password_fault {
  const char *rule;
  const char *zh, *en;
};

/* The one check of a new password, on every path that sets one (the API's user create and
** change and the password change, `lvzhi user add|passwd`): at least PASSWORD_MIN_CHARS
** characters and at most PASSWORD_MAX_BYTES bytes of valid UTF-8 text, at least three of the
** four classes (lower-case letters, upper-case letters, digits, other characters: symbols,
** spaces, Chinese characters), and not holding the user name (any case; username may be NULL
** or "" when it is not known yet). Returns NULL when the password keeps the rules, else the
** first rule broken (static storage). */
const struct password_fault *password_check(const char *password, const char *username);

/* Writes a random password of len characters (letters and digits, without look-alikes) into
** out (len + 1 bytes); from 3 characters on it holds a lower-case and an upper-case letter and
** a digit, so it keeps the rules from PASSWORD_MIN_CHARS on. */
void password_random(char *out, size_t len);

#endif
