/* src/contact/contact_request.c: requests from the masses (帮办实事): the record, where it came
** from (an activity or a reception day), who took it, and its state machine
** (受理 → 办理中 → 已解决 / 已转办 / 已答复) with an audit entry for every change. */
#include <stdio.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "auth/secret.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/phone.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "contact.h"
#include "entity/flow.h"
#include "entity/input.h"
#include "contact_int.h"
#include "member/member.h"

const struct label contact_request_categories[] = {
    {"education", "教育", "Education"}, {"employment", "就业", "Employment"},
    {"health", "医疗", "Health care"},  {"elderly_care", "养老", "Elderly care"},
    {"housing", "住房", "Housing"},     {"transport", "出行", "Transport"},
    {"other", "其他", "Other"},         {NULL},
};

enum { RQ_ACCEPTED, RQ_IN_PROGRESS, RQ_RESOLVED, RQ_TRANSFERRED, RQ_ANSWERED };
const struct label contact_request_states[] = {
    {"accepted", "已受理", "Accepted"}, {"in_progress", "办理中", "In progress"},
    {"resolved", "已解决", "Resolved"}, {"transferred", "已转办", "Transferred"},
    {"answered", "已答复", "Answered"}, {NULL},
};

/* accepted_at: when not given on create, the time of the create (request_after_write). */
static const struct field request_fields[] = {
    {"title", FT_TEXT, FF_REQUIRED, "诉求事项", "title", 100},
    {"category", FT_ENUM, FF_REQUIRED | FF_FILTER, "类别", "category",
     .labels = contact_request_categories},
    {"committee_id", FT_REF, FF_REQUIRED | FF_FILTER | FF_FIXED, "所属政协", "committee",
     .ref_table = "committees"},
    {"description", FT_TEXT, 0, "诉求内容", "description", 5000},
    {"requester_name", FT_TEXT, 0, "群众姓名", "requester name", 30},
    /* sealed at rest beside its mask (request_after_write); request_to_json shows it */
    {"requester_phone", FT_PHONE, FF_NOCOL, "群众电话", "requester phone"},
    {"member_id", FT_REF, FF_FILTER, "承办委员", "member", .ref_table = "members"},
    {"activity_id", FT_INT, FF_FILTER, "来源活动", "activity", .min = 1, .max = INT64_MAX},
    {"reception_day_id", FT_INT, FF_FILTER, "来源接待日", "reception day", .min = 1,
     .max = INT64_MAX},
    {"accepted_at", FT_DATETIME, 0, "受理时间", "accepted_at"},
    {"status", FT_ENUM, FF_READONLY | FF_FILTER, "状态", "status",
     .labels = contact_request_states},
    {"resolution", FT_TEXT, FF_READONLY, "办理结果", "resolution"},
    {"created_by", FT_INT, FF_READONLY, "录入人", "created by"},
    {"closed_at", FT_DATETIME, FF_READONLY, "办结时间", "closed_at"},
    {"requester_phone_enc", FT_TEXT, FF_READONLY | FF_HIDDEN, "", ""},
    {"requester_phone_mask", FT_TEXT, FF_READONLY | FF_HIDDEN, "", ""},
};

static bool has(const struct entity_value *v) { return (v->set || v->stored) && !v->null; }

/* Whether request id was taken by the member account's member or recorded by the account. */
static bool own_request(struct entity_ctx *ctx, int64_t id) {
  return db_int(ctx->db, 0,
                "SELECT COUNT(*) FROM requests WHERE id = ? AND (member_id = ? OR created_by = ?)",
                "iii", id, ctx->user->member_id, ctx->user->id) > 0;
}

/* " AND (...)" on the requests row aliased t for an organiser account: the requests it recorded
** and those a member of its body took. Nothing for other accounts. */
static void organiser_request_sql(const struct user *u, struct buf *sql, struct db_value *p,
                                  int *np) {
  if (!u || u->role != ROLE_ORGANISER) return;
  buf_puts(sql, " AND (t.created_by = ? OR t.member_id IN (SELECT m.id FROM members m WHERE 1 = 1");
  p[(*np)++] = (struct db_value){.type = 'i', .i = u->id};
  member_scope_sql(u, "m", sql, p, np);
  buf_puts(sql, "))");
}

/* A member account records requests it took, in its own committee; an organiser those a member
** of its body took; the source is one activity or one reception day on the request's committee
** path. */
static bool request_check(struct entity_ctx *ctx, const struct entity *e, struct entity_value *v,
                          int64_t id, json_t *in) {
  struct entity_value *cid = &v[entity_field(e, "committee_id")],
                      *mem = &v[entity_field(e, "member_id")],
                      *act = &v[entity_field(e, "activity_id")],
                      *day = &v[entity_field(e, "reception_day_id")];
  const char *path = committee_path_of(ctx, cid->i);
  if (!path) {
    entity_fail(ctx, ERR_INVALID_FIELD, "committee_id", "所属政协不存在", "No such committee");
    return false;
  }
  if (contact_self_only(ctx->user)) {
    if (id && !own_request(ctx, id)) {
      entity_fail(ctx, ERR_FORBIDDEN, NULL, "只能修改本人承办的诉求",
                  "You may change only your own requests");
      return false;
    }
    if (!has(mem)) { /* taken by the member itself */
      mem->set = true;
      mem->null = false;
      mem->i = ctx->user->member_id;
    } else if (mem->i != ctx->user->member_id) {
      entity_fail(ctx, ERR_INVALID_FIELD, "member_id", "委员只能记录本人承办的诉求",
                  "A member records the requests it took itself");
      return false;
    }
    int64_t own = db_int(ctx->db, 0, "SELECT committee_id FROM members WHERE id = ?", "i",
                         ctx->user->member_id);
    if (cid->i != own) {
      entity_fail(ctx, ERR_INVALID_FIELD, "committee_id", "委员只能在本人所属的政协记录诉求",
                  "A member records requests in its own committee");
      return false;
    }
  }
  if (ctx->user && ctx->user->role == ROLE_ORGANISER && (mem->set || !id)) {
    if (!has(mem)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "member_id", "请选择承办委员（本组织的成员）",
                  "Give the member who took it (one of the members you organise)");
      return false;
    }
    if (!member_in_scope(ctx->db, ctx->user, mem->i)) {
      const char *body = member_scope_words(ctx, ctx->user);
      entity_fail(
          ctx, ERR_INVALID_FIELD, "member_id",
          arena_printf(ctx->arena, "委员 %lld 不是您组织的%s的成员", (long long)mem->i, body),
          arena_printf(ctx->arena, "Member %lld is not a member of the %s you organise",
                       (long long)mem->i, body));
      return false;
    }
  }
  if (has(act) && has(day)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "reception_day_id", "来源只能是一次活动或一个接待日",
                "Give either activity_id or reception_day_id");
    return false;
  }
  if (has(act) && (act->set || id == 0)) {
    const char *apath = contact_record_path(ctx, "activities", act->i);
    if (!apath || !contact_activity_visible(ctx, act->i) || !contact_paths_related(apath, path)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "activity_id",
                  apath ? "来源活动不属于该政协、其上级或下级，或不可见" : "来源活动不存在",
                  apath ? "The activity belongs to an unrelated committee" : "No such activity");
      return false;
    }
  }
  if (has(day) && (day->set || id == 0)) {
    const char *dpath = contact_record_path(ctx, "reception_days", day->i);
    if (!dpath || !contact_paths_related(dpath, path) ||
        (ctx->user && !access_in_scope(ctx->user, dpath) &&
         strncmp(ctx->user->committee_path, dpath, strlen(dpath)))) {
      entity_fail(ctx, ERR_INVALID_FIELD, "reception_day_id",
                  dpath ? "来源接待日不属于该政协、其上级或下级" : "来源接待日不存在",
                  dpath ? "The reception day belongs to an unrelated committee"
                        : "No such reception day");
      return false;
    }
  }
  struct entity_value *acc = &v[entity_field(e, "accepted_at")];
  if (acc->set && acc->null) acc->set = false; /* null keeps the time (on create: now) */
  return true;
}

/* Stamps a new request, and seals the requester's phone when given (with its mask, which lists
** show). */
static bool request_after_write(struct entity_ctx *ctx, const struct entity *e, int64_t id,
                                bool created, json_t *in) {
  if (created &&
      db_exec(ctx->db,
              "UPDATE requests SET accepted_at = COALESCE(accepted_at, ?), created_by = ?"
              " WHERE id = ?",
              "iIi", time_now(), ctx->user ? ctx->user->id : 0, id) != DB_DONE)
    return false;
  json_t *j = json_object_get(in, "requester_phone");
  if (!j) return true;
  const char *phone = json_string_value(j);
  const char *p = phone;
  while (p && (*p == ' ' || *p == '\t')) p++;
  if (!p || !*p)
    return db_exec(ctx->db,
                   "UPDATE requests SET requester_phone_enc = NULL, requester_phone_mask = ''"
                   " WHERE id = ?",
                   "i", id) == DB_DONE;
  char mask[PHONE_MAX + 1];
  size_t n = 0;
  unsigned char *sealed = secret_seal(ctx->secret, ctx->arena, phone, &n);
  return db_exec(ctx->db,
                 "UPDATE requests SET requester_phone_enc = ?, requester_phone_mask = ?"
                 " WHERE id = ?",
                 "Bti", sealed, n, phone_mask(phone, mask, sizeof mask), id) == DB_DONE;
}

/* Whether the caller sees the requester's phone whole on one request: the staff who handle
** requests (contact.write; the route has checked the scope) and the member account that took or
** recorded it (the only requests it can see); the others, every list and the audit log get the
** mask. */
static bool may_see_requester_phone(struct entity_ctx *ctx) {
  const struct user *u = ctx->user;
  if (ctx->redact || ctx->listing) return false;
  return !u || access_role_has(u->role, PERM_CONTACT_WRITE) || contact_self_only(u);
}

/* Adds the requester's phone (whole or masked), the labels, and how long a closed request
** took. */
static void request_to_json(struct entity_ctx *ctx, const struct entity *e, struct db_stmt *row,
                            json_t *o) {
  int ac = entity_col(row, "accepted_at"), cc = entity_col(row, "closed_at"),
      pm = entity_col(row, "requester_phone_mask"), pe = entity_col(row, "requester_phone_enc");
  const char *phone = pm >= 0 ? db_col_text(row, pm) : "";
  if (*phone && pe >= 0 && !db_col_null(row, pe) && ctx->secret && may_see_requester_phone(ctx)) {
    size_t n = 0;
    const void *b = db_col_blob(row, pe, &n);
    const char *whole = secret_open(ctx->secret, ctx->arena, b, n);
    if (whole) phone = whole;
  }
  json_object_set_new(o, "requester_phone", json_string(phone));
  json_object_set_new(
      o, "status_label",
      json_string(label_known(contact_request_states,
                              json_string_value(json_object_get(o, "status")), false)));
  json_object_set_new(
      o, "category_label",
      json_string(label_known(contact_request_categories,
                              json_string_value(json_object_get(o, "category")), false)));
  if (ac >= 0 && cc >= 0 && !db_col_null(row, ac) && !db_col_null(row, cc)) {
    int64_t secs = db_col_int(row, cc) - db_col_int(row, ac);
    if (secs < 0) secs = 0;
    json_object_set_new(o, "duration_seconds", json_integer(secs));
    json_object_set_new(o, "duration_days", json_real((double)(secs / 864) / 100.0));
  } else {
    json_object_set_new(o, "duration_seconds", json_null());
    json_object_set_new(o, "duration_days", json_null());
  }
  /* the day an open request is due: its acceptance (or its record) plus contact.request_days of
  ** its committee; null once closed */
  int cr = entity_col(row, "created_at"), ci = entity_col(row, "committee_id");
  const char *st = json_string_value(json_object_get(o, "status"));
  bool open = st && (!strcmp(st, "accepted") || !strcmp(st, "in_progress"));
  if (open && ci >= 0 && (ac >= 0 || cr >= 0)) {
    int64_t from = ac >= 0 && !db_col_null(row, ac) ? db_col_int(row, ac) : db_col_int(row, cr);
    const char *path = committee_path_of(ctx, db_col_int(row, ci));
    int64_t days = path ? setting_value(ctx->db, &contact_settings, path, "request_days") : 60;
    char t[32];
    json_object_set_new(o, "due_at", json_string(time_iso(from + days * 86400, t)));
  } else {
    json_object_set_new(o, "due_at", json_null());
  }
}

/* A member account lists the requests it took or recorded; an organiser those of its body's
** members and its own. */
static void request_list_filter(struct entity_ctx *ctx, const struct entity *e, struct buf *sql,
                                struct db_value *params, int *np) {
  organiser_request_sql(ctx->user, sql, params, np);
  if (!contact_self_only(ctx->user)) return;
  buf_puts(sql, " AND (t.member_id = ? OR t.created_by = ?)");
  params[(*np)++] = (struct db_value){.type = 'i', .i = ctx->user->member_id};
  params[(*np)++] = (struct db_value){.type = 'i', .i = ctx->user->id};
}

/* The request list's ?sort= keys (page.h). */
static const struct page_sort request_sorts[] = {
    {"id", "t.id"},
    {"title", "t.title"},
    {"status", "t.status"},
    {"category", "t.category"},
    {"accepted_at", "COALESCE(t.accepted_at, t.created_at)"},
    {"closed_at", "COALESCE(t.closed_at, 0)"},
    {NULL, NULL},
};
const struct entity contact_request_entity = {
    .name = "request",
    .zh = "群众诉求",
    .table = "requests",
    .scope = SCOPE_COMMITTEE,
    .fields = request_fields,
    .nfields = sizeof request_fields / sizeof request_fields[0],
    .search = "title",
    .sorts = request_sorts,
    .check = request_check,
    .after_write = request_after_write,
    .to_json = request_to_json,
    .list_filter = request_list_filter,
};

int64_t contact_request_overdue(struct entity_ctx *ctx, struct entity_query *q) {
  struct contact_settings s;
  contact_settings_at(ctx->db, ctx->user ? ctx->user->committee_path : "/", &s);
  int64_t days = s.value[CONTACT_REQUEST_DAYS];
  q->cond =
      " AND t.status IN ('accepted','in_progress') AND COALESCE(t.accepted_at, t.created_at) < ?";
  q->cond_params[0] = (struct db_value){.type = 'i', .i = time_now() - days * 86400};
  q->ncond = 1;
  return days;
}

bool contact_request_visible(struct entity_ctx *ctx, int64_t id) {
  if (!entity_visible(ctx, &contact_request_entity, id)) return false;
  if (ctx->user && ctx->user->role == ROLE_ORGANISER) {
    struct buf sql = {0};
    struct db_value p[6] = {{.type = 'i', .i = id}};
    int np = 1;
    buf_puts(&sql, "SELECT COUNT(*) FROM requests t WHERE t.id = ?");
    organiser_request_sql(ctx->user, &sql, p, &np);
    struct db_stmt *st = db_query_values(ctx->db, sql.data, np, p);
    bool yes = db_step(st) == DB_ROW && db_col_int(st, 0) > 0;
    db_done(st);
    buf_free(&sql);
    return yes;
  }
  return !contact_self_only(ctx->user) || own_request(ctx, id);
}

/* ---- the state machine --------------------------------------------------------------------- */

/* The request a step acts on: its state and committee. */
struct request_row {
  int state;
  int64_t committee_id;
};

static bool load(struct entity_ctx *ctx, int64_t id, void *row) {
  struct request_row *r = row;
  struct db_stmt *st =
      db_query(ctx->db, "SELECT status, committee_id FROM requests WHERE id = ?", "i", id);
  bool found = db_step(st) == DB_ROW;
  if (found) {
    r->state = label_index(contact_request_states, db_col_text(st, 0));
    r->committee_id = db_col_int(st, 1);
  }
  db_done(st);
  if (!found) entity_fail(ctx, ERR_NOT_FOUND, NULL, "未找到该诉求", "No such request");
  return found;
}
static int state_of(const void *row) { return ((const struct request_row *)row)->state; }
static int64_t committee_of(const void *row) {
  return ((const struct request_row *)row)->committee_id;
}
static json_t *image(struct entity_ctx *ctx, int64_t id) {
  return contact_image(ctx, &contact_request_entity, id);
}

/* Who: those who log contact work (contact.self); the route has checked that the request is in
** their view (a member account: its own). */
static bool may(struct flow_step *s, bool report) {
  const struct user *u = s->ctx->user;
  if (!u || access_role_has(u->role, PERM_CONTACT_SELF)) return true;
  if (report) entity_forbidden(s->ctx, "无权办理群众诉求", "You may not handle requests");
  return false;
}

/* The resolution: optional when starting, required when closing (a text of at most 5000
** characters); a closing step stamps closed_at. */
static bool write_resolution(struct flow_step *s) {
  static const char *const names[] = {"resolution", NULL};
  bool closes = s->to != RQ_IN_PROGRESS;
  const char *zh = s->action->zh;
  json_t *j = json_object_get(s->in, "resolution");
  const char *text = json_string_value(j);
  if (!input_only(s->ctx, s->in, names)) return false;
  if (j && !json_is_null(j) &&
      (!text || strlen(text) != json_string_length(j) || utf8_count(text, strlen(text)) > 5000)) {
    entity_fail(s->ctx, ERR_INVALID_FIELD, "resolution", "办理结果应为文本，最多 5000 个字",
                "resolution must be a text of at most 5000 characters");
    return false;
  }
  if (closes && (!text || !*text)) {
    entity_fail(s->ctx, ERR_INVALID_FIELD, "resolution",
                arena_printf(s->ctx->arena, "%s须写明办理结果（resolution）", zh),
                "A resolution text is required");
    return false;
  }
  if (closes)
    return db_exec(s->ctx->db, "UPDATE requests SET resolution = ?, closed_at = ? WHERE id = ?",
                   "tii", text, s->now, s->id) == DB_DONE;
  return !text || !*text ||
         db_exec(s->ctx->db, "UPDATE requests SET resolution = ? WHERE id = ?", "ti", text,
                 s->id) == DB_DONE;
}

#define IN FLOW_IN
/* The life of a request, one row an action; who may act is the route's business (contact.self
** and the request in view). The audit entries name the action alone ("resolve"). */
static const struct flow_action actions[] = {
    /* a member or the office starts handling an accepted request */
    {"start", IN(RQ_ACCEPTED), RQ_IN_PROGRESS, NULL, NULL, write_resolution, "开始办理", "Start"},
    /* a request in progress is resolved, saying how */
    {"resolve", IN(RQ_IN_PROGRESS), RQ_RESOLVED, NULL, NULL, write_resolution, "办结", "Resolve"},
    /* handed to the responsible department, saying to whom */
    {"transfer", IN(RQ_ACCEPTED) | IN(RQ_IN_PROGRESS), RQ_TRANSFERRED, NULL, NULL, write_resolution,
     "转办", "Transfer"},
    /* explained to the person; nothing to be done */
    {"answer", IN(RQ_ACCEPTED) | IN(RQ_IN_PROGRESS), RQ_ANSWERED, NULL, NULL, write_resolution,
     "答复", "Answer"},
    {NULL},
};
#undef IN

const struct flow contact_request_flow = {
    .name = "request",
    .table = "requests",
    .states = contact_request_states,
    .actions = actions,
    .row_size = sizeof(struct request_row),
    .load = load,
    .state = state_of,
    .committee = committee_of,
    .image = image,
    .may = may,
    .attempts = 1,
    .audit_bare = true,
};

const char *contact_request_next(const char *status, const char *action) {
  int a = flow_action_index(&contact_request_flow, action),
      st = label_index(contact_request_states, status);
  if (!flow_allowed(&contact_request_flow, a, st)) return NULL;
  return actions[a].to == FLOW_STAY ? status : contact_request_states[actions[a].to].name;
}

bool contact_request_step(struct entity_ctx *ctx, int64_t id, const char *action, json_t *in) {
  return flow_act(ctx, &contact_request_flow, id, flow_action_index(&contact_request_flow, action),
                  in);
}

bool contact_request_act(struct entity_ctx *ctx, int64_t id, const char *action,
                         const char *resolution) {
  json_t *in = resolution ? json_pack("{s:s}", "resolution", resolution) : json_object();
  bool ok = contact_request_step(ctx, id, action, in);
  json_decref(in);
  return ok;
}

json_t *contact_request_detail(struct entity_ctx *ctx, int64_t id) {
  json_t *o = entity_get(ctx, &contact_request_entity, id);
  if (!o) {
    entity_not_found(ctx, "未找到该诉求", "No such request");
    return NULL;
  }
  json_object_set_new(o, "actions", flow_actions(ctx, &contact_request_flow, id));
  return o;
}
