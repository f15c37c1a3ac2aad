/* src/auth/secret.c: installation key and field sealing, see secret.h. */
#include "secret.h"
#include <fcntl.h>
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

bool secret_load(const struct conf *conf, const char *db_url, bool create,
                 unsigned char key[SECRET_KEY_BYTES]) {
  const char *hex = conf_get(conf, "secret-key", NULL);
  if (hex) {
    if (from_hex(hex, key)) return true;
    fprintf(stderr, "lvzhi: secret-key 应为 64 位十六进制数字\n");
    return false;
  }
  char path[4096];
  const char *file = conf_get(conf, "secret-key-file", NULL);
  if (file)
    snprintf(path, sizeof path, "%s", file);
  else if (strstr(db_url, "://") == NULL)
    snprintf(path, sizeof path, "%s.key", db_url);
  else {
    fprintf(stderr, "lvzhi: 使用 PostgreSQL 时需要配置 secret-key 或 secret-key-file\n");
    return false;
  }
  char buf[2 * SECRET_KEY_BYTES + 2] = {0};
  FILE *f = fopen(path, "r");
  if (f) {
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = 0;
    if (from_hex(buf, key)) return true;
    fprintf(stderr, "lvzhi: 密钥文件 %s 内容无效\n", path);
    return false;
  }
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

unsigned char *secret_seal(const unsigned char *key, struct arena *a, const char *plain,
                           size_t *outlen) {
  size_t pl = strlen(plain);
  size_t n =
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + pl + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  unsigned char *out = arena_alloc(a, n);
  randombytes_buf(out, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long cl = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                             &cl, (const unsigned char *)plain, pl, NULL, 0, NULL,
                                             out, key);
  *outlen = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + (size_t)cl;
  return out;
}

char *secret_open(const unsigned char *key, struct arena *a, const unsigned char *sealed,
                  size_t len) {
  const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  if (!sealed || len < nb + crypto_aead_xchacha20poly1305_ietf_ABYTES) return NULL;
  char *out = arena_alloc(a, len);
  unsigned long long pl = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out, &pl, NULL, sealed + nb,
                                                 len - nb, NULL, 0, sealed, key) != 0)
    return NULL;
  out[pl] = 0;
  return out;
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
