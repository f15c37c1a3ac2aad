/* src/member/member_io.c: the member roster as a file: CSV import (all or nothing, every bad
** row reported with its line and column), CSV export (UTF-8 with BOM, so Excel opens it) and
** XLSX export. Names in the file (committee, sector, party, ...) are resolved to ids here; the
** rules of a member are the entity engine's, exactly as for a create through the API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "auth/access.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/csv.h"
#include "auth/audit.h"
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
        const char *key = arena_printf(ctx->arena, "%s|%s|%s", field, is_committee ? "" : path, v);
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

/* One pass over the rows after the header: check (phase 1) or write (phase 2). Each row gets
** its own arena. Returns the rows seen; stops early after 10,000 errors. */
static int64_t pass_rows(struct entity_ctx *ctx, struct import_state *s, struct csv_reader r,
                         const int *map, int ncols, const struct entity *stage, json_t *seen,
                         void (*progress)(void *, int64_t, int64_t, const char *), void *arg,
                         int64_t total) {
  bool write = stage != NULL;
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
      if (in && !write) {
        /* every rule of a create, and no ID number twice in the file */
        if (!entity_check_create(ctx, &member_entity, in, v))
          report_row(ctx, s, map, ncols, rec.line);
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
      } else if (in) {
        /* checked in phase 1: staged as a create would write it */
        int64_t id = entity_validate(ctx, &member_entity, in, false, v)
                         ? entity_insert(ctx, stage, v, in)
                         : 0;
        if (!id) report_row(ctx, s, map, ncols, rec.line);
      }
      json_decref(in);
    }
    if (progress && n % 500 == 0)
      progress(arg, write ? total / 2 + n : n, total, write ? "写入委员" : "检查名册");
    arena_free(&row);
    arena_init(&row);
  }
  ctx->arena = outer;
  arena_free(&row);
  return n;
}

/* The staging table of an import: the columns of members, on this connection only. The
** DDL differs by engine (id and blob types, the name of the temporary schema). */
#define STAGE_TABLE(ID, BLOB)                                                                      \
  "CREATE TEMP TABLE member_import_stage (" ID ", committee_id BIGINT,"                            \
  " name TEXT, gender TEXT, ethnicity TEXT DEFAULT '汉族', birth_year INTEGER,"                  \
  " birth_date_enc " BLOB ", sector_id BIGINT, party_id BIGINT, special_committee_id BIGINT,"      \
  " group_id BIGINT, is_standing INTEGER DEFAULT 0, term INTEGER DEFAULT 1,"                       \
  " occupation TEXT DEFAULT '', phone_enc " BLOB ", phone_mask TEXT DEFAULT '',"                   \
  " id_number_enc " BLOB ", id_number_hash TEXT, id_number_mask TEXT DEFAULT '',"                  \
  " status TEXT DEFAULT 'active', created_at BIGINT, updated_at BIGINT)"
#define STAGE_DROP_SQLITE "DROP TABLE IF EXISTS temp.member_import_stage"
#define STAGE_DROP_PG     "DROP TABLE IF EXISTS pg_temp.member_import_stage"
#define STAGE_DDL_SQLITE  STAGE_DROP_SQLITE ";" STAGE_TABLE("id INTEGER PRIMARY KEY", "BLOB")
#define STAGE_DDL_PG                                                                               \
  STAGE_DROP_PG ";" STAGE_TABLE("id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "BYTEA")

#define STAGE_COLUMNS                                                                              \
  "committee_id, name, gender, ethnicity, birth_year, birth_date_enc, sector_id, party_id,"        \
  " special_committee_id, group_id, is_standing, term, occupation, phone_enc, phone_mask,"         \
  " id_number_enc, id_number_hash, id_number_mask, status, created_at, updated_at"

/* Moves the staged rows into members in one transaction and records the import in the audit
** log: its count, the new ids' range and the file's SHA-256. */
static void move_staged(struct entity_ctx *ctx, struct import_state *s, const char *csv, size_t len,
                        int64_t *imported) {
  if (db_begin(ctx->db) != DB_DONE) {
    bad_cell(ctx, s, 0, 0, NULL, "数据库忙，请稍后重试");
    return;
  }
  int64_t before = db_int(ctx->db, 0, "SELECT COALESCE(MAX(id), 0) FROM members", "");
  int rc = db_exec(ctx->db,
                   "INSERT INTO members (" STAGE_COLUMNS ") SELECT " STAGE_COLUMNS
                   " FROM member_import_stage ORDER BY id",
                   ""); /* the temporary table */
  if (rc == DB_CONSTRAINT)
    bad_cell(ctx, s, 0, 0, NULL,
             "导入期间数据已变化（身份证号重复或引用的记录已删除），请重新导入");
  else if (rc != DB_DONE)
    bad_cell(ctx, s, 0, 0, NULL, "数据库写入失败");
  if (!s->nbad) {
    *imported = db_changes(ctx->db);
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
  if (s->nbad)
    db_rollback(ctx->db);
  else if (db_commit(ctx->db) != DB_DONE) {
    db_rollback(ctx->db);
    bad_cell(ctx, s, 0, 0, NULL, "数据库写入失败");
  }
}

json_t *member_import_csv(struct entity_ctx *ctx, const char *csv, size_t len,
                          void (*progress)(void *arg, int64_t done, int64_t total,
                                           const char *stage),
                          void *arg) {
  struct import_state s = {.rows = json_array(), .lookups = json_object(), .paths = json_object()};
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
  /* phase 1 reads only, so a bad file never holds the write lock */
  if (!s.nbad) {
    json_t *seen = json_object();
    pass_rows(ctx, &s, r, map, ncols, NULL, seen, progress, arg, total);
    json_decref(seen);
  }
  /* phase 2 stages the rows (sealed ID numbers and all) in a temporary table of this
  ** connection, which takes no lock on the database; then one short transaction moves them
  ** into members, with one audit entry for the import */
  if (!s.nbad && rows > 0) {
    struct entity stage = member_entity;
    stage.table = "member_import_stage";
    bool sqlite = db_engine(ctx->db) == DB_SQLITE;
    if (db_exec_script(ctx->db, sqlite ? STAGE_DDL_SQLITE : STAGE_DDL_PG) != DB_DONE)
      bad_cell(ctx, &s, 0, 0, NULL, "无法建立导入暂存表");
    else
      pass_rows(ctx, &s, r, map, ncols, &stage, NULL, progress, arg, total);
    if (!s.nbad) move_staged(ctx, &s, csv, len, &imported);
    db_exec_script(ctx->db, sqlite ? STAGE_DROP_SQLITE : STAGE_DROP_PG);
  }
  json_decref(s.lookups);
  json_decref(s.paths);
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
