/* src/demo/demo_contact.c: a year of members linking with the masses for the demo: grassroots
** units in every county and city (with townships; a few social organisations of the kind 其他),
** each member's 1–3 linked units (a few members none yet, for the list of those to follow up),
** workstations (against their own checklist) and studios (against the 六有 standard), most
** certified with evidence, monthly reception days with the visitors shared among the members on
** duty, a year of duty activities with participants and people reached (the figure shared out
** among the present participants, as contact_activity.c does), planned
** activities for the coming four weeks (some clashing, for the calendar), and requests from the
** masses in every state.
**
** Sizes follow Gansu's figures for 190,000 members (DOMAIN.md): 14,000 activities and 930,000
** people reached a year, 9,800 requests solved, 1,363 workstations and 1,167 studios — scaled
** by the number of members; the small demo (scale 0) gets about one activity per member so
** that its pages have something to show. Deterministic for a seed, apart from the clock: the
** year runs back from the moment of the load. Ids are given explicitly (the tables are empty),
** and PostgreSQL's identity sequences are moved past them at the end. */
#include "demo_contact.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/arena.h"
#include "base/timeutil.h"
#include "contact/contact.h"
#include "db/batch.h"
#include "demo_rng.h"

#define DAY 86400

/* A number in [lo, hi]. */
static int64_t between(struct rng *r, int64_t lo, int64_t hi) {
  return lo + rng_below(r, hi - lo + 1);
}

struct cm {
  int64_t id, parent;
  const char *level, *name, *path, *place; /* place: the name without 政协 */
  int64_t *members;
  int nmembers;
  int64_t unit0, nunits;                 /* its units: ids unit0 .. unit0 + nunits - 1 */
  int64_t *groups, *specials, *stations; /* stations: workstations first, then studios */
  int ngroups, nspecials, nstations, nworkstations;
  int64_t weight; /* members of its own, for picking */
};

struct gen {
  struct db *db;
  struct rng rng;
  struct arena *a;
  int64_t now, scale;
  struct cm *c;
  int n;
  int64_t total_members;
  int64_t member1_user, member1;
  const char **unit_names; /* by id - unit_base */
  int64_t unit_base, unit_cap;
  int64_t next_unit, next_station, next_day, next_activity, next_request, next_file;
  char *err;
  bool failed;
};

static const char *const township_bases[] = {"东岗", "城关", "新华", "安宁", "永丰", "红山",
                                             "和平", "龙泉", "金沟", "石门", "柳树", "青石",
                                             "南川", "北塬", "西坪", "三合"};
static const char *const township_suffix[] = {"镇", "乡", "街道"};
static const char *const village_bases[] = {
    "张家", "李家", "新庄", "大坪", "红光", "永安", "杏花", "柳湾", "双泉", "马家", "王家", "刘家",
    "上川", "下川", "中庄", "前进", "团结", "丰收", "长丰", "东湾", "西沟", "南坪", "北关", "古城",
    "清水", "黄花", "梨园", "桃园", "新民", "兴隆", "太平", "吉祥", "阳光", "幸福", "金川", "银河",
    "白杨", "松树", "石岭", "泉湾", "沙河", "花园", "文化", "胜利", "建设", "先锋", "光明", "民主"};
#define NVILLAGE (int)(sizeof village_bases / sizeof village_bases[0])
/* by the order of contact_unit_kinds */
static const int unit_kind_weights[] = {45, 25, 10, 7, 8, 5};
static const char *const unit_suffix[] = {"村",     "社区", "农业发展有限公司",
                                          "卫生院", "小学", "商会"};
static const char *const specialties[] = {"法律服务", "医疗卫生", "乡村振兴", "教育关爱",
                                          "民族团结", "科技助农", "文化传承", "生态保护",
                                          "产业发展", "养老服务"};
static const char *const topics[] = {"乡村振兴",     "基层医疗", "义务教育",     "养老服务",
                                     "就业创业",     "生态保护", "黄河流域治理", "文旅融合",
                                     "民营经济",     "社区治理", "农村饮水",     "特色农业",
                                     "民族团结进步", "营商环境", "全民健身"};
#define NTOPIC (int)(sizeof topics / sizeof topics[0])
/* by the order of contact_activity_kinds */
static const int kind_weights[] = {25, 10, 12, 8, 5, 12, 10, 10, 8};
static const int people_lo[] = {25, 15, 5, 30, 30, 30, 80, 20, 0};
static const int people_hi[] = {100, 60, 40, 130, 100, 160, 300, 80, 0};
/* by the order of contact_request_categories */
static const int category_weights[] = {18, 20, 17, 15, 10, 10, 10};
static const char *const request_titles[] = {
    "孩子入学需要协调", "求职就业需要推荐岗位", "慢性病报销手续办理", "独居老人需要照护",
    "老旧小区房屋维修", "村道破损影响出行",     "其他民生困难"};
/* by the order of contact_checklist_items */
static const char *const checklist_notes[] = {"活动场地约 80 平方米，设接待室和会议室",
                                              "门口悬挂统一标识牌",
                                              "制定接待、学习、值班等制度并上墙",
                                              "围绕本地特色产业开展履职",
                                              "建立委员履职台账和活动档案",
                                              "形成调研报告和提案多篇",
                                              "明确联络员一名，负责日常联络",
                                              "每月开展委员接待或走访活动"};
/* the items of a studio's checklist (六有) and of a workstation's (the default of the setting
** contact.station_checklist) */
static const int studio_items[] = {0, 1, 2, 3, 4, 5};
static const int station_items[] = {0, 1, 2, 4, 6, 7};

static int pick_weighted(struct rng *r, const int *w, int n) {
  int sum = 0;
  for (int i = 0; i < n; i++) sum += w[i];
  int x = (int)rng_below(r, sum);
  for (int i = 0; i < n; i++) {
    if (x < w[i]) return i;
    x -= w[i];
  }
  return n - 1;
}

static void fail(struct gen *g, const char *what, const struct db_batch *b) {
  if (g->failed) return;
  g->failed = true;
  snprintf(g->err, 256, "写入演示%s失败：%s", what, b ? b->errmsg : db_errmsg(g->db));
}

static bool end_batch(struct gen *g, struct db_batch *b) {
  if (!db_batch_end(b)) fail(g, b->what, b);
  return !g->failed;
}

/* ---- loading what the organisation load made ------------------------------------------- */

static int64_t *ids_of(struct gen *g, const char *sql, int64_t committee, int *n) {
  int cap = 8;
  int64_t *ids = arena_alloc(g->a, sizeof *ids * (size_t)cap);
  *n = 0;
  struct db_stmt *st = db_query(g->db, sql, "i", committee);
  while (db_step(st) == DB_ROW) {
    if (*n == cap) {
      int64_t *m = arena_alloc(g->a, sizeof *m * (size_t)cap * 2);
      memcpy(m, ids, sizeof *m * (size_t)cap);
      ids = m, cap *= 2;
    }
    ids[(*n)++] = db_col_int(st, 0);
  }
  db_done(st);
  return ids;
}

static bool load(struct gen *g) {
  g->n = (int)db_int(g->db, 0, "SELECT COUNT(*) FROM committees WHERE level <> 'national'", "");
  g->c = arena_alloc(g->a, sizeof *g->c * (size_t)(g->n ? g->n : 1));
  memset(g->c, 0, sizeof *g->c * (size_t)(g->n ? g->n : 1));
  struct db_stmt *st =
      db_query(g->db,
               "SELECT id, COALESCE(parent_id, 0), level, name, path FROM committees"
               " WHERE level <> 'national' ORDER BY id",
               "");
  int i = 0;
  while (db_step(st) == DB_ROW && i < g->n) {
    struct cm *c = &g->c[i++];
    c->id = db_col_int(st, 0);
    c->parent = db_col_int(st, 1);
    c->level = arena_strdup(g->a, db_col_text(st, 2));
    c->name = arena_strdup(g->a, db_col_text(st, 3));
    c->path = arena_strdup(g->a, db_col_text(st, 4));
    size_t len = strlen(c->name);
    c->place =
        arena_strndup(g->a, c->name, len > 6 && !strcmp(c->name + len - 6, "政协") ? len - 6 : len);
  }
  db_done(st);
  g->n = i;
  for (i = 0; i < g->n; i++) {
    struct cm *c = &g->c[i];
    c->members =
        ids_of(g, "SELECT id FROM members WHERE committee_id = ? AND status = 'active' ORDER BY id",
               c->id, &c->nmembers);
    c->groups = ids_of(g, "SELECT id FROM activity_groups WHERE committee_id = ? ORDER BY id",
                       c->id, &c->ngroups);
    c->specials = ids_of(g, "SELECT id FROM special_committees WHERE committee_id = ? ORDER BY id",
                         c->id, &c->nspecials);
    c->weight = c->nmembers;
    g->total_members += c->nmembers;
  }
  st = db_query(g->db, "SELECT id, COALESCE(member_id, 0) FROM users WHERE username = 'member1'",
                "");
  if (db_step(st) == DB_ROW) {
    g->member1_user = db_col_int(st, 0);
    g->member1 = db_col_int(st, 1);
  }
  db_done(st);
  return g->n > 0;
}

static int64_t next_id(struct gen *g, const char *table) {
  char sql[80];
  snprintf(sql, sizeof sql, "SELECT COALESCE(MAX(id), 0) + 1 FROM %s", table);
  return db_int(g->db, 1, sql, "");
}

/* The committee a unit of c may be picked from for a member of c: c itself, or for a
** province or city one of the committees below it (a provincial member links a village too). */
static struct cm *unit_home(struct gen *g, struct cm *c) {
  if (!strcmp(c->level, "county") || rng_permille(&g->rng, 300)) return c;
  for (int tries = 0; tries < 8; tries++) {
    struct cm *d = &g->c[rng_below(&g->rng, g->n)];
    if (d != c && d->nunits && !strncmp(d->path, c->path, strlen(c->path))) return d;
  }
  return c;
}

/* ---- grassroots units and links ----------------------------------------------------------- */

static void make_units(struct gen *g) {
  struct db_batch b;
  db_batch_init(&b, g->db,
                "INSERT INTO grassroots_units (id, committee_id, name, kind, township, address,"
                " created_at, updated_at, kind_name) VALUES ",
                9, "基层单位");
  g->next_unit = g->unit_base = next_id(g, "grassroots_units");
  for (int i = 0; i < g->n; i++) g->unit_cap += 400;
  g->unit_names = arena_alloc(g->a, sizeof *g->unit_names * (size_t)g->unit_cap);
  char name[160], township[64], addr[200];
  for (int i = 0; i < g->n; i++) {
    struct cm *c = &g->c[i];
    int64_t n = c->nmembers / 8;
    if (n < 6) n = 6;
    if (n > 400) n = 400;
    if (!strcmp(c->level, "province")) n = 20;
    int ntown = 4 + (int)rng_below(&g->rng, 5);
    int tb = (int)rng_below(&g->rng, 16);
    c->unit0 = g->next_unit;
    c->nunits = n;
    for (int64_t u = 0; u < n; u++) {
      int t = (int)(u % ntown);
      snprintf(township, sizeof township, "%s%s", township_bases[(tb + t) % 16],
               township_suffix[t % 3]);
      int kind = pick_weighted(&g->rng, unit_kind_weights, 6);
      if (!strcmp(c->level, "province") && kind < 2) kind = 2 + (int)rng_below(&g->rng, 4);
      int64_t v = u / ntown;
      /* every third new organisation is a social organisation: a unit of the kind other */
      bool other = kind == 5 && u % 3 == 0;
      snprintf(name, sizeof name, "%s%s%s%s", township, village_bases[v % NVILLAGE],
               v >= NVILLAGE ? "二" : "", other ? "社会工作服务站" : unit_suffix[kind]);
      if (v >= 2 * NVILLAGE)
        snprintf(name + strlen(name), sizeof name - strlen(name), "%lld", (long long)v);
      snprintf(addr, sizeof addr, "%s%s", c->place, township);
      g->unit_names[g->next_unit - g->unit_base] = arena_strdup(g->a, name);
      struct db_value *r = db_batch_row(&b);
      db_val_int(&r[0], g->next_unit++);
      db_val_int(&r[1], c->id);
      db_val_text(&r[2], db_batch_str(&b, name));
      db_val_text(&r[3], other ? "other" : contact_unit_kinds[kind].name);
      db_val_text(&r[4], db_batch_str(&b, township));
      db_val_text(&r[5], db_batch_str(&b, addr));
      db_val_int(&r[6], g->now - 400 * DAY);
      db_val_int(&r[7], g->now - 400 * DAY);
      db_val_text(&r[8], other ? "社会组织" : "");
    }
  }
  end_batch(g, &b);
}

static void make_links(struct gen *g) {
  struct db_batch b;
  db_batch_init(&b, g->db,
                "INSERT INTO member_grassroots_units (member_id, unit_id, created_at) VALUES ", 3,
                "委员联系基层单位");
  for (int i = 0; i < g->n && !g->failed; i++) {
    struct cm *c = &g->c[i];
    for (int m = 0; m < c->nmembers; m++) {
      int k = rng_permille(&g->rng, 500) ? 1 : rng_permille(&g->rng, 700) ? 2 : 3;
      if (c->members[m] == g->member1) k = 2; /* member1 can still link one more */
      /* about one member in forty has linked no unit yet (the rule is 1–3): the quota page
      ** lists them; the draws are made all the same, so the rest of the demo stays as it was */
      bool none = c->members[m] % 41 == 7 && c->members[m] != g->member1;
      int64_t picked[3] = {0};
      for (int j = 0; j < k; j++) {
        struct cm *h = unit_home(g, c);
        int64_t u = h->unit0 + rng_below(&g->rng, h->nunits);
        if (none || u == picked[0] || u == picked[1]) continue;
        picked[j] = u;
        struct db_value *r = db_batch_row(&b);
        db_val_int(&r[0], c->members[m]);
        db_val_int(&r[1], u);
        db_val_int(&r[2], g->now - between(&g->rng, 200, 400) * DAY);
      }
    }
  }
  end_batch(g, &b);
}

/* ---- stations, studios, checklists, reception days ---------------------------------------- */

static void make_stations(struct gen *g) {
  g->next_station = next_id(g, "stations");
  g->next_file = next_id(g, "files");
  int64_t want_st = g->scale ? 1363 * g->scale / 190000 : 0;
  int64_t want_sd = g->scale ? 1167 * g->scale / 190000 : 0;
  struct db_batch st, sm, cl, ev, fl;
  db_batch_init(
      &st, g->db,
      "INSERT INTO stations (id, committee_id, kind, name, grassroots_unit_id, specialty, address,"
      " cert_status, certified_at, revoked_at, revoke_reason, created_at, updated_at) VALUES ",
      13, "工作站（室）");
  db_batch_init(&sm, g->db,
                "INSERT INTO station_members (station_id, member_id, role, created_at) VALUES ", 4,
                "工作站（室）委员");
  db_batch_init(&cl, g->db,
                "INSERT INTO station_checklist (station_id, item, note, updated_at) VALUES ", 4,
                "六有清单");
  db_batch_init(&ev, g->db,
                "INSERT INTO station_evidence (station_id, item, file_id, sort) VALUES ", 4,
                "六有佐证");
  db_batch_init(
      &fl, g->db,
      "INSERT INTO files (id, committee_id, filename, content_type, size, sha256, data, created_at)"
      " VALUES ",
      8, "文件");
  db_batch_after(&st, &fl);
  db_batch_after(&sm, &st);
  db_batch_after(&cl, &st);
  db_batch_after(&ev, &cl);
  static const char evidence[] = "六有佐证材料（演示）";
  char name[200];
  int64_t cum = 0, tm = g->total_members ? g->total_members : 1;
  for (int i = 0; i < g->n && !g->failed; i++) {
    struct cm *c = &g->c[i];
    if (!c->nmembers) continue;
    /* shares by members, rounded so that the totals come out exact */
    int64_t before = cum;
    cum += c->nmembers;
    int64_t ns = g->scale ? (want_st * cum + tm / 2) / tm - (want_st * before + tm / 2) / tm : 1;
    int64_t nd = g->scale ? (want_sd * cum + tm / 2) / tm - (want_sd * before + tm / 2) / tm : 1;
    if (!strcmp(c->level, "province") && !g->scale) ns = 3, nd = 3;
    /* one evidence file per committee, shared by its stations' checklists */
    int64_t file = g->next_file++;
    struct db_value *f = db_batch_row(&fl);
    db_val_int(&f[0], file);
    db_val_int(&f[1], c->id);
    db_val_text(&f[2], "六有佐证材料.txt");
    db_val_text(&f[3], "text/plain; charset=utf-8");
    db_val_int(&f[4], (int64_t)strlen(evidence));
    db_val_text(&f[5], "demo");
    f[6] = (struct db_value){.type = 'B', .s = evidence, .len = strlen(evidence)};
    db_val_int(&f[7], g->now - 380 * DAY);
    c->stations = arena_alloc(g->a, sizeof(int64_t) * (size_t)(ns + nd));
    for (int64_t k = 0; k < ns + nd; k++) {
      bool studio = k >= ns;
      int64_t id = g->next_station++;
      int64_t unit = c->unit0 + rng_below(&g->rng, c->nunits);
      const char *spec = specialties[rng_below(&g->rng, 10)];
      if (studio)
        snprintf(name, sizeof name, "%s%s委员工作室%lld号", c->place, spec,
                 (long long)(k - ns + 1));
      else
        snprintf(name, sizeof name, "%s委员工作站%lld号", c->place, (long long)(k + 1));
      int state = (int)rng_below(&g->rng, 100); /* < 72 certified, < 76 revoked, else none */
      const char *cert = state < 72 ? "certified" : state < 76 ? "revoked" : "none";
      int64_t certified_at = g->now - between(&g->rng, 30, 360) * DAY;
      struct db_value *r = db_batch_row(&st);
      db_val_int(&r[0], id);
      db_val_int(&r[1], c->id);
      db_val_text(&r[2], studio ? "studio" : "station");
      db_val_text(&r[3], db_batch_str(&st, name));
      db_val_int(&r[4], unit);
      db_val_text(&r[5], studio ? spec : "");
      db_val_text(&r[6], "");
      db_val_text(&r[7], cert);
      db_val_ref(&r[8], state < 76 ? certified_at : 0);
      db_val_ref(&r[9], state >= 72 && state < 76 ? certified_at + 20 * DAY : 0);
      db_val_text(&r[10], state >= 72 && state < 76 ? "场地调整，待重新认定" : "");
      db_val_int(&r[11], g->now - 390 * DAY);
      db_val_int(&r[12], certified_at);
      c->stations[c->nstations++] = id;
      if (!studio) c->nworkstations++;
      /* members: a lead and a few more of the committee */
      int nm = (int)between(&g->rng, 3, 7);
      if (nm > c->nmembers) nm = c->nmembers;
      int start = (int)rng_below(&g->rng, c->nmembers);
      for (int j = 0; j < nm; j++) {
        struct db_value *m = db_batch_row(&sm);
        db_val_int(&m[0], id);
        db_val_int(&m[1], c->members[(start + j) % c->nmembers]);
        db_val_text(&m[2], j ? "member" : "lead");
        db_val_int(&m[3], g->now - 380 * DAY);
      }
      /* checklist: complete for certified ones, a few items otherwise */
      int items = state < 72 ? 6 : (int)rng_below(&g->rng, 5);
      const int *which = studio ? studio_items : station_items;
      for (int j = 0; j < items; j++) {
        struct db_value *x = db_batch_row(&cl);
        db_val_int(&x[0], id);
        db_val_text(&x[1], contact_checklist_items[which[j]].name);
        db_val_text(&x[2], checklist_notes[which[j]]);
        db_val_int(&x[3], certified_at - DAY);
        if (state < 72 || j < items - 1) {
          struct db_value *e = db_batch_row(&ev);
          db_val_int(&e[0], id);
          db_val_text(&e[1], contact_checklist_items[which[j]].name);
          db_val_int(&e[2], file);
          db_val_int(&e[3], 0);
        }
      }
    }
  }
  /* files and stations first: the others refer to them */
  end_batch(g, &fl);
  end_batch(g, &st);
  end_batch(g, &sm);
  end_batch(g, &cl);
  end_batch(g, &ev);
}

#define REQUEST_HEAD                                                                               \
  "INSERT INTO requests (id, committee_id, category, title, description, member_id, activity_id,"  \
  " status, resolution, accepted_at, closed_at, created_at, updated_at, reception_day_id) VALUES "
#define REQUEST_COLS 14

/* A request taken by member at an activity or a reception day (the other 0), accepted at at. */
static void add_request(struct gen *g, struct db_batch *b, struct cm *c, int64_t activity,
                        int64_t day, int64_t member, int64_t at) {
  int cat = pick_weighted(&g->rng, category_weights, 7);
  int state = (int)rng_below(
      &g->rng, 100); /* < 80 resolved, < 85 transferred, < 88 answered, < 95 in progress */
  const char *status = state < 80   ? "resolved"
                       : state < 85 ? "transferred"
                       : state < 88 ? "answered"
                       : state < 95 ? "in_progress"
                                    : "accepted";
  int64_t closed = at + between(&g->rng, 1, 40) * DAY;
  bool final = state < 88 && closed < g->now;
  if (!final && state < 88) status = "in_progress";
  struct db_value *r = db_batch_row(b);
  db_val_int(&r[0], g->next_request++);
  db_val_int(&r[1], c->id);
  db_val_text(&r[2], contact_request_categories[cat].name);
  db_val_text(&r[3], request_titles[cat]);
  db_val_text(&r[4], day ? "群众在委员接待日反映，值班委员受理并登记"
                         : "群众在委员走访中反映，委员现场受理并登记");
  db_val_int(&r[5], member);
  db_val_ref(&r[6], activity);
  db_val_text(&r[7], status);
  db_val_text(&r[8], !final                        ? ""
                     : !strcmp(status, "resolved") ? "委员协调相关部门，问题已解决，群众表示满意"
                     : !strcmp(status, "transferred") ? "已转交主管部门办理"
                                                      : "已向群众解释相关政策");
  db_val_int(&r[9], at);
  db_val_ref(&r[10], final ? closed : 0);
  db_val_int(&r[11], at);
  db_val_int(&r[12], final ? closed : at);
  db_val_ref(&r[13], day);
}

static void make_reception_days(struct gen *g) {
  g->next_day = next_id(g, "reception_days");
  g->next_request = next_id(g, "requests");
  struct db_batch d, duty, req;
  db_batch_init(&req, g->db, REQUEST_HEAD, REQUEST_COLS, "群众诉求");
  db_batch_after(&req, &d);
  db_batch_init(
      &d, g->db,
      "INSERT INTO reception_days (id, station_id, committee_id, date, topic, visitors, notes,"
      " created_at, updated_at) VALUES ",
      9, "委员接待日");
  db_batch_init(&duty, g->db,
                "INSERT INTO reception_duty (reception_day_id, member_id, people_reached) VALUES ",
                3, "接待日值班委员");
  db_batch_after(&duty, &d);
  char date[16], notes[200];
  for (int i = 0; i < g->n && !g->failed; i++) {
    struct cm *c = &g->c[i];
    for (int s = 0; s < c->nstations; s++) {
      /* a reception day a month, the last twelve months and the next one */
      for (int mth = -11; mth <= 1; mth++) {
        if (!rng_permille(&g->rng, 800)) continue;
        int64_t t = g->now + (int64_t)mth * 30 * DAY + between(&g->rng, -10, 10) * DAY;
        time_cst_date(t, date);
        int visitors = t < g->now ? (int)between(&g->rng, 3, 40) : 0;
        const char *topic = topics[rng_below(&g->rng, NTOPIC)];
        snprintf(notes, sizeof notes, t < g->now ? "接待群众 %d 人次，收集%s方面意见建议" : "",
                 visitors, topic);
        int64_t id = g->next_day++;
        struct db_value *r = db_batch_row(&d);
        db_val_int(&r[0], id);
        db_val_int(&r[1], c->stations[s]);
        db_val_int(&r[2], c->id);
        db_val_text(&r[3], db_batch_str(&d, date));
        db_val_text(&r[4], db_batch_str(&d, arena_printf(g->a, "%s政策咨询", topic)));
        db_val_int(&r[5], visitors);
        db_val_text(&r[6], db_batch_str(&d, notes));
        db_val_int(&r[7], t - 7 * DAY);
        db_val_int(&r[8], t < g->now ? t : t - 7 * DAY);
        int64_t on_duty = c->members[rng_below(&g->rng, c->nmembers)];
        struct db_value *x = db_batch_row(&duty);
        db_val_int(&x[0], id);
        db_val_int(&x[1], on_duty);
        db_val_int(&x[2], visitors); /* the one member on duty received them all */
        if (t < g->now && rng_permille(&g->rng, 250)) add_request(g, &req, c, 0, id, on_duty, t);
      }
    }
  }
  end_batch(g, &d);
  end_batch(g, &duty);
  end_batch(g, &req);
}

/* ---- activities and requests ---------------------------------------------------------------- */

struct act_state {
  struct db_batch a, p, r;
};

/* Picks a committee with probability by its members. */
static struct cm *pick_committee(struct gen *g) {
  int64_t x = rng_below(&g->rng, g->total_members);
  for (int i = 0; i < g->n; i++) {
    if (x < g->c[i].weight) return &g->c[i];
    x -= g->c[i].weight;
  }
  return &g->c[g->n - 1];
}

/* An activity time: a working day at 09:00 or 14:30 CST. */
static int64_t work_time(struct gen *g, int64_t t) {
  int64_t day = (t + CST_OFFSET) / DAY;
  int64_t dow = (day + 3) % 7; /* 0 Monday */
  if (dow >= 5) day -= dow - 4;
  return day * DAY - CST_OFFSET + (rng_permille(&g->rng, 600) ? 9 * 3600 : 14 * 3600 + 1800);
}

static void add_activity(struct gen *g, struct act_state *s, struct cm *c, int kind, int64_t t,
                         bool planned, int64_t unit, int64_t forced_member) {
  int64_t id = g->next_activity++;
  bool contact = kind < 5;
  const char *okind = NULL;
  int64_t oid = 0;
  if (!contact) {
    int o = (int)rng_below(&g->rng, 3);
    if (o == 0 && c->ngroups)
      okind = "group", oid = c->groups[rng_below(&g->rng, c->ngroups)];
    else if (o <= 1 && c->nspecials)
      okind = "special_committee", oid = c->specials[rng_below(&g->rng, c->nspecials)];
    else if (c->nstations) {
      int k = (int)rng_below(&g->rng, c->nstations);
      oid = c->stations[k];
      okind = k >= c->nworkstations ? "studio" : "station";
    }
  }
  if (!unit && (contact || kind == 5 || rng_permille(&g->rng, 400))) {
    struct cm *h = unit_home(g, c);
    unit = h->unit0 + rng_below(&g->rng, h->nunits);
  }
  char title[200];
  const char *topic = topics[rng_below(&g->rng, NTOPIC)];
  if (contact && unit)
    snprintf(title, sizeof title, "%s%s", contact_activity_kinds[kind].zh,
             g->unit_names[unit - g->unit_base]);
  else if (kind == 5)
    snprintf(title, sizeof title, "%s专题调研视察", topic);
  else if (kind == 6)
    snprintf(title, sizeof title, "%s政策宣讲", topic);
  else if (kind == 7)
    snprintf(title, sizeof title, "%s协商议事会", topic);
  else if (kind == 8)
    snprintf(title, sizeof title, "%s专题学习", topic);
  else
    snprintf(title, sizeof title, "%s%s", contact_activity_kinds[kind].zh, topic);
  int64_t people = planned ? 0 : between(&g->rng, people_lo[kind], people_hi[kind]);
  int64_t dur = contact ? 2 * 3600 : (int64_t)between(&g->rng, 2, 6) * 3600;
  struct db_value *r = db_batch_row(&s->a);
  db_val_int(&r[0], id);
  db_val_int(&r[1], c->id);
  db_val_text(&r[2], contact_activity_kinds[kind].name);
  db_val_text(&r[3], db_batch_str(&s->a, title));
  if (okind)
    db_val_text(&r[4], okind);
  else
    r[4] = (struct db_value){.type = 'n'};
  db_val_ref(&r[5], oid);
  db_val_ref(&r[6], unit);
  db_val_int(&r[7], t);
  db_val_int(&r[8], t + dur);
  db_val_int(&r[9], people);
  db_val_text(&r[10],
              planned ? "" : "委员深入基层，听取群众意见建议，宣传政策并协调解决实际困难。");
  db_val_text(&r[11], planned ? "planned" : "done");
  db_val_ref(&r[12], forced_member && forced_member == g->member1 ? g->member1_user : 0);
  db_val_int(&r[13], planned ? g->now - 3 * DAY : t + dur);
  db_val_int(&r[14], planned ? g->now - 3 * DAY : t + dur);
  /* participants */
  int np = contact ? (int)between(&g->rng, 1, 3) : (int)between(&g->rng, 3, 12);
  if (np > c->nmembers) np = c->nmembers;
  int start = (int)rng_below(&g->rng, c->nmembers ? c->nmembers : 1);
  int64_t first = 0, who[12];
  const char *att[12];
  int nwho = 0, npresent = 0;
  for (int j = 0; j < np; j++) {
    int64_t m = j == 0 && forced_member ? forced_member : c->members[(start + j) % c->nmembers];
    if (j > 0 && m == forced_member) continue;
    if (!j) first = m;
    int a = (int)rng_below(&g->rng, 100);
    who[nwho] = m;
    att[nwho] = planned || contact || a < 90 ? "present" : a < 97 ? "excused" : "absent";
    npresent += !strcmp(att[nwho++], "present");
  }
  /* the people reached shared out among the present participants in member id order, as
  ** contact_share_out does */
  int order[12];
  for (int i = 0; i < nwho; i++) order[i] = i;
  for (int i = 1; i < nwho; i++)
    for (int j = i; j > 0 && who[order[j]] < who[order[j - 1]]; j--) {
      int x = order[j];
      order[j] = order[j - 1];
      order[j - 1] = x;
    }
  int64_t shares[12];
  contact_share_out(people, npresent ? npresent : 1, shares);
  for (int i = 0, k = 0; i < nwho; i++) {
    int j = order[i];
    bool present = !strcmp(att[j], "present");
    struct db_value *p = db_batch_row(&s->p);
    db_val_int(&p[0], id);
    db_val_int(&p[1], who[j]);
    db_val_text(&p[2], att[j]);
    db_val_int(&p[3], planned ? g->now - 3 * DAY : t);
    db_val_int(&p[4], present ? shares[k++] : 0);
  }
  /* requests from practical help and some visits */
  int nreq = planned || !first ? 0
             : kind == 2       ? (int)between(&g->rng, 1, 3)
             : kind == 0       ? (rng_permille(&g->rng, 500) ? (int)between(&g->rng, 1, 2) : 0)
                               : rng_permille(&g->rng, 100);
  for (int k = 0; k < nreq; k++) add_request(g, &s->r, c, id, 0, first, t + 3600);
}

static void make_activities(struct gen *g) {
  g->next_activity = next_id(g, "activities");
  struct act_state *s = calloc(1, sizeof *s);
  db_batch_init(
      &s->a, g->db,
      "INSERT INTO activities (id, committee_id, kind, title, organiser_kind, organiser_id,"
      " grassroots_unit_id, starts_at, ends_at, people_reached, content, status, created_by,"
      " created_at, updated_at) VALUES ",
      15, "履职活动");
  db_batch_init(&s->p, g->db,
                "INSERT INTO activity_participants (activity_id, member_id, attendance, created_at,"
                " people_reached) VALUES ",
                5, "活动参加委员");
  db_batch_init(&s->r, g->db, REQUEST_HEAD, REQUEST_COLS, "群众诉求");
  db_batch_after(&s->p, &s->a);
  db_batch_after(&s->r, &s->a);
  int64_t total = g->scale ? 14000 * g->scale / 190000 : g->total_members;
  if (total < 50) total = 50;
  for (int64_t k = 0; k < total && !g->failed; k++) {
    struct cm *c = pick_committee(g);
    if (!c->nmembers) continue;
    int kind = pick_weighted(&g->rng, kind_weights, 9);
    int64_t t = work_time(g, g->now - between(&g->rng, 1, 364) * DAY);
    if (t >= g->now) t -= 7 * DAY;
    add_activity(g, s, c, kind, t, false, 0, 0);
  }
  /* member1: a visit this quarter and one in an earlier quarter */
  struct cm *prov = NULL;
  for (int i = 0; i < g->n; i++)
    if (!strcmp(g->c[i].level, "province")) prov = &g->c[i];
  if (prov && g->member1) {
    add_activity(g, s, prov, 0, work_time(g, g->now - 100 * DAY), false, 0, g->member1);
    add_activity(g, s, prov, 1, work_time(g, g->now - 200 * DAY), false, 0, g->member1);
  }
  /* the coming four weeks: planned activities, and in some committees two at one unit in one
  ** week (a clash the calendar shows) */
  int64_t planned = total / 25 + 5;
  for (int64_t k = 0; k < planned && !g->failed; k++) {
    struct cm *c = pick_committee(g);
    if (!c->nmembers) continue;
    int kind = 5 + (int)rng_below(&g->rng, 4);
    add_activity(g, s, c, kind, work_time(g, g->now + between(&g->rng, 1, 28) * DAY), true, 0, 0);
  }
  for (int i = 0, made = 0; i < g->n && made < 6 && !g->failed; i++) {
    struct cm *c = &g->c[i];
    if (strcmp(c->level, "county") || !c->nmembers || !c->nunits) continue;
    int64_t unit = c->unit0, t = time_week_start(g->now + 8 * DAY);
    add_activity(g, s, c, 5, t + 1 * DAY + 9 * 3600, true, unit, 0);
    add_activity(g, s, c, 7, t + 3 * DAY + 14 * 3600, true, unit, 0);
    made++;
  }
  end_batch(g, &s->a);
  end_batch(g, &s->p);
  end_batch(g, &s->r);
  free(s);
}

/* Moves PostgreSQL's identity sequences past the ids given explicitly. */
static void fix_sequences(struct gen *g) {
  if (db_engine(g->db) == DB_SQLITE) return;
  static const char *const tables[] = {"grassroots_units", "stations",   "files",
                                       "reception_days",   "activities", "requests"};
  for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 "
             "FROM %s), false)",
             tables[i], tables[i]);
    struct db_stmt *st = db_query(g->db, sql, "");
    if (!st || db_step(st) != DB_ROW) fail(g, "编号序列", NULL);
    db_done(st);
  }
}

bool demo_contact_load(struct db *db, uint64_t seed, int64_t scale, int64_t now, char *err) {
  struct arena a;
  arena_init(&a);
  struct gen g = {
      .db = db, .rng = {seed ^ 0x636f6e74616374u}, .a = &a, .now = now, .scale = scale, .err = err};
  if (!load(&g)) {
    arena_free(&a);
    return true; /* nothing to link */
  }
  make_units(&g);
  if (!g.failed) make_links(&g);
  if (!g.failed) make_stations(&g);
  if (!g.failed) make_reception_days(&g);
  if (!g.failed) make_activities(&g);
  if (!g.failed) fix_sequences(&g);
  arena_free(&a);
  return !g.failed;
}
