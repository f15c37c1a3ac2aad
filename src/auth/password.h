/* src/auth/password.h: argon2id password hashes (libsodium) and password rules. */
#ifndef LVZHI_PASSWORD_H
#define LVZHI_PASSWORD_H
#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_HASH_MAX 128

/* Hashes password into out (PASSWORD_HASH_MAX bytes, NUL-terminated "$argon2id$..." text).
** Returns false only when memory for the hash cannot be had. */
bool password_hash(const char *password, char *out);

/* Returns true when password matches the stored hash (constant time in the password). */
bool password_verify(const char *hash, const char *password);

/* NULL when password is acceptable (8 to 128 bytes, valid UTF-8, not all one kind of
** character), else a Chinese message saying why not. */
const char *password_check_rules(const char *password);

/* Writes a random password of len characters (letters and digits, without look-alikes)
** into out (len + 1 bytes). */
void password_random(char *out, size_t len);

#endif
