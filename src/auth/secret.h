/* src/auth/secret.h: the installation's secret key; sealing and keyed hashing of sensitive
** fields (resident ID numbers, birth dates, phone numbers) and of files that hold them. */
#ifndef LVZHI_SECRET_H
#define LVZHI_SECRET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SECRET_KEY_BYTES 32

struct conf;
struct arena;

/* Loads the key: `secret-key` (64 hex digits) from the configuration, else the file named by
** `secret-key-file`, else "<db>.key" beside a SQLite database. When create is set and no key
** exists, a new random key is written to that file (mode 0600). Returns false with a message
** on stderr when no key can be had. */
bool secret_load(const struct conf *conf, const char *db_url, bool create,
                 unsigned char key[SECRET_KEY_BYTES]);

/* Loads another key of 64 hex digits (the backup key) given as option name ("backup-key") or in
** the file named by name-file ("backup-key-file"). Returns 1 with the key, -1 when neither is
** given, 0 when the one given is no key (said on stderr). */
int secret_key_option(const struct conf *conf, const char *name,
                      unsigned char key[SECRET_KEY_BYTES]);

enum { SECRET_NONCE_BYTES = 24 };

/* A nonce for XChaCha20-Poly1305 never given before in this process: this thread's random
** prefix (16 bytes, drawn on its first seal) and its count of seals (8 bytes). */
void secret_nonce(unsigned char out[SECRET_NONCE_BYTES]);

/* Encrypts plain (XChaCha20-Poly1305 with a nonce of secret_nonce); the result (nonce + ciphertext)
** is allocated from the arena, its length in *outlen. */
unsigned char *secret_seal(const unsigned char *key, struct arena *a, const char *plain,
                           size_t *outlen);

/* Decrypts what secret_seal made; returns an arena string, or NULL when it does not open. */
char *secret_open(const unsigned char *key, struct arena *a, const unsigned char *sealed,
                  size_t len);

/* secret_seal of len bytes that may hold anything (a file). */
unsigned char *secret_seal_bytes(const unsigned char *key, struct arena *a,
                                 const unsigned char *plain, size_t len, size_t *outlen);

/* Decrypts what secret_seal_bytes made: the bytes (arena, followed by a NUL not counted in
** *outlen), or NULL when key is NULL or they do not open. */
unsigned char *secret_open_bytes(const unsigned char *key, struct arena *a,
                                 const unsigned char *sealed, size_t len, size_t *outlen);

/* Derives the subkey number id of the purpose named by context (8 characters, "lvzhiaud")
** from the installation key (libsodium crypto_kdf), so that no two uses share a key: the key
** of ID numbers never keys the audit chain. */
void secret_subkey(const unsigned char key[SECRET_KEY_BYTES], uint64_t id, const char context[8],
                   unsigned char out[SECRET_KEY_BYTES]);

/* Keyed BLAKE2b of s as 64 hex digits (arena), for equality lookups without the plain text. */
char *secret_hash(const unsigned char *key, struct arena *a, const char *s);

#endif
