/* src/auth/secret.c: installation key and field sealing, see secret.h. */
#include "secret.h"
#include <fcntl.h>
#include <stdint.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "base/arena.h"
#include "base/conf.h"

static bool from_hex(const char *hex, unsigned char key[SECRET_KEY_BYTES]) {
  size_t bin_len = 0;
  return strlen(hex) == 2 * SECRET_KEY_BYTES &&
         sodium_hex2bin(key, SECRET_KEY_BYTES, hex, strlen(hex), NULL, &bin_len, NULL) == 0 &&
         bin_len == SECRET_KEY_BYTES;
}

/* Reads a key of 64 hex digits from file path: 1 when read, 0 when the file holds no such key
** (said on stderr), -1 when there is no file. */
static int key_from_file(const char *path, unsigned char key[SECRET_KEY_BYTES]) {
  char buf[2 * SECRET_KEY_BYTES + 2] = {0};
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = 0;
  if (from_hex(buf, key)) return 1;
  fprintf(stderr, "lvzhi: 密钥文件 %s 内容无效（应为 64 位十六进制数字）\n", path);
  return 0;
}

bool secret_load(const struct conf *conf, const char *db_url, bool create,
                 unsigned char key[SECRET_KEY_BYTES]) {
  const char *hex = conf_get(conf, "secret-key", NULL);
  if (hex) {
    if (from_hex(hex, key)) return true;
    fprintf(stderr, "lvzhi: secret-key 应为 64 位十六进制数字\n");
    return false;
  }
  char path[4096], buf[2 * SECRET_KEY_BYTES + 2] = {0};
  const char *file = conf_get(conf, "secret-key-file", NULL);
  if (file)
    snprintf(path, sizeof path, "%s", file);
  else if (strstr(db_url, "://") == NULL)
    snprintf(path, sizeof path, "%s.key", db_url);
  else {
    fprintf(stderr, "lvzhi: 使用 PostgreSQL 时需要配置 secret-key 或 secret-key-file\n");
    return false;
  }
  int got = key_from_file(path, key);
  if (got >= 0) return got == 1;
  if (!create) {
    fprintf(stderr, "lvzhi: 找不到密钥文件 %s（先运行 lvzhi init）\n", path);
    return false;
  }
  randombytes_buf(key, SECRET_KEY_BYTES);
  sodium_bin2hex(buf, sizeof buf, key, SECRET_KEY_BYTES);
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0 || write(fd, buf, strlen(buf)) != (ssize_t)strlen(buf) || write(fd, "\n", 1) != 1) {
    fprintf(stderr, "lvzhi: 无法写入密钥文件 %s\n", path);
    if (fd >= 0) close(fd);
    return false;
  }
  close(fd);
  return true;
}

int secret_key_option(const struct conf *conf, const char *name,
                      unsigned char key[SECRET_KEY_BYTES]) {
  const char *hex = conf_get(conf, name, NULL);
  if (hex) {
    if (from_hex(hex, key)) return 1;
    fprintf(stderr, "lvzhi: %s 应为 64 位十六进制数字\n", name);
    return 0;
  }
  char file_key[128];
  snprintf(file_key, sizeof file_key, "%s-file", name);
  const char *file = conf_get(conf, file_key, NULL);
  if (!file) return -1;
  int got = key_from_file(file, key);
  if (got < 0) fprintf(stderr, "lvzhi: 找不到密钥文件 %s\n", file);
  return got == 1 ? 1 : 0;
}

/* This thread's nonces: 16 random bytes drawn once, then a count in the last 8. XChaCha20's
** 24-byte nonce is made to be drawn at random; a random prefix per thread with a count is as
** unique (two threads share a prefix with a chance of 2^-128) and spares the kernel call of
** every seal (a tenth of a roster import's time, three seals a row). */
_Static_assert(SECRET_NONCE_BYTES == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, "nonce size");
static _Thread_local struct {
  bool drawn;
  unsigned char prefix[16];
  uint64_t count;
} nonces;

void secret_nonce(unsigned char out[SECRET_NONCE_BYTES]) {
  if (!nonces.drawn) {
    randombytes_buf(nonces.prefix, sizeof nonces.prefix);
    nonces.count = 0;
    nonces.drawn = true;
  }
  uint64_t n = ++nonces.count;
  memcpy(out, nonces.prefix, sizeof nonces.prefix);
  for (int i = 0; i < 8; i++) out[16 + i] = (unsigned char)(n >> (8 * i));
}

unsigned char *secret_seal_bytes(const unsigned char *key, struct arena *a,
                                 const unsigned char *plain, size_t len, size_t *outlen) {
  const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  unsigned char *out = arena_alloc(a, nb + len + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  secret_nonce(out);
  unsigned long long cl = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + nb, &cl, plain, len, NULL, 0, NULL, out, key);
  *outlen = nb + (size_t)cl;
  return out;
}

unsigned char *secret_seal(const unsigned char *key, struct arena *a, const char *plain,
                           size_t *outlen) {
  return secret_seal_bytes(key, a, (const unsigned char *)plain, strlen(plain), outlen);
}

unsigned char *secret_open_bytes(const unsigned char *key, struct arena *a,
                                 const unsigned char *sealed, size_t len, size_t *outlen) {
  const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  if (!key || !sealed || len < nb + crypto_aead_xchacha20poly1305_ietf_ABYTES) return NULL;
  unsigned char *out = arena_alloc(a, len);
  unsigned long long pl = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, &pl, NULL, sealed + nb, len - nb, NULL, 0,
                                                 sealed, key) != 0)
    return NULL;
  out[pl] = 0;
  *outlen = (size_t)pl;
  return out;
}

char *secret_open(const unsigned char *key, struct arena *a, const unsigned char *sealed,
                  size_t len) {
  size_t n = 0;
  char *s = (char *)secret_open_bytes(key, a, sealed, len, &n);
  return s && strlen(s) == n ? s : NULL; /* a text: no NUL inside */
}

void secret_subkey(const unsigned char key[SECRET_KEY_BYTES], uint64_t id, const char context[8],
                   unsigned char out[SECRET_KEY_BYTES]) {
  _Static_assert(SECRET_KEY_BYTES == crypto_kdf_KEYBYTES, "the installation key is a KDF key");
  crypto_kdf_derive_from_key(out, SECRET_KEY_BYTES, id, context, key);
}

char *secret_hash(const unsigned char *key, struct arena *a, const char *s) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char *)s, strlen(s), key, SECRET_KEY_BYTES);
  char *hex = arena_alloc(a, 65);
  sodium_bin2hex(hex, 65, h, sizeof h);
  return hex;
}
