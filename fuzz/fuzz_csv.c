/* fuzz/fuzz_csv.c: libFuzzer target for the CSV reader and writer.
** Invariants checked with abort(): every field is NUL-terminated at its stated length and no
** longer than the input; records start on increasing lines; an error carries one of the two
** messages and a line no earlier than the last record's; end and error are sticky; and when
** the whole input parses, writing the records back with csv_write_field and reading that
** again gives the same fields. */
#include "base/arena.h"
#include "base/buf.h"
#include "base/csv.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct saved {
  struct csv_record *recs;
  size_t n, cap;
};

static void save(struct arena *a, struct saved *s, const struct csv_record *rec) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? 2 * s->cap : 16;
    struct csv_record *recs = arena_alloc(a, cap * sizeof *recs);
    if (s->n) memcpy(recs, s->recs, s->n * sizeof *recs);
    s->recs = recs;
    s->cap = cap;
  }
  s->recs[s->n++] = *rec;
}

/* A record of one empty field is written as an empty line, which the reader skips. */
static int writable(const struct csv_record *rec) {
  return !(rec->nfields == 1 && rec->lens[0] == 0);
}

static void round_trip(const struct saved *s) {
  struct buf out = {0};
  /* a leading BOM of our own, so that a first field starting with one is not taken for it */
  buf_append(&out, "\xEF\xBB\xBF", 3);
  for (size_t i = 0; i < s->n; i++) {
    if (!writable(&s->recs[i])) continue;
    for (size_t j = 0; j < s->recs[i].nfields; j++) {
      if (j) buf_putc(&out, ',');
      csv_write_field(&out, s->recs[i].fields[j], s->recs[i].lens[j]);
    }
    buf_append(&out, i % 2 ? "\r\n" : "\n", i % 2 ? 2 : 1);
  }
  struct arena a2;
  arena_init(&a2);
  struct csv_reader r;
  struct csv_record rec;
  csv_reader_init(&r, out.data, out.len, &a2);
  for (size_t i = 0; i < s->n; i++) {
    const struct csv_record *want = &s->recs[i];
    if (!writable(want)) continue;
    if (csv_next(&r, &rec) != 1) abort();
    if (rec.nfields != want->nfields) abort();
    for (size_t j = 0; j < rec.nfields; j++)
      if (rec.lens[j] != want->lens[j] || memcmp(rec.fields[j], want->fields[j], rec.lens[j]))
        abort();
  }
  if (csv_next(&r, &rec) != 0) abort();
  arena_free(&a2);
  buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct arena a;
  arena_init(&a);
  struct csv_reader r;
  struct csv_record rec;
  struct saved saved = {0};
  csv_reader_init(&r, (const char *)data, size, &a);
  int rc, last_line = 0;
  size_t records = 0;
  while ((rc = csv_next(&r, &rec)) == 1) {
    if (++records > size + 1) abort(); /* every record consumes input */
    if (rec.line <= last_line || rec.nfields == 0) abort();
    for (size_t i = 0; i < rec.nfields; i++) {
      if (!rec.fields[i] || rec.lens[i] > size || rec.fields[i][rec.lens[i]] != 0) abort();
    }
    last_line = rec.line;
    save(&a, &saved, &rec);
  }
  if (rc == 0) {
    if (r.error || csv_next(&r, &rec) != 0) abort();
    round_trip(&saved);
  } else {
    if (rc != -1 || !r.error) abort();
    if (strcmp(r.error, "引号未闭合") != 0 && strcmp(r.error, "字段中出现多余的引号") != 0) abort();
    if (r.error_line < 1 || r.error_line < last_line) abort();
    if (csv_next(&r, &rec) != -1) abort();
  }
  arena_free(&a);
  return 0;
}
