/* src/points/points_record.c: duty records (履职记录) that no other module keeps yet — a
** member's attendance at a plenary session, a standing-committee meeting or another meeting
** (with the minutes attended, for the two-thirds rule), and speeches — kept by staff as
** records of the entity engine. Each write tells the ledger (points_sync). A member account
** reads its own. */
#include <string.h>
#include "auth/access.h"
#include "base/buf.h"
#include "db/db.h"
#include "entity/entity.h"
#include "points_int.h"

const struct label points_record_kinds[] = {
    {"plenary", "全体会议", "Plenary session"},
    {"standing", "常委会议", "Standing committee"},
    {"meeting", "其他会议", "Other meeting"},
    {"speech_plenary", "大会发言", "Speech at the plenary"},
    {"speech", "其他会议发言", "Speech at another meeting"},
    {NULL},
};

const struct label points_attendances[] = {
    {"present", "出席", "Present"},
    {"excused", "请假", "Excused"},
    {"absent", "缺席", "Absent"},
    {NULL},
};

static const struct field record_fields[] = {
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"member_id", FT_REF, FF_REQUIRED | FF_FILTER, "委员", "member", .ref_table = "members"},
    {"kind", FT_ENUM, FF_REQUIRED | FF_FILTER, "类别", "kind", .labels = points_record_kinds},
    {"title", FT_TEXT, FF_REQUIRED, "会议或发言题目", "title", 100},
    {"held_on", FT_DATE, FF_REQUIRED | FF_FILTER, "日期", "date"},
    {"attendance", FT_ENUM, FF_FILTER, "出勤", "attendance", .labels = points_attendances,
     .dflt = "present"},
    {"attended_minutes", FT_INT, 0, "出席分钟数", "minutes attended", .min = 0, .max = 10000},
    {"duration_minutes", FT_INT, 0, "会议分钟数", "minutes held", .min = 1, .max = 10000},
    {"note", FT_TEXT, 0, "备注", "note", 500},
    {"created_by", FT_INT, FF_READONLY, "录入人", "created by"},
};

enum { F_COMMITTEE, F_MEMBER, F_KIND, F_TITLE, F_HELD_ON, F_ATTENDANCE, F_ATTENDED, F_DURATION };

static bool has(const struct entity_value *v) { return (v->set || v->stored) && !v->null; }

/* Minutes attended go with minutes held, and never exceed them. */
static bool record_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                         int64_t id, json_t *in) {
  if (has(&v[F_ATTENDED]) != has(&v[F_DURATION])) {
    entity_fail(
        ctx, ERR_INVALID_FIELD, has(&v[F_ATTENDED]) ? "duration_minutes" : "attended_minutes",
        "出席分钟数和会议分钟数应同时填写", "minutes attended and minutes held go together");
    return false;
  }
  if (has(&v[F_ATTENDED]) && v[F_ATTENDED].i > v[F_DURATION].i) {
    entity_fail(ctx, ERR_INVALID_FIELD, "attended_minutes", "出席分钟数不能超过会议分钟数",
                "minutes attended cannot exceed minutes held");
    return false;
  }
  return true;
}

static bool record_after_write(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                               bool created, json_t *in) {
  if (created && ctx->user &&
      db_exec(ctx->db, "UPDATE duty_records SET created_by = ? WHERE id = ?", "ii", ctx->user->id,
              id) != DB_DONE)
    return false;
  return points_sync(ctx->db, "duty_record", id);
}

/* Adds the member's name and the words for the kind and the attendance. */
static void record_to_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row,
                           json_t *o) {
  const char *kind = json_string_value(json_object_get(o, "kind"));
  const char *att = json_string_value(json_object_get(o, "attendance"));
  json_object_set_new(o, "kind_label", json_string(label_text(points_record_kinds, kind, ctx->en)));
  json_object_set_new(o, "attendance_label",
                      json_string(label_text(points_attendances, att, ctx->en)));
  int64_t mid = json_integer_value(json_object_get(o, "member_id"));
  struct db_stmt *st = db_query(ctx->db, "SELECT name FROM members WHERE id = ?", "i", mid);
  json_object_set_new(o, "member_name",
                      json_string(db_step(st) == DB_ROW ? db_col_text(st, 0) : ""));
  db_done(st);
}

static void record_list_filter(struct entity_ctx *ctx, const struct entity *e, struct buf *sql,
                               struct db_value *params, int *np) {
  if (!ctx->user || ctx->user->role != ROLE_MEMBER) return;
  buf_puts(sql, " AND t.member_id = ?");
  params[(*np)++] = (struct db_value){.type = 'i', .i = ctx->user->member_id};
}

const struct entity duty_record_entity = {
    .name = "duty_record",
    .zh = "履职记录",
    .table = "duty_records",
    .scope = SCOPE_COMMITTEE,
    .fields = record_fields,
    .nfields = sizeof record_fields / sizeof record_fields[0],
    .search = "title",
    .check = record_check,
    .after_write = record_after_write,
    .to_json = record_to_json,
    .list_filter = record_list_filter,
};

bool points_record_visible(struct entity_ctx *ctx, int64_t id) {
  if (!entity_visible(ctx, &duty_record_entity, id)) return false;
  if (!ctx->user || ctx->user->role != ROLE_MEMBER) return true;
  return db_int(ctx->db, 0, "SELECT member_id FROM duty_records WHERE id = ?", "i", id) ==
         ctx->user->member_id;
}

bool points_speech_visible(struct entity_ctx *ctx, int64_t id) {
  return db_int(ctx->db, 0,
                "SELECT COUNT(*) FROM duty_records WHERE id = ? AND kind IN ('speech_plenary', "
                "'speech')",
                "i", id) > 0 &&
         points_record_visible(ctx, id);
}

bool points_record_delete(struct entity_ctx *ctx, int64_t id) {
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  if (!entity_delete(ctx, &duty_record_entity, id)) {
    db_rollback(ctx->db);
    return false;
  }
  return entity_finish(ctx, points_sync(ctx->db, "duty_record", id) ? DB_DONE : DB_ERROR);
}
