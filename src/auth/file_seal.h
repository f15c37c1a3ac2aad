/* src/auth/file_seal.h: whole files sealed with a key (encrypted backups). A sealed file is the
** magic line "LVZHI-SEALED-1\n", libsodium's secretstream header, then the file in chunks of
** 64 KiB, each encrypted and authenticated (XChaCha20-Poly1305), the last one tagged final: a
** changed byte, a chunk moved, dropped or cut short, or bytes after the end make it refuse to
** open. */
#ifndef LVZHI_FILE_SEAL_H
#define LVZHI_FILE_SEAL_H
#include <stdbool.h>

#define FILE_SEAL_KEY_BYTES 32

/* Whether the file at path begins with the magic line of a sealed file. */
bool file_is_sealed(const char *path);

/* Seals file in into a new file out (created 0600, never over an existing one). Returns false
** with a Chinese message in err (256 bytes); then out does not exist. */
bool file_seal(const char *in, const char *out, const unsigned char key[FILE_SEAL_KEY_BYTES],
               char *err);

/* Opens sealed file in into a new file out (0600, never over an existing one). Returns false
** with a Chinese message in err (a wrong key, a damaged or cut file); then out does not exist. */
bool file_unseal(const char *in, const char *out, const unsigned char key[FILE_SEAL_KEY_BYTES],
                 char *err);

#endif
