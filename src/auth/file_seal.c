/* src/auth/file_seal.c: whole files sealed with a key, see file_seal.h. */
#include "file_seal.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAGIC     "LVZHI-SEALED-1\n"
#define MAGIC_LEN (sizeof MAGIC - 1)
#define CHUNK     65536
#define ABYTES    crypto_secretstream_xchacha20poly1305_ABYTES
#define HEADER    crypto_secretstream_xchacha20poly1305_HEADERBYTES

bool file_is_sealed(const char *path) {
  char buf[MAGIC_LEN];
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  bool sealed = fread(buf, 1, MAGIC_LEN, f) == MAGIC_LEN && !memcmp(buf, MAGIC, MAGIC_LEN);
  fclose(f);
  return sealed;
}

/* Opens in for reading and creates out (0600, exclusive); false with err. */
static bool open_pair(const char *in, const char *out, FILE **fin, FILE **fout, char *err) {
  *fin = fopen(in, "rb");
  if (!*fin) {
    snprintf(err, 256, "无法读取 %s：%s", in, strerror(errno));
    return false;
  }
  int fd = open(out, O_WRONLY | O_CREAT | O_EXCL, 0600);
  *fout = fd >= 0 ? fdopen(fd, "wb") : NULL;
  if (!*fout) {
    snprintf(err, 256, "无法创建 %s：%s", out, strerror(errno));
    if (fd >= 0) close(fd);
    fclose(*fin);
    return false;
  }
  return true;
}

/* Closes both; on failure removes out. Returns ok, false also when out cannot be flushed. */
static bool close_pair(FILE *fin, FILE *fout, const char *out, bool ok, char *err) {
  fclose(fin);
  if (fflush(fout) != 0 || fsync(fileno(fout)) != 0) {
    if (ok) snprintf(err, 256, "写入 %s 失败：%s", out, strerror(errno));
    ok = false;
  }
  fclose(fout);
  if (!ok) unlink(out);
  return ok;
}

bool file_seal(const char *in, const char *out, const unsigned char key[FILE_SEAL_KEY_BYTES],
               char *err) {
  FILE *fin, *fout;
  if (!open_pair(in, out, &fin, &fout, err)) return false;
  unsigned char *plain = malloc(CHUNK), *sealed = malloc(CHUNK + ABYTES);
  unsigned char header[HEADER];
  crypto_secretstream_xchacha20poly1305_state st;
  crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
  bool ok = plain && sealed && fwrite(MAGIC, 1, MAGIC_LEN, fout) == MAGIC_LEN &&
            fwrite(header, 1, sizeof header, fout) == sizeof header;
  /* read one chunk ahead, so that the last one (even an empty one) carries the final tag */
  size_t n = ok ? fread(plain, 1, CHUNK, fin) : 0;
  while (ok) {
    unsigned char next[1];
    bool last = n < CHUNK || fread(next, 1, 1, fin) == 0;
    unsigned long long len = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &st, sealed, &len, plain, n, NULL, 0,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    ok = fwrite(sealed, 1, (size_t)len, fout) == len;
    if (last) break;
    plain[0] = next[0];
    n = 1 + fread(plain + 1, 1, CHUNK - 1, fin);
  }
  if (ferror(fin)) ok = false;
  if (!ok) snprintf(err, 256, "加密 %s 失败：%s", in, strerror(errno));
  if (plain) sodium_memzero(plain, CHUNK);
  free(plain);
  free(sealed);
  return close_pair(fin, fout, out, ok, err);
}

bool file_unseal(const char *in, const char *out, const unsigned char key[FILE_SEAL_KEY_BYTES],
                 char *err) {
  if (!file_is_sealed(in)) {
    snprintf(err, 256, "%s 不是加密的备份文件", in);
    return false;
  }
  FILE *fin, *fout;
  if (!open_pair(in, out, &fin, &fout, err)) return false;
  unsigned char *plain = malloc(CHUNK), *sealed = malloc(CHUNK + ABYTES);
  unsigned char header[HEADER], magic[MAGIC_LEN];
  crypto_secretstream_xchacha20poly1305_state st;
  bool ok = plain && sealed && fread(magic, 1, MAGIC_LEN, fin) == MAGIC_LEN &&
            fread(header, 1, sizeof header, fin) == sizeof header &&
            crypto_secretstream_xchacha20poly1305_init_pull(&st, header, key) == 0;
  bool final = false;
  while (ok && !final) {
    size_t n = fread(sealed, 1, CHUNK + ABYTES, fin);
    unsigned long long len = 0;
    unsigned char tag = 0;
    if (n < ABYTES || crypto_secretstream_xchacha20poly1305_pull(&st, plain, &len, &tag, sealed, n,
                                                                 NULL, 0) != 0) {
      ok = false;
      break;
    }
    final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    ok = fwrite(plain, 1, (size_t)len, fout) == len;
  }
  unsigned char extra[1];
  if (ok && fread(extra, 1, 1, fin) != 0) ok = false; /* bytes after the final chunk */
  if (!ok) snprintf(err, 256, "无法解密 %s：密钥不对，或文件已损坏、不完整", in);
  if (plain) sodium_memzero(plain, CHUNK);
  free(plain);
  free(sealed);
  return close_pair(fin, fout, out, ok, err);
}
