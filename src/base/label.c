/* src/base/label.c: lookups in the label tables of enums (see label.h). */
#include "label.h"
#include <string.h>
#include "arena.h"
#include "buf.h"

int label_index(const struct label *t, const char *name) {
  for (int i = 0; name && t[i].name; i++)
    if (!strcmp(t[i].name, name)) return i;
  return -1;
}

int label_count(const struct label *t) {
  int n = 0;
  while (t[n].name) n++;
  return n;
}

const char *label_text(const struct label *t, const char *name, bool en) {
  int i = label_index(t, name);
  if (i < 0) return name ? name : "";
  return en && t[i].en ? t[i].en : t[i].zh;
}

const char *label_known(const struct label *t, const char *name, bool en) {
  return label_index(t, name) < 0 ? "" : label_text(t, name, en);
}

const char *label_zh(const struct label *t, const char *name) { return label_text(t, name, false); }

const char *label_names(struct arena *a, const struct label *t, bool en) {
  struct buf b = {0};
  for (int i = 0; t[i].name; i++) buf_printf(&b, "%s%s", i ? (en ? ", " : "、") : "", t[i].name);
  const char *s = arena_strdup(a, b.data ? b.data : "");
  buf_free(&b);
  return s;
}

const char *label_choices(struct arena *a, const struct label *t, bool en) {
  struct buf b = {0};
  for (int i = 0; t[i].name; i++)
    if (en)
      buf_printf(&b, "%s%s", i ? ", " : "", t[i].name);
    else
      buf_printf(&b, "%s%s（%s）", i ? "、" : "", t[i].name, t[i].zh);
  const char *s = arena_strdup(a, b.data ? b.data : "");
  buf_free(&b);
  return s;
}

json_t *label_json(const struct label *t) {
  json_t *out = json_array();
  for (int i = 0; t[i].name; i++)
    json_array_append_new(out, json_pack("{s:s,s:s,s:s}", "name", t[i].name, "zh", t[i].zh, "en",
                                         t[i].en ? t[i].en : t[i].zh));
  return out;
}

#define MAX_TABLES 128
static struct label_table registry[MAX_TABLES];
static int nregistry;

void label_register(const char *key, const struct label *t) {
  for (int i = 0; i < nregistry; i++)
    if (!strcmp(registry[i].key, key)) {
      registry[i].labels = t;
      return;
    }
  if (nregistry < MAX_TABLES) registry[nregistry++] = (struct label_table){key, t};
}

void label_register_all(const struct label_table *tables) {
  for (int i = 0; tables && tables[i].key; i++) label_register(tables[i].key, tables[i].labels);
}

json_t *label_registry_json(void) {
  json_t *o = json_object();
  for (int i = 0; i < nregistry; i++)
    json_object_set_new(o, registry[i].key, label_json(registry[i].labels));
  return o;
}
