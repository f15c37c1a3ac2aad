/* src/member/member_io.c: the member roster as a file: CSV import (all or nothing, every bad
** row reported with its line and column), CSV export (UTF-8 with BOM, so Excel opens it) and
** XLSX export. Names in the file (committee, sector, party, ...) are resolved to ids here; the
** rules of a member are the entity engine's, exactly as for a create through the API.
**
** An import reads the file twice and writes once (docs/architecture.md, "Performance: import and
** recompute"): phase 1 checks every row (the names looked up once per distinct name, the scope
** and references once per distinct set of them, the member's own rules on every row) and keeps
** the good rows' values in a compact buffer; phase 2 inserts them in one transaction with
** prepared multi-row INSERTs that carry the sealed columns, so no staging table and no UPDATE
** per row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "auth/access.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/mem.h"
#include "auth/audit.h"
#include "base/timeutil.h"
#include "member.h"
#include <sodium.h>

const struct member_column member_columns[] = {
    {"姓名", "name"},
    {"性别", "gender"},
    {"民族", "ethnicity"},
    {"出生日期", "birth_date"},
    {"身份证号", "id_number"},
    {"所属政协", "committee_id"},
    {"界别", "sector_id"},
    {"党派", "party_id"},
    {"专委会", "special_committee_id"},
    {"界别活动组", "group_id"},
    {"常委", "is_standing"},
    {"届次", "term"},
    {"工作单位及职务", "occupation"},
    {"手机号", "phone"},
    {"状态", "status"},
};
const int member_column_count = sizeof member_columns / sizeof member_columns[0];

/* Finds the id of a row named name: a number is taken as the id itself. Among committees the
** name must be unique; sectors, special committees and groups are looked for on the member's
** committee path. Returns 0 when none, -1 when ambiguous. */
static int64_t lookup(struct entity_ctx *ctx, const char *field, const char *name,
                      const char *path) {
  char *end;
  long long n = strtoll(name, &end, 10);
  if (*name && !*end) return n > 0 ? n : 0;
  const char *sql;
  if (!strcmp(field, "committee_id"))
    sql = "SELECT id FROM committees WHERE name = ? LIMIT 2";
  else if (!strcmp(field, "party_id"))
    sql = "SELECT id FROM parties WHERE name = ? OR short_name = ? LIMIT 2";
  else if (!strcmp(field, "sector_id"))
    sql = "SELECT r.id FROM sectors r LEFT JOIN committees c ON c.id = r.committee_id"
          " WHERE r.name = ? AND (r.committee_id IS NULL OR ? LIKE c.path || '%')"
          " ORDER BY LENGTH(COALESCE(c.path, '')) DESC LIMIT 1";
  else if (!strcmp(field, "special_committee_id"))
    sql = "SELECT r.id FROM special_committees r JOIN committees c ON c.id = r.committee_id"
          " WHERE r.name = ? AND ? LIKE c.path || '%' ORDER BY LENGTH(c.path) DESC LIMIT 1";
  else
    sql = "SELECT r.id FROM activity_groups r JOIN committees c ON c.id = r.committee_id"
          " WHERE r.name = ? AND ? LIKE c.path || '%' ORDER BY LENGTH(c.path) DESC LIMIT 1";
  struct db_stmt *st = db_query(ctx->db, sql, "tt", name, !strcmp(field, "party_id") ? name : path);
  int64_t id = 0;
  int rows = 0;
  while (db_step(st) == DB_ROW) {
    id = db_col_int(st, 0);
    rows++;
  }
  db_done(st);
  return rows > 1 ? -1 : id;
}

struct import_state {
  json_t *rows;    /* bad rows */
  json_t *lookups; /* "field|path|name" → id: most rows repeat the same names */
  json_t *paths;   /* committee id → path */
  json_t *checked; /* refs_key → true: scope and references checked */
  int64_t last_refs[ENTITY_MAX_FIELDS]; /* the last references found checked */
  bool last_refs_ok;
  /* per file column, the last name resolved and its id (and, for the committee, its path):
  ** rosters give the same committee and sector row after row */
  struct {
    char value[96], path[160], id_path[160];
    int64_t id;
  } last[64];
  /* the INSERT of each set of given fields (most files: one) */
  struct {
    uint64_t mask;
    char *sql;
  } inserts[16]; /* the INSERT of a full batch of each set of given fields */
  int ninserts;
  struct pending *pend; /* rows waiting to be inserted */
  int nbad;
  char **headers; /* the file's header row */
  int ncols;
};

static void bad_cell(struct entity_ctx *ctx, struct import_state *s, int line, int col,
                     const char *field, const char *msg) {
  if (s->nbad++ >= 10000) return; /* the answer stays bounded; the count says how many */
  /* the column's name as the file has it; else the roster's name for the field */
  const char *name = col > 0 && col <= s->ncols ? s->headers[col - 1] : "";
  for (int k = 0; !*name && field && k < member_column_count; k++)
    if (!strcmp(member_columns[k].field, field)) name = member_columns[k].header;
  json_array_append_new(s->rows, json_pack("{s:i,s:i,s:s,s:s,s:s}", "line", line, "column", col,
                                           "column_name", name, "field", field ? field : "",
                                           "message", msg));
}

/* Converts one CSV record to the JSON a create takes; returns NULL after reporting. */
static json_t *row_to_json(struct entity_ctx *ctx, struct import_state *s, const int *map,
                           int ncols, struct csv_record *rec) {
  json_t *in = json_object();
  const char *path = "/";
  bool ok = true;
  /* the committee first: the other names are looked for on its path */
  for (int pass = 0; pass < 2; pass++) {
    for (int c = 0; c < ncols && c < (int)rec->nfields; c++) {
      if (map[c] < 0) continue;
      const char *field = member_columns[map[c]].field;
      bool is_committee = !strcmp(field, "committee_id");
      if ((pass == 0) != is_committee) continue;
      const char *v = rec->fields[c];
      if (!*v) continue;
      /* the export's guard against spreadsheet formulas ('=..., '+86...) comes off again */
      if (v[0] == '\'' && v[1] && strchr("=+-@\t\r", v[1])) v++;
      json_t *jv;
      if (!strcmp(field, "is_standing")) {
        bool t = !strcmp(v, "是") || !strcmp(v, "true") || !strcmp(v, "1");
        bool f = !strcmp(v, "否") || !strcmp(v, "false") || !strcmp(v, "0");
        if (!t && !f) {
          bad_cell(ctx, s, rec->line, c + 1, field,
                   ctx->en ? "must be 是 or 否" : "常委应填“是”或“否”");
          ok = false;
          continue;
        }
        jv = json_boolean(t);
      } else if (!strcmp(field, "term")) {
        char *end;
        long long n = strtoll(v, &end, 10);
        jv = *end ? json_string(v) : json_integer(n); /* a non-number fails validation */
      } else if (!strcmp(field + strlen(field) - 3, "_id")) {
        const char *ctx_path = is_committee ? "" : path;
        if (c < 64 && s->last[c].id > 0 && !strcmp(s->last[c].value, v) &&
            !strcmp(s->last[c].path, ctx_path)) {
          /* the same name as the row before, on the same path */
          json_object_set_new(in, field, json_integer(s->last[c].id));
          if (is_committee) path = arena_strdup(ctx->arena, s->last[c].id_path);
          continue;
        }
        const char *key = arena_printf(ctx->arena, "%s|%s|%s", field, ctx_path, v);
        json_t *hit = json_object_get(s->lookups, key);
        int64_t id = hit ? json_integer_value(hit) : lookup(ctx, field, v, path);
        if (!hit) json_object_set_new(s->lookups, key, json_integer(id));
        if (id <= 0) {
          const char *label = member_columns[map[c]].header;
          bad_cell(ctx, s, rec->line, c + 1, field,
                   id < 0 ? arena_printf(ctx->arena, "%s“%s”有重名，请填写编号", label, v)
                          : arena_printf(ctx->arena, "%s“%s”不存在", label, v));
          ok = false;
          continue;
        }
        jv = json_integer(id);
        if (is_committee) {
          json_t *cp = json_object_get(s->paths, key);
          const char *p = cp ? json_string_value(cp) : committee_path_of(ctx, id);
          if (p && !cp) json_object_set_new(s->paths, key, json_string(p));
          if (p) path = p;
        }
        if (c < 64) {
          s->last[c].id = 0; /* remembered only when every part fits */
          if (strlen(v) < sizeof s->last[c].value && strlen(ctx_path) < sizeof s->last[c].path &&
              strlen(is_committee ? path : "") < sizeof s->last[c].id_path) {
            strcpy(s->last[c].value, v);
            strcpy(s->last[c].path, ctx_path);
            strcpy(s->last[c].id_path, is_committee ? path : "");
            s->last[c].id = id;
          }
        }
      } else {
        jv = json_string(member_word_value(v));
      }
      json_object_set_new(in, field, jv);
    }
  }
  if (!ok) {
    json_decref(in);
    return NULL;
  }
  return in;
}

static int column_of(const int *map, int ncols, const char *field) {
  for (int c = 0; c < ncols; c++)
    if (map[c] >= 0 && !strcmp(member_columns[map[c]].field, field)) return c + 1;
  return 0;
}

/* Reports the errors of a refused row (every invalid field when there are several). */
static void report_row(struct entity_ctx *ctx, struct import_state *s, const int *map, int ncols,
                       int line) {
  json_t *errs = ctx->err.errors;
  if (errs && json_array_size(errs)) {
    size_t i;
    json_t *e;
    json_array_foreach(errs, i, e) {
      const char *f = json_string_value(json_object_get(e, "field"));
      bad_cell(ctx, s, line, f ? column_of(map, ncols, f) : 0, f,
               json_string_value(json_object_get(e, "message")));
    }
  } else {
    bad_cell(ctx, s, line, ctx->err.field ? column_of(map, ncols, ctx->err.field) : 0,
             ctx->err.field, ctx->en ? ctx->err.en : ctx->err.zh);
  }
  json_decref(errs);
  memset(&ctx->err, 0, sizeof ctx->err);
}

/* Reads the header row into map (file column → roster column); reports what is wrong. */
static int read_header(struct entity_ctx *ctx, struct import_state *s, struct csv_reader *r,
                       int *map) {
  struct csv_record head;
  int rc = csv_next(r, &head);
  if (rc <= 0) {
    bad_cell(ctx, s, rc < 0 ? r->error_line : 1, 0, NULL, rc < 0 ? r->error : "文件是空的");
    return 0;
  }
  int ncols = head.nfields < 64 ? (int)head.nfields : 64;
  s->headers = head.fields;
  s->ncols = ncols;
  for (int c = 0; c < ncols; c++) {
    map[c] = -1;
    for (int k = 0; k < member_column_count; k++)
      if (!strcmp(head.fields[c], member_columns[k].header) ||
          !strcmp(head.fields[c], member_columns[k].field))
        map[c] = k;
    if (map[c] < 0 && *head.fields[c])
      bad_cell(ctx, s, 1, c + 1, NULL, arena_printf(ctx->arena, "不认识的列“%s”", head.fields[c]));
  }
  static const char *const required[] = {"name", "gender", "committee_id"};
  for (int k = 0; k < 3; k++)
    if (!column_of(map, ncols, required[k]))
      for (int j = 0; j < member_column_count; j++)
        if (!strcmp(member_columns[j].field, required[k]))
          bad_cell(ctx, s, 1, 0, required[k],
                   arena_printf(ctx->arena, "缺少“%s”列", member_columns[j].header));
  return ncols;
}

/* A key of the references of a validated row: the committee, sector, party, special committee
** and group (0 for none), in the arena. */
static const char *refs_key(struct entity_ctx *ctx, const struct entity_value *v) {
  char key[160];
  size_t n = 0;
  for (int i = 0; i < member_entity.nfields && n < sizeof key - 24; i++)
    if (member_entity.fields[i].type == FT_REF)
      n += (size_t)snprintf(key + n, sizeof key - n, "%lld,",
                            v[i].set && !v[i].null ? (long long)v[i].i : 0LL);
  return arena_strndup(ctx->arena, key, n);
}

/* The checks of a create (entity_check_create) for one row. The committee's scope and the
** references depend on nothing but the row's (committee, sector, party, special committee,
** group), which most rows of a roster share: they are checked once per distinct set; the
** member's own rules (member_entity.check: the ID number, its owner in the database, the birth
** date and gender beside it) run on every row. */
static bool check_row(struct entity_ctx *ctx, struct import_state *s, json_t *in,
                      struct entity_value *v) {
  if (!entity_validate(ctx, &member_entity, in, false, v)) return false;
  /* the references of the row before, most often; else those checked at any row */
  int64_t refs[ENTITY_MAX_FIELDS] = {0};
  int nr = 0;
  for (int i = 0; i < member_entity.nfields; i++)
    if (member_entity.fields[i].type == FT_REF) refs[nr++] = v[i].set && !v[i].null ? v[i].i : 0;
  bool same = s->last_refs_ok && !memcmp(refs, s->last_refs, sizeof *refs * (size_t)nr);
  const char *key = same ? NULL : refs_key(ctx, v);
  if (same || json_object_get(s->checked, key)) {
    memcpy(s->last_refs, refs, sizeof *refs * (size_t)nr);
    s->last_refs_ok = true;
    return !member_entity.check || member_entity.check(ctx, &member_entity, v, 0, in);
  }
  if (!entity_check_create(ctx, &member_entity, in, v)) return false;
  json_object_set_new(s->checked, key, json_true());
  memcpy(s->last_refs, refs, sizeof *refs * (size_t)nr);
  s->last_refs_ok = true;
  return true;
}

/* Rows waiting to be inserted together: consecutive rows that give the same fields (most files:
** all) go into members with one multi-row INSERT of up to IMPORT_BATCH_VALUES values, which
** carries the sealed columns as member_after_write would set them (the ID number sealed, its
** keyed hash and mask; the birth date sealed and its year; the phone sealed and its mask): no
** staging, no UPDATE afterwards, one statement per few dozen rows (one round trip on
** PostgreSQL). Ids follow the file's order. */
#define IMPORT_BATCH_VALUES 960

struct pending {
  uint64_t mask; /* the member's column fields given */
  int cols, rows;
  struct db_value v[IMPORT_BATCH_VALUES];
};

/* The INSERT of rows rows of the fields in mask (malloc'd). */
static char *insert_sql(uint64_t mask, int cols, int rows) {
  struct buf b = {0};
  buf_puts(&b, "INSERT INTO members (");
  for (int i = 0; i < member_entity.nfields; i++)
    if (mask & (UINT64_C(1) << i)) buf_printf(&b, "%s, ", member_entity.fields[i].name);
  buf_puts(&b, MEMBER_SEALED_COLS ", created_at, updated_at) VALUES ");
  for (int r = 0; r < rows; r++) {
    buf_puts(&b, r ? ", (" : "(");
    for (int k = 0; k < cols; k++) buf_puts(&b, k ? ", ?" : "?");
    buf_putc(&b, ')');
  }
  return b.data;
}

/* Inserts the waiting rows. Returns DB_DONE, DB_CONSTRAINT or DB_ERROR. */
static int flush_rows(struct entity_ctx *ctx, struct import_state *s) {
  struct pending *w = s->pend;
  if (!w->rows) return DB_DONE;
  bool full = w->rows * w->cols + w->cols > IMPORT_BATCH_VALUES;
  char *sql = NULL, *made = NULL;
  for (int k = 0; full && k < s->ninserts && !sql; k++)
    if (s->inserts[k].mask == w->mask) sql = s->inserts[k].sql;
  if (!sql) {
    sql = made = insert_sql(w->mask, w->cols, w->rows);
    if (full && s->ninserts < 16) { /* a full batch's statement is kept for the next ones */
      s->inserts[s->ninserts].mask = w->mask;
      s->inserts[s->ninserts++].sql = made;
      made = NULL;
    }
  }
  struct db_stmt *st = db_query_values(ctx->db, sql, w->rows * w->cols, w->v);
  free(made);
  int rc = st ? db_step(st) : DB_ERROR;
  db_done(st);
  w->rows = 0;
  return rc;
}

/* Adds one checked row to the waiting ones (inserting those first when the row gives other
** fields or the batch is full). Its sealed values live in ctx->arena until the rows are
** flushed. Returns what a flush returned (DB_DONE when none). */
static int insert_row(struct entity_ctx *ctx, struct import_state *s, const struct entity_value *v,
                      const char *idn, const char *birth, const char *phone, int64_t now) {
  struct db_value p[ENTITY_MAX_FIELDS + 9];
  int np = 0;
  uint64_t mask = 0;
  for (int i = 0; i < member_entity.nfields; i++) {
    const struct field *f = &member_entity.fields[i];
    if ((f->flags & (FF_NOCOL | FF_READONLY)) || f->type == FT_IDS || !v[i].set) continue;
    mask |= UINT64_C(1) << i;
    if (v[i].null)
      p[np++] = (struct db_value){.type = 'n'};
    else if (f->type == FT_TEXT || f->type == FT_PHONE || f->type == FT_DATE || f->type == FT_ENUM)
      p[np++] = (struct db_value){.type = 't', .s = v[i].s ? v[i].s : ""};
    else
      p[np++] = (struct db_value){.type = 'i', .i = v[i].i};
  }
  member_sealed_values(ctx, idn, birth, phone, &p[np]);
  np += MEMBER_SEALED_N;
  p[np++] = (struct db_value){.type = 'i', .i = now};
  p[np++] = (struct db_value){.type = 'i', .i = now};
  struct pending *w = s->pend;
  int rc = DB_DONE;
  if (w->rows && (w->mask != mask || (w->rows + 1) * w->cols > IMPORT_BATCH_VALUES))
    rc = flush_rows(ctx, s);
  w->mask = mask;
  w->cols = np;
  memcpy(&w->v[w->rows++ * np], p, sizeof *p * (size_t)np);
  return rc;
}

/* Whether field f of the member is a column an insert writes. */
static bool is_column(const struct field *f) {
  return !(f->flags & (FF_NOCOL | FF_READONLY)) && f->type != FT_IDS;
}

/* Phase 1 keeps what phase 2 writes of each good row, so that phase 2 neither reads the file
** again nor builds and checks the rows a second time: per row, for each column field a tag
** (0 not given, 1 null, 2 an integer of 8 bytes, 3 a text ending in NUL), then the ID number,
** birth date and phone as given (tag 0 or 3). About the size of the file itself. */
static void keep_text(struct buf *k, const char *t) {
  if (!t) {
    buf_putc(k, 0);
    return;
  }
  buf_putc(k, 3);
  buf_append(k, t, strlen(t) + 1);
}

static void keep_row(struct buf *k, const struct entity_value *v, json_t *in) {
  for (int i = 0; i < member_entity.nfields; i++) {
    const struct field *f = &member_entity.fields[i];
    if (!is_column(f)) continue;
    if (!v[i].set)
      buf_putc(k, 0);
    else if (v[i].null)
      buf_putc(k, 1);
    else if (f->type == FT_TEXT || f->type == FT_PHONE || f->type == FT_DATE || f->type == FT_ENUM)
      keep_text(k, v[i].s ? v[i].s : "");
    else {
      buf_putc(k, 2);
      buf_append(k, &v[i].i, sizeof v[i].i);
    }
  }
  keep_text(k, member_given_text(in, "id_number"));
  keep_text(k, member_given_text(in, "birth_date"));
  keep_text(k, member_given_text(in, "phone"));
}

/* Reads back one row of keep_row at *p into v and the three given texts; advances *p. */
static void unkeep_row(const char **p, struct entity_value *v, const char **given) {
  memset(v, 0, sizeof *v * (size_t)member_entity.nfields);
  const char *q = *p;
  for (int i = 0; i < member_entity.nfields + 3; i++) {
    bool field = i < member_entity.nfields;
    if (field && !is_column(&member_entity.fields[i])) continue;
    char tag = *q++;
    const char *t = NULL;
    if (field && tag) v[i].set = true;
    if (tag == 1)
      v[i].null = true;
    else if (tag == 2) {
      memcpy(&v[i].i, q, sizeof v[i].i);
      q += sizeof v[i].i;
    } else if (tag == 3) {
      t = q;
      q += strlen(q) + 1;
    }
    if (field && tag == 3) v[i].s = t;
    if (!field) given[i - member_entity.nfields] = t;
  }
  *p = q;
}

/* Phase 1: checks every row after the header as a create would (reading only) and keeps the
** good rows' values in keep. Rows share an arena, freed every 1,024 rows. Returns the rows seen;
** stops early after 10,000 errors. */
static int64_t check_rows(struct entity_ctx *ctx, struct import_state *s, struct csv_reader r,
                          const int *map, int ncols, json_t *seen, struct buf *keep,
                          void (*progress)(void *, int64_t, int64_t, const char *), void *arg,
                          int64_t total) {
  struct arena *outer = ctx->arena;
  struct arena row;
  arena_init(&row);
  int64_t n = 0;
  struct entity_value v[ENTITY_MAX_FIELDS];
  while (s->nbad < 10000) {
    ctx->arena = &row; /* cppcheck-suppress autoVariables ; restored before return */
    r.arena = &row;
    struct csv_record rec;
    int rc = csv_next(&r, &rec);
    if (rc == 0) break;
    if (rc < 0) {
      bad_cell(ctx, s, r.error_line, 0, NULL, r.error);
      break;
    }
    n++;
    if ((int)rec.nfields != ncols) {
      bad_cell(ctx, s, rec.line, 0, NULL,
               arena_printf(ctx->arena, "该行有 %d 列，表头有 %d 列", (int)rec.nfields, ncols));
    } else {
      json_t *in = row_to_json(ctx, s, map, ncols, &rec);
      if (in) {
        /* every rule of a create, and no ID number twice in the file */
        if (!check_row(ctx, s, in, v)) report_row(ctx, s, map, ncols, rec.line);
        const char *idn = json_string_value(json_object_get(in, "id_number"));
        if (idn && *idn) {
          char upper[19];
          snprintf(upper, sizeof upper, "%s", idn);
          if (upper[17] == 'x') upper[17] = 'X';
          json_t *prev = json_object_get(seen, upper);
          if (prev)
            bad_cell(ctx, s, rec.line, column_of(map, ncols, "id_number"), "id_number",
                     arena_printf(ctx->arena, "身份证号与第 %lld 行重复",
                                  (long long)json_integer_value(prev)));
          else
            json_object_set_new(seen, upper, json_integer(rec.line));
        }
        /* once a row is bad nothing is written: nothing more to keep */
        if (!s->nbad) keep_row(keep, v, in);
      }
      json_decref(in);
    }
    if (progress && n % 500 == 0) progress(arg, n, total, "检查名册");
    if (n % 1024 == 0) {
      arena_free(&row);
      arena_init(&row);
    }
  }
  ctx->arena = outer;
  arena_free(&row);
  return n;
}

/* Reports a failed insert (rc of insert_row or flush_rows). */
static void written(struct entity_ctx *ctx, struct import_state *s, int rc) {
  if (rc == DB_CONSTRAINT)
    bad_cell(ctx, s, 0, 0, NULL,
             "导入期间数据已变化（身份证号重复或引用的记录已删除），请重新导入");
  else if (rc != DB_DONE)
    bad_cell(ctx, s, 0, 0, NULL, "数据库写入失败");
}

/* Phase 2: one transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN and the advisory write
** lock) inserts the rows phase 1 kept straight into members, in the file's order (a few dozen
** to a statement), and records
** the import in the audit log: its count, the new ids' range and the file's SHA-256. Any
** failure rolls it all back. */
static void write_rows(struct entity_ctx *ctx, struct import_state *s, const struct buf *keep,
                       int64_t rows, const char *csv, size_t len,
                       void (*progress)(void *, int64_t, int64_t, const char *), void *arg,
                       int64_t total, int64_t *imported) {
  if (db_begin(ctx->db) != DB_DONE) {
    bad_cell(ctx, s, 0, 0, NULL, "数据库忙，请稍后重试");
    return;
  }
  int64_t before = db_int(ctx->db, 0, "SELECT COALESCE(MAX(id), 0) FROM members", "");
  struct arena *outer = ctx->arena;
  struct arena row;
  arena_init(&row);
  int64_t now = time_now(), n = 0;
  struct entity_value v[ENTITY_MAX_FIELDS];
  const char *p = keep->data, *end = keep->data + keep->len;
  ctx->arena = &row; /* cppcheck-suppress autoVariables ; restored below */
  struct pending *w = s->pend = mem_alloc(sizeof *s->pend);
  w->rows = 0;
  while (p && p < end) {
    const char *given[3];
    unkeep_row(&p, v, given);
    written(ctx, s, insert_row(ctx, s, v, given[0], given[1], given[2], now));
    if (s->nbad) break;
    n++;
    if (progress && n % 500 == 0) progress(arg, rows + n, total, "写入委员");
    if (n % 1024 == 0) { /* the waiting rows' sealed values are in the arena */
      written(ctx, s, flush_rows(ctx, s));
      arena_free(&row);
      arena_init(&row);
    }
  }
  if (!s->nbad) written(ctx, s, flush_rows(ctx, s));
  free(w);
  s->pend = NULL;
  ctx->arena = outer;
  arena_free(&row);
  if (!s->nbad) {
    *imported = n;
    unsigned char digest[32];
    char hex[65];
    crypto_hash_sha256(digest, (const unsigned char *)csv, len);
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    json_t *after = json_pack(
        "{s:I,s:I,s:I,s:s}", "count", (json_int_t)*imported, "first_id",
        (json_int_t)db_int(ctx->db, 0, "SELECT MIN(id) FROM members WHERE id > ?", "i", before),
        "last_id", (json_int_t)db_int(ctx->db, 0, "SELECT MAX(id) FROM members", ""), "file_sha256",
        hex);
    if (!audit_record(ctx->db, ctx->user, ctx->ip, "import", "member", 0,
                      ctx->user ? ctx->user->committee_id : 0, NULL, after))
      bad_cell(ctx, s, 0, 0, NULL, "写入审计日志失败");
    json_decref(after);
  }
  if (s->nbad) {
    *imported = 0;
    db_rollback(ctx->db);
  } else if (db_commit(ctx->db) != DB_DONE) {
    *imported = 0;
    db_rollback(ctx->db);
    bad_cell(ctx, s, 0, 0, NULL, "数据库写入失败");
  }
}

json_t *member_import_csv(struct entity_ctx *ctx, const char *csv, size_t len,
                          void (*progress)(void *arg, int64_t done, int64_t total,
                                           const char *stage),
                          void *arg) {
  struct import_state s = {.rows = json_array(),
                           .lookups = json_object(),
                           .paths = json_object(),
                           .checked = json_object()};
  struct csv_reader r;
  csv_reader_init(&r, csv, len, ctx->arena);
  int map[64];
  int ncols = read_header(ctx, &s, &r, map);
  int64_t rows = 0, imported = 0;
  /* count the rows first so that progress has a total: checking, then writing */
  if (!s.nbad) {
    struct csv_reader counter = r;
    struct arena scratch;
    arena_init(&scratch);
    counter.arena = &scratch;
    struct csv_record rec;
    while (csv_next(&counter, &rec) > 0) {
      rows++;
      if (rows % 4096 == 0) {
        arena_free(&scratch);
        arena_init(&scratch);
      }
    }
    arena_free(&scratch);
  }
  int64_t total = 2 * rows;
  struct buf keep = {0}; /* the good rows' values, from phase 1 to phase 2 */
  /* phase 1 reads only, so a bad file never holds the write lock */
  if (!s.nbad) {
    json_t *seen = json_object();
    /* on SQLite one read transaction (one snapshot, no write lock) for the whole pass rather
    ** than one per statement */
    bool snap = db_engine(ctx->db) == DB_SQLITE && db_exec(ctx->db, "BEGIN", "") == DB_DONE;
    check_rows(ctx, &s, r, map, ncols, seen, &keep, progress, arg, total);
    if (snap) db_exec(ctx->db, "COMMIT", "");
    json_decref(seen);
  }
  /* phase 2 writes them all in one transaction, with one audit entry for the import */
  if (!s.nbad && rows > 0)
    write_rows(ctx, &s, &keep, rows, csv, len, progress, arg, total, &imported);
  buf_free(&keep);
  json_decref(s.lookups);
  json_decref(s.paths);
  json_decref(s.checked);
  for (int k = 0; k < s.ninserts; k++) free(s.inserts[k].sql);
  if (progress) progress(arg, total, total, "完成");
  if (s.nbad) {
    entity_fail(ctx, ERR_INVALID_ROWS, NULL,
                arena_printf(ctx->arena, "有 %d 处错误，未导入任何委员；请改正后重新导入", s.nbad),
                arena_printf(ctx->arena,
                             "%d errors; no member was imported. Fix them and import again",
                             s.nbad));
    return json_pack("{s:i,s:I,s:i,s:o}", "imported", 0, "total", (json_int_t)rows, "bad", s.nbad,
                     "rows", s.rows);
  }
  json_decref(s.rows);
  return json_pack("{s:I,s:I}", "imported", (json_int_t)imported, "total", (json_int_t)rows);
}
