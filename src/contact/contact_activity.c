/* src/contact/contact_activity.c: duty activities (履职活动): the record (times through hooks:
** ISO 8601 with an offset in, UTC seconds stored), what a member account may log itself, the
** participants and their attendance, photos, and links to what came out of an activity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/like.h"
#include "base/page.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "contact.h"
#include "contact_int.h"
#include "entity/input.h"
#include "entity/record_ref.h"
#include "file/file.h"
#include "member/member.h"
#include "points/points.h"

#define PHOTOS_MAX 20

const struct label contact_activity_kinds[] = {
    {"visit", "走访", "Visit"},
    {"consultation", "互动协商", "Consultation"},
    {"practical_help", "帮办实事", "Practical help"},
    {"guidance", "教育引导", "Guidance"},
    {"duty_report", "履职报告", "Duty report"},
    {"research", "调研视察", "Research"},
    {"lecture", "宣讲", "Lecture"},
    {"deliberation", "协商议事", "Deliberation"},
    {"learning", "学习", "Learning"},
    {NULL},
};
#define CONTACT_FORMS 5 /* the first five kinds are the contact forms */

const struct label contact_organiser_kinds[] = {
    {"group", "界别活动组", "Activity group"},
    {"special_committee", "专委会", "Special committee"},
    {"station", "委员工作站", "Workstation"},
    {"studio", "委员工作室", "Studio"},
    {NULL},
};

const struct label contact_activity_statuses[] = {
    {"planned", "计划中", "Planned"},
    {"done", "已开展", "Done"},
    {"cancelled", "已取消", "Cancelled"},
    {NULL},
};

bool contact_is_contact_form(const char *kind) {
  int k = label_index(contact_activity_kinds, kind);
  return k >= 0 && k < CONTACT_FORMS;
}

/* The photos (FT_IDS of files) are stored by activity_after_write in activity_photos. */
static const struct field activity_fields[] = {
    {"title", FT_TEXT, FF_REQUIRED, "活动名称", "title", 100},
    {"kind", FT_ENUM, FF_REQUIRED | FF_FILTER, "活动形式", "kind",
     .labels = contact_activity_kinds},
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"organiser_kind", FT_ENUM, FF_FILTER, "组织方类别", "organiser kind",
     .labels = contact_organiser_kinds},
    {"organiser_id", FT_INT, FF_FILTER, "组织方", "organiser", .min = 1, .max = INT64_MAX},
    {"grassroots_unit_id", FT_INT, FF_FILTER, "基层单位", "grassroots unit", .min = 1,
     .max = INT64_MAX},
    {"starts_at", FT_DATETIME, FF_REQUIRED, "开始时间", "starts_at"},
    {"ends_at", FT_DATETIME, 0, "结束时间", "ends_at"},
    {"people_reached", FT_INT, 0, "联系群众人次", "people reached", .min = 0, .max = 1000000,
     .dflt = "0"},
    {"content", FT_TEXT, 0, "活动内容", "content", 5000},
    {"photo_file_ids", FT_IDS, 0, "照片", "photo_file_ids", .max = PHOTOS_MAX,
     .ref_table = "files"},
    {"status", FT_ENUM, FF_FILTER, "状态", "status", .labels = contact_activity_statuses,
     .dflt = "planned"},
    {"created_by", FT_INT, FF_READONLY, "录入人", "created by"},
    /* on create only: the members taking part (present), added with the activity in its
    ** transaction (afterwards: the participants routes) */
    {"member_ids", FT_IDS, 0, "参加委员", "member_ids", .max = 500, .ref_table = "members"},
};

/* ---- organisers ---------------------------------------------------------------------------- */

static bool is_organiser(const struct user *u) { return u && u->role == ROLE_ORGANISER; }

/* The activity organiser kind ("group", "special_committee") an organiser's body is, or NULL
** (a party: activities have no party organiser; the organiser's own are those it recorded). */
static const char *organiser_activity_kind(const struct user *u) {
  if (u->organiser_id <= 0 || (unsigned)u->organiser_kind >= ORGANISER__COUNT) return NULL;
  const char *name = access_organiser_kinds[u->organiser_kind].name;
  return label_index(contact_organiser_kinds, name) >= 0 ? name : NULL;
}

/* " AND (...)" on the activities row aliased t: those organiser u recorded, those its body
** organises, or in (when with_members) those a member of its body takes part in. */
static void organiser_activity_sql(const struct user *u, bool with_members, struct buf *sql,
                                   struct db_value *p, int *np) {
  const char *kind = organiser_activity_kind(u);
  buf_puts(sql, " AND (t.created_by = ? OR (t.organiser_kind = ? AND t.organiser_id = ?)");
  p[(*np)++] = (struct db_value){.type = 'i', .i = u->id};
  p[(*np)++] = (struct db_value){.type = 't', .s = kind ? kind : ""};
  p[(*np)++] = (struct db_value){.type = 'i', .i = kind ? u->organiser_id : 0};
  if (with_members) {
    buf_puts(sql, " OR EXISTS (SELECT 1 FROM activity_participants ap JOIN members m"
                  " ON m.id = ap.member_id WHERE ap.activity_id = t.id");
    member_scope_sql(u, "m", sql, p, np);
    buf_puts(sql, ")");
  }
  buf_puts(sql, ")");
}

void contact_activity_scope_sql(const struct user *u, struct buf *sql, struct db_value *p,
                                int *np) {
  if (is_organiser(u)) organiser_activity_sql(u, true, sql, p, np);
}

/* Whether the organiser u's condition (organiser_activity_sql) holds for activity id. */
static bool organiser_activity_is(struct entity_ctx *ctx, int64_t id, bool with_members) {
  struct buf sql = {0};
  struct db_value p[12] = {{.type = 'i', .i = id}};
  int np = 1;
  buf_puts(&sql, "SELECT COUNT(*) FROM activities t WHERE t.id = ?");
  organiser_activity_sql(ctx->user, with_members, &sql, p, &np);
  struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
  bool yes = db_step(st) == DB_ROW && db_col_int(st, 0) > 0;
  db_done(st);
  buf_free(&sql);
  return yes;
}

bool contact_activity_organises(struct entity_ctx *ctx, int64_t id) {
  if (!is_organiser(ctx->user) || organiser_activity_is(ctx, id, false)) return true;
  const char *body = member_scope_words(ctx, ctx->user);
  entity_forbidden(ctx, arena_printf(ctx->arena, "该活动不是您或%s组织的，只能查看", body),
                   arena_printf(ctx->arena,
                                "Neither you nor the %s organise this activity: you may only "
                                "read it",
                                body));
  return false;
}

/* The table of an organiser kind and the extra condition on it. */
static const char *organiser_sql(const char *kind) {
  if (!strcmp(kind, "group"))
    return "SELECT c.path FROM activity_groups o JOIN committees c ON c.id = o.committee_id WHERE "
           "o.id = ?";
  if (!strcmp(kind, "special_committee"))
    return "SELECT c.path FROM special_committees o JOIN committees c ON c.id = o.committee_id "
           "WHERE o.id = ?";
  if (!strcmp(kind, "station"))
    return "SELECT c.path FROM stations o JOIN committees c ON c.id = o.committee_id WHERE o.id = ?"
           " AND o.kind = 'station'";
  return "SELECT c.path FROM stations o JOIN committees c ON c.id = o.committee_id WHERE o.id = ?"
         " AND o.kind = 'studio'";
}

/* Whether field i holds a value (given now or stored). */
static bool has(const struct entity_value *v) { return (v->set || v->stored) && !v->null; }

static int64_t stored_int(struct entity_ctx *ctx, const char *col, int64_t id, bool *null) {
  char sql[96];
  snprintf(sql, sizeof sql, "SELECT %s FROM activities WHERE id = ?", col);
  struct db_stmt *st = db_query(ctx->db, sql, "i", id);
  int64_t x = 0;
  *null = true;
  if (db_step(st) == DB_ROW && !db_col_null(st, 0)) {
    *null = false;
    x = db_col_int(st, 0);
  }
  db_done(st);
  return x;
}

/* Rules beyond the fields: what a member account may log; the times; the organiser, the place
** and the photos, which must lie on the activity's committee path. */
static bool activity_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                           int64_t id, json_t *in) {
  struct entity_value *kind = &v[entity_field(e, "kind")],
                      *cid = &v[entity_field(e, "committee_id")],
                      *okind = &v[entity_field(e, "organiser_kind")],
                      *oid = &v[entity_field(e, "organiser_id")],
                      *unit = &v[entity_field(e, "grassroots_unit_id")];
  const char *path = committee_path_of(ctx, cid->i);
  if (!path) {
    entity_fail(ctx, ERR_INVALID_FIELD, "committee_id", "所属政协不存在", "No such committee");
    return false;
  }
  if (contact_self_only(ctx->user)) {
    bool null;
    if (id && stored_int(ctx, "created_by", id, &null) != ctx->user->id) {
      entity_forbidden(ctx, "只能修改本人录入的活动",
                       "You may change only the activities you recorded");
      return false;
    }
    if (!contact_is_contact_form(kind->s)) {
      entity_fail(
          ctx, ERR_INVALID_FIELD, "kind",
          "委员自行记录的活动只能是五种联系群众形式之一：走访、互动协商、帮办实事、教育引导、履职报"
          "告",
          "A member records only the five contact forms: visit, consultation, practical_help,"
          " guidance, duty_report");
      return false;
    }
    if (has(okind) || has(oid)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "organiser_kind", "委员自行记录的活动不设组织方",
                  "A member's own contact has no organiser");
      return false;
    }
    int64_t own = db_int(ctx->db, 0, "SELECT committee_id FROM members WHERE id = ?", "i",
                         ctx->user->member_id);
    if (cid->i != own) {
      entity_fail(ctx, ERR_INVALID_FIELD, "committee_id", "委员只能在本人所属的政协记录活动",
                  "A member records activities in its own committee");
      return false;
    }
  }
  if (is_organiser(ctx->user)) {
    const struct user *u = ctx->user;
    if (id && !contact_activity_organises(ctx, id)) return false;
    if (cid->i != u->committee_id) {
      entity_fail(ctx, ERR_INVALID_FIELD, "committee_id", "组织者只能在本人所属的政协记录活动",
                  "An organiser records activities in its own committee");
      return false;
    }
    /* the organiser is its body (a group's or a special committee's): filled in on create */
    const char *body_kind = organiser_activity_kind(u);
    if (!id && body_kind && !has(okind) && !has(oid)) {
      okind->set = oid->set = true;
      okind->null = oid->null = false;
      okind->s = body_kind;
      oid->i = u->organiser_id;
    }
    if ((!id || okind->set || oid->set) && (has(okind) || has(oid)) &&
        !(body_kind && has(okind) && has(oid) && !strcmp(okind->s, body_kind) &&
          oid->i == u->organiser_id)) {
      const char *body = member_scope_words(ctx, u);
      entity_fail(
          ctx, ERR_INVALID_FIELD, has(okind) ? "organiser_kind" : "organiser_id",
          body_kind ? arena_printf(ctx->arena, "组织者的活动由%s组织", body)
                    : arena_printf(ctx->arena, "%s不作为活动的组织方，请不填组织方", body),
          body_kind
              ? arena_printf(ctx->arena, "An organiser's activities are organised by its %s", body)
              : arena_printf(ctx->arena,
                             "A %s is not an activity organiser: leave the organiser out", body));
      return false;
    }
  }
  /* the members taking part: given on create only, each one the caller may organise */
  const struct entity_value *mids = &v[entity_field(e, "member_ids")];
  if (mids->set && mids->n) {
    if (id) {
      entity_fail(ctx, ERR_INVALID_FIELD, "member_ids",
                  "参加委员只在新建活动时给出；之后请在参加人员中增减",
                  "member_ids is given on create only; then use the participants");
      return false;
    }
    if (contact_self_only(ctx->user)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "member_ids", "委员本人记录的活动只有本人参加",
                  "A member's own contact has the member alone");
      return false;
    }
    if (ctx->user && !access_role_has(ctx->user->role, PERM_CONTACT_ORGANISE)) {
      entity_forbidden(ctx, "您的角色不能安排参加委员", "Your role may not add participants");
      return false;
    }
    for (int k = 0; k < mids->n; k++)
      if (!contact_member_for(ctx, mids->ids[k], path, "member_ids")) return false;
  }
  /* times (given, or on an update stored) */
  struct entity_value *start = &v[entity_field(e, "starts_at")],
                      *end = &v[entity_field(e, "ends_at")];
  if (has(end) && end->i < start->i) {
    entity_fail(ctx, ERR_INVALID_FIELD, "ends_at", "结束时间不能早于开始时间",
                "ends_at cannot be before starts_at");
    return false;
  }
  /* organiser: a kind and an id together, lying on the activity's committee path */
  if (has(okind) != has(oid)) {
    entity_fail(ctx, ERR_INVALID_FIELD, has(okind) ? "organiser_id" : "organiser_kind",
                "组织方类别和组织方须同时给出", "Give organiser_kind and organiser_id together");
    return false;
  }
  if (has(okind)) {
    struct db_stmt *st = db_query(ctx->db, organiser_sql(okind->s), "i", oid->i);
    const char *opath = db_step(st) == DB_ROW ? arena_strdup(ctx->arena, db_col_text(st, 0)) : NULL;
    db_done(st);
    if (!opath || !contact_paths_related(opath, path)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "organiser_id",
                  opath ? "组织方不属于该政协、其上级或下级" : "组织方不存在",
                  opath ? "The organiser belongs to an unrelated committee" : "No such organiser");
      return false;
    }
  }
  /* the place: a unit the caller sees, on the activity's committee path (a provincial research
  ** visit may go to a county's village) */
  if (has(unit)) {
    const char *upath = entity_path(ctx, &contact_unit_entity, unit->i);
    if (!upath || !entity_visible(ctx, &contact_unit_entity, unit->i) ||
        !contact_paths_related(upath, path)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "grassroots_unit_id",
                  upath ? "基层单位不属于该政协、其上级或下级" : "基层单位不存在",
                  upath ? "The grassroots unit belongs to an unrelated committee"
                        : "No such grassroots unit");
      return false;
    }
  }
  /* the photos: files the caller sees, on the activity's committee path */
  const struct entity_value *ph = &v[entity_field(e, "photo_file_ids")];
  for (int k = 0; k < ph->n; k++)
    if (!file_attachable(ctx, ph->ids[k], path, "photo_file_ids")) return false;
  return true;
}

static int participant_audit(struct entity_ctx *ctx, const char *action, int64_t activity_id,
                             int64_t member_id, json_t *before);

/* Stores the photos; on create the author, the members taking part (member_ids, each with its
** audit entry) and a member account's own attendance. */
static bool activity_after_write(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                                 bool created, json_t *in) {
  json_t *mids = created ? json_object_get(in, "member_ids") : NULL, *x;
  size_t i;
  json_array_foreach(mids, i, x) {
    if (db_exec(ctx->db,
                "INSERT INTO activity_participants (activity_id, member_id, attendance, created_at)"
                " VALUES (?, ?, 'present', ?)",
                "iii", id, (int64_t)json_integer_value(x), time_now()) != DB_DONE)
      return false;
  }
  if (created && ctx->user) {
    if (db_exec(ctx->db, "UPDATE activities SET created_by = ? WHERE id = ?", "ii", ctx->user->id,
                id) != DB_DONE)
      return false;
    if (contact_self_only(ctx->user) &&
        db_exec(ctx->db,
                "INSERT INTO activity_participants (activity_id, member_id, attendance, created_at)"
                " VALUES (?, ?, 'present', ?)",
                "iii", id, ctx->user->member_id, time_now()) != DB_DONE)
      return false;
    /* logged by the member itself: staff check it before it earns points (the setting) */
    if (contact_self_only(ctx->user) && !contact_check_open(ctx, id)) return false;
  }
  /* the figure may have changed: the participants' shares follow it */
  if (!contact_activity_reshare(ctx, id)) return false;
  json_array_foreach(mids, i, x) {
    if (participant_audit(ctx, "add_participant", id, (int64_t)json_integer_value(x), NULL) !=
        DB_DONE)
      return false;
  }
  json_t *ph = json_object_get(in, "photo_file_ids");
  if (ph) {
    if (db_exec(ctx->db, "DELETE FROM activity_photos WHERE activity_id = ?", "i", id) != DB_DONE)
      return false;
    size_t i;
    json_t *x;
    json_array_foreach(ph, i, x) {
      if (db_exec(ctx->db,
                  "INSERT INTO activity_photos (activity_id, file_id, sort) VALUES (?, ?, ?)",
                  "iii", id, (int64_t)json_integer_value(x), (int64_t)i) != DB_DONE)
        return false;
    }
  }
  return points_sync(ctx->db, "activity", id);
}

/* Adds the times, the kind's and the status's words, the place's and organiser's names, the
** participants count and the photos. */
static void activity_to_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row,
                             json_t *o) {
  int64_t id = db_col_int(row, 0);
  /* the staff check of a self-logged activity (null: none), with what the caller may do; in a
  ** list only the state, one cheap read */
  if (!ctx->redact) {
    json_object_set_new(o, "check", contact_check_json(ctx, id, !ctx->listing));
  }
  json_object_set_new(
      o, "kind_label",
      json_string(label_zh(contact_activity_kinds, json_string_value(json_object_get(o, "kind")))));
  json_object_set_new(o, "status_label",
                      json_string(label_zh(contact_activity_statuses,
                                           json_string_value(json_object_get(o, "status")))));
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT u.name, u.township, CASE a.organiser_kind"
               " WHEN 'group' THEN (SELECT name FROM activity_groups WHERE id = a.organiser_id)"
               " WHEN 'special_committee' THEN (SELECT name FROM special_committees WHERE id = "
               "a.organiser_id)"
               " WHEN 'station' THEN (SELECT name FROM stations WHERE id = a.organiser_id)"
               " WHEN 'studio' THEN (SELECT name FROM stations WHERE id = a.organiser_id) END,"
               " (SELECT COUNT(*) FROM activity_participants WHERE activity_id = a.id)"
               " FROM activities a LEFT JOIN grassroots_units u ON u.id = a.grassroots_unit_id "
               "WHERE a.id = ?",
               "i", id);
  if (db_step(st) == DB_ROW) {
    json_object_set_new(o, "grassroots_unit_name",
                        db_col_null(st, 0) ? json_null() : json_string(db_col_text(st, 0)));
    json_object_set_new(o, "township",
                        db_col_null(st, 1) ? json_null() : json_string(db_col_text(st, 1)));
    json_object_set_new(o, "organiser_name",
                        db_col_null(st, 2) ? json_null() : json_string(db_col_text(st, 2)));
    json_object_set_new(o, "participant_count", json_integer(db_col_int(st, 3)));
  }
  db_done(st);
  json_t *ids = json_array(), *photos = json_array();
  st = db_query(ctx->db,
                "SELECT p.file_id, f.filename, f.content_type, f.size FROM activity_photos p"
                " JOIN files f ON f.id = p.file_id WHERE p.activity_id = ? ORDER BY p.sort",
                "i", id);
  while (db_step(st) == DB_ROW) {
    int64_t f = db_col_int(st, 0);
    json_array_append_new(ids, json_integer(f));
    json_array_append_new(photos,
                          json_pack("{s:I,s:s,s:s,s:I,s:s}", "id", (json_int_t)f, "filename",
                                    db_col_text(st, 1), "content_type", db_col_text(st, 2), "size",
                                    (json_int_t)db_col_int(st, 3), "url",
                                    arena_printf(ctx->arena, "/api/v1/files/%lld", (long long)f)));
  }
  db_done(st);
  json_object_set_new(o, "photo_file_ids", ids);
  json_object_set_new(o, "photos", photos);
}

/* The activity list's ?sort= keys (page.h). */
static const struct page_sort activity_sorts[] = {
    {"id", "t.id"},         {"title", "t.title"}, {"starts_at", "t.starts_at"},
    {"status", "t.status"}, {NULL, NULL},
};
const struct entity contact_activity_entity = {
    .name = "activity",
    .zh = "履职活动",
    .table = "activities",
    .scope = SCOPE_COMMITTEE,
    .fields = activity_fields,
    .nfields = sizeof activity_fields / sizeof activity_fields[0],
    .search = "title",
    .sorts = activity_sorts,
    .check = activity_check,
    .after_write = activity_after_write,
    .to_json = activity_to_json,
};

/* Whether the member account u created activity id or takes part in it. */
static bool own_activity(struct entity_ctx *ctx, int64_t id) {
  return db_int(ctx->db, 0,
                "SELECT COUNT(*) FROM activities a WHERE a.id = ? AND (a.created_by = ? OR EXISTS"
                " (SELECT 1 FROM activity_participants p WHERE p.activity_id = a.id AND "
                "p.member_id = ?))",
                "iii", id, ctx->user->id, ctx->user->member_id) > 0;
}

bool contact_activity_visible(struct entity_ctx *ctx, int64_t id) {
  if (!entity_visible(ctx, &contact_activity_entity, id)) return false;
  if (is_organiser(ctx->user)) return organiser_activity_is(ctx, id, true);
  return !contact_self_only(ctx->user) || own_activity(ctx, id);
}

json_t *contact_activity_list(struct entity_ctx *ctx, const struct entity_query *q,
                              int64_t member_id, int64_t from, int64_t to) {
  const struct entity *e = &contact_activity_entity;
  struct buf w = {0};
  struct db_value p[40];
  int np = 0;
  const char *path = ctx->user ? ctx->user->committee_path : NULL;
  if (q->committee_id) {
    int64_t cid = q->committee_id;
    if (!(path = entity_subtree(ctx, &cid))) return NULL;
  }
  buf_puts(&w, " WHERE 1 = 1");
  if (path) {
    buf_puts(&w, " AND t.committee_id IN (SELECT id FROM committees WHERE path >= ? AND path < ?)");
    p[np++] = (struct db_value){.type = 't', .s = path};
    p[np++] = (struct db_value){.type = 't', .s = entity_path_hi(ctx, path)};
  }
  for (int k = 0; k < q->n; k++) {
    int i = entity_field(e, q->names[k]);
    if (i < 0 || !(e->fields[i].flags & FF_FILTER) || !strcmp(q->names[k], "committee_id"))
      continue;
    const struct field *f = &e->fields[i];
    struct db_value dv = {.type = 't', .s = q->values[k]};
    if (f->type == FT_INT) {
      char *end;
      dv = (struct db_value){.type = 'i', .i = strtoll(q->values[k], &end, 10)};
      if (!*q->values[k] || *end) {
        buf_free(&w);
        entity_fail(ctx, ERR_INVALID_FIELD, f->name,
                    arena_printf(ctx->arena, "筛选条件%s应为整数", f->zh),
                    arena_printf(ctx->arena, "Filter %s must be an integer", f->en));
        return NULL;
      }
    }
    buf_printf(&w, " AND t.%s = ?", f->name);
    p[np++] = dv;
  }
  if (q->q && *q->q) {
    buf_puts(&w, " AND t.title LIKE ?" LIKE_ESCAPE);
    p[np++] = (struct db_value){.type = 't', .s = like_contains(ctx->arena, q->q, strlen(q->q))};
  }
  if (member_id) {
    buf_puts(&w,
             " AND t.id IN (SELECT activity_id FROM activity_participants WHERE member_id = ?)");
    p[np++] = (struct db_value){.type = 'i', .i = member_id};
  }
  if (from) {
    buf_puts(&w, " AND t.starts_at >= ?");
    p[np++] = (struct db_value){.type = 'i', .i = from};
  }
  if (to) {
    buf_puts(&w, " AND t.starts_at < ?");
    p[np++] = (struct db_value){.type = 'i', .i = to};
  }
  if (contact_self_only(ctx->user)) {
    buf_puts(&w, " AND (t.created_by = ? OR t.id IN (SELECT activity_id FROM activity_participants"
                 " WHERE member_id = ?))");
    p[np++] = (struct db_value){.type = 'i', .i = ctx->user->id};
    p[np++] = (struct db_value){.type = 'i', .i = ctx->user->member_id};
  }
  contact_activity_scope_sql(ctx->user, &w, p, &np);
  json_t *out = json_object();
  entity_page(ctx, e, w.data, p, np, &q->order, q->after_id,
              q->limit > 0 && q->limit <= 500 ? q->limit : 50, false, out);
  buf_free(&w);
  return out;
}

bool contact_activity_delete(struct entity_ctx *ctx, int64_t id) {
  bool null;
  if (contact_self_only(ctx->user) && stored_int(ctx, "created_by", id, &null) != ctx->user->id) {
    entity_forbidden(ctx, "只能删除本人录入的活动",
                     "You may delete only the activities you recorded");
    return false;
  }
  if (!contact_activity_organises(ctx, id)) return false;
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  if (!entity_delete(ctx, &contact_activity_entity, id)) {
    db_rollback(ctx->db);
    return false;
  }
  return entity_finish(ctx, points_sync(ctx->db, "activity", id) ? DB_DONE : DB_ERROR);
}

/* ---- participants -------------------------------------------------------------------------- */

/* People reached are recorded per participant, so that the members' figures add up to the
** activity's (and the roll-up's, which counts each activity once): each present participant
** holds a share of the activity's people_reached. By default the figure is shared out
** (contact_share_out: N / k each, the remainder N % k one each to the first participants in
** member id order); staff may enter a participant's share by hand (people_set), and the others
** share the rest. A participant not present holds nothing. */

void contact_share_out(int64_t people, int n, int64_t *out) {
  if (n <= 0) return;
  int64_t base = people / n, rest = people % n;
  for (int i = 0; i < n; i++) out[i] = base + (i < rest ? 1 : 0);
}

struct share_row {
  int64_t member_id, people;
  bool present, set;
};

/* The participants of activity id in member id order with their shares (arena); *n rows. */
static struct share_row *share_rows(struct entity_ctx *ctx, int64_t id, int *n) {
  int cap = 16;
  struct share_row *r = arena_alloc(ctx->arena, sizeof *r * (size_t)cap);
  *n = 0;
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT member_id, attendance, people_reached, people_set FROM"
                                " activity_participants WHERE activity_id = ? ORDER BY member_id",
                                "i", id);
  while (db_step(st) == DB_ROW) {
    if (*n == cap) {
      struct share_row *m = arena_alloc(ctx->arena, sizeof *m * (size_t)cap * 2);
      memcpy(m, r, sizeof *r * (size_t)cap);
      r = m, cap *= 2;
    }
    struct share_row *x = &r[(*n)++];
    x->member_id = db_col_int(st, 0);
    x->present = !strcmp(db_col_text(st, 1), "present");
    x->people = db_col_int(st, 2);
    x->set = db_col_int(st, 3) != 0;
  }
  db_done(st);
  return r;
}

bool contact_activity_reshare(struct entity_ctx *ctx, int64_t id) {
  int64_t total = db_int(ctx->db, 0, "SELECT people_reached FROM activities WHERE id = ?", "i", id);
  int n;
  struct share_row *r = share_rows(ctx, id, &n);
  int64_t by_hand = 0;
  int autos = 0;
  for (int i = 0; i < n; i++) {
    if (!r[i].present) r[i].set = false;
    if (r[i].present && r[i].set) by_hand += r[i].people;
    if (r[i].present && !r[i].set) autos++;
  }
  /* the shares by hand no longer fit the figure: all of it is shared out again */
  if (by_hand > total || (!autos && by_hand != total)) {
    by_hand = 0;
    autos = 0;
    for (int i = 0; i < n; i++) {
      r[i].set = false;
      if (r[i].present) autos++;
    }
  }
  int64_t *shares = arena_alloc(ctx->arena, sizeof *shares * (size_t)(autos ? autos : 1));
  contact_share_out(total - by_hand, autos, shares);
  for (int i = 0, k = 0; i < n; i++) {
    int64_t want = !r[i].present ? 0 : r[i].set ? r[i].people : shares[k++];
    if (db_exec(
            ctx->db,
            "UPDATE activity_participants SET people_reached = ?, people_set = ?"
            " WHERE activity_id = ? AND member_id = ? AND (people_reached <> ? OR people_set <> ?)",
            "iiiiii", want, (int64_t)r[i].set, id, r[i].member_id, want,
            (int64_t)r[i].set) != DB_DONE)
      return false;
  }
  return true;
}

json_t *contact_participants(struct entity_ctx *ctx, int64_t activity_id) {
  json_t *items = json_array();
  int64_t shared = 0;
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT p.member_id, m.name, m.committee_id, c.name, p.attendance, p.created_at,"
               " p.people_reached, p.people_set"
               " FROM activity_participants p JOIN members m ON m.id = p.member_id"
               " JOIN committees c ON c.id = m.committee_id WHERE p.activity_id = ?"
               " ORDER BY p.member_id",
               "i", activity_id);
  while (db_step(st) == DB_ROW) {
    char t[32];
    shared += db_col_int(st, 6);
    json_array_append_new(
        items, json_pack("{s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:I,s:b}", "member_id",
                         (json_int_t)db_col_int(st, 0), "member_name", db_col_text(st, 1),
                         "committee_id", (json_int_t)db_col_int(st, 2), "committee_name",
                         db_col_text(st, 3), "attendance", db_col_text(st, 4), "attendance_label",
                         label_text(points_attendances, db_col_text(st, 4), ctx->en), "added_at",
                         time_iso(db_col_int(st, 5), t), "people_reached",
                         (json_int_t)db_col_int(st, 6), "people_set", db_col_int(st, 7) != 0));
  }
  db_done(st);
  int64_t total =
      db_int(ctx->db, 0, "SELECT people_reached FROM activities WHERE id = ?", "i", activity_id);
  return json_pack("{s:I,s:I,s:I,s:I,s:o}", "activity_id", (json_int_t)activity_id, "total",
                   (json_int_t)json_array_size(items), "people_reached", (json_int_t)total,
                   "people_shared", (json_int_t)shared, "items", items);
}

static bool attendance_ok(struct entity_ctx *ctx, const char *a) {
  if (a && label_index(points_attendances, a) >= 0) return true;
  entity_fail(ctx, ERR_INVALID_FIELD, "attendance",
              arena_printf(ctx->arena, "出勤应为 %s 之一",
                           label_choices(ctx->arena, points_attendances, false)),
              arena_printf(ctx->arena, "attendance must be one of %s",
                           label_choices(ctx->arena, points_attendances, true)));
  return false;
}

/* A participant as the audit log keeps it (NULL when absent). */
static json_t *participant_image(struct entity_ctx *ctx, int64_t activity_id, int64_t member_id) {
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT attendance, people_reached, people_set FROM activity_participants"
               " WHERE activity_id = ? AND member_id = ?",
               "ii", activity_id, member_id);
  json_t *o = db_step(st) == DB_ROW
                  ? json_pack("{s:I,s:s,s:I,s:b}", "member_id", (json_int_t)member_id, "attendance",
                              db_col_text(st, 0), "people_reached", (json_int_t)db_col_int(st, 1),
                              "people_set", db_col_int(st, 2) != 0)
                  : NULL;
  db_done(st);
  return o;
}

/* Writes the audit entry of a participant change inside the caller's transaction. Takes
** before. */
static int participant_audit(struct entity_ctx *ctx, const char *action, int64_t activity_id,
                             int64_t member_id, json_t *before) {
  json_t *after = participant_image(ctx, activity_id, member_id);
  int64_t cid =
      db_int(ctx->db, 0, "SELECT committee_id FROM activities WHERE id = ?", "i", activity_id);
  bool ok = audit_record(ctx->db, ctx->user, ctx->ip, action, "activity", activity_id, cid, before,
                         after);
  json_decref(before);
  json_decref(after);
  return ok ? DB_DONE : DB_ERROR;
}

/* Takes the write lock of activity id's row inside the caller's transaction: what is read of
** it and its participants below cannot change until the commit. 404 when there is none. */
static int lock_activity(struct entity_ctx *ctx, int64_t id) {
  int rc = db_exec(ctx->db, "UPDATE activities SET updated_at = updated_at WHERE id = ?", "i", id);
  if (rc == DB_DONE && db_changes(ctx->db) != 1) {
    entity_not_found(ctx, "未找到该活动", "No such activity");
    rc = DB_ERROR;
  }
  return rc;
}

/* After a participant change: the shares, the audit entry (takes before), the points. */
static int participant_done(struct entity_ctx *ctx, const char *action, int64_t activity_id,
                            int64_t member_id, json_t *before) {
  if (!contact_activity_reshare(ctx, activity_id)) {
    json_decref(before);
    return DB_ERROR;
  }
  int rc = participant_audit(ctx, action, activity_id, member_id, before);
  if (rc == DB_DONE && !points_sync(ctx->db, "activity", activity_id)) rc = DB_ERROR;
  return rc;
}

/* An organiser changes the participants of the activities it organises, and of those only the
** members of its body: false with 403 otherwise (anyone else: true). */
static bool organiser_may_seat(struct entity_ctx *ctx, int64_t activity_id, int64_t member_id) {
  if (!contact_activity_organises(ctx, activity_id)) return false;
  if (!is_organiser(ctx->user) || member_in_scope(ctx->db, ctx->user, member_id)) return true;
  const char *body = member_scope_words(ctx, ctx->user);
  entity_forbidden(
      ctx, arena_printf(ctx->arena, "委员 %lld 不是您组织的%s的成员", (long long)member_id, body),
      arena_printf(ctx->arena, "Member %lld is not a member of the %s you organise",
                   (long long)member_id, body));
  return false;
}

bool contact_participant_add(struct entity_ctx *ctx, int64_t activity_id, int64_t member_id,
                             const char *attendance) {
  if (!attendance) attendance = "present";
  if (!attendance_ok(ctx, attendance)) return false;
  const char *path = contact_record_path(ctx, "activities", activity_id);
  if (!path) {
    entity_not_found(ctx, "未找到该活动", "No such activity");
    return false;
  }
  if (!contact_activity_organises(ctx, activity_id)) return false;
  if (!contact_member_for(ctx, member_id, path, "member_id")) return false;
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  rc = lock_activity(ctx, activity_id);
  if (rc == DB_DONE)
    rc =
        db_exec(ctx->db,
                "INSERT INTO activity_participants (activity_id, member_id, attendance, created_at)"
                " VALUES (?, ?, ?, ?)",
                "iiti", activity_id, member_id, attendance, time_now());
  if (rc == DB_CONSTRAINT)
    entity_fail(ctx, ERR_CONFLICT, "member_id", "该委员已在参加人员中",
                "The member takes part already");
  if (rc == DB_DONE) rc = participant_done(ctx, "add_participant", activity_id, member_id, NULL);
  return entity_finish(ctx, rc);
}

bool contact_participant_update(struct entity_ctx *ctx, int64_t activity_id, int64_t member_id,
                                json_t *in) {
  static const char *const names[] = {"attendance", "people_reached", NULL};
  if (!input_object(ctx, in) || !input_only(ctx, in, names)) return false;
  json_t *att = json_object_get(in, "attendance"), *people = json_object_get(in, "people_reached");
  if (!att && !people) {
    entity_fail(ctx, ERR_INVALID_FIELD, "attendance",
                "请给出出勤 attendance 或联系群众人次 people_reached",
                "Give attendance or people_reached");
    return false;
  }
  const char *attendance = NULL;
  if (att && !(attendance = json_is_string(att) ? json_string_value(att) : NULL)) {
    attendance_ok(ctx, NULL);
    return false;
  }
  if (attendance && !attendance_ok(ctx, attendance)) return false;
  int64_t share = -1; /* -1: shared out again (null); else by hand */
  if (people && !json_is_null(people) &&
      !input_int(ctx, in, "people_reached", 0, 1000000, &share, "联系群众人次"))
    return false;
  if (!organiser_may_seat(ctx, activity_id, member_id)) return false;
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  if ((rc = lock_activity(ctx, activity_id)) != DB_DONE) return entity_finish(ctx, rc);
  json_t *before = participant_image(ctx, activity_id, member_id);
  if (!before) {
    entity_not_found(ctx, "该委员不在参加人员中", "The member does not take part");
    return entity_finish(ctx, DB_ERROR);
  }
  const char *now =
      attendance ? attendance : json_string_value(json_object_get(before, "attendance"));
  if (people && share >= 0) {
    /* a share by hand: for a present participant, fitting the activity's figure */
    if (strcmp(now, "present")) {
      json_decref(before);
      entity_fail(ctx, ERR_INVALID_FIELD, "people_reached", "只有出席的委员计联系群众人次",
                  "Only a present participant has people reached");
      return entity_finish(ctx, DB_ERROR);
    }
    int64_t total =
        db_int(ctx->db, 0, "SELECT people_reached FROM activities WHERE id = ?", "i", activity_id);
    int n, autos = 0;
    int64_t others = 0;
    struct share_row *r = share_rows(ctx, activity_id, &n);
    for (int i = 0; i < n; i++) {
      if (r[i].member_id == member_id || !r[i].present) continue;
      if (r[i].set)
        others += r[i].people;
      else
        autos++;
    }
    if (others + share > total || (!autos && others + share != total)) {
      json_decref(before);
      entity_fail(
          ctx, ERR_INVALID_FIELD, "people_reached",
          arena_printf(ctx->arena,
                       autos
                           ? "各委员的联系群众人次之和不能超过活动的 %lld 人次（其他委员已填 %lld）"
                           : "各委员的联系群众人次之和应等于活动的 %lld 人次（其他委员已填 %lld）",
                       (long long)total, (long long)others),
          arena_printf(ctx->arena,
                       autos ? "The shares may not exceed the activity's %lld (others hold %lld)"
                             : "The shares must add up to the activity's %lld (others hold %lld)",
                       (long long)total, (long long)others));
      return entity_finish(ctx, DB_ERROR);
    }
  }
  rc = db_exec(ctx->db,
               "UPDATE activity_participants SET attendance = ?,"
               " people_reached = CASE WHEN ? >= 0 THEN ? ELSE people_reached END,"
               " people_set = CASE WHEN ? = 1 THEN (CASE WHEN ? >= 0 THEN 1 ELSE 0 END)"
               " ELSE people_set END WHERE activity_id = ? AND member_id = ?",
               "tiiiiii", now, share, share, (int64_t)(people != NULL), share, activity_id,
               member_id);
  if (rc == DB_DONE)
    rc = participant_done(ctx, people ? "set_people_reached" : "set_attendance", activity_id,
                          member_id, before);
  else
    json_decref(before);
  return entity_finish(ctx, rc);
}

bool contact_participant_set(struct entity_ctx *ctx, int64_t activity_id, int64_t member_id,
                             const char *attendance) {
  json_t *in = json_pack("{s:s?}", "attendance", attendance);
  bool ok = contact_participant_update(ctx, activity_id, member_id, in);
  json_decref(in);
  return ok;
}

bool contact_participant_remove(struct entity_ctx *ctx, int64_t activity_id, int64_t member_id) {
  if (!organiser_may_seat(ctx, activity_id, member_id)) return false;
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  if ((rc = lock_activity(ctx, activity_id)) != DB_DONE) return entity_finish(ctx, rc);
  json_t *before = participant_image(ctx, activity_id, member_id);
  if (!before) {
    entity_not_found(ctx, "该委员不在参加人员中", "The member does not take part");
    return entity_finish(ctx, DB_ERROR);
  }
  rc = db_exec(ctx->db, "DELETE FROM activity_participants WHERE activity_id = ? AND member_id = ?",
               "ii", activity_id, member_id);
  if (rc == DB_DONE)
    rc = participant_done(ctx, "remove_participant", activity_id, member_id, before);
  else
    json_decref(before);
  return entity_finish(ctx, rc);
}

/* ---- links to outcomes --------------------------------------------------------------------- */

const struct label contact_link_kinds[] = {
    {"proposal", "提案", "Proposal"},
    {"report", "社情民意", "Report"},
    {"speech", "发言", "Speech"},
    {NULL},
};

static json_t *link_row(struct db_stmt *st) {
  char t[32];
  return json_pack("{s:I,s:s,s:I,s:s,s:o,s:s}", "id", (json_int_t)db_col_int(st, 0), "kind",
                   db_col_text(st, 1), "target_id", (json_int_t)db_col_int(st, 2), "note",
                   db_col_text(st, 3), "created_by",
                   db_col_null(st, 4) ? json_null() : json_integer(db_col_int(st, 4)), "created_at",
                   time_iso(db_col_int(st, 5), t));
}

json_t *contact_links(struct entity_ctx *ctx, int64_t activity_id) {
  json_t *items = json_array(), *x;
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT id, kind, target_id, note, created_by, created_at FROM activity_links"
               " WHERE activity_id = ? ORDER BY id",
               "i", activity_id);
  while (db_step(st) == DB_ROW) json_array_append_new(items, link_row(st));
  db_done(st);
  /* the title of each outcome the caller may read (its own module's rule), else null */
  size_t i;
  json_array_foreach(items, i, x) {
    const char *kind = json_string_value(json_object_get(x, "kind"));
    const char *title =
        record_ref_title(ctx, kind, json_integer_value(json_object_get(x, "target_id")));
    json_object_set_new(x, "title", title ? json_string(title) : json_null());
    json_object_set_new(x, "kind_label",
                        json_string(label_text(contact_link_kinds, kind, ctx->en)));
  }
  return json_pack("{s:I,s:o}", "activity_id", (json_int_t)activity_id, "items", items);
}

void contact_activity_referrers(struct entity_ctx *ctx, const char *kind, int64_t id, json_t *out) {
  if (label_index(contact_link_kinds, kind) < 0) return;
  json_t *found = json_array(), *x;
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT a.id, a.title, a.kind, a.starts_at, l.note FROM activity_links l"
               " JOIN activities a ON a.id = l.activity_id"
               " WHERE l.kind = ? AND l.target_id = ? ORDER BY a.starts_at, a.id",
               "ti", kind, id);
  while (db_step(st) == DB_ROW) {
    json_t *o = json_pack("{s:s,s:I,s:s,s:s,s:s,s:s}", "kind", "activity", "id",
                          (json_int_t)db_col_int(st, 0), "title", db_col_text(st, 1),
                          "activity_kind", db_col_text(st, 2), "activity_kind_label",
                          label_text(contact_activity_kinds, db_col_text(st, 2), ctx->en), "note",
                          db_col_text(st, 4));
    entity_time_json(o, "at", st, 3);
    json_array_append_new(found, o);
  }
  db_done(st);
  size_t i;
  json_array_foreach(found, i, x) {
    if (contact_activity_visible(ctx, json_integer_value(json_object_get(x, "id"))))
      json_array_append(out, x);
  }
  json_decref(found);
}

int64_t contact_link_add(struct entity_ctx *ctx, int64_t activity_id, json_t *in) {
  static const char *const names[] = {"kind", "target_id", "note", NULL};
  if (!input_object(ctx, in) || !input_only(ctx, in, names)) return 0;
  const char *kind = input_enum(ctx, in, "kind", contact_link_kinds, true, "成果类别");
  if (!kind) return 0;
  int64_t target = 0;
  if (!input_int(ctx, in, "target_id", 1, INT64_MAX, &target, "成果编号")) return 0;
  const char *note = input_text(ctx, in, "note", false, 500, "说明");
  if (!note) return 0;
  if (!contact_activity_organises(ctx, activity_id)) return 0;
  /* the outcome must exist and be readable by whoever links it: the kind of link names the
  ** kind of record (a speech is a duty record of the points module) */
  if (!record_ref_check(ctx, kind, target, "target_id")) return 0;
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) {
    entity_finish(ctx, rc);
    return 0;
  }
  struct db_stmt *st = db_query(
      ctx->db,
      "INSERT INTO activity_links (activity_id, kind, target_id, note, created_by, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      "itit"
      "Ii",
      activity_id, kind, target, note, ctx->user ? ctx->user->id : 0, time_now());
  int64_t id = 0;
  rc = db_step(st);
  if (rc == DB_ROW) id = db_col_int(st, 0);
  db_done(st);
  if (rc == DB_CONSTRAINT)
    entity_fail(ctx, ERR_CONFLICT, "target_id", "该活动已关联这项成果",
                "The activity is linked to it already");
  rc = id ? DB_DONE : (rc == DB_CONSTRAINT ? DB_CONSTRAINT : DB_ERROR);
  if (rc == DB_DONE) {
    json_t *after = json_pack("{s:I,s:s,s:I,s:s}", "link_id", (json_int_t)id, "kind", kind,
                              "target_id", (json_int_t)target, "note", note);
    int64_t cid =
        db_int(ctx->db, 0, "SELECT committee_id FROM activities WHERE id = ?", "i", activity_id);
    if (!audit_record(ctx->db, ctx->user, ctx->ip, "link", "activity", activity_id, cid, NULL,
                      after))
      rc = DB_ERROR;
    json_decref(after);
  }
  return entity_finish(ctx, rc) ? id : 0;
}

bool contact_link_remove(struct entity_ctx *ctx, int64_t activity_id, int64_t link_id) {
  if (!contact_activity_organises(ctx, activity_id)) return false;
  int rc = db_begin(ctx->db);
  if (rc != DB_DONE) return entity_finish(ctx, rc);
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT id, kind, target_id, note, created_by, created_at FROM activity_links"
               " WHERE id = ? AND activity_id = ?",
               "ii", link_id, activity_id);
  json_t *before = db_step(st) == DB_ROW ? link_row(st) : NULL;
  db_done(st);
  if (!before) {
    entity_not_found(ctx, "未找到该关联", "No such link");
    return entity_finish(ctx, DB_ERROR);
  }
  rc = db_exec(ctx->db, "DELETE FROM activity_links WHERE id = ?", "i", link_id);
  if (rc == DB_DONE) {
    int64_t cid =
        db_int(ctx->db, 0, "SELECT committee_id FROM activities WHERE id = ?", "i", activity_id);
    if (!audit_record(ctx->db, ctx->user, ctx->ip, "unlink", "activity", activity_id, cid, before,
                      NULL))
      rc = DB_ERROR;
  }
  json_decref(before);
  return entity_finish(ctx, rc);
}

bool contact_activity_reschedule(struct entity_ctx *ctx, int64_t id, json_t *in) {
  static const char *const names[] = {"starts_at", "ends_at", NULL};
  if (!input_only(ctx, in, names)) return false;
  if (!json_object_get(in, "starts_at") || json_is_null(json_object_get(in, "starts_at"))) {
    entity_fail(ctx, ERR_INVALID_FIELD, "starts_at", "改期须给出新的开始时间",
                "A new starts_at is required");
    return false;
  }
  if (db_begin(ctx->db) != DB_DONE) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "数据库错误", "Database error");
    return false;
  }
  /* under the row's write lock: still planned and not yet begun */
  char cond[64];
  snprintf(cond, sizeof cond, " AND starts_at > %lld", (long long)time_now());
  int claimed = entity_claim_status(ctx, "activities", id, "planned", cond);
  if (claimed <= 0) {
    db_rollback(ctx->db);
    if (claimed == 0)
      entity_fail(ctx, ERR_WRONG_STATE, "status", "活动已开展、已取消或已到开始时间，不能改期",
                  "The activity has been held, cancelled or has begun: it cannot be rescheduled");
    else
      entity_fail(ctx, ERR_INTERNAL, NULL, "数据库错误", "Database error");
    return false;
  }
  if (!entity_update(ctx, &contact_activity_entity, id, in)) {
    db_rollback(ctx->db);
    return false;
  }
  return entity_finish(ctx, DB_DONE);
}
