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
#include "member.h"

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
  json_t *rows; /* bad rows */
  int nbad;
};

static void bad_cell(struct entity_ctx *ctx, struct import_state *s, int line, int col,
                     const char *field, const char *msg) {
  if (s->nbad++ >= 10000) return; /* the answer stays bounded; the count says how many */
  json_array_append_new(s->rows, json_pack("{s:i,s:i,s:s,s:s,s:s}", "line", line, "column", col,
                                           "column_name", col > 0 ? member_columns[0].header : "",
                                           "field", field ? field : "", "message", msg));
  if (col > 0) {
    json_t *last = json_array_get(s->rows, json_array_size(s->rows) - 1);
    for (int k = 0; k < member_column_count; k++)
      if (field && !strcmp(member_columns[k].field, field))
        json_object_set_new(last, "column_name", json_string(member_columns[k].header));
  }
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
      json_t *jv;
      if (!strcmp(field, "is_standing")) {
        bool t = !strcmp(v, "是") || !strcmp(v, "true") || !strcmp(v, "1");
        bool f = !strcmp(v, "否") || !strcmp(v, "false") || !strcmp(v, "0");
        if (!t && !f) {
          bad_cell(ctx, s, rec->line, c + 1, field, ctx->en ? "must be 是 or 否" : "常委应填“是”或“否”");
          ok = false;
          continue;
        }
        jv = json_boolean(t);
      } else if (!strcmp(field, "term")) {
        char *end;
        long long n = strtoll(v, &end, 10);
        jv = *end ? json_string(v) : json_integer(n); /* a non-number fails validation */
      } else if (!strcmp(field + strlen(field) - 3, "_id")) {
        int64_t id = lookup(ctx, field, v, path);
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
          const char *p = committee_path_of(ctx, id);
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

json_t *member_import_csv(struct entity_ctx *ctx, const char *csv, size_t len,
                          void (*progress)(void *arg, int64_t done, int64_t total), void *arg) {
  struct import_state s = {.rows = json_array()};
  struct csv_reader r;
  csv_reader_init(&r, csv, len, ctx->arena);
  struct csv_record head;
  int rc = csv_next(&r, &head);
  int map[64];
  int ncols = 0;
  if (rc <= 0) {
    bad_cell(ctx, &s, rc < 0 ? r.error_line : 1, 0, NULL, rc < 0 ? r.error : "文件是空的");
  } else {
    ncols = head.nfields < 64 ? (int)head.nfields : 64;
    for (int c = 0; c < ncols; c++) {
      map[c] = -1;
      for (int k = 0; k < member_column_count; k++)
        if (!strcmp(head.fields[c], member_columns[k].header) ||
            !strcmp(head.fields[c], member_columns[k].field))
          map[c] = k;
      if (map[c] < 0 && *head.fields[c])
        bad_cell(ctx, &s, 1, c + 1, NULL, arena_printf(ctx->arena, "不认识的列“%s”", head.fields[c]));
    }
    for (int k = 0; k < 3; k++) /* 姓名, 性别, 所属政协 must be there */
      if (!column_of(map, ncols, member_columns[k == 2 ? 5 : k].field))
        bad_cell(ctx, &s, 1, 0, member_columns[k == 2 ? 5 : k].field,
                 arena_printf(ctx->arena, "缺少“%s”列", member_columns[k == 2 ? 5 : k].header));
  }
  /* count the rows first so that progress has a total */
  int64_t total = 0;
  if (!s.nbad) {
    struct csv_reader counter = r;
    struct arena scratch;
    arena_init(&scratch);
    counter.arena = &scratch;
    struct csv_record rec;
    while (csv_next(&counter, &rec) > 0) {
      total++;
      if (total % 4096 == 0) {
        arena_free(&scratch);
        arena_init(&scratch);
      }
    }
    arena_free(&scratch);
  }
  int64_t done = 0, imported = 0;
  if (!s.nbad && db_begin(ctx->db) == DB_DONE) {
    struct csv_record rec;
    struct arena *outer = ctx->arena;
    struct arena row_arena;
    arena_init(&row_arena);
    while (!s.nbad || s.nbad < 10000) {
      ctx->arena = &row_arena;
      r.arena = &row_arena;
      rc = csv_next(&r, &rec);
      if (rc == 0) break;
      if (rc < 0) {
        bad_cell(ctx, &s, r.error_line, 0, NULL, r.error);
        break;
      }
      if ((int)rec.nfields != ncols)
        bad_cell(ctx, &s, rec.line, 0, NULL,
                 arena_printf(ctx->arena, "该行有 %d 列，表头有 %d 列", (int)rec.nfields, ncols));
      json_t *in = (int)rec.nfields == ncols ? row_to_json(ctx, &s, map, ncols, &rec) : NULL;
      if (in) {
        memset(&ctx->err, 0, sizeof ctx->err);
        if (entity_create(ctx, &member_entity, in)) imported++;
        else {
          json_t *errs = ctx->err.errors;
          if (errs && json_array_size(errs)) {
            size_t i;
            json_t *e;
            json_array_foreach(errs, i, e) {
              const char *f = json_string_value(json_object_get(e, "field"));
              bad_cell(ctx, &s, rec.line, f ? column_of(map, ncols, f) : 0, f,
                       json_string_value(json_object_get(e, "message")));
            }
          } else {
            bad_cell(ctx, &s, rec.line, ctx->err.field ? column_of(map, ncols, ctx->err.field) : 0,
                     ctx->err.field, ctx->en ? ctx->err.en : ctx->err.zh);
          }
          json_decref(errs);
          memset(&ctx->err, 0, sizeof ctx->err);
          /* a failed create rolled the transaction back: open it again to go on checking */
          if (db_begin(ctx->db) != DB_DONE) break;
        }
        json_decref(in);
      }
      done++;
      if (progress && done % 500 == 0) progress(arg, done, total);
      arena_free(&row_arena);
      arena_init(&row_arena);
    }
    ctx->arena = outer;
    arena_free(&row_arena);
    if (s.nbad) db_rollback(ctx->db);
    else if (db_commit(ctx->db) != DB_DONE) {
      db_rollback(ctx->db);
      bad_cell(ctx, &s, 0, 0, NULL, "数据库写入失败");
    }
  }
  if (progress) progress(arg, total, total);
  if (s.nbad) {
    entity_fail(ctx, 422, "invalid_rows", NULL,
                arena_printf(ctx->arena, "有 %d 处错误，未导入任何委员；请改正后重新导入", s.nbad),
                arena_printf(ctx->arena, "%d errors; no member was imported. Fix them and import again", s.nbad));
    return json_pack("{s:i,s:i,s:i,s:o}", "imported", 0, "total", (json_int_t)total, "bad", s.nbad,
                     "rows", s.rows);
  }
  json_decref(s.rows);
  return json_pack("{s:I,s:I}", "imported", (json_int_t)imported, "total", (json_int_t)total);
}
