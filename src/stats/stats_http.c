/* src/stats/stats_http.c: the dashboard's figures over HTTP. */
#include <stdlib.h>
#include <string.h>
#include "base/timeutil.h"
#include "db/db.h"
#include "http/request.h"
#include "http/router.h"
#include "stats.h"

/* GET /api/v1/stats/members?committee_id=N
** Active members of the committee's subtree (default: the caller's committee) by level, sector,
** gender, age band (the age reached this CST year) and party (an organiser: its body's
** members). 403 when the committee is outside the caller's scope. */
static void stats_members_h(struct request *rq) {
  const char *cs = request_query(rq, "committee_id");
  int64_t cid = cs && *cs ? strtoll(cs, NULL, 10) : rq->user->committee_id;
  if (cid <= 0)
    return reply_error(rq, ERR_INVALID_FIELD, "committee_id", "committee_id 应为正整数",
                       "committee_id must be a positive integer");
  struct db_stmt *st =
      db_query(rq->db, "SELECT path, name, level FROM committees WHERE id = ?", "i", cid);
  if (db_step(st) != DB_ROW) {
    db_done(st);
    return reply_error(rq, ERR_INVALID_FIELD, "committee_id", "所属政协不存在",
                       "No such committee");
  }
  char *path = arena_strdup(rq->arena, db_col_text(st, 0));
  json_t *committee = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)cid, "name", db_col_text(st, 1),
                                "level", db_col_text(st, 2));
  db_done(st);
  if (!access_in_scope(rq->user, path)) {
    json_decref(committee);
    return reply_error(rq, ERR_FORBIDDEN_SCOPE, "committee_id", "所选政协不在您的管辖范围内",
                       "That committee is outside your scope");
  }
  char today[11];
  time_cst_date(time_now(), today);
  json_t *out = stats_members(rq->db, rq->user, path, atoi(today), rq->lang == LANG_EN);
  json_object_set_new(out, "committee", committee);
  reply_json(rq, 200, out);
}

const struct route stats_routes[] = {
    {"GET", "/api/v1/stats/members", stats_members_h, PERM_MEMBER_READ, 0, NULL,
     "委员统计（看板）"},
    {0},
};
