/* src/base/conf.c: layered configuration, see conf.h. */
#include "conf.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void conf_set(struct conf *c, const char *key, const char *value, const char *source) {
  for (int i = 0; i < c->n; i++) {
    if (!strcmp(c->key[i], key)) {
      free(c->value[i]);
      c->value[i] = strdup(value);
      c->source[i] = source;
      return;
    }
  }
  if (c->n == CONF_MAX) return;
  c->key[c->n] = strdup(key);
  c->value[c->n] = strdup(value);
  c->source[c->n] = source;
  c->n++;
}

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1])) *--e = 0;
  return s;
}

bool conf_load_file(struct conf *c, const char *path, char *err) {
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, 256, "无法读取配置文件 %s", path);
    return false;
  }
  char line[1024];
  int ln = 0;
  while (fgets(line, sizeof line, f)) {
    ln++;
    char *s = trim(line);
    if (!*s || *s == '#') continue;
    char *eq = strchr(s, '=');
    if (!eq) {
      snprintf(err, 256, "配置文件 %s 第 %d 行应为 key = value", path, ln);
      fclose(f);
      return false;
    }
    *eq = 0;
    char *v = trim(eq + 1);
    size_t vl = strlen(v);
    if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
      v[vl - 1] = 0;
      v++;
    }
    conf_set(c, trim(s), v, "file");
  }
  fclose(f);
  return true;
}

void conf_load_env(struct conf *c, const char *const *keys) {
  for (; *keys; keys++) {
    char name[128] = "LVZHI_";
    size_t n = 6;
    for (const char *k = *keys; *k && n < sizeof name - 1; k++)
      name[n++] = *k == '-' ? '_' : (char)toupper((unsigned char)*k);
    name[n] = 0;
    const char *v = getenv(name);
    if (v) conf_set(c, *keys, v, "env");
  }
}

const char *conf_get(const struct conf *c, const char *key, const char *dflt) {
  for (int i = 0; i < c->n; i++)
    if (!strcmp(c->key[i], key)) return c->value[i];
  return dflt;
}

int64_t conf_int(const struct conf *c, const char *key, int64_t dflt) {
  const char *v = conf_get(c, key, NULL);
  if (!v || !*v) return dflt;
  char *end;
  long long x = strtoll(v, &end, 10);
  return *end ? dflt : (int64_t)x;
}

bool conf_bool(const struct conf *c, const char *key, bool dflt) {
  const char *v = conf_get(c, key, NULL);
  if (!v) return dflt;
  return !strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes");
}

void conf_free(struct conf *c) {
  for (int i = 0; i < c->n; i++) {
    free(c->key[i]);
    free(c->value[i]);
  }
  c->n = 0;
}
