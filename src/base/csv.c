/* src/base/csv.c: RFC 4180 CSV reader and writer, see csv.h. */
#include "csv.h"
#include "arena.h"
#include "buf.h"
#include <string.h>

#define MSG_UNTERMINATED "引号未闭合"
#define MSG_STRAY_QUOTE  "字段中出现多余的引号"

/* data may be NULL when len is 0. */
void csv_reader_init(struct csv_reader *r, const char *data, size_t len, struct arena *arena) {
  if (!data) {
    data = "";
    len = 0;
  }
  r->p = data;
  r->end = data + len; /* cppcheck-suppress pointerOutOfBoundsCond ; len bytes at data */
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) r->p += 3;
  r->line = 1;
  r->arena = arena;
  r->error = NULL;
  r->error_line = 0;
}

/* Length of the line end at p: 1 for \n, 2 for \r\n, 0 when p is not at a line end.
** A lone \r is ordinary data. */
static size_t eol_len(const char *p, const char *end) {
  if (p < end && *p == '\n') return 1;
  if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') return 2;
  return 0;
}

static int fail(struct csv_reader *r, const char *msg, int line) {
  r->error = msg;
  r->error_line = line;
  return -1;
}

/* Reads a quoted field starting at the opening quote; leaves r->p after the closing one. */
static int read_quoted(struct csv_reader *r, char **out, size_t *outlen) {
  int start_line = r->line;
  const char *p = r->p + 1, *q = p;
  size_t len = 0;
  for (;;) {
    if (q == r->end) return fail(r, MSG_UNTERMINATED, start_line);
    if (*q == '"') {
      if (r->end - q >= 2 && q[1] == '"') {
        q += 2;
        len++;
        continue;
      }
      break;
    }
    if (*q == '\n') r->line++;
    q++;
    len++;
  }
  char *s = arena_alloc(r->arena, len + 1);
  size_t k = 0;
  while (p < q) {
    s[k++] = *p;
    p += *p == '"' ? 2 : 1;
  }
  s[k] = 0;
  r->p = q + 1;
  *out = s;
  *outlen = len;
  return 0;
}

static int read_plain(struct csv_reader *r, char **out, size_t *outlen) {
  const char *p = r->p;
  while (p < r->end && *p != ',' && !eol_len(p, r->end)) {
    if (*p == '"') return fail(r, MSG_STRAY_QUOTE, r->line);
    p++;
  }
  *outlen = (size_t)(p - r->p);
  *out = arena_strndup(r->arena, r->p, *outlen);
  r->p = p;
  return 0;
}

/* Records with many fields grow their arrays by doubling inside the arena (the old
** arrays stay there until the arena is freed). */
int csv_next(struct csv_reader *r, struct csv_record *rec) {
  if (r->error) return -1;
  for (size_t n; (n = eol_len(r->p, r->end)) != 0; r->p += n) r->line++;
  if (r->p == r->end) return 0;
  size_t cap = 8, nf = 0;
  char **fields = arena_alloc(r->arena, cap * sizeof *fields);
  size_t *lens = arena_alloc(r->arena, cap * sizeof *lens);
  rec->line = r->line;
  for (;;) {
    char *f;
    size_t flen;
    int rc = r->p < r->end && *r->p == '"' ? read_quoted(r, &f, &flen) : read_plain(r, &f, &flen);
    if (rc < 0) return -1;
    if (nf == cap) {
      char **nfields = arena_alloc(r->arena, 2 * cap * sizeof *fields);
      size_t *nlens = arena_alloc(r->arena, 2 * cap * sizeof *lens);
      memcpy(nfields, fields, cap * sizeof *fields);
      memcpy(nlens, lens, cap * sizeof *lens);
      fields = nfields;
      lens = nlens;
      cap *= 2;
    }
    fields[nf] = f;
    lens[nf] = flen;
    nf++;
    if (r->p == r->end) break;
    if (*r->p == ',') {
      r->p++;
      continue;
    }
    size_t n = eol_len(r->p, r->end);
    if (!n) return fail(r, MSG_STRAY_QUOTE, r->line); /* text after a closing quote */
    r->p += n;
    r->line++;
    break;
  }
  rec->nfields = nf;
  rec->fields = fields;
  rec->lens = lens;
  return 1;
}

static void write_field(struct buf *out, const char *prefix, const char *s, size_t len) {
  size_t plen = strlen(prefix);
  int quote = 0;
  for (size_t i = 0; i < len && !quote; i++)
    quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
  if (!quote) {
    buf_append(out, prefix, plen);
    buf_append(out, s, len);
    return;
  }
  buf_putc(out, '"');
  buf_append(out, prefix, plen);
  size_t from = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '"') {
      buf_append(out, s + from, i + 1 - from); /* up to and including the quote */
      buf_putc(out, '"');
      from = i + 1;
    }
  }
  buf_append(out, s + from, len - from);
  buf_putc(out, '"');
}

void csv_write_field(struct buf *out, const char *s, size_t len) { write_field(out, "", s, len); }

void csv_write_cell(struct buf *out, const char *s, size_t len) {
  int risky = len > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                          s[0] == '\t' || s[0] == '\r');
  write_field(out, risky ? "'" : "", s, len);
}
