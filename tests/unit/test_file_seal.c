/* tests/unit/test_file_seal.c: sealed files (encrypted backups): round trips at the chunk
** edges, and a wrong key, a changed byte, a cut file, bytes added after the end all refused,
** leaving no output behind. */
#include "auth/file_seal.h"
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];
static unsigned char key[FILE_SEAL_KEY_BYTES];

static void seal_init(void) {
  cr_assert_geq(sodium_init(), 0);
  snprintf(dir, sizeof dir, "/tmp/lvzhi-seal-XXXXXX");
  cr_assert_not_null(mkdtemp(dir));
  randombytes_buf(key, sizeof key);
}

static void seal_fini(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  cr_assert_eq(system(cmd), 0);
}

TestSuite(file_seal, .init = seal_init, .fini = seal_fini);

static const char *path(const char *name) {
  static char p[4][128];
  static int i;
  i = (i + 1) % 4;
  snprintf(p[i], sizeof p[i], "%s/%s", dir, name);
  return p[i];
}

static void write_file(const char *p, const unsigned char *data, size_t n) {
  FILE *f = fopen(p, "wb");
  cr_assert_not_null(f);
  cr_assert_eq(fwrite(data, 1, n, f), n);
  fclose(f);
}

static unsigned char *read_file(const char *p, size_t *n) {
  FILE *f = fopen(p, "rb");
  cr_assert_not_null(f, "%s", p);
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *b = malloc((size_t)len + 1);
  cr_assert_eq(fread(b, 1, (size_t)len, f), (size_t)len);
  fclose(f);
  *n = (size_t)len;
  return b;
}

/* A plain file of n bytes, sealed into "sealed"; returns the plain bytes. */
static unsigned char *sealed_of(size_t n) {
  unsigned char *data = malloc(n + 1);
  randombytes_buf(data, n);
  write_file(path("plain"), data, n);
  char err[256] = "";
  unlink(path("sealed"));
  cr_assert(file_seal(path("plain"), path("sealed"), key, err), "%s", err);
  return data;
}

Test(file_seal, round_trips_at_chunk_edges) {
  size_t sizes[] = {0, 1, 65535, 65536, 65537, 131072, 200000};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    unsigned char *data = sealed_of(sizes[i]);
    cr_expect(file_is_sealed(path("sealed")));
    cr_expect_not(file_is_sealed(path("plain")));
    struct stat st;
    cr_assert_eq(stat(path("sealed"), &st), 0);
    cr_expect_eq(st.st_mode & 0777, 0600, "the sealed file is the owner's only");
    char err[256] = "";
    unlink(path("opened"));
    cr_assert(file_unseal(path("sealed"), path("opened"), key, err), "%zu: %s", sizes[i], err);
    size_t n;
    unsigned char *back = read_file(path("opened"), &n);
    cr_expect_eq(n, sizes[i]);
    cr_expect(n == sizes[i] && memcmp(back, data, n) == 0, "%zu bytes come back", sizes[i]);
    if (sizes[i] >= 64) {
      size_t sn;
      unsigned char *sealed = read_file(path("sealed"), &sn);
      cr_expect_null(memmem(sealed, sn, data, 64), "no plain text in the sealed file");
      free(sealed);
    }
    free(back);
    free(data);
  }
}

/* Expects sealed file p not to open with k, and no output left. */
static void refused(const char *p, const unsigned char *k, const char *why) {
  char err[256] = "";
  unlink(path("opened"));
  cr_expect_not(file_unseal(p, path("opened"), k, err), "%s", why);
  cr_expect_neq(err[0], 0, "a message: %s", why);
  cr_expect_neq(access(path("opened"), F_OK), 0, "no output left: %s", why);
}

Test(file_seal, wrong_key_changed_cut_or_extended_refused) {
  free(sealed_of(150000));
  unsigned char other[FILE_SEAL_KEY_BYTES];
  memcpy(other, key, sizeof other);
  other[0] ^= 1;
  refused(path("sealed"), other, "another key");
  size_t n;
  unsigned char *b = read_file(path("sealed"), &n);
  b[n / 2] ^= 0x40;
  write_file(path("bad"), b, n);
  refused(path("bad"), key, "a changed byte");
  b[n / 2] ^= 0x40;
  write_file(path("bad"), b, n - 1);
  refused(path("bad"), key, "the last byte cut");
  write_file(path("bad"), b, 15 + 24 + 65536 + 17); /* magic, header, one whole chunk */
  refused(path("bad"), key, "the last chunks cut at a chunk edge");
  unsigned char *longer = malloc(n + 1);
  memcpy(longer, b, n);
  longer[n] = 0;
  write_file(path("bad"), longer, n + 1);
  refused(path("bad"), key, "a byte after the end");
  write_file(path("bad"), (const unsigned char *)"SQLite format 3", 15);
  refused(path("bad"), key, "not a sealed file");
  free(longer);
  free(b);
}

Test(file_seal, never_writes_over_a_file) {
  free(sealed_of(10));
  char err[256] = "";
  cr_expect_not(file_seal(path("plain"), path("sealed"), key, err), "sealing over a file");
  write_file(path("opened"), (const unsigned char *)"keep", 4);
  cr_expect_not(file_unseal(path("sealed"), path("opened"), key, err), "opening over a file");
  size_t n;
  unsigned char *b = read_file(path("opened"), &n);
  cr_expect(n == 4 && !memcmp(b, "keep", 4), "the file there is untouched");
  free(b);
}
