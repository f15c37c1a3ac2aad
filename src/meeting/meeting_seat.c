/* src/meeting/meeting_seat.c: the seat plan (座位安排) of a meeting's hall: seat_rows rows of
** seat_cols seats (the meeting's fields), each member and non-voting attendee on one seat (staff
** have none). Staff assign them automatically — members first, grouped by sector (in the
** sectors' order) or all by name, then the attendees by name, row after row from the front — or
** by hand, a few invitees at a time; and print the chart (座位图, an A4 PDF built by a job: the
** hall as a grid of names, then the list of who sits where).
**
** Every write takes the meeting's lock and checks its state under it: seats change until the
** meeting closes. A seat holds one invitee (the UNIQUE (meeting_id, seat_row, seat_no) of
** migration 26 is the last guard; a hand assignment onto a seat someone else holds is 409). */
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/timeutil.h"
#include "doc/pdf.h"
#include "entity/entity_http.h"
#include "entity/input.h"
#include "http/request.h"
#include "http/router.h"
#include "job/job.h"
#include "job/job_http.h"
#include "meeting.h"

bool meeting_route_visible(struct request *rq, int64_t id);

const struct label meeting_seat_orders[] = {
    {"sector", "按界别", "By sector"},
    {"name", "按姓名", "By name"},
    {NULL},
};

/* One invitee with a seat or wanting one. */
struct seat {
  int64_t invitee;
  const char *name, *role, *sector;
  int64_t sector_sort, sector_id;
  int64_t row, no; /* 0: none */
};

/* The members and attendees of meeting id (staff have no seat), in the arena; *n their count. */
static struct seat *seats_of(struct entity_ctx *ctx, int64_t id, int *n) {
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT i.id, COALESCE(m.name, u.display_name, ''), i.role, COALESCE(s.name, ''),"
      " COALESCE(s.sort, 0), COALESCE(s.id, 0), COALESCE(i.seat_row, 0), COALESCE(i.seat_no, 0)"
      " FROM meeting_invitees i LEFT JOIN members m ON m.id = i.member_id"
      " LEFT JOIN users u ON u.id = i.user_id LEFT JOIN sectors s ON s.id = m.sector_id"
      " WHERE i.meeting_id = ? AND i.role <> 'staff' ORDER BY i.id",
      "i", id);
  int cap = 64;
  struct seat *v = arena_alloc(ctx->arena, cap * sizeof *v);
  *n = 0;
  while (db_step(st) == DB_ROW) {
    if (*n == cap) {
      struct seat *nv = arena_alloc(ctx->arena, 2 * cap * sizeof *nv);
      memcpy(nv, v, cap * sizeof *v);
      v = nv, cap *= 2;
    }
    struct seat *s = &v[(*n)++];
    s->invitee = db_col_int(st, 0);
    s->name = arena_strdup(ctx->arena, db_col_text(st, 1));
    s->role = arena_strdup(ctx->arena, db_col_text(st, 2));
    s->sector = arena_strdup(ctx->arena, db_col_text(st, 3));
    s->sector_sort = db_col_int(st, 4);
    s->sector_id = db_col_int(st, 5);
    s->row = db_col_int(st, 6);
    s->no = db_col_int(st, 7);
  }
  db_done(st);
  return v;
}

static int by_name(const struct seat *a, const struct seat *b) {
  int c = strcmp(a->name, b->name);
  return c ? c : (a->invitee > b->invitee) - (a->invitee < b->invitee);
}
static int role_rank(const struct seat *s) { return !strcmp(s->role, "member") ? 0 : 1; }
static int cmp_name(const void *x, const void *y) {
  const struct seat *a = x, *b = y;
  int r = role_rank(a) - role_rank(b);
  return r ? r : by_name(a, b);
}
static int cmp_sector(const void *x, const void *y) {
  const struct seat *a = x, *b = y;
  int r = role_rank(a) - role_rank(b);
  if (r) return r;
  if (!role_rank(a)) {
    /* members without a sector after those with one */
    if (!a->sector_id != !b->sector_id) return a->sector_id ? -1 : 1;
    if (a->sector_sort != b->sector_sort) return a->sector_sort < b->sector_sort ? -1 : 1;
    if (a->sector_id != b->sector_id) return a->sector_id < b->sector_id ? -1 : 1;
  }
  return by_name(a, b);
}
static int cmp_place(const void *x, const void *y) {
  const struct seat *a = x, *b = y;
  if (a->row != b->row) return a->row < b->row ? -1 : 1;
  return (a->no > b->no) - (a->no < b->no);
}

/* The hall of meeting id: its rows and seats per row. */
static void hall_of(struct entity_ctx *ctx, int64_t id, int64_t *rows, int64_t *cols) {
  struct db_stmt *st =
      db_query(ctx->db, "SELECT seat_rows, seat_cols FROM meetings WHERE id = ?", "i", id);
  *rows = *cols = 0;
  if (db_step(st) == DB_ROW) *rows = db_col_int(st, 0), *cols = db_col_int(st, 1);
  db_done(st);
}

/* The plan: {rows, cols, seated: [...] by row and seat, unseated: [...]}. */
static json_t *seat_plan(struct entity_ctx *ctx, int64_t id) {
  struct meeting_row m;
  if (!meeting_load(ctx, id, &m)) return NULL;
  int64_t rows, cols;
  hall_of(ctx, id, &rows, &cols);
  int n;
  struct seat *v = seats_of(ctx, id, &n);
  qsort(v, n, sizeof *v, cmp_place);
  json_t *seated = json_array(), *unseated = json_array();
  for (int k = 0; k < n; k++) {
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s}", "invitee_id", (json_int_t)v[k].invitee, "name",
                          v[k].name, "role", v[k].role, "role_label",
                          label_text(meeting_roles, v[k].role, ctx->en), "sector", v[k].sector);
    if (v[k].row) {
      json_object_set_new(o, "row", json_integer(v[k].row));
      json_object_set_new(o, "no", json_integer(v[k].no));
      json_array_append_new(seated, o);
    } else
      json_array_append_new(unseated, o);
  }
  return json_pack("{s:I,s:I,s:o,s:o}", "rows", (json_int_t)rows, "cols", (json_int_t)cols,
                   "seated", seated, "unseated", unseated);
}

/* Begins the write: the meeting's lock, its staff, before it closes. */
static bool seat_begin(struct entity_ctx *ctx, int64_t id, struct meeting_row *m) {
  int rc = db_begin(ctx->db);
  bool ok = rc == DB_DONE && meeting_lock(ctx, id, m);
  if (ok && !meeting_is_manager(ctx, m)) {
    entity_forbidden(ctx, "只有会务工作人员可以安排座位", "Only the meeting's staff assign seats");
    ok = false;
  }
  if (ok && m->state >= MS_CLOSED) {
    meeting_wrong_state(ctx, m, "会议已闭会，不能再安排座位",
                        "Seats are not assigned once the meeting closed");
    ok = false;
  }
  return ok;
}

/* POST .../seats/auto {by: sector|name, rows?, cols?}: every member and attendee seated anew. */
static bool seat_auto(struct entity_ctx *ctx, int64_t id, json_t *in) {
  static const char *const names[] = {"by", "rows", "cols", NULL};
  const char *by;
  int64_t rows = 0, cols = 0;
  if (!input_object(ctx, in) || !input_only(ctx, in, names) ||
      !(by = input_enum(ctx, in, "by", meeting_seat_orders, false, "排座方式")))
    return false;
  if (!*by) by = "sector";
  bool hall_given = json_object_get(in, "rows") || json_object_get(in, "cols");
  if (hall_given && (!input_int(ctx, in, "rows", 1, 200, &rows, "座位排数") ||
                     !input_int(ctx, in, "cols", 1, 200, &cols, "每排座位数")))
    return false;
  struct meeting_row m;
  bool ok = seat_begin(ctx, id, &m);
  if (ok && hall_given)
    ok = db_exec(ctx->db, "UPDATE meetings SET seat_rows = ?, seat_cols = ? WHERE id = ?", "iii",
                 rows, cols, id) == DB_DONE;
  if (ok) hall_of(ctx, id, &rows, &cols);
  int n = 0;
  struct seat *v = ok ? seats_of(ctx, id, &n) : NULL;
  if (ok && (!rows || !cols)) {
    entity_fail(ctx, ERR_INVALID_FIELD, "rows", "请先设定会场的排数和每排座位数",
                "Set the hall's rows and seats per row first");
    ok = false;
  }
  if (ok && rows * cols < n) {
    entity_fail(ctx, ERR_INVALID_FIELD, "rows",
                arena_printf(ctx->arena, "会场只有 %lld 个座位，参会人员有 %d 人",
                             (long long)(rows * cols), n),
                arena_printf(ctx->arena, "The hall has %lld seats for %d people",
                             (long long)(rows * cols), n));
    ok = false;
  }
  if (ok) {
    qsort(v, n, sizeof *v, !strcmp(by, "name") ? cmp_name : cmp_sector);
    ok = db_exec(ctx->db,
                 "UPDATE meeting_invitees SET seat_row = NULL, seat_no = NULL WHERE meeting_id = ?",
                 "i", id) == DB_DONE;
    for (int k = 0; ok && k < n; k++)
      ok =
          db_exec(ctx->db, "UPDATE meeting_invitees SET seat_row = ?, seat_no = ? WHERE id = ?",
                  "iii", (int64_t)(k / cols + 1), (int64_t)(k % cols + 1), v[k].invitee) == DB_DONE;
  }
  json_t *what = ok ? json_pack("{s:s,s:I,s:I,s:i}", "by", by, "rows", (json_int_t)rows, "cols",
                                (json_int_t)cols, "seated", n)
                    : NULL;
  ok = ok &&
       meeting_event(ctx, id, "seat",
                     arena_printf(ctx->arena, "%s自动排座 %d 人（%lld 排 × %lld 座）",
                                  label_text(meeting_seat_orders, by, false), n, (long long)rows,
                                  (long long)cols),
                     json_incref(what)) &&
       audit_record(ctx->db, ctx->user, ctx->ip, "meeting.seat", "meeting", id, m.committee_id,
                    NULL, what);
  json_decref(what);
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR);
}

#define MAX_HAND 2000

/* PUT .../seats {seats: [{invitee_id, row, no}]}: the listed invitees on the given seats (row and
** no null: no seat); the others keep theirs. */
static bool seat_hand(struct entity_ctx *ctx, int64_t id, json_t *in) {
  static const char *const names[] = {"seats", NULL};
  if (!input_object(ctx, in) || !input_only(ctx, in, names)) return false;
  json_t *list = json_object_get(in, "seats");
  if (!json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > MAX_HAND) {
    entity_fail(ctx, ERR_INVALID_FIELD, "seats", "请列出要安排的座位（1 至 2000 项）",
                "List the seats to assign (1 to 2000)");
    return false;
  }
  size_t n = json_array_size(list);
  struct seat *v = arena_alloc(ctx->arena, n * sizeof *v);
  static const char *const item_names[] = {"invitee_id", "row", "no", NULL};
  for (size_t k = 0; k < n; k++) {
    json_t *it = json_array_get(list, k);
    memset(&v[k], 0, sizeof v[k]);
    if (!input_object(ctx, it) || !input_only(ctx, it, item_names) ||
        !input_int(ctx, it, "invitee_id", 1, INT64_MAX, &v[k].invitee, "参会人员")) {
      ctx->err.field = "seats";
      return false;
    }
    json_t *r = json_object_get(it, "row"), *s = json_object_get(it, "no");
    bool clear = (!r || json_is_null(r)) && (!s || json_is_null(s));
    if (!clear && (!input_int(ctx, it, "row", 1, 200, &v[k].row, "排") ||
                   !input_int(ctx, it, "no", 1, 200, &v[k].no, "座"))) {
      ctx->err.field = "seats";
      return false;
    }
    for (size_t j = 0; j < k; j++)
      if (v[j].invitee == v[k].invitee ||
          (v[k].row && v[j].row == v[k].row && v[j].no == v[k].no)) {
        entity_fail(ctx, ERR_INVALID_FIELD, "seats", "同一人或同一座位列了两次",
                    "A person or a seat is listed twice");
        return false;
      }
  }
  struct meeting_row m;
  bool ok = seat_begin(ctx, id, &m);
  int64_t rows = 0, cols = 0;
  if (ok) hall_of(ctx, id, &rows, &cols);
  for (size_t k = 0; ok && k < n; k++) {
    if (!db_int(ctx->db, 0,
                "SELECT COUNT(*) FROM meeting_invitees WHERE id = ? AND meeting_id = ?"
                " AND role <> 'staff'",
                "ii", v[k].invitee, id)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "seats",
                  arena_printf(ctx->arena, "参会人员 %lld 不在这次会议的委员或列席人员中",
                               (long long)v[k].invitee),
                  arena_printf(ctx->arena, "Invitee %lld is no member or attendee of the meeting",
                               (long long)v[k].invitee));
      ok = false;
    } else if (v[k].row && (v[k].row > rows || v[k].no > cols)) {
      entity_fail(ctx, ERR_INVALID_FIELD, "seats",
                  arena_printf(ctx->arena, "会场只有 %lld 排、每排 %lld 座", (long long)rows,
                               (long long)cols),
                  arena_printf(ctx->arena, "The hall has %lld rows of %lld seats", (long long)rows,
                               (long long)cols));
      ok = false;
    }
  }
  /* free the listed invitees' seats, then take the new ones: a seat someone else holds is 409 */
  for (size_t k = 0; ok && k < n; k++)
    ok =
        db_exec(ctx->db, "UPDATE meeting_invitees SET seat_row = NULL, seat_no = NULL WHERE id = ?",
                "i", v[k].invitee) == DB_DONE;
  for (size_t k = 0; ok && k < n; k++) {
    if (!v[k].row) continue;
    struct db_stmt *st =
        db_query(ctx->db,
                 "SELECT COALESCE(m.name, u.display_name, '') FROM meeting_invitees i"
                 " LEFT JOIN members m ON m.id = i.member_id LEFT JOIN users u ON u.id = i.user_id"
                 " WHERE i.meeting_id = ? AND i.seat_row = ? AND i.seat_no = ?",
                 "iii", id, v[k].row, v[k].no);
    if (db_step(st) == DB_ROW) {
      entity_fail(ctx, ERR_CONFLICT, "seats",
                  arena_printf(ctx->arena, "第 %lld 排第 %lld 座已安排给%s", (long long)v[k].row,
                               (long long)v[k].no, db_col_text(st, 0)),
                  arena_printf(ctx->arena, "Row %lld seat %lld is taken by %s", (long long)v[k].row,
                               (long long)v[k].no, db_col_text(st, 0)));
      ok = false;
    }
    db_done(st);
    ok =
        ok && db_exec(ctx->db, "UPDATE meeting_invitees SET seat_row = ?, seat_no = ? WHERE id = ?",
                      "iii", v[k].row, v[k].no, v[k].invitee) == DB_DONE;
  }
  json_t *what = ok ? json_pack("{s:O}", "seats", list) : NULL;
  ok = ok &&
       meeting_event(ctx, id, "seat", arena_printf(ctx->arena, "调整座位 %zu 人", n),
                     json_incref(what)) &&
       audit_record(ctx->db, ctx->user, ctx->ip, "meeting.seat", "meeting", id, m.committee_id,
                    NULL, what);
  json_decref(what);
  return entity_finish(ctx, ok ? DB_DONE : DB_ERROR);
}

/* ---- the chart ------------------------------------------------------------------------------- */

#define CHART_COLS 10 /* seats per table across the page; a wider hall is printed in parts */

/* The seat chart of meeting id as an A4 PDF appended to out. False with ctx->err. */
static bool seat_chart_pdf(struct entity_ctx *ctx, int64_t id, struct buf *out) {
  struct meeting_row m;
  if (!meeting_load(ctx, id, &m)) return false;
  struct arena *a = ctx->arena;
  int64_t rows, cols;
  hall_of(ctx, id, &rows, &cols);
  if (!rows || !cols) {
    entity_fail(ctx, ERR_WRONG_STATE, NULL, "会场的座位尚未设定", "The hall has no seats yet");
    return false;
  }
  int n;
  struct seat *v = seats_of(ctx, id, &n);
  qsort(v, n, sizeof *v, cmp_place);
  const char **grid = arena_alloc(a, (size_t)(rows * cols) * sizeof *grid);
  for (int64_t k = 0; k < rows * cols; k++) grid[k] = "";
  int seated = 0;
  for (int k = 0; k < n; k++)
    if (v[k].row && v[k].row <= rows && v[k].no <= cols) {
      grid[(v[k].row - 1) * cols + v[k].no - 1] = v[k].name;
      seated++;
    }
  const char *committee = "";
  struct db_stmt *st =
      db_query(ctx->db, "SELECT name FROM committees WHERE id = ?", "i", m.committee_id);
  if (db_step(st) == DB_ROW) committee = arena_strdup(a, db_col_text(st, 0));
  db_done(st);
  const char *venue = "";
  st = db_query(ctx->db, "SELECT venue FROM meetings WHERE id = ?", "i", id);
  if (db_step(st) == DB_ROW) venue = arena_strdup(a, db_col_text(st, 0));
  db_done(st);
  struct pdf *d = pdf_open(committee);
  if (!d) {
    entity_fail(ctx, ERR_INTERNAL, NULL, "无法生成 PDF", "Cannot make the PDF");
    return false;
  }
  char when[20];
  time_cst_minute(m.starts_at, when);
  pdf_title(d, arena_printf(a, "%s座位图", m.title));
  pdf_subtitle(d, arena_printf(a, "%s%s%s", when, *venue ? "　" : "", venue));
  pdf_para(d, arena_printf(a,
                           "会场共 %lld 排，每排 %lld 座；已安排 %d 人，未安排 %d 人。第 1 排"
                           "靠近主席台，座号自左向右。",
                           (long long)rows, (long long)cols, seated, n - seated));
  for (int64_t c0 = 0; c0 < cols; c0 += CHART_COLS) {
    int64_t w = cols - c0 < CHART_COLS ? cols - c0 : CHART_COLS;
    if (cols > CHART_COLS)
      pdf_heading(d,
                  arena_printf(a, "第 %lld 至 %lld 座", (long long)(c0 + 1), (long long)(c0 + w)));
    const char **header = arena_alloc(a, (size_t)(w + 1) * sizeof *header);
    const char **cells = arena_alloc(a, (size_t)(rows * (w + 1)) * sizeof *cells);
    header[0] = "排";
    for (int64_t c = 0; c < w; c++)
      header[c + 1] = arena_printf(a, "%lld座", (long long)(c0 + c + 1));
    for (int64_t r = 0; r < rows; r++) {
      cells[r * (w + 1)] = arena_printf(a, "第%lld排", (long long)(r + 1));
      for (int64_t c = 0; c < w; c++) cells[r * (w + 1) + c + 1] = grid[r * cols + c0 + c];
    }
    pdf_table(d, (int)(w + 1), NULL, header, cells, (int)rows);
  }
  pdf_heading(d, "座次表");
  static const char *const header[] = {"序号", "姓名", "参会身份", "界别", "座位"};
  static const double widths[] = {0.7, 1.4, 1.0, 2.0, 1.4};
  const char **cells = arena_alloc(a, (size_t)(seated ? seated : 1) * 5 * sizeof *cells);
  int k2 = 0;
  for (int k = 0; k < n; k++) {
    if (!v[k].row) continue;
    const char **r = cells + k2 * 5;
    r[0] = arena_printf(a, "%d", k2 + 1);
    r[1] = v[k].name;
    r[2] = label_text(meeting_roles, v[k].role, false);
    r[3] = v[k].sector;
    r[4] = arena_printf(a, "第%lld排第%lld座", (long long)v[k].row, (long long)v[k].no);
    k2++;
  }
  pdf_table(d, 5, widths, header, cells, k2);
  bool ok = pdf_finish(d, out);
  if (!ok) entity_fail(ctx, ERR_INTERNAL, NULL, "生成 PDF 失败", "Could not write the PDF");
  return ok;
}

/* The job of chart_h. */
static bool chart_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  struct buf out = {0};
  job_progress(j, 0, 1, "生成座位图");
  return job_set_file(j, &ctx, seat_chart_pdf(&ctx, j->record_id, &out), &out, "application/pdf",
                      arena_printf(j->arena, "座位图-%lld.pdf", (long long)j->record_id));
}

/* ---- HTTP ------------------------------------------------------------------------------------ */

/* GET /api/v1/meetings/{id}/seats: the plan. */
static void plan_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  reply_result(rq, ctx, seat_plan(ctx, request_id(rq, "id")));
}

/* POST /api/v1/meetings/{id}/seats/auto: 200 with the plan. */
static void auto_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!seat_auto(ctx, id, rq->json)) return reply_entity_error(rq, ctx);
  reply_result(rq, ctx, seat_plan(ctx, id));
}

/* PUT /api/v1/meetings/{id}/seats: 200 with the plan. */
static void hand_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id");
  if (!seat_hand(ctx, id, rq->json)) return reply_entity_error(rq, ctx);
  reply_result(rq, ctx, seat_plan(ctx, id));
}

/* POST /api/v1/meetings/{id}/seat-chart: 202 {"job"} whose file is the chart; 409 at once when
** the hall has no seats. */
static void chart_h(struct request *rq) {
  struct entity_ctx *ctx = request_ctx(rq);
  int64_t id = request_id(rq, "id"), rows, cols;
  hall_of(ctx, id, &rows, &cols);
  if (!rows || !cols)
    return reply_error(rq, ERR_WRONG_STATE, NULL, "会场的座位尚未设定",
                       "The hall has no seats yet");
  job_export_start(rq, "meeting_seat_chart", id, NULL);
}

const struct job_kind meeting_seat_job_kinds[] = {
    {"meeting_seat_chart", "会议座位图 PDF", chart_job, PERM_MEETING_MANAGE, meeting_visible, true},
    {NULL},
};

const struct label_table meeting_seat_labels[] = {
    {"meeting.seat_order", meeting_seat_orders},
    {NULL},
};

#define P "/api/v1/meetings/{id}"
const struct route meeting_seat_routes[] = {
    {"GET", P "/seats", plan_h, PERM_MEETING_MANAGE, 0, meeting_route_visible, "座位安排"},
    {"POST", P "/seats/auto", auto_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible,
     "自动排座（按界别或姓名）"},
    {"PUT", P "/seats", hand_h, PERM_MEETING_MANAGE, ROUTE_JSON, meeting_route_visible,
     "手工调整座位"},
    {"POST", P "/seat-chart", chart_h, PERM_MEETING_MANAGE, ROUTE_EXPORT, meeting_route_visible,
     "座位图（PDF，任务）"},
    {NULL},
};
