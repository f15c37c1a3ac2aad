/* src/base/conf.h: configuration from a file, then LVZHI_* environment variables, then
** command-line flags; a later source overrides an earlier one. */
#ifndef LVZHI_CONF_H
#define LVZHI_CONF_H
#include <stdbool.h>
#include <stdint.h>

#define CONF_MAX 64

struct conf {
  int n;
  char *key[CONF_MAX];
  char *value[CONF_MAX];
  const char *source[CONF_MAX]; /* "default", "file", "env", "flag" */
};

/* Sets key to value (copied), replacing an earlier value. */
void conf_set(struct conf *c, const char *key, const char *value, const char *source);

/* Reads "key = value" lines ('#' comments) from path. Returns false with a message in err
** (256 bytes) when the file cannot be read or a line is malformed. */
bool conf_load_file(struct conf *c, const char *path, char *err);

/* Takes LVZHI_<KEY> from the environment for each key in keys (NULL-terminated), where the
** environment name is the key upper-cased with '-' as '_'. */
void conf_load_env(struct conf *c, const char *const *keys);

/* The value of key, or dflt. */
const char *conf_get(const struct conf *c, const char *key, const char *dflt);
int64_t conf_int(const struct conf *c, const char *key, int64_t dflt);
bool conf_bool(const struct conf *c, const char *key, bool dflt);

/* Frees the stored strings. */
void conf_free(struct conf *c);

#endif
