/* tests/unit/test_conf.c: configuration from a file, the environment and later settings. */
#include "base/conf.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char conft_path[64];
static struct conf conft;

static void conft_init(void) {
  memset(&conft, 0, sizeof conft);
  conft_path[0] = 0;
  unsetenv("LVZHI_LISTEN");
  unsetenv("LVZHI_DB");
  unsetenv("LVZHI_SECRET_KEY_FILE");
  unsetenv("LVZHI_THREADS");
}

static void conft_fini(void) {
  conf_free(&conft);
  if (*conft_path) unlink(conft_path);
}

TestSuite(conf, .init = conft_init, .fini = conft_fini);

/* Writes text to a new temporary file and returns its path. */
static const char *conft_file(const char *text) {
  strcpy(conft_path, "/tmp/lvzhi-test-conf-XXXXXX");
  int fd = mkstemp(conft_path);
  cr_assert_geq(fd, 0);
  size_t n = strlen(text);
  cr_assert_eq(write(fd, text, n), (ssize_t)n);
  close(fd);
  return conft_path;
}

static const char *conft_source(const char *key) {
  for (int i = 0; i < conft.n; i++)
    if (!strcmp(conft.key[i], key)) return conft.source[i];
  return NULL;
}

Test(conf, file_parsing) {
  const char *p = conft_file("# lvzhi configuration\n"
                             "\n"
                             "listen = 127.0.0.1:8080\n"
                             "   db=var/lvzhi.db   \n"
                             "  # an indented comment\n"
                             "name = \"政协 履职平台\"\n"
                             "empty =\n"
                             "quoted-empty = \"\"\n"
                             "equals = a=b\n"
                             "\tthreads\t=\t4\t\n"
                             "half-quoted = \"abc\n"
                             "last = no newline at the end");
  char err[256] = "";
  cr_assert(conf_load_file(&conft, p, err), "%s", err);
  cr_expect_str_eq(conf_get(&conft, "listen", NULL), "127.0.0.1:8080");
  cr_expect_str_eq(conf_get(&conft, "db", NULL), "var/lvzhi.db");
  cr_expect_str_eq(conf_get(&conft, "name", NULL), "政协 履职平台",
                   "quotes removed, inner space kept");
  cr_expect_str_eq(conf_get(&conft, "empty", "x"), "");
  cr_expect_str_eq(conf_get(&conft, "quoted-empty", "x"), "");
  cr_expect_str_eq(conf_get(&conft, "equals", NULL), "a=b", "split at the first '='");
  cr_expect_str_eq(conf_get(&conft, "threads", NULL), "4");
  cr_expect_str_eq(conf_get(&conft, "half-quoted", NULL), "\"abc");
  cr_expect_str_eq(conf_get(&conft, "last", NULL), "no newline at the end");
  cr_expect_null(conf_get(&conft, "# lvzhi configuration", NULL));
  cr_expect_null(conf_get(&conft, "missing", NULL));
  cr_expect_str_eq(conf_get(&conft, "missing", "dflt"), "dflt");
  cr_expect_str_eq(conft_source("listen"), "file");
  cr_expect_eq(conft.n, 9);
}

Test(conf, later_line_in_file_wins) {
  const char *p = conft_file("listen = :1\nlisten = :2\n");
  char err[256];
  cr_assert(conf_load_file(&conft, p, err));
  cr_expect_str_eq(conf_get(&conft, "listen", NULL), ":2");
  cr_expect_eq(conft.n, 1);
}

Test(conf, malformed_line_reports_its_number) {
  const char *p = conft_file("# comment\n"
                             "listen = :8080\n"
                             "\n"
                             "this line has no equals sign\n"
                             "db = x\n");
  char err[256] = "";
  cr_expect_not(conf_load_file(&conft, p, err));
  cr_expect_not_null(strstr(err, "第 4 行"), "message: %s", err);
  cr_expect_not_null(strstr(err, p), "names the file: %s", err);
}

Test(conf, missing_file) {
  char err[256] = "";
  cr_expect_not(conf_load_file(&conft, "/nonexistent-dir/lvzhi.conf", err));
  cr_expect_not_null(strstr(err, "/nonexistent-dir/lvzhi.conf"), "%s", err);
}

static const char *const conft_keys[] = {"listen", "db", "secret-key-file", "threads", NULL};

Test(conf, env_overrides_file) {
  const char *p = conft_file("listen = 127.0.0.1:8080\ndb = file.db\n");
  char err[256];
  cr_assert(conf_load_file(&conft, p, err));
  cr_assert_eq(setenv("LVZHI_LISTEN", "0.0.0.0:9090", 1), 0);
  cr_assert_eq(setenv("LVZHI_SECRET_KEY_FILE", "/etc/lvzhi/key", 1), 0);
  conf_load_env(&conft, conft_keys);
  cr_expect_str_eq(conf_get(&conft, "listen", NULL), "0.0.0.0:9090");
  cr_expect_str_eq(conft_source("listen"), "env");
  cr_expect_str_eq(conf_get(&conft, "db", NULL), "file.db", "not in the environment: kept");
  cr_expect_str_eq(conft_source("db"), "file");
  cr_expect_str_eq(conf_get(&conft, "secret-key-file", NULL), "/etc/lvzhi/key",
                   "'-' becomes '_' in the variable's name");
  cr_expect_null(conf_get(&conft, "threads", NULL));
}

Test(conf, env_empty_value_is_set) {
  cr_assert_eq(setenv("LVZHI_LISTEN", "", 1), 0);
  conf_set(&conft, "listen", ":1", "default");
  conf_load_env(&conft, conft_keys);
  cr_expect_str_eq(conf_get(&conft, "listen", NULL), "");
}

Test(conf, later_set_overrides) {
  conf_set(&conft, "listen", ":1", "default");
  cr_assert_eq(setenv("LVZHI_LISTEN", ":2", 1), 0);
  conf_load_env(&conft, conft_keys);
  cr_expect_str_eq(conf_get(&conft, "listen", NULL), ":2");
  conf_set(&conft, "listen", ":3", "flag");
  cr_expect_str_eq(conf_get(&conft, "listen", NULL), ":3");
  cr_expect_str_eq(conft_source("listen"), "flag");
  cr_expect_eq(conft.n, 1);
  /* the value is copied */
  char buf[8] = ":4";
  conf_set(&conft, "db", buf, "flag");
  strcpy(buf, "xx");
  cr_expect_str_eq(conf_get(&conft, "db", NULL), ":4");
}

Test(conf, conf_int) {
  conf_set(&conft, "threads", "8", "file");
  conf_set(&conft, "neg", "-3", "file");
  conf_set(&conft, "big", "9000000000", "file");
  conf_set(&conft, "bad", "8x", "file");
  conf_set(&conft, "empty", "", "file");
  cr_expect_eq(conf_int(&conft, "threads", 1), 8);
  cr_expect_eq(conf_int(&conft, "neg", 1), -3);
  cr_expect_eq(conf_int(&conft, "big", 1), INT64_C(9000000000));
  cr_expect_eq(conf_int(&conft, "bad", 5), 5, "not a number: the default");
  cr_expect_eq(conf_int(&conft, "empty", 6), 6);
  cr_expect_eq(conf_int(&conft, "missing", 7), 7);
}

Test(conf, conf_bool) {
  const char *yes[] = {"1", "on", "true", "yes"};
  const char *no[] = {"0", "off", "false", "no"};
  for (size_t i = 0; i < 4; i++) {
    conf_set(&conft, "flag", yes[i], "file");
    cr_expect(conf_bool(&conft, "flag", false), "%s", yes[i]);
    conf_set(&conft, "flag", no[i], "file");
    cr_expect_not(conf_bool(&conft, "flag", true), "%s", no[i]);
  }
  cr_expect(conf_bool(&conft, "missing", true));
  cr_expect_not(conf_bool(&conft, "missing", false));
}

Test(conf, free_then_reuse) {
  conf_set(&conft, "a", "1", "file");
  conf_set(&conft, "b", "2", "file");
  conf_free(&conft);
  cr_expect_eq(conft.n, 0);
  cr_expect_null(conf_get(&conft, "a", NULL));
  conf_set(&conft, "a", "3", "file");
  cr_expect_str_eq(conf_get(&conft, "a", NULL), "3");
}

Test(conf, full_table_keeps_existing_keys) {
  char k[16];
  for (int i = 0; i < CONF_MAX + 5; i++) {
    snprintf(k, sizeof k, "k%d", i);
    conf_set(&conft, k, "v", "file");
  }
  cr_expect_eq(conft.n, CONF_MAX);
  conf_set(&conft, "k0", "changed", "flag");
  cr_expect_str_eq(conf_get(&conft, "k0", NULL), "changed");
}
