/* src/contact/contact_http.c: the HTTP surface of members linking with the masses: grassroots
** units and members' links to them, the committee's contact settings, stations and studios
** (members, the 六有 checklist, certification, reception days), activities (participants,
** links), requests from the masses and their actions, and quota compliance. The handlers only
** translate; the rules are in contact*.c.
**
** Permissions: contact.read reads (a member account: its own activities, requests and
** compliance), contact.write keeps everything in the caller's scope, contact.self lets a member
** account log its own contacts, requests and unit links (staff roles hold it too), and
** contact.organise seats the participants of activities and reminds members who fall short.
** An organiser (contact.read, contact.self, contact.organise) does all of it for the members of
** its body only (member_scope_sql, contact_activity_organises). */
#include <stdlib.h>
#include <string.h>
#include "entity/flow.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "contact.h"
#include "contact_int.h"
#include "entity/entity_http.h"
#include "entity/record_ref.h"
#include "file/file.h"
#include "job/job.h"
#include "job/job_http.h"
#include "member/member.h"
#include "org/org.h"
#include "org/settings_http.h"

/* ---- helpers ------------------------------------------------------------------------------- */

/* A positive integer member of rq->json, or 0 after replying 422. */
static int64_t json_id(struct request *rq, const char *name, const char *zh) {
  json_t *j = json_object_get(rq->json, name);
  if (json_is_integer(j) && json_integer_value(j) > 0) return json_integer_value(j);
  reply_error(rq, ERR_INVALID_FIELD, name, arena_printf(rq->arena, "%s应为有效的编号", zh),
              arena_printf(rq->arena, "%s must be a positive integer id", name));
  return 0;
}

static bool member_route_visible(struct request *rq, int64_t id) {
  struct entity_ctx *ctx = request_ctx(rq);
  return contact_member_visible(ctx, id);
}

static bool activity_route_visible(struct request *rq, int64_t id) {
  struct entity_ctx *ctx = request_ctx(rq);
  return contact_activity_visible(ctx, id);
}

static bool request_route_visible(struct request *rq, int64_t id) {
  struct entity_ctx *ctx = request_ctx(rq);
  return contact_request_visible(ctx, id);
}

static bool station_route_visible(struct request *rq, int64_t id) {
  struct entity_ctx *ctx = request_ctx(rq);
  return entity_visible(ctx, &contact_station_entity, id);
}

/* ---- a member's grassroots units ----------------------------------------------------------- */

/* GET /api/v1/members/{id}/grassroots-units
** The units the member links to, with the limit in force at its committee. */
static void member_units_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_json(rq, 200, contact_member_units(ctx, request_id(rq, "id")));
}

/* POST /api/v1/members/{id}/grassroots-units {"unit_id": n}
** 201 with the member's units. 409 limit_reached when the member has as many units as its
** committee allows (3 by default; the message names the limit), 409 when linked already,
** 422 when the unit is unknown, not visible or of an unrelated committee. */
static void member_link_h(struct request *rq) {
  static const char *const allowed[] = {"unit_id", NULL};
  if (!request_only_fields(rq, allowed)) return;
  int64_t unit = json_id(rq, "unit_id", "基层单位");
  if (!unit) return;
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t member = request_id(rq, "id");
  if (!contact_member_link(ctx, member, unit)) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, contact_member_units(ctx, member));
}

/* DELETE /api/v1/members/{id}/grassroots-units/{unit_id}: 204; 404 when not linked. */
static void member_unlink_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!contact_member_unlink(ctx, request_id(rq, "id"), request_id(rq, "unit_id")))
    return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* ---- stations ------------------------------------------------------------------------------ */

/* GET /api/v1/stations/{id}/members */
static void station_members_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_json(rq, 200, contact_station_members(ctx, request_id(rq, "id")));
}

/* POST /api/v1/stations/{id}/members {"member_id", "role": "lead"|"member"}
** 201 with the members; 409 attached already; 422 bad member or role. */
static void station_add_member_h(struct request *rq) {
  static const char *const allowed[] = {"member_id", "role", NULL};
  if (!request_only_fields(rq, allowed)) return;
  int64_t member = json_id(rq, "member_id", "委员");
  if (!member) return;
  bool bad = false;
  const char *role = request_json_text(rq, "role", &bad);
  if (bad) return;
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!contact_station_add_member(ctx, id, member, role)) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, contact_station_members(ctx, id));
}

/* DELETE /api/v1/stations/{id}/members/{member_id}: 204; 404 when not attached. */
static void station_remove_member_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!contact_station_remove_member(ctx, request_id(rq, "id"), request_id(rq, "member_id")))
    return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* GET /api/v1/stations/{id}/checklist: the six items of 六有 with notes and evidence. */
static void checklist_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_json(rq, 200, contact_checklist(ctx, request_id(rq, "id")));
}

/* PUT /api/v1/stations/{id}/checklist/{item} {"note", "file_ids": [...]}
** 200 with the checklist. 422 unknown item, field, or a file that is missing or of another
** committee; 409 when a certified station would lose an item's last file. */
static void checklist_set_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!contact_checklist_set(ctx, id, request_param(rq, "item"), rq->json))
    return reply_entity_error(rq, ctx);
  reply_json(rq, 200, contact_checklist(ctx, id));
}

/* POST /api/v1/stations/{id}/certify
** Certifies the station against 六有; 200 with the station (cert_status "certified",
** certified_at, certified_by). 409 checklist_incomplete naming the items without evidence
** (also in error.errors), 409 already_certified. */
static void certify_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!contact_station_certify(ctx, id)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, entity_get(ctx, &contact_station_entity, id));
}

/* POST /api/v1/stations/{id}/revoke {"reason"}: 200 with the station (cert_status "revoked");
** 422 without a reason, 409 not_certified. */
static void revoke_h(struct request *rq) {
  static const char *const allowed[] = {"reason", NULL};
  if (!request_only_fields(rq, allowed)) return;
  bool bad = false;
  const char *reason = request_json_text(rq, "reason", &bad);
  if (bad) return;
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!contact_station_revoke(ctx, id, reason)) return reply_entity_error(rq, ctx);
  reply_json(rq, 200, entity_get(ctx, &contact_station_entity, id));
}

/* GET /api/v1/stations/{id}/reception-days?date=&q=&limit=&cursor= */
static void receptions_h(struct request *rq) {
  struct entity_query q;
  if (!entity_query_of(rq, &contact_reception_entity, &q)) return;
  if (q.n < 16) {
    q.names[q.n] = "station_id";
    q.values[q.n++] = arena_printf(rq->arena, "%lld", (long long)request_id(rq, "id"));
  }
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, entity_list(ctx, &contact_reception_entity, &q));
}

/* POST /api/v1/stations/{id}/reception-days {"date", "topic", "member_ids", "visitors", "notes"}
** 201 with the reception day (of the station's committee). 422 on a bad field or member. */
static void reception_create_h(struct request *rq) {
  int64_t station = request_id(rq, "id");
  json_t *s = json_object_get(rq->json, "station_id");
  if (s && (!json_is_integer(s) || json_integer_value(s) != station))
    return reply_error(rq, ERR_INVALID_FIELD, "station_id", "工作站（室）与地址不一致",
                       "station_id differs from the path");
  struct entity_ctx *ctx = request_ctx(rq);
  json_object_set_new(rq->json, "station_id", json_integer(station));
  if (!json_object_get(rq->json, "committee_id"))
    json_object_set_new(
        rq->json, "committee_id",
        json_integer(
            db_int(rq->db, 0, "SELECT committee_id FROM stations WHERE id = ?", "i", station)));
  int64_t id = entity_create(ctx, &contact_reception_entity, rq->json);
  if (!id) return reply_entity_error(rq, ctx);
  reply_json(rq, 201, entity_get(ctx, &contact_reception_entity, id));
}

/* The reception day {day_id} when it belongs to station {id}, else 0 after replying 404. */
static int64_t day_of(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t day = request_id(rq, "day_id");
  if (contact_reception_station(ctx, day) == request_id(rq, "id")) return day;
  reply_not_found(rq);
  return 0;
}

/* GET /api/v1/stations/{id}/reception-days/{day_id} */
static void reception_get_h(struct request *rq) {
  int64_t day = day_of(rq);
  if (!day) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_json(rq, 200, entity_get(ctx, &contact_reception_entity, day));
}

/* PATCH /api/v1/stations/{id}/reception-days/{day_id}: the log (visitors, notes), the members
** on duty, the date or topic. 200 with the reception day. */
static void reception_update_h(struct request *rq) {
  int64_t day = day_of(rq);
  if (!day) return;
  struct entity_ctx *ctx = request_ctx(rq);
  if (!entity_update(ctx, &contact_reception_entity, day, rq->json))
    return reply_entity_error(rq, ctx);
  reply_json(rq, 200, entity_get(ctx, &contact_reception_entity, day));
}

/* DELETE /api/v1/stations/{id}/reception-days/{day_id}: 204; 409 when a request came from it. */
static void reception_delete_h(struct request *rq) {
  int64_t day = day_of(rq);
  if (!day) return;
  struct entity_ctx *ctx = request_ctx(rq);
  if (!entity_delete(ctx, &contact_reception_entity, day)) return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* ---- activities ---------------------------------------------------------------------------- */

/* GET /api/v1/activities?committee_id=&kind=&status=&organiser_kind=&organiser_id=
** &grassroots_unit_id=&member_id=&from=&to=&q=&limit=&cursor=
** Activities in the caller's scope (a member account: those it recorded or takes part in);
** from/to bound starts_at (dates are whole CST days; to is inclusive for a date). */
static void activities_h(struct request *rq) {
  struct entity_query q;
  if (!entity_query_of(rq, &contact_activity_entity, &q)) return;
  int64_t member, from, to;
  if (!request_query_id(rq, "member_id", &member) ||
      !request_query_time(rq, "from", false, &from) || !request_query_time(rq, "to", true, &to))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, contact_activity_list(ctx, &q, member, from, to));
}

/* POST /api/v1/activities: 201 with the activity and "clashes" (contact_clash_list): a warning,
** the activity is saved. "member_ids" (optional, create only) seats those members (present) in
** the same transaction: a member the caller may not organise (an organiser: one outside its
** body) is refused with 422 on member_ids, and nothing is written. */
static void activity_create_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = entity_create(ctx, &contact_activity_entity, rq->json);
  if (!id) return reply_entity_error(rq, ctx);
  json_t *o = entity_get(ctx, &contact_activity_entity, id);
  json_object_set_new(o, "clashes", contact_activity_clashes(ctx, id));
  reply_json(rq, 201, o);
}

/* POST /api/v1/activities/{id}/reschedule {"starts_at", "ends_at"?} (改期): 200 with the activity
** and its "clashes" at the new time; 409 wrong_state once it was held, cancelled or has begun. */
static void activity_reschedule_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!contact_activity_reschedule(ctx, id, rq->json)) return reply_entity_error(rq, ctx);
  json_t *o = entity_get(ctx, &contact_activity_entity, id);
  json_object_set_new(o, "clashes", contact_activity_clashes(ctx, id));
  reply_json(rq, 200, o);
}

/* PATCH /api/v1/activities/{id}: 200 with the activity and its "clashes" after the change. */
static void activity_update_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!entity_update(ctx, &contact_activity_entity, id, rq->json))
    return reply_entity_error(rq, ctx);
  json_t *o = entity_get(ctx, &contact_activity_entity, id);
  json_object_set_new(o, "clashes", contact_activity_clashes(ctx, id));
  reply_json(rq, 200, o);
}

/* POST /api/v1/activities/clashes {"id", "grassroots_unit_id", "starts_at", "ends_at",
** "member_ids"}: the clashes an activity would have, nothing saved. With id (an activity the
** caller sees: the one being moved) the fields not given are the stored ones. */
static void clashes_h(struct request *rq) {
  static const char *const allowed[] = {"id",      "grassroots_unit_id", "starts_at",
                                        "ends_at", "member_ids",         NULL};
  if (!request_only_fields(rq, allowed)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  struct contact_clash_probe p = {0};
  json_t *j = json_object_get(rq->json, "id"), *members = json_object_get(rq->json, "member_ids");
  if (j && !json_is_null(j)) {
    if (!(p.exclude_id = json_id(rq, "id", "活动"))) return;
    if (!contact_activity_visible(ctx, p.exclude_id)) return reply_not_found(rq);
    struct db_stmt *st = db_query(
        rq->db, "SELECT grassroots_unit_id, starts_at, ends_at FROM activities WHERE id = ?", "i",
        p.exclude_id);
    if (db_step(st) == DB_ROW) {
      p.unit_id = db_col_null(st, 0) ? 0 : db_col_int(st, 0);
      p.starts_at = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
      p.ends_at = db_col_null(st, 2) ? 0 : db_col_int(st, 2);
    }
    db_done(st);
  }
  if ((j = json_object_get(rq->json, "grassroots_unit_id"))) {
    p.unit_id = 0;
    if (!json_is_null(j) && !(p.unit_id = json_id(rq, "grassroots_unit_id", "基层单位"))) return;
  }
  if ((j = json_object_get(rq->json, "starts_at")) &&
      !contact_parse_time(ctx, j, "starts_at", "开始时间", "starts_at", &p.starts_at))
    return reply_entity_error(rq, ctx);
  if (!p.starts_at) {
    reply_error(rq, ERR_INVALID_FIELD, "starts_at", "开始时间不能为空", "starts_at is required");
    return;
  }
  if ((j = json_object_get(rq->json, "ends_at"))) {
    p.ends_at = 0;
    if (!json_is_null(j) &&
        !contact_parse_time(ctx, j, "ends_at", "结束时间", "ends_at", &p.ends_at))
      return reply_entity_error(rq, ctx);
  }
  if (members && !json_is_null(members)) {
    size_t n = json_array_size(members), i;
    if (!json_is_array(members) || n > 500) {
      reply_error(rq, ERR_INVALID_FIELD, "member_ids",
                  "member_ids 应为委员编号的数组（至多 500 个）",
                  "member_ids must be an array of at most 500 member ids");
      return;
    }
    int64_t *ids = arena_alloc(rq->arena, sizeof *ids * (n ? n : 1));
    json_t *x;
    json_array_foreach(members, i, x) {
      if (!json_is_integer(x) || json_integer_value(x) <= 0) {
        reply_error(rq, ERR_INVALID_FIELD, "member_ids", "member_ids 应为委员编号的数组",
                    "member_ids must be an array of member ids");
        return;
      }
      ids[i] = json_integer_value(x);
    }
    p.member_ids = ids;
    p.nmembers = (int)n;
  } else if (p.exclude_id) {
    json_t *parts = contact_participants(ctx, p.exclude_id), *x;
    size_t n = json_array_size(json_object_get(parts, "items")), i;
    int64_t *ids = arena_alloc(rq->arena, sizeof *ids * (n ? n : 1));
    json_array_foreach(json_object_get(parts, "items"), i, x) {
      if (!strcmp(json_string_value(json_object_get(x, "attendance")), "present"))
        ids[p.nmembers++] = json_integer_value(json_object_get(x, "member_id"));
    }
    json_decref(parts);
    p.member_ids = ids;
  }
  reply_json(rq, 200, contact_clash_check(ctx, &p));
}

/* GET /api/v1/activities/calendar?committee_id=&from=&to= (dates or ISO times; at most 62
** days): the activities of the range with the ids each clashes with. */
static void calendar_h(struct request *rq) {
  int64_t cid, from, to;
  if (!request_query_id(rq, "committee_id", &cid) ||
      !request_query_time(rq, "from", false, &from) || !request_query_time(rq, "to", true, &to))
    return;
  if (!from || !to) {
    reply_error(rq, ERR_INVALID_FIELD, from ? "to" : "from", "日历需要起止日期 from 和 to",
                "The calendar needs from and to");
    return;
  }
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, contact_calendar(ctx, cid, from, to));
}

/* DELETE /api/v1/activities/{id}: 204 (a member account: only what it recorded); 409 when a
** request came from it. */
static void activity_delete_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!contact_activity_delete(ctx, request_id(rq, "id"))) return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* GET /api/v1/activities/{id}/participants */
static void participants_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_json(rq, 200, contact_participants(ctx, request_id(rq, "id")));
}

/* POST /api/v1/activities/{id}/participants {"member_id", "attendance": present|excused|absent}
** 201 with the participants; 409 when the member takes part already; 422 bad member. */
static void participant_add_h(struct request *rq) {
  static const char *const allowed[] = {"member_id", "attendance", NULL};
  if (!request_only_fields(rq, allowed)) return;
  int64_t member = json_id(rq, "member_id", "委员");
  if (!member) return;
  bool bad = false;
  const char *att = request_json_text(rq, "attendance", &bad);
  if (bad) return;
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!contact_participant_add(ctx, id, member, att)) return reply_entity_error(rq, ctx);
  json_t *out = contact_participants(ctx, id), *clashes = json_array(), *all, *x;
  size_t i;
  all = contact_activity_clashes(ctx, id);
  json_array_foreach(all, i, x) {
    if (json_integer_value(json_object_get(x, "member_id")) == member)
      json_array_append(clashes, x);
  }
  json_decref(all);
  json_object_set_new(out, "clashes", clashes);
  reply_json(rq, 201, out);
}

/* PATCH /api/v1/activities/{id}/participants/{member_id} {"attendance", "people_reached"}
** The attendance and/or the member's share of the people reached (an integer; null: shared out
** again). 200 with the list; 422 when the shares by hand would not fit the activity's figure
** (the message names it), 404 when the member does not take part. */
static void participant_set_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!contact_participant_update(ctx, id, request_id(rq, "member_id"), rq->json))
    return reply_entity_error(rq, ctx);
  reply_json(rq, 200, contact_participants(ctx, id));
}

/* DELETE /api/v1/activities/{id}/participants/{member_id}: 204; 404 when not taking part. */
static void participant_remove_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!contact_participant_remove(ctx, request_id(rq, "id"), request_id(rq, "member_id")))
    return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* GET /api/v1/activities/{id}/links */
static void links_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_json(rq, 200, contact_links(ctx, request_id(rq, "id")));
}

/* POST /api/v1/activities/{id}/links {"kind": proposal|report|speech, "target_id", "note"}
** 201 with the link; 409 when linked already; 422 on a bad field. */
static void link_add_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  int64_t link = contact_link_add(ctx, id, rq->json);
  if (!link) return reply_entity_error(rq, ctx);
  json_t *all = contact_links(ctx, id), *found = NULL, *x;
  size_t i;
  json_array_foreach(json_object_get(all, "items"), i,
                     x) if (json_integer_value(json_object_get(x, "id")) == link) found =
      json_incref(x);
  json_decref(all);
  reply_json(rq, 201, found ? found : json_pack("{s:I}", "id", (json_int_t)link));
}

/* DELETE /api/v1/activities/{id}/links/{link_id}: 204; 404 when there is none. */
static void link_remove_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  if (!contact_link_remove(ctx, request_id(rq, "id"), request_id(rq, "link_id")))
    return reply_entity_error(rq, ctx);
  reply_no_content(rq);
}

/* ---- requests ------------------------------------------------------------------------------ */

/* POST /api/v1/requests/{id}/start|resolve|transfer|answer {"resolution"}
** The action (the route's data) checked against the state machine: 200 with the request;
** 409 wrong_state; 422 without a resolution for resolve, transfer and answer. */
static void request_action_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!contact_request_step(ctx, id, rq->route->data, rq->json)) return reply_entity_error(rq, ctx);
  reply_result(rq, ctx, contact_request_detail(ctx, id));
}

/* GET /api/v1/requests?<the record's filters>&overdue=1&committee_id=&q=&limit=&cursor=: oldest
** first; overdue: still open past the committee's contact.request_days since acceptance
** (contact_request_overdue). */
static void requests_h(struct request *rq) {
  struct entity_query q;
  bool overdue;
  if (!entity_query_of(rq, &contact_request_entity, &q) ||
      !request_query_flag(rq, "overdue", &overdue))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  if (overdue) contact_request_overdue(ctx, &q);
  reply_result(rq, ctx, entity_list(ctx, &contact_request_entity, &q));
}

/* GET /api/v1/requests/{id}
** The request with the "actions" the caller may take in its state (start, resolve, ...). */
static void request_get_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, contact_request_detail(ctx, request_id(rq, "id")));
}

/* ---- staff checks of self-logged activities ------------------------------------------------ */

/* POST /api/v1/activities/{id}/approve|return|resubmit {"note"}: the check's step (the route's
** data): 200 {"id", "check"}; 404 no check, 409 wrong_state (checked already), 403, 422 (return
** without a note). */
static void check_action_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!contact_check_step(ctx, id, rq->route->data, rq->json)) return reply_entity_error(rq, ctx);
  reply_json(
      rq, 200,
      json_pack("{s:I,s:o}", "id", (json_int_t)id, "check", contact_check_json(ctx, id, true)));
}

/* GET /api/v1/activities/{id}/check: {"check": {status, status_label, note, actions} or null}. */
static void check_get_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_json(rq, 200,
             json_pack("{s:o}", "check", contact_check_json(ctx, request_id(rq, "id"), true)));
}

/* GET /api/v1/activity-checks?committee_id=&status=pending|approved|returned&limit=&cursor=:
** the self-logged activities of the subtree in that check state (default pending), oldest first. */
static void checks_h(struct request *rq) {
  int64_t cid, limit, after;
  if (!request_query_id(rq, "committee_id", &cid) ||
      !request_query_int(rq, "limit", 1, 500, 50, &limit) ||
      !request_query_int(rq, "cursor", 0, INT64_MAX, 0, &after))
    return;
  const char *status = request_query(rq, "status");
  if (!status || !*status) status = "pending";
  if (label_index(contact_check_states, status) < 0)
    return reply_error(rq, ERR_INVALID_FIELD, "status", "status 应为 pending、approved 或 returned",
                       "status must be pending, approved or returned");
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, contact_checks(ctx, cid, status, after, (int)limit));
}

/* ---- compliance ---------------------------------------------------------------------------- */

/* Reads ?year= (default: this CST year) and ?quarter= (default: this quarter in this year, else
** the fourth); replies 422 on a bad value. */
static bool year_quarter(struct request *rq, struct contact_compliance_query *q) {
  int cy, cq;
  time_cst_quarter(time_now(), &cy, &cq);
  const char *ys = request_query(rq, "year"), *qs = request_query(rq, "quarter");
  char *end;
  q->year = cy;
  if (ys && *ys) {
    long y = strtol(ys, &end, 10);
    if (*end || y < 2000 || y > 2099) {
      reply_error(rq, ERR_INVALID_FIELD, "year", "year 应为 2000 到 2099 之间的年份",
                  "year must be from 2000 to 2099");
      return false;
    }
    q->year = (int)y;
  }
  q->quarter = q->year == cy ? cq : 4;
  if (qs && *qs) {
    long x = strtol(qs, &end, 10);
    if (*end || x < 1 || x > 4) {
      reply_error(rq, ERR_INVALID_FIELD, "quarter", "quarter 应为 1 到 4",
                  "quarter must be 1 to 4");
      return false;
    }
    q->quarter = (int)x;
  }
  return true;
}

/* GET /api/v1/compliance?committee_id=&group_id=&year=&quarter=&short=1&no_units=1&to_remind=1
**   &limit=&cursor=
** Every active member of the subtree (a member account: itself; an organiser: the members of its
** body) with its grassroots units, its
** activities per quarter, people reached in the year, the minimums of its committee, the
** quarter's and the year's verdicts and whether it is on track (contact_compliance.c); short=1:
** only those not on track, total their number (examined: the members examined); no_units=1: only
** those linked to no grassroots unit; to_remind=1: the reminders to send, those not on track
** with an account in use and not reminded for the quarter yet (implies short). */
static void compliance_h(struct request *rq) {
  struct contact_compliance_query q = {0};
  if (!request_query_id(rq, "committee_id", &q.committee_id) ||
      !request_query_id(rq, "group_id", &q.group_id) || !year_quarter(rq, &q) ||
      !request_query_flag(rq, "no_units", &q.no_units))
    return;
  if (!request_limit(rq, 50, 500, &q.limit) || !request_cursor(rq, &q.after_id)) return;
  const char *sh = request_query(rq, "short");
  if (sh && *sh && strcmp(sh, "0") && strcmp(sh, "1") && strcmp(sh, "true") &&
      strcmp(sh, "false")) {
    reply_error(rq, ERR_INVALID_FIELD, "short", "short 应为 1 或 0", "short must be 1 or 0");
    return;
  }
  q.short_only = sh && (!strcmp(sh, "1") || !strcmp(sh, "true"));
  if (!request_query_flag(rq, "to_remind", &q.to_remind)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, contact_compliance(ctx, &q));
}

/* POST /api/v1/compliance/reminders {"committee_id", "year", "quarter"} (defaults: the caller's
** committee, this quarter): 202 with the job reminding the members of the subtree who fall
** short (an organiser: of its body); its result is {short, notified, already, without_account}. */
static void reminders_h(struct request *rq) {
  static const char *const allowed[] = {"committee_id", "year", "quarter", NULL};
  if (!request_only_fields(rq, allowed)) return;
  int cy, cq;
  time_cst_quarter(time_now(), &cy, &cq);
  int64_t cid, year, quarter;
  if (!request_json_int(rq, "committee_id", 1, INT64_MAX, 0, &cid) ||
      !request_json_int(rq, "year", 2000, 2099, cy, &year) ||
      !request_json_int(rq, "quarter", 1, 4, cq, &quarter))
    return;
  struct entity_ctx *ctx = request_ctx(rq);
  if (!entity_subtree(ctx, &cid)) return reply_entity_error(rq, ctx);
  json_t *params = json_pack("{s:I,s:I,s:I}", "committee_id", (json_int_t)cid, "year",
                             (json_int_t)year, "quarter", (json_int_t)quarter);
  int64_t id = job_enqueue(rq->db, "compliance_remind", params, NULL, 0, rq->user->id, cid);
  json_decref(params);
  if (!id) return reply_db_error(rq);
  reply_json(rq, 202, json_pack("{s:o}", "job", job_json(rq->db, id)));
}

/* Reads ?committee_id=, ?year= (default this CST year) and ?quarter= (1..4; absent or 0: the
** whole year) of a roll-up; false after replying on a value that is not a number. */
static bool rollup_params(struct request *rq, int64_t *cid, int *year, int *quarter) {
  if (!request_query_id(rq, "committee_id", cid)) return false;
  int cy, cq;
  time_cst_quarter(time_now(), &cy, &cq);
  *year = cy;
  *quarter = 0;
  const char *ys = request_query(rq, "year"), *qs = request_query(rq, "quarter");
  char *end;
  if (ys && *ys) {
    long y = strtol(ys, &end, 10);
    *year = *end ? -1 : (int)y;
  }
  if (qs && *qs) {
    long x = strtol(qs, &end, 10);
    *quarter = *end ? -1 : (int)x;
  }
  return true;
}

/* GET /api/v1/compliance/rollup?committee_id=&year=&quarter= */
static void rollup_h(struct request *rq) {
  int64_t cid;
  int year, quarter;
  if (!rollup_params(rq, &cid, &year, &quarter)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, contact_rollup(ctx, cid, year, quarter));
}

/* POST /api/v1/compliance/rollup/export?committee_id=&year=&quarter=: starts the job that
** writes the roll-up as a workbook: 202 {"job"}; the roll-up's 422 and 403 at once. GET, the
** old URL of the file: the same, answered 303 to the job. */
static void rollup_export_h(struct request *rq) {
  int64_t cid;
  int year, quarter;
  if (!rollup_params(rq, &cid, &year, &quarter)) return;
  struct entity_ctx *ctx = request_ctx(rq);
  if (!contact_rollup_check(ctx, &cid, year, quarter)) return reply_entity_error(rq, ctx);
  job_export_start(rq, "rollup_export", 0,
                   json_pack("{s:I,s:i,s:i}", "committee_id", (json_int_t)cid, "year", year,
                             "quarter", quarter));
}

/* GET /api/v1/members/{id}/compliance?year=&quarter=
** One member's compliance: the item of the list above with year, quarter and its bounds. */
static void member_compliance_h(struct request *rq) {
  struct contact_compliance_query q = {.limit = 1};
  if (!year_quarter(rq, &q)) return;
  q.member_id = request_id(rq, "id");
  struct entity_ctx *ctx = request_ctx(rq);
  /* read within the caller's own subtree (its path came with the session): a member there is
  ** found in one statement; only when it is not is the member's committee looked up, so that
  ** one outside the caller's scope gets the 403 of that committee rather than a 404 */
  json_t *out = contact_compliance(ctx, &q);
  if (!out) return reply_entity_error(rq, ctx);
  json_t *item = json_array_get(json_object_get(out, "items"), 0);
  if (!item) {
    json_decref(out);
    q.committee_id =
        db_int(rq->db, 0, "SELECT committee_id FROM members WHERE id = ?", "i", q.member_id);
    if (!q.committee_id || !entity_subtree(ctx, &q.committee_id)) {
      if (ctx->err.code) return reply_entity_error(rq, ctx);
      return reply_not_found(rq);
    }
    out = contact_compliance(ctx, &q);
    if (!out) return reply_entity_error(rq, ctx);
    item = json_array_get(json_object_get(out, "items"), 0);
    if (!item) {
      json_decref(out);
      return reply_not_found(rq);
    }
  }
  json_t *o = json_deep_copy(item);
  const char *keys[] = {"year", "quarter", "quarter_starts_at", "quarter_ends_at"};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    json_object_set(o, keys[i], json_object_get(out, keys[i]));
  json_decref(out);
  reply_json(rq, 200, o);
}

/* ---- the route table ----------------------------------------------------------------------- */

#define ACT "/api/v1/activities/{id}"
#define STA "/api/v1/stations/{id}"
#define REQ "/api/v1/requests/{id}"

/* The request's workflow and the module's enums, for the module table (GET /api/v1/labels). */
const struct flow *const contact_flows[] = {&contact_request_flow, &contact_check_flow, NULL};
const struct label_table contact_labels[] = {
    {"grassroots_unit.kind", contact_unit_kinds},
    {"station.kind", contact_station_kinds},
    {"station.cert_status", contact_cert_statuses},
    {"station.checklist_item", contact_checklist_items},
    {"activity.kind", contact_activity_kinds},
    {"activity.status", contact_activity_statuses},
    {"activity.organiser_kind", contact_organiser_kinds},
    {"activity.link_kind", contact_link_kinds},
    {"request.category", contact_request_categories},
    {"compliance.year_status", contact_year_statuses},
    {NULL},
};

static bool station_visible(struct entity_ctx *ctx, int64_t id) {
  return entity_visible(ctx, &contact_station_entity, id);
}

/* The records holding files, for the module table: a download of a station's evidence or of an
** activity's photo is checked by the rule of the station's or the activity's GET route. */
const struct file_holder contact_file_holders[] = {
    {"station", "SELECT DISTINCT station_id FROM station_evidence WHERE file_id = ?",
     PERM_CONTACT_READ, station_visible},
    {"activity", "SELECT activity_id FROM activity_photos WHERE file_id = ?", PERM_CONTACT_READ,
     contact_activity_visible},
    {NULL},
};

/* The records that refer to others', for the module table: an activity names its outcomes,
** and a proposal, report or speech lists the activities it came from (those the reader may
** see; entity/record_ref.h). */
const struct record_referrer contact_referrers[] = {
    {"activity", PERM_CONTACT_READ, contact_activity_referrers},
    {NULL},
};

const struct route contact_routes[] = {
    ENTITY_ROUTES("/api/v1/grassroots-units", &contact_unit_entity, PERM_CONTACT_READ,
                  PERM_CONTACT_WRITE, "基层单位"),
    {"GET", "/api/v1/members/{id}/grassroots-units", member_units_h, PERM_CONTACT_READ, ROUTE_SELF,
     member_route_visible, "委员联系的基层单位"},
    {"POST", "/api/v1/members/{id}/grassroots-units", member_link_h, PERM_CONTACT_SELF,
     ROUTE_JSON | ROUTE_SELF, member_route_visible, "委员联系基层单位"},
    {"DELETE", "/api/v1/members/{id}/grassroots-units/{unit_id}", member_unlink_h,
     PERM_CONTACT_SELF, ROUTE_SELF, member_route_visible, "解除联系基层单位"},
    {"GET", "/api/v1/members/{id}/compliance", member_compliance_h, PERM_CONTACT_READ, ROUTE_SELF,
     member_route_visible, "委员履职要求完成情况"},
    /* {"max_units": 1..10, "quarter_min_activities": 0..100, "year_min_people": 0..100000};
    ** each optional, null clears the committee's own value */
    SETTINGS_ROUTES("/api/v1/committees/{id}/settings", &contact_settings, PERM_CONTACT_READ,
                    PERM_CONTACT_WRITE, "联系群众"),

    ENTITY_ROUTES("/api/v1/stations", &contact_station_entity, PERM_CONTACT_READ,
                  PERM_CONTACT_WRITE, "委员工作站（室）"),
    {"GET", STA "/members", station_members_h, PERM_CONTACT_READ, 0, station_route_visible,
     "工作站（室）委员"},
    {"POST", STA "/members", station_add_member_h, PERM_CONTACT_WRITE, ROUTE_JSON,
     station_route_visible, "工作站（室）加入委员"},
    {"DELETE", STA "/members/{member_id}", station_remove_member_h, PERM_CONTACT_WRITE, 0,
     station_route_visible, "工作站（室）移出委员"},
    {"GET", STA "/checklist", checklist_h, PERM_CONTACT_READ, 0, station_route_visible,
     "“六有”清单"},
    {"PUT", STA "/checklist/{item}", checklist_set_h, PERM_CONTACT_WRITE, ROUTE_JSON,
     station_route_visible, "填写“六有”项目"},
    {"POST", STA "/certify", certify_h, PERM_CONTACT_WRITE, 0, station_route_visible,
     "认定工作站（室）"},
    {"POST", STA "/revoke", revoke_h, PERM_CONTACT_WRITE, ROUTE_JSON, station_route_visible,
     "撤销认定"},
    {"GET", STA "/reception-days", receptions_h, PERM_CONTACT_READ, 0, station_route_visible,
     "委员接待日列表"},
    {"POST", STA "/reception-days", reception_create_h, PERM_CONTACT_WRITE, ROUTE_JSON,
     station_route_visible, "安排委员接待日"},
    {"GET", STA "/reception-days/{day_id}", reception_get_h, PERM_CONTACT_READ, 0,
     station_route_visible, "委员接待日详情"},
    {"PATCH", STA "/reception-days/{day_id}", reception_update_h, PERM_CONTACT_WRITE, ROUTE_JSON,
     station_route_visible, "修改委员接待日（接待记录）"},
    {"DELETE", STA "/reception-days/{day_id}", reception_delete_h, PERM_CONTACT_WRITE, 0,
     station_route_visible, "删除委员接待日"},

    {"GET", "/api/v1/activities", activities_h, PERM_CONTACT_READ, ROUTE_SELF, NULL,
     "履职活动列表"},
    {"GET", "/api/v1/activities/calendar", calendar_h, PERM_CONTACT_READ, ROUTE_SELF, NULL,
     "活动统筹日历"},
    {"POST", "/api/v1/activities/clashes", clashes_h, PERM_CONTACT_SELF, ROUTE_JSON | ROUTE_SELF,
     NULL, "活动冲突检查"},
    {"POST", "/api/v1/activities", activity_create_h, PERM_CONTACT_SELF, ROUTE_JSON | ROUTE_SELF,
     NULL, "新建履职活动", &contact_activity_entity},
    {"GET", ACT, entity_get_h, PERM_CONTACT_READ, ROUTE_SELF, activity_route_visible,
     "履职活动详情", &contact_activity_entity},
    {"PATCH", ACT, activity_update_h, PERM_CONTACT_SELF, ROUTE_JSON | ROUTE_SELF,
     activity_route_visible, "修改履职活动", &contact_activity_entity},
    {"DELETE", ACT, activity_delete_h, PERM_CONTACT_SELF, ROUTE_SELF, activity_route_visible,
     "删除履职活动"},
    {"POST", ACT "/reschedule", activity_reschedule_h, PERM_CONTACT_SELF, ROUTE_JSON | ROUTE_SELF,
     activity_route_visible, "活动改期"},
    {"GET", ACT "/participants", participants_h, PERM_CONTACT_READ, ROUTE_SELF,
     activity_route_visible, "活动参加委员"},
    {"POST", ACT "/participants", participant_add_h, PERM_CONTACT_ORGANISE, ROUTE_JSON,
     activity_route_visible, "添加参加委员"},
    {"PATCH", ACT "/participants/{member_id}", participant_set_h, PERM_CONTACT_ORGANISE, ROUTE_JSON,
     activity_route_visible, "登记出勤"},
    {"DELETE", ACT "/participants/{member_id}", participant_remove_h, PERM_CONTACT_ORGANISE, 0,
     activity_route_visible, "移除参加委员"},
    {"GET", ACT "/links", links_h, PERM_CONTACT_READ, ROUTE_SELF, activity_route_visible,
     "活动成果关联"},
    {"GET", ACT "/check", check_get_h, PERM_CONTACT_READ, ROUTE_SELF, activity_route_visible,
     "自行记录活动的审核"},
    {"POST", ACT "/approve", check_action_h, PERM_CONTACT_WRITE, ROUTE_JSON, activity_route_visible,
     "审核通过委员自行记录的活动", "approve"},
    {"POST", ACT "/return", check_action_h, PERM_CONTACT_WRITE, ROUTE_JSON, activity_route_visible,
     "退回委员自行记录的活动", "return"},
    {"POST", ACT "/resubmit", check_action_h, PERM_CONTACT_SELF, ROUTE_JSON | ROUTE_SELF,
     activity_route_visible, "重新提交被退回的活动", "resubmit"},
    {"GET", "/api/v1/activity-checks", checks_h, PERM_CONTACT_WRITE, 0, NULL,
     "待审核的委员自行记录活动"},
    {"POST", ACT "/links", link_add_h, PERM_CONTACT_SELF, ROUTE_JSON | ROUTE_SELF,
     activity_route_visible, "关联活动成果"},
    {"DELETE", ACT "/links/{link_id}", link_remove_h, PERM_CONTACT_SELF, ROUTE_SELF,
     activity_route_visible, "解除成果关联"},

    {"GET", "/api/v1/requests", requests_h, PERM_CONTACT_READ, ROUTE_SELF, NULL, "群众诉求列表",
     &contact_request_entity},
    {"POST", "/api/v1/requests", entity_create_h, PERM_CONTACT_SELF, ROUTE_JSON | ROUTE_SELF, NULL,
     "受理群众诉求", &contact_request_entity},
    {"GET", REQ, request_get_h, PERM_CONTACT_READ, ROUTE_SELF, request_route_visible,
     "群众诉求详情", &contact_request_entity},
    {"PATCH", REQ, entity_update_h, PERM_CONTACT_SELF, ROUTE_JSON | ROUTE_SELF,
     request_route_visible, "修改群众诉求", &contact_request_entity},
    {"DELETE", REQ, entity_delete_h, PERM_CONTACT_WRITE, 0, request_route_visible, "删除群众诉求",
     &contact_request_entity},
    {"POST", REQ "/start", request_action_h, PERM_CONTACT_SELF, ROUTE_SELF, request_route_visible,
     "开始办理诉求", "start"},
    {"POST", REQ "/resolve", request_action_h, PERM_CONTACT_SELF, ROUTE_JSON | ROUTE_SELF,
     request_route_visible, "诉求已解决", "resolve"},
    {"POST", REQ "/transfer", request_action_h, PERM_CONTACT_SELF, ROUTE_JSON | ROUTE_SELF,
     request_route_visible, "诉求已转办", "transfer"},
    {"POST", REQ "/answer", request_action_h, PERM_CONTACT_SELF, ROUTE_JSON | ROUTE_SELF,
     request_route_visible, "诉求已答复", "answer"},

    {"GET", "/api/v1/compliance", compliance_h, PERM_CONTACT_READ, ROUTE_SELF, NULL,
     "履职要求完成情况"},
    {"GET", "/api/v1/compliance/rollup", rollup_h, PERM_STATS_READ, 0, NULL, "联系群众工作统计"},
    {"POST", "/api/v1/compliance/rollup/export", rollup_export_h, PERM_STATS_READ, ROUTE_EXPORT,
     NULL, "导出联系群众工作统计（XLSX，任务）"},
    {"GET", "/api/v1/compliance/rollup/export", rollup_export_h, PERM_STATS_READ, ROUTE_EXPORT,
     NULL, "导出联系群众工作统计（旧地址：303 到任务）"},
    {"POST", "/api/v1/compliance/reminders", reminders_h, PERM_CONTACT_ORGANISE, ROUTE_JSON, NULL,
     "提醒未达标委员"},
    {0},
};
