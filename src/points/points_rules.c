/* src/points/points_rules.c: the event catalogue, the example rule set, and rule sets per
** committee and year, versioned (see points.h). A rule set's body is stored as JSON text and
** parsed into struct points_rules; points are tenths inside, numbers with one decimal outside. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth/access.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "entity/entity.h"
#include "points_int.h"

const char *const points_categories[][3] = {
    {"meeting", "会议出席", "Meetings"}, {"activity", "履职活动", "Activities"},
    {"proposal", "提案", "Proposals"},   {"report", "社情民意信息", "Reports"},
    {"speech", "发言", "Speeches"},      {NULL, NULL, NULL},
};

static const struct points_event_kind catalogue[] = {
    {"plenary.present", "meeting", "出席全体会议", "Plenary session attended", 500, 0},
    {"plenary.excused", "meeting", "全体会议请假", "Plenary session, excused", 300, 0},
    {"plenary.absent", "meeting", "缺席全体会议", "Plenary session missed", 0, 0},
    {"standing.present", "meeting", "出席常委会议", "Standing committee attended", 100, 0},
    {"standing.excused", "meeting", "常委会议请假", "Standing committee, excused", 50, 0},
    {"standing.absent", "meeting", "缺席常委会议", "Standing committee missed", -50, 0},
    {"meeting.present", "meeting", "出席其他会议", "Other meeting attended", 30, 300},
    {"meeting.excused", "meeting", "其他会议请假", "Other meeting, excused", 0, 0},
    {"meeting.absent", "meeting", "无故缺席其他会议", "Other meeting missed without leave", -50, 0},
    {"meeting.vote", "meeting", "参加会议表决", "Took part in a meeting's votes", 0, 0},
    {"activity.visit", "activity", "走访", "Visit", 20, 100},
    {"activity.consultation", "activity", "互动协商", "Interactive consultation", 30, 150},
    {"activity.practical_help", "activity", "帮办实事", "Practical help", 30, 150},
    {"activity.guidance", "activity", "教育引导", "Guidance", 20, 100},
    {"activity.duty_report", "activity", "履职报告", "Duty report", 30, 150},
    {"activity.research", "activity", "调研视察", "Research and inspection", 50, 200},
    {"activity.lecture", "activity", "宣讲", "Lecture", 40, 200},
    {"activity.deliberation", "activity", "协商议事", "Deliberation", 50, 200},
    {"activity.learning", "activity", "学习", "Learning", 20, 100},
    {"activity.absent", "activity", "无故缺席活动", "Activity missed without leave", -50, 0},
    {"proposal.submitted", "proposal", "提交提案（第一提案人）",
     "Proposal submitted (first proposer)", 100, 0},
    {"proposal.filed", "proposal", "提案立案（第一提案人）", "Proposal filed (first proposer)", 150,
     0},
    {"proposal.cosigned", "proposal", "联名提案（联名人）", "Proposal co-signed", 30, 0},
    {"proposal.cosigned_filed", "proposal", "联名提案立案（联名人）", "Co-signed proposal filed",
     50, 0},
    {"proposal.key", "proposal", "重点提案", "Key proposal", 50, 0},
    {"proposal.good", "proposal", "优秀提案", "Good proposal", 100, 0},
    {"report.submitted", "report", "报送社情民意信息", "Report submitted", 100, 0},
    {"report.adopted", "report", "社情民意信息本级采用", "Report adopted locally", 50, 0},
    {"report.adopted_province", "report", "社情民意信息省级采用", "Report adopted by the province",
     50, 0},
    {"report.adopted_national", "report", "社情民意信息全国政协采用", "Report adopted nationally",
     200, 0},
    {"report.instruction_local", "report", "获本级领导批示", "Local leader's instruction", 100, 0},
    {"report.instruction_province", "report", "获省级领导批示", "Provincial leader's instruction",
     200, 0},
    {"report.instruction_central", "report", "获中央领导批示", "Central leader's instruction", 300,
     0},
    {"speech.plenary", "speech", "大会发言", "Speech at the plenary", 100, 0},
    {"speech.other", "speech", "其他会议发言", "Speech at another meeting", 50, 0},
};
#define NEVENTS ((int)(sizeof catalogue / sizeof catalogue[0]))

/* Yearly caps of the example rule set per category, tenths (0: none). */
static const int default_category_caps[] = {0, 400, 500, 600, 200};

const struct points_event_kind *points_events(int *n) {
  *n = NEVENTS;
  return catalogue;
}

int points_event_index(const char *key) {
  for (int i = 0; key && i < NEVENTS; i++)
    if (!strcmp(catalogue[i].key, key)) return i;
  return -1;
}

static int category_index(const char *key) {
  for (int i = 0; key && points_categories[i][0]; i++)
    if (!strcmp(points_categories[i][0], key)) return i;
  return -1;
}

json_t *points_json(int64_t t) {
  return t % 10 ? json_real((double)t / 10.0) : json_integer(t / 10);
}

int points_term_start(int year) {
  int d = year - 2023;
  int k = d >= 0 ? d / POINTS_TERM_YEARS : -((POINTS_TERM_YEARS - 1 - d) / POINTS_TERM_YEARS);
  return 2023 + k * POINTS_TERM_YEARS;
}

/* A term named by its years: "2023–2027年". */
static void term_years_name(char *out, size_t cap, int start) {
  snprintf(out, cap, "%d–%d年", start, start + POINTS_TERM_YEARS - 1);
}

/* {"name", "start_year", "end_year"} of a term. */
static json_t *term_json(const char *name, int start) {
  return json_pack("{s:s,s:i,s:i}", "name", name, "start_year", start, "end_year",
                   start + POINTS_TERM_YEARS - 1);
}

json_t *points_default_rules_json(int year) {
  json_t *rules = json_array(), *caps = json_object();
  for (int i = 0; i < NEVENTS; i++) {
    json_t *r =
        json_pack("{s:s,s:o}", "event", catalogue[i].key, "points", points_json(catalogue[i].dflt));
    json_object_set_new(r, "cap",
                        catalogue[i].dflt_cap ? points_json(catalogue[i].dflt_cap) : json_null());
    json_array_append_new(rules, r);
  }
  for (int i = 0; points_categories[i][0]; i++)
    json_object_set_new(caps, points_categories[i][0],
                        default_category_caps[i] ? points_json(default_category_caps[i])
                                                 : json_null());
  json_t *o = json_pack(
      "{s:i,s:i,s:s,s:n,s:o,s:o,s:[{s:s,s:s,s:i},{s:s,s:s,s:i},{s:s,s:s,s:i},{s:s,s:s,s:i}],"
      "s:{s:i,s:i},s:[s,s,s],s:{s:i,s:i,s:i,s:i},"
      "s:[{s:s,s:s,s:i,s:i,s:b,s:i},{s:s,s:s,s:i,s:i,s:b,s:i}]}",
      "full_marks", 100, "pass", 60, "min_attendance", "2/3", "year_cap", "rules", rules,
      "category_caps", caps, "grades", "grade", "excellent", "label", "优秀", "min", 90, "grade",
      "good", "label", "良好", "min", 80, "grade", "competent", "label", "称职", "min", 60, "grade",
      "incompetent", "label", "不称职", "min", 0, "bottom", "count", 0, "percent", 10,
      "checkpoints", "06-30", "09-30", "11-30", "flags", "talk_below", 60, "resign_low_years", 2,
      "resign_plenary_absences", 3, "term_start_year", points_term_start(year), "honours", "key",
      "top10", "name", "十佳委员", "count", 10, "min_score", 90, "no_plenary_absence", 1,
      "min_proposals_filed", 1, "key", "excellent", "name", "优秀委员", "percent", 10, "min_score",
      90, "no_plenary_absence", 1, "min_proposals_filed", 0);
  char name[64];
  term_years_name(name, sizeof name, points_term_start(year));
  json_object_set_new(o, "term", term_json(name, points_term_start(year)));
  return o;
}

/* ---- parsing -------------------------------------------------------------------------------- */

static bool bad(struct entity_ctx *ctx, const char *field, const char *zh, const char *en) {
  entity_fail(ctx, ERR_INVALID_FIELD, field, arena_printf(ctx->arena, "积分规则 %s：%s", field, zh),
              arena_printf(ctx->arena, "rule set %s: %s", field, en));
  return false;
}

/* A number of points (one decimal at most) in [min, max] as tenths; null or absent → dflt. */
static bool tenths(struct entity_ctx *ctx, json_t *v, const char *field, int min, int max, int dflt,
                   int *out) {
  *out = dflt;
  if (!v || json_is_null(v)) return true;
  if (!json_is_number(v)) return bad(ctx, field, "应为数值", "must be a number");
  double x = json_number_value(v) * 10.0;
  double r = round(x);
  if (fabs(x - r) > 1e-6) return bad(ctx, field, "最多一位小数", "one decimal at most");
  if (r < min || r > max)
    return bad(ctx, field, arena_printf(ctx->arena, "应在 %g 到 %g 之间", min / 10.0, max / 10.0),
               arena_printf(ctx->arena, "must lie between %g and %g", min / 10.0, max / 10.0));
  *out = (int)r;
  return true;
}

/* An integer member in [min, max]; absent → dflt. */
static bool whole(struct entity_ctx *ctx, json_t *v, const char *field, int min, int max, int dflt,
                  int *out) {
  *out = dflt;
  if (!v || json_is_null(v)) return true;
  if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
    return bad(ctx, field, arena_printf(ctx->arena, "应为 %d 到 %d 之间的整数", min, max),
               arena_printf(ctx->arena, "must be an integer from %d to %d", min, max));
  *out = (int)json_integer_value(v);
  return true;
}

/* Copies a string member of at most cap-1 bytes (non-empty when required). */
static bool text(struct entity_ctx *ctx, json_t *v, const char *field, char *out, size_t cap,
                 bool required) {
  const char *s = json_string_value(v);
  if (!v && !required) return true;
  if (!s || (required && !*s) || strlen(s) >= cap)
    return bad(ctx, field, "应为不太长的非空文字", "must be a short non-empty string");
  snprintf(out, cap, "%s", s);
  return true;
}

static const char *const body_keys[] = {
    "full_marks", "pass",   "min_attendance", "year_cap", "rules", "category_caps",
    "grades",     "bottom", "checkpoints",    "flags",    "term",  "honours",
    NULL};

static bool parse_rules(struct entity_ctx *ctx, json_t *rules, struct points_rules *r) {
  if (!json_is_array(rules)) return bad(ctx, "rules", "应为规则数组", "must be an array of rules");
  size_t i;
  json_t *x;
  json_array_foreach(rules, i, x) {
    const char *field = arena_printf(ctx->arena, "rules[%zu]", i);
    int k = points_event_index(json_string_value(json_object_get(x, "event")));
    if (!json_is_object(x) || k < 0)
      return bad(ctx, field, "事项不在积分事项目录中（见 GET /api/v1/rule-sets/catalogue）",
                 "event is not in the catalogue (GET /api/v1/rule-sets/catalogue)");
    const char *key;
    json_t *v;
    json_object_foreach(x, key, v) {
      if (strcmp(key, "event") && strcmp(key, "points") && strcmp(key, "cap"))
        return bad(ctx, field, arena_printf(ctx->arena, "未知字段 %s", key),
                   arena_printf(ctx->arena, "unknown member %s", key));
    }
    if (!json_object_get(x, "points")) return bad(ctx, field, "缺少分值 points", "points missing");
    if (!tenths(ctx, json_object_get(x, "points"), field, -1000, 1000, 0, &r->points[k]) ||
        !tenths(ctx, json_object_get(x, "cap"), field, 0, 10000, 0, &r->caps[k]))
      return false;
  }
  return true;
}

static bool parse_grades(struct entity_ctx *ctx, json_t *g, struct points_rules *r) {
  if (!json_is_array(g) || json_array_size(g) < 1 || json_array_size(g) > POINTS_MAX_GRADES)
    return bad(ctx, "grades", "应为 1 到 6 个等次", "must list 1 to 6 grades");
  size_t i;
  json_t *x;
  r->ngrades = 0;
  json_array_foreach(g, i, x) {
    struct points_grade *pg = &r->grades[r->ngrades++];
    if (!text(ctx, json_object_get(x, "grade"), "grades", pg->key, sizeof pg->key, true) ||
        !text(ctx, json_object_get(x, "label"), "grades", pg->zh, sizeof pg->zh, true) ||
        !tenths(ctx, json_object_get(x, "min"), "grades", 0, 100000, 0, &pg->min))
      return false;
    if (i > 0 && pg->min >= r->grades[i - 1].min)
      return bad(ctx, "grades", "等次应按最低分从高到低排列",
                 "grades must be ordered by min, highest first");
  }
  if (r->ngrades == 0 || r->grades[r->ngrades - 1].min != 0)
    return bad(ctx, "grades", "最后一个等次的最低分应为 0", "the last grade must start at 0");
  return true;
}

static bool parse_checkpoints(struct entity_ctx *ctx, json_t *c, struct points_rules *r) {
  r->ncheckpoints = 0;
  if (!c || json_is_null(c)) return true;
  if (!json_is_array(c) || json_array_size(c) > POINTS_MAX_CHECKPOINTS)
    return bad(ctx, "checkpoints", "应为至多 6 个“MM-DD”日期", "must list at most 6 MM-DD dates");
  size_t i;
  json_t *x;
  json_array_foreach(c, i, x) {
    const char *s = json_string_value(x);
    int m, d;
    char tail;
    if (!s || strlen(s) != 5 || sscanf(s, "%2d-%2d%c", &m, &d, &tail) != 2 || m < 1 || m > 12 ||
        d < 1 || d > 31)
      return bad(ctx, "checkpoints", "应为“MM-DD”日期，如 06-30",
                 "must be MM-DD dates such as 06-30");
    snprintf(r->checkpoints[r->ncheckpoints++], 6, "%s", s);
  }
  return true;
}

static bool parse_honours(struct entity_ctx *ctx, json_t *h, struct points_rules *r) {
  r->nhonours = 0;
  if (!h || json_is_null(h)) return true;
  if (!json_is_array(h) || json_array_size(h) > POINTS_MAX_HONOURS)
    return bad(ctx, "honours", "应为至多 6 项评优名单", "must list at most 6 honours");
  size_t i;
  json_t *x;
  json_array_foreach(h, i, x) {
    struct points_honour *o = &r->honours[r->nhonours++];
    memset(o, 0, sizeof *o);
    if (!text(ctx, json_object_get(x, "key"), "honours", o->key, sizeof o->key, true) ||
        !text(ctx, json_object_get(x, "name"), "honours", o->name, sizeof o->name, true) ||
        !whole(ctx, json_object_get(x, "count"), "honours", 0, 100000, 0, &o->count) ||
        !whole(ctx, json_object_get(x, "percent"), "honours", 0, 100, 0, &o->percent) ||
        !tenths(ctx, json_object_get(x, "min_score"), "honours", 0, 100000, 0, &o->min_score) ||
        !whole(ctx, json_object_get(x, "min_proposals_filed"), "honours", 0, 100, 0,
               &o->min_proposals_filed))
      return false;
    o->no_plenary_absence = json_is_true(json_object_get(x, "no_plenary_absence"));
    if (!o->count && !o->percent)
      return bad(ctx, "honours", "每项评优应给出名额 count 或比例 percent",
                 "each honour needs a count or a percent");
    for (int j = 0; j < r->nhonours - 1; j++)
      if (!strcmp(r->honours[j].key, o->key))
        return bad(ctx, "honours", "key 重复", "duplicate key");
  }
  return true;
}

/* The term of the rule set for r->year (see points_rules_parse). Stored bodies (stored) are
** read as they were saved: no check of the year against the term, and without "term" the old
** flags.term_start_year (default: the year). f is the body's flags (may be NULL). */
static bool parse_term(struct entity_ctx *ctx, json_t *t, json_t *f, struct points_rules *r,
                       bool stored) {
  int year = r->year, flag = 0;
  if (!whole(ctx, json_object_get(f, "term_start_year"), "flags.term_start_year", 2000, 2099, 0,
             &flag))
    return false;
  if (!t || json_is_null(t)) {
    /* no term named: the old flags.term_start_year, else the default term of the year */
    r->term_start_year = flag     ? flag
                         : stored ? (year ? year : 2023)
                                  : points_term_start(year ? year : 2023);
    term_years_name(r->term_name, sizeof r->term_name, r->term_start_year);
    if (!stored && year &&
        (r->term_start_year > year || year >= r->term_start_year + POINTS_TERM_YEARS))
      return bad(ctx, "flags.term_start_year",
                 arena_printf(ctx->arena, "规则年度 %d 不在 %d–%d 年这一届之内（一届五年）", year,
                              r->term_start_year, r->term_start_year + POINTS_TERM_YEARS - 1),
                 arena_printf(ctx->arena,
                              "the rule set's year %d is not in the term %d–%d (five years)", year,
                              r->term_start_year, r->term_start_year + POINTS_TERM_YEARS - 1));
    return true;
  }
  if (!json_is_object(t))
    return bad(ctx, "term", "应为对象 {name, start_year}", "must be an object {name, start_year}");
  const char *key;
  json_t *v;
  json_object_foreach(t, key, v) {
    if (strcmp(key, "name") && strcmp(key, "start_year") && strcmp(key, "end_year"))
      return bad(ctx, "term", arena_printf(ctx->arena, "未知字段 %s", key),
                 arena_printf(ctx->arena, "unknown member %s", key));
  }
  int start = 0, end = 0;
  if (!json_object_get(t, "start_year") || json_is_null(json_object_get(t, "start_year")))
    return bad(ctx, "term.start_year", "缺少本届起始年度", "start_year missing");
  if (!whole(ctx, json_object_get(t, "start_year"), "term.start_year", 2000, 2099, 0, &start) ||
      !whole(ctx, json_object_get(t, "end_year"), "term.end_year", 2000, 2103, 0, &end))
    return false;
  if (end && end != start + POINTS_TERM_YEARS - 1)
    return bad(ctx, "term.end_year",
               arena_printf(ctx->arena, "一届为五年，应为 %d", start + POINTS_TERM_YEARS - 1),
               arena_printf(ctx->arena, "a term lasts five years: must be %d",
                            start + POINTS_TERM_YEARS - 1));
  json_t *jn = json_object_get(t, "name");
  const char *name = json_string_value(jn);
  if (jn && !json_is_null(jn) && (!name || strlen(name) >= sizeof r->term_name))
    return bad(ctx, "term.name", "应为不超过 60 字节的文字",
               "must be a string of at most 60 bytes");
  if (flag && flag != start)
    return bad(ctx, "flags.term_start_year",
               arena_printf(ctx->arena, "与 term.start_year（%d）不一致", start),
               arena_printf(ctx->arena, "differs from term.start_year (%d)", start));
  r->term_start_year = start;
  if (name && *name)
    snprintf(r->term_name, sizeof r->term_name, "%s", name);
  else
    term_years_name(r->term_name, sizeof r->term_name, start);
  if (!stored && year && (year < start || year >= start + POINTS_TERM_YEARS))
    return bad(ctx, "term.start_year",
               arena_printf(ctx->arena, "规则年度 %d 不在%s（%d–%d 年）之内：一届为五年", year,
                            r->term_name, start, start + POINTS_TERM_YEARS - 1),
               arena_printf(ctx->arena,
                            "the rule set's year %d is not in the term %s (%d–%d): a term lasts "
                            "five years",
                            year, r->term_name, start, start + POINTS_TERM_YEARS - 1));
  return true;
}

static bool parse(struct entity_ctx *ctx, json_t *body, struct points_rules *r, bool stored);

bool points_rules_parse(struct entity_ctx *ctx, json_t *body, struct points_rules *r) {
  return parse(ctx, body, r, false);
}

static bool parse(struct entity_ctx *ctx, json_t *body, struct points_rules *r, bool stored) {
  int64_t id = r->id, cid = r->committee_id;
  int year = r->year, version = r->version;
  char name[128];
  memcpy(name, r->name, sizeof name);
  memset(r, 0, sizeof *r);
  r->id = id, r->committee_id = cid, r->year = year, r->version = version;
  memcpy(r->name, name, sizeof name);
  r->points = arena_alloc(ctx->arena, NEVENTS * sizeof(int));
  r->caps = arena_alloc(ctx->arena, NEVENTS * sizeof(int));
  memset(r->points, 0, NEVENTS * sizeof(int));
  memset(r->caps, 0, NEVENTS * sizeof(int));
  if (!json_is_object(body))
    return bad(ctx, "rules", "规则集应为 JSON 对象", "a rule set must be a JSON object");
  const char *key;
  json_t *v;
  json_object_foreach(body, key, v) {
    bool known = false;
    for (int i = 0; body_keys[i]; i++) known |= !strcmp(key, body_keys[i]);
    if (!known && strcmp(key, "committee_id") && strcmp(key, "year") && strcmp(key, "name") &&
        strcmp(key, "note") && strcmp(key, "id") && strcmp(key, "version") &&
        strcmp(key, "created_at") && strcmp(key, "created_by_name") &&
        strcmp(key, "committee_name") && strcmp(key, "current"))
      return bad(ctx, key, "未知字段", "unknown member");
  }
  if (!tenths(ctx, json_object_get(body, "full_marks"), "full_marks", 10, 100000, 1000,
              &r->full_marks) ||
      !tenths(ctx, json_object_get(body, "pass"), "pass", 0, 100000, 600, &r->pass) ||
      !tenths(ctx, json_object_get(body, "year_cap"), "year_cap", 0, 1000000, 0, &r->year_cap))
    return false;
  const char *att = json_string_value(json_object_get(body, "min_attendance"));
  r->att_num = 2, r->att_den = 3;
  if (json_object_get(body, "min_attendance")) {
    char tail;
    if (!att || sscanf(att, "%d/%d%c", &r->att_num, &r->att_den, &tail) != 2 || r->att_num < 0 ||
        r->att_den < 1 || r->att_num > r->att_den || r->att_den > 100)
      return bad(ctx, "min_attendance", "应为分数，如 \"2/3\"",
                 "must be a fraction such as \"2/3\"");
  }
  if (!parse_rules(ctx, json_object_get(body, "rules"), r)) return false;
  json_t *cc = json_object_get(body, "category_caps");
  if (cc && !json_is_null(cc)) {
    if (!json_is_object(cc)) return bad(ctx, "category_caps", "应为对象", "must be an object");
    json_object_foreach(cc, key, v) {
      int c = category_index(key);
      if (c < 0)
        return bad(ctx, "category_caps", arena_printf(ctx->arena, "未知类别 %s", key),
                   "unknown category");
      if (!tenths(ctx, v, "category_caps", 0, 1000000, 0, &r->category_caps[c])) return false;
    }
  }
  json_t *g = json_object_get(body, "grades");
  if (!g) {
    static const struct points_grade dg[] = {{"excellent", "优秀", 900},
                                             {"good", "良好", 800},
                                             {"competent", "称职", 600},
                                             {"incompetent", "不称职", 0}};
    memcpy(r->grades, dg, sizeof dg);
    r->ngrades = 4;
  } else if (!parse_grades(ctx, g, r))
    return false;
  json_t *b = json_object_get(body, "bottom"), *f = json_object_get(body, "flags");
  if ((b && !json_is_object(b) && !json_is_null(b)) ||
      (f && !json_is_object(f) && !json_is_null(f)))
    return bad(ctx, b && !json_is_object(b) ? "bottom" : "flags", "应为对象", "must be an object");
  if (!whole(ctx, json_object_get(b, "count"), "bottom.count", 0, 100000, 0, &r->bottom_count) ||
      !whole(ctx, json_object_get(b, "percent"), "bottom.percent", 0, 100, 10,
             &r->bottom_percent) ||
      !tenths(ctx, json_object_get(f, "talk_below"), "flags.talk_below", 0, 100000, r->pass,
              &r->talk_below) ||
      !whole(ctx, json_object_get(f, "resign_low_years"), "flags.resign_low_years", 0, 10, 2,
             &r->resign_low_years) ||
      !whole(ctx, json_object_get(f, "resign_plenary_absences"), "flags.resign_plenary_absences", 0,
             10, 3, &r->resign_plenary_absences) ||
      !parse_term(ctx, json_object_get(body, "term"), f, r, stored))
    return false;
  return parse_checkpoints(ctx, json_object_get(body, "checkpoints"), r) &&
         parse_honours(ctx, json_object_get(body, "honours"), r);
}

json_t *points_rules_json(const struct points_rules *r) {
  json_t *rules = json_array(), *caps = json_object(), *grades = json_array(), *cps = json_array(),
         *hon = json_array();
  for (int i = 0; i < NEVENTS; i++) {
    json_t *x =
        json_pack("{s:s,s:o}", "event", catalogue[i].key, "points", points_json(r->points[i]));
    json_object_set_new(x, "cap", r->caps[i] ? points_json(r->caps[i]) : json_null());
    json_array_append_new(rules, x);
  }
  for (int i = 0; points_categories[i][0]; i++)
    json_object_set_new(caps, points_categories[i][0],
                        r->category_caps[i] ? points_json(r->category_caps[i]) : json_null());
  for (int i = 0; i < r->ngrades; i++)
    json_array_append_new(grades, json_pack("{s:s,s:s,s:o}", "grade", r->grades[i].key, "label",
                                            r->grades[i].zh, "min", points_json(r->grades[i].min)));
  for (int i = 0; i < r->ncheckpoints; i++)
    json_array_append_new(cps, json_string(r->checkpoints[i]));
  for (int i = 0; i < r->nhonours; i++) {
    const struct points_honour *h = &r->honours[i];
    json_t *x = json_pack("{s:s,s:s,s:o,s:b,s:i}", "key", h->key, "name", h->name, "min_score",
                          points_json(h->min_score), "no_plenary_absence", h->no_plenary_absence,
                          "min_proposals_filed", h->min_proposals_filed);
    if (h->count) json_object_set_new(x, "count", json_integer(h->count));
    if (h->percent) json_object_set_new(x, "percent", json_integer(h->percent));
    json_array_append_new(hon, x);
  }
  json_t *o = json_pack(
      "{s:o,s:o,s:s,s:o,s:o,s:o,s:{s:i,s:i},s:o,s:{s:o,s:i,s:i,s:i},s:o}", "full_marks",
      points_json(r->full_marks), "pass", points_json(r->pass), "min_attendance", "", "rules",
      rules, "category_caps", caps, "grades", grades, "bottom", "count", r->bottom_count, "percent",
      r->bottom_percent, "checkpoints", cps, "flags", "talk_below", points_json(r->talk_below),
      "resign_low_years", r->resign_low_years, "resign_plenary_absences",
      r->resign_plenary_absences, "term_start_year", r->term_start_year, "honours", hon);
  char att[16];
  snprintf(att, sizeof att, "%d/%d", r->att_num, r->att_den);
  json_object_set_new(o, "min_attendance", json_string(att));
  json_object_set_new(o, "year_cap", r->year_cap ? points_json(r->year_cap) : json_null());
  json_object_set_new(o, "term", term_json(r->term_name, r->term_start_year));
  return o;
}

const struct points_grade *points_grade_of(const struct points_rules *r, int64_t score) {
  for (int i = 0; i < r->ngrades; i++)
    if (score >= r->grades[i].min) return &r->grades[i];
  return &r->grades[r->ngrades - 1];
}

/* ---- storage -------------------------------------------------------------------------------- */

#define RULE_COLS "r.id, r.committee_id, r.year, r.version, r.name, r.body"

/* Fills r from a row of RULE_COLS. */
static bool from_row(struct entity_ctx *ctx, struct db_stmt *st, struct points_rules *r) {
  r->id = db_col_int(st, 0);
  r->committee_id = db_col_int(st, 1);
  r->year = (int)db_col_int(st, 2);
  r->version = (int)db_col_int(st, 3);
  snprintf(r->name, sizeof r->name, "%s", db_col_text(st, 4));
  json_t *body = json_loads(db_col_text(st, 5), 0, NULL);
  bool ok = parse(ctx, body, r, true);
  json_decref(body);
  return ok;
}

bool points_rules_load(struct entity_ctx *ctx, int64_t id, struct points_rules *r) {
  memset(r, 0, sizeof *r);
  struct db_stmt *st =
      db_query(ctx->db, "SELECT " RULE_COLS " FROM rule_sets r WHERE r.id = ?", "i", id);
  bool found = db_step(st) == DB_ROW, ok = found && from_row(ctx, st, r);
  db_done(st);
  if (!found) entity_not_found(ctx, "未找到该积分规则", "No such rule set");
  return ok;
}

/* The newest version for the nearest committee on path with a rule set for year. */
static bool nearest(struct entity_ctx *ctx, const char *path, int year, struct points_rules *r,
                    bool *ok) {
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT " RULE_COLS " FROM rule_sets r JOIN committees c ON c.id = r.committee_id"
               " WHERE r.year = ? AND ? LIKE c.path || '%' ORDER BY length(c.path) DESC,"
               " r.version DESC LIMIT 1",
               "it", (int64_t)year, path);
  bool found = db_step(st) == DB_ROW;
  *ok = found && from_row(ctx, st, r);
  db_done(st);
  return found;
}

/* The term of one of committee's rule sets (its body's "term" with a name: saved by the
** committee, or automatic after such a one) that holds year, newest first, as {name,
** start_year, end_year}; NULL when none names one. */
static json_t *named_term(struct entity_ctx *ctx, int64_t committee, int year) {
  struct db_stmt *st = db_query(ctx->db,
                                "SELECT body FROM rule_sets WHERE committee_id = ? AND year >= ?"
                                " AND year <= ? ORDER BY year DESC, version DESC LIMIT 50",
                                "iii", committee, (int64_t)(year - POINTS_TERM_YEARS + 1),
                                (int64_t)(year + POINTS_TERM_YEARS - 1));
  json_t *found = NULL;
  while (!found && db_step(st) == DB_ROW) {
    json_t *body = json_loads(db_col_text(st, 0), 0, NULL);
    json_t *t = json_object_get(body, "term");
    json_t *js = json_object_get(t, "start_year");
    const char *name = json_string_value(json_object_get(t, "name"));
    int start = json_is_integer(js) ? (int)json_integer_value(js) : 0;
    if (start && start <= year && year < start + POINTS_TERM_YEARS && name && *name &&
        strlen(name) < sizeof((struct points_rules *)0)->term_name)
      found = term_json(name, start);
    json_decref(body);
  }
  db_done(st);
  return found;
}

bool points_rules_for(struct entity_ctx *ctx, const char *path, int year, struct points_rules *r) {
  memset(r, 0, sizeof *r);
  bool ok;
  if (nearest(ctx, path, year, r, &ok)) return ok;
  /* none on the path: store the example rule set for the root committee of the path, for the
  ** term the root named that holds the year, else the default term containing it */
  int64_t root = strtoll(path + (path[0] == '/'), NULL, 10);
  json_t *body = points_default_rules_json(year);
  json_t *named = named_term(ctx, root, year);
  if (named) {
    json_object_set_new(json_object_get(body, "flags"), "term_start_year",
                        json_integer(json_integer_value(json_object_get(named, "start_year"))));
    json_object_set_new(body, "term", named);
  } else /* stored without a name: read as named by its years, and not a name to copy */
    json_object_del(json_object_get(body, "term"), "name");
  char *text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  db_exec(ctx->db,
          "INSERT INTO rule_sets (committee_id, year, version, name, note, body, created_at)"
          " VALUES (?, ?, 1, ?, '系统自动生成的示例规则，可按本级实际修改', ?, ?) ON CONFLICT DO "
          "NOTHING",
          "iitti", root, (int64_t)year,
          arena_printf(ctx->arena, "%d年度履职积分规则（示例）", year), text, time_now());
  free(text);
  if (nearest(ctx, path, year, r, &ok)) return ok;
  entity_fail(ctx, ERR_INTERNAL, NULL, "无法保存示例积分规则",
              "Could not store the example rule set");
  return false;
}

/* A rule set is visible in scope, and above it: those of the committees above the caller's are
** in force there, and points_rule_sets() lists them. */
bool points_rule_set_visible(struct entity_ctx *ctx, int64_t id) {
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT c.path FROM rule_sets r JOIN committees c ON c.id = r.committee_id"
               " WHERE r.id = ?",
               "i", id);
  bool v = false;
  if (db_step(st) == DB_ROW) {
    const char *path = db_col_text(st, 0);
    v = !ctx->user || access_in_scope(ctx->user, path) ||
        (ctx->user->committee_path && !strncmp(ctx->user->committee_path, path, strlen(path)));
  }
  db_done(st);
  return v;
}

json_t *points_rule_sets(struct entity_ctx *ctx, int64_t committee_id, int year) {
  const char *path = entity_subtree(ctx, &committee_id);
  if (!path) return NULL;
  json_t *items = json_array();
  /* the subtree's rule sets, and those above it that are in force there */
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT r.id, r.committee_id, c.name, r.year, r.version, r.name, r.note, r.created_at,"
      " COALESCE(u.display_name, ''), (SELECT MAX(x.version) FROM rule_sets x WHERE x.committee_id "
      "="
      " r.committee_id AND x.year = r.year) FROM rule_sets r JOIN committees c ON c.id = "
      "r.committee_id"
      " LEFT JOIN users u ON u.id = r.created_by WHERE ((c.path >= ? AND c.path < ?) OR ? LIKE "
      "c.path || '%')"
      " AND (? = 0 OR r.year = ?) ORDER BY r.year DESC, length(c.path), r.committee_id, r.version "
      "DESC LIMIT 500",
      "tttii", path, entity_path_hi(ctx, path), path, (int64_t)year, (int64_t)year);
  while (db_step(st) == DB_ROW) {
    json_t *o = json_pack("{s:I,s:I,s:s,s:i,s:i,s:s,s:s,s:s,s:b}", "id",
                          (json_int_t)db_col_int(st, 0), "committee_id",
                          (json_int_t)db_col_int(st, 1), "committee_name", db_col_text(st, 2),
                          "year", (int)db_col_int(st, 3), "version", (int)db_col_int(st, 4), "name",
                          db_col_text(st, 5), "note", db_col_text(st, 6), "created_by_name",
                          db_col_text(st, 8), "current", db_col_int(st, 4) == db_col_int(st, 9));
    entity_time_json(o, "created_at", st, 7);
    json_array_append_new(items, o);
  }
  db_done(st);
  return json_pack("{s:o}", "items", items);
}

json_t *points_rule_set_json(struct entity_ctx *ctx, const struct points_rules *r) {
  json_t *o = points_rules_json(r);
  struct db_stmt *st =
      db_query(ctx->db,
               "SELECT c.name, r.note, r.created_at, COALESCE(u.display_name, ''),"
               " (SELECT MAX(x.version) FROM rule_sets x WHERE x.committee_id = r.committee_id"
               " AND x.year = r.year) FROM rule_sets r JOIN committees c ON c.id = r.committee_id"
               " LEFT JOIN users u ON u.id = r.created_by WHERE r.id = ?",
               "i", r->id);
  if (db_step(st) == DB_ROW) {
    json_object_set_new(o, "committee_name", json_string(db_col_text(st, 0)));
    json_object_set_new(o, "note", json_string(db_col_text(st, 1)));
    entity_time_json(o, "created_at", st, 2);
    json_object_set_new(o, "created_by_name", json_string(db_col_text(st, 3)));
    json_object_set_new(o, "current", json_boolean(db_col_int(st, 4) == r->version));
  }
  db_done(st);
  json_object_set_new(o, "id", json_integer(r->id));
  json_object_set_new(o, "committee_id", json_integer(r->committee_id));
  json_object_set_new(o, "year", json_integer(r->year));
  json_object_set_new(o, "version", json_integer(r->version));
  json_object_set_new(o, "name", json_string(r->name));
  return o;
}

int64_t points_rule_set_save(struct entity_ctx *ctx, json_t *in) {
  json_t *jc = json_object_get(in, "committee_id"), *jy = json_object_get(in, "year");
  int64_t cid = json_is_integer(jc) ? json_integer_value(jc) : 0;
  if (jc && !json_is_integer(jc)) {
    bad(ctx, "committee_id", "应为政协编号", "must be a committee id");
    return 0;
  }
  if (!json_is_integer(jy) || json_integer_value(jy) < 2000 || json_integer_value(jy) > 2099) {
    bad(ctx, "year", "应为 2000 到 2099 之间的年度", "must be a year from 2000 to 2099");
    return 0;
  }
  const char *path = entity_subtree(ctx, &cid);
  if (!path) return 0;
  const char *note = json_string_value(json_object_get(in, "note"));
  if (json_object_get(in, "note") && (!note || strlen(note) > 2000)) {
    bad(ctx, "note", "应为不超过 2000 字节的文字", "must be a string of at most 2000 bytes");
    return 0;
  }
  struct points_rules r = {.committee_id = cid, .year = (int)json_integer_value(jy)};
  const char *name = json_string_value(json_object_get(in, "name"));
  if (json_object_get(in, "name") && (!name || !*name || strlen(name) >= sizeof r.name)) {
    bad(ctx, "name", "应为不太长的非空文字", "must be a short non-empty string");
    return 0;
  }
  snprintf(r.name, sizeof r.name, "%s",
           name ? name : arena_printf(ctx->arena, "%d年度履职积分规则", r.year));
  if (!points_rules_parse(ctx, in, &r)) return 0;
  json_t *body = points_rules_json(&r);
  char *text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
  int rc = db_begin(ctx->db);
  int64_t version =
      rc == DB_DONE
          ? db_int(ctx->db, 0,
                   "SELECT MAX(version) FROM rule_sets WHERE committee_id = ? AND year = ?", "ii",
                   cid, (int64_t)r.year) +
                1
          : 0;
  int64_t id = 0;
  if (rc == DB_DONE) {
    struct db_stmt *st =
        db_query(ctx->db,
                 "INSERT INTO rule_sets (committee_id, year, version, name, note, body, "
                 "created_by, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                 "iiitttIi", cid, (int64_t)r.year, version, r.name, note ? note : "", text,
                 ctx->user ? ctx->user->id : 0, time_now());
    rc = db_step(st);
    if (rc == DB_ROW) id = db_col_int(st, 0), rc = DB_DONE;
    db_done(st);
  }
  if (rc == DB_DONE) {
    json_object_set_new(body, "version", json_integer(version));
    json_object_set_new(body, "year", json_integer(r.year));
    rc = audit_record(ctx->db, ctx->user, ctx->ip, "rule_set.save", "rule_set", id, cid, NULL, body)
             ? DB_DONE
             : DB_ERROR;
  }
  free(text);
  json_decref(body);
  return entity_finish(ctx, rc) ? id : 0;
}
