/* src/base/csv.h: an RFC 4180 CSV reader for roster files (UTF-8, optional BOM). */
#ifndef LVZHI_CSV_H
#define LVZHI_CSV_H
#include <stddef.h>
#include <stdbool.h>

struct arena;

/* One parsed record: fields point into memory of the reader's arena. */
struct csv_record {
  size_t nfields;
  char **fields; /* NUL-terminated copies, quotes removed, "" unescaped */
  size_t *lens;
  int line; /* 1-based line number where the record starts */
};

struct csv_reader {
  const char *p, *end;
  int line;
  struct arena *arena;
  const char *error; /* Chinese message when csv_next returned -1 */
  int error_line;
};

/* Starts reading data[0..len); skips a UTF-8 BOM. Fields are allocated from arena. */
void csv_reader_init(struct csv_reader *r, const char *data, size_t len, struct arena *arena);

/* Reads the next record into *rec. Returns 1 for a record, 0 at the end of input,
** -1 on malformed input (an unterminated quote, a stray quote inside an unquoted field),
** with r->error and r->error_line set. Accepts \n and \r\n line ends. Blank lines are skipped. */
int csv_next(struct csv_reader *r, struct csv_record *rec);

/* Appends one field to out, quoting it when it holds a comma, quote, CR or LF. */
struct buf;
void csv_write_field(struct buf *out, const char *s, size_t len);

/* Appends one field of an export like csv_write_field, but first defuses spreadsheet formula
** injection: a field starting with = + - @ TAB or CR gets a leading single quote ('). */
void csv_write_cell(struct buf *out, const char *s, size_t len);

#endif
