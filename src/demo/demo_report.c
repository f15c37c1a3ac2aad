/* src/demo/demo_report.c: social-conditions reports for the demo: members of the province and
** the cities report on the subjects of the day, in every state (drafts, submitted, returned,
** adopted, rejected, merged, withdrawn), adopted ones with the levels they were adopted at and
** some with leaders' instructions, a few edited by the office (a version kept), each with its
** timeline. The demo account member1 has three of its own (one adopted by the province with a
** local instruction). Scale 0 gives about 300; --scale N about N × 60,000 / 190,000.
** Deterministic for a seed. The points come with demo_points_load's recompute. */
#include "demo_report.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/timeutil.h"
#include "demo_rng.h"
#include "report/report.h"

#define DAY 86400

static const struct {
  const char *category, *subjects[4], *facts[3], *asks[3];
} topics[] = {
    {"社会建设",
     {"社区养老服务站运营困难", "老旧小区加装电梯协调难", "外卖骑手社保参保率低",
      "托育机构收费偏高"},
     {"近期走访发现，部分社区养老服务站因运营补贴不到位，服务时间缩短，老人反映就餐、助浴等服务难以"
      "保障。",
      "群众反映，加装电梯涉及低层住户意见不一、费用分摊难，不少小区申请后长期搁置。",
      "据调查，新就业形态劳动者中参加职工养老保险的比例不足三成，职业伤害保障缺失问题突出。"},
     {"建议完善运营补贴办法，按服务人次给予补助。",
      "建议由街道牵头建立协商议事机制，明确费用分摊指引。",
      "建议推动平台企业按单缴纳职业伤害保险。"}},
    {"医疗卫生",
     {"乡镇卫生院药品短缺", "县级医院儿科医生流失", "慢性病患者异地购药不便",
      "心理咨询服务供给不足"},
     {"基层群众反映，乡镇卫生院常用慢性病药品经常断供，患者只能到县城购药。",
      "多家县级医院儿科医生近两年流失明显，夜间急诊难以保障。",
      "在外务工的慢性病患者反映，门诊慢特病异地结算手续繁琐。"},
     {"建议建立县域药品统一采购配送机制。", "建议提高儿科医务人员绩效分配系数。",
      "建议简化异地备案手续，推行线上办理。"}},
    {"经济建设",
     {"小微企业贷款续贷难", "农产品冷链物流短板", "个体工商户房租压力大", "夜间经济管理规范不一"},
     {"不少小微企业反映，贷款到期后续贷需先还后贷，过桥资金成本高。",
      "果蔬主产区冷库容量不足，旺季损耗率较高，农民增收受影响。",
      "部分商圈租金上涨较快，个体工商户经营压力加大。"},
     {"建议推广无还本续贷，设立应急转贷资金。", "建议统筹建设产地冷链集配中心。",
      "建议对国有房产租户给予阶段性减免。"}},
    {"生态文明建设",
     {"河道垃圾清理不及时", "农村生活污水处理设施闲置", "城郊违规焚烧秸秆", "矿区扬尘污染"},
     {"群众反映，部分河段汛后垃圾堆积，清理责任不清。",
      "一些村已建成的污水处理设施因运维经费不足而闲置。",
      "秋收后城郊仍有焚烧秸秆现象，空气质量受影响。"},
     {"建议落实河湖长制，明确清理责任。", "建议将运维经费纳入县级财政预算。",
      "建议完善秸秆收储运体系，提高综合利用率。"}},
    {"教育科技",
     {"课后服务收费不规范", "农村学校校车安全隐患", "职业院校实训设备老化", "中小学近视率上升"},
     {"家长反映，个别学校课后服务内容单一，收费标准不统一。",
      "部分农村学校接送学生车辆存在超员现象。", "职业院校实训设备更新慢，与企业实际生产脱节。"},
     {"建议制定课后服务指导目录和收费标准。", "建议加大校车购置补贴，规范运营管理。",
      "建议推动校企共建共享实训基地。"}},
};
#define NTOPICS (int)(sizeof topics / sizeof topics[0])

static const char *const leaders[][2] = {{"张建国", "市长"},
                                         {"李卫东", "市委副书记"},
                                         {"王志明", "副省长"},
                                         {"陈国华", "省委常委"},
                                         {"赵立新", "全国政协副主席"}};

/* The accounts that act in the timeline: the office (gansu) and the authors' own. */
struct ctx {
  struct db *db;
  struct rng r;
  int64_t now, office;
  bool failed;
};

static void exec(struct ctx *c, int rc) {
  if (rc != DB_DONE) c->failed = true;
}

static void event(struct ctx *c, int64_t id, int64_t at, int64_t user, const char *action,
                  const char *from, const char *to, const char *note) {
  exec(
      c,
      db_exec(
          c->db,
          "INSERT INTO report_events (report_id, at, user_id, action, from_status, to_status, note)"
          " VALUES (?, ?, ?, ?, ?, ?, ?)",
          "iiItttt", id, at, user, action, from, to, note));
}

static void date_of(int64_t t, char *d) { time_cst_date(t, d); }

/* One report of member (its committee, its account or 0) in state; returns its id. */
static int64_t one(struct ctx *c, int64_t committee, int64_t member, int64_t user,
                   const char *state, int64_t merge_into, int force_levels, int days) {
  int t = (int)rng_below(&c->r, NTOPICS), k = (int)rng_below(&c->r, 3);
  char title[160], body[1024];
  snprintf(title, sizeof title, "关于%s的情况反映", topics[t].subjects[rng_below(&c->r, 4)]);
  snprintf(body, sizeof body, "%s\n%s\n%s", topics[t].facts[k],
           "这一问题涉及群众切身利益，社会关注度较高，如不及时解决，可能影响群众获得感。",
           topics[t].asks[k]);
  int64_t sub = c->now - (2 + rng_below(&c->r, days)) * DAY - rng_below(&c->r, DAY);
  int64_t created = sub - rng_below(&c->r, 3) * DAY - 3600;
  bool submitted = strcmp(state, "draft") != 0;
  int urgent = rng_permille(&c->r, 100);
  int64_t id = db_int(
      c->db, 0,
      "INSERT INTO reports (committee_id, title, category, body, urgent, member_id, status, "
      "merged_into,"
      " submitted_at, decided_at, decision_note, created_by, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      "ittti"
      "itI"
      "II"
      "tIii",
      committee, title, topics[t].category, body, (int64_t)urgent, member, state, merge_into,
      submitted ? sub : 0,
      strcmp(state, "submitted") && submitted && strcmp(state, "withdrawn") ? sub + 3 * DAY : 0,
      !strcmp(state, "rejected")   ? "已有同类信息报送"
      : !strcmp(state, "returned") ? "请补充具体数据和建议"
                                   : "",
      user, created, sub);
  if (id <= 0) {
    c->failed = true;
    return 0;
  }
  event(c, id, created, user, "create", NULL, "draft", "");
  if (!submitted) return id;
  if (!strcmp(state, "withdrawn")) {
    event(c, id, sub, user, "withdraw", "draft", "withdrawn", "");
    return id;
  }
  event(c, id, sub, user, "submit", "draft", "submitted", "");
  int64_t at = sub + 3 * DAY;
  /* accepted for review (受理): decided reports when decided, every other waiting one a day after
  ** its submission (the rest still wait for the office: no points yet) */
  bool decided = !strcmp(state, "adopted") || !strcmp(state, "rejected");
  if (decided || (!strcmp(state, "submitted") && id % 2 == 0)) {
    int64_t acc = decided ? at : sub + DAY;
    exec(c, db_exec(c->db, "UPDATE reports SET accepted_at = ? WHERE id = ?", "ii", acc, id));
    if (!decided) event(c, id, acc, c->office, "accept", "submitted", "submitted", "");
  }
  if (!strcmp(state, "returned"))
    event(c, id, at, c->office, "return", "submitted", "returned", "请补充具体数据和建议");
  else if (!strcmp(state, "rejected"))
    event(c, id, at, c->office, "reject", "submitted", "rejected", "已有同类信息报送");
  else if (!strcmp(state, "merged"))
    event(c, id, at, c->office, "merge", "submitted", "merged", "");
  if (strcmp(state, "adopted")) return id;
  /* an office edit now and then: the earlier text kept */
  if (rng_permille(&c->r, 200)) {
    exec(c, db_exec(c->db,
                    "INSERT INTO report_versions (report_id, version, title, body, replaced_by, "
                    "replaced_at)"
                    " VALUES (?, 1, ?, ?, ?, ?)",
                    "ittIi", id, title, topics[t].facts[k], c->office, at - DAY));
    event(c, id, at - DAY, c->office, "edit", NULL, NULL, "");
  }
  char d[16];
  date_of(at, d);
  exec(c, db_exec(c->db,
                  "INSERT INTO report_adoptions (report_id, level, adopted_by, adopted_on, "
                  "created_by, created_at)"
                  " VALUES (?, 'local', '本级政协《社情民意》', ?, ?, ?)",
                  "itIi", id, d, c->office, at));
  event(c, id, at, c->office, "adopt", "submitted", "adopted", "本级采用");
  static const char *const above[] = {"province", "national"};
  static const char *const above_by[] = {"省政协", "全国政协"};
  for (int i = 0; i < 2; i++) {
    bool yes = (force_levels & (1 << i)) || rng_permille(&c->r, i ? 40 : 220);
    if (!yes) continue;
    int64_t when = at + (5 + rng_below(&c->r, 20)) * DAY;
    if (when > c->now) when = c->now - 3600;
    date_of(when, d);
    exec(c, db_exec(c->db,
                    "INSERT INTO report_adoptions (report_id, level, adopted_by, adopted_on, "
                    "created_by, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    "ittt"
                    "Ii",
                    id, above[i], above_by[i], d, c->office, when));
    event(c, id, when, c->office, "record-adoption", "adopted", "adopted", above_by[i]);
  }
  static const char *const ilevels[] = {"local", "province", "central"};
  static const int ipermille[] = {200, 80, 15};
  for (int i = 0; i < 3; i++) {
    bool yes = (force_levels & (4 << i)) || rng_permille(&c->r, ipermille[i]);
    if (!yes) continue;
    int64_t when = at + (2 + rng_below(&c->r, 25)) * DAY;
    if (when > c->now) when = c->now - 3600;
    date_of(when, d);
    int l = i == 0 ? (int)rng_below(&c->r, 2) : i == 1 ? 2 + (int)rng_below(&c->r, 2) : 4;
    exec(c, db_exec(c->db,
                    "INSERT INTO report_instructions (report_id, level, leader_name, leader_title, "
                    "text, given_on,"
                    " created_by, created_at) VALUES (?, ?, ?, ?, "
                    "'请有关部门认真研究，提出解决办法。', ?, ?, ?)",
                    "itttt"
                    "Ii",
                    id, ilevels[i], leaders[l][0], leaders[l][1], d, c->office, when));
    event(c, id, when, c->office, "record-instruction", "adopted", "adopted", leaders[l][0]);
  }
  return id;
}

bool demo_report_load(struct db *db, uint64_t seed, int64_t scale, int64_t now, char *err) {
  struct ctx c = {.db = db, .r = {seed ^ 0x5eed4e9047ull}, .now = now};
  c.office = db_int(db, 0, "SELECT id FROM users WHERE username = 'gansu'", NULL);
  int64_t n = scale ? scale * 60000 / 190000 : 300;
  if (n < 20) n = 20;
  /* the members who report: active members of the province and the cities */
  int64_t nm = db_int(db, 0,
                      "SELECT COUNT(*) FROM members m JOIN committees c ON c.id = m.committee_id"
                      " WHERE m.status = 'active' AND c.level IN ('province', 'city')",
                      NULL);
  if (nm <= 0) return true;
  int64_t *ids = malloc(sizeof *ids * (size_t)nm), *com = malloc(sizeof *com * (size_t)nm);
  struct db_stmt *st = db_query(
      db,
      "SELECT m.id, m.committee_id FROM members m JOIN committees c ON c.id = m.committee_id"
      " WHERE m.status = 'active' AND c.level IN ('province', 'city') ORDER BY m.id",
      NULL);
  int64_t k = 0;
  while (db_step(st) == DB_ROW && k < nm) {
    ids[k] = db_col_int(st, 0);
    com[k++] = db_col_int(st, 1);
  }
  db_done(st);
  nm = k;
  /* member1's own three: adopted by the province with a local instruction, submitted, a draft */
  st = db_query(
      db,
      "SELECT u.id, u.member_id, m.committee_id FROM users u JOIN members m ON m.id = u.member_id"
      " WHERE u.username = 'member1'",
      NULL);
  if (db_step(st) == DB_ROW) {
    int64_t u = db_col_int(st, 0), m = db_col_int(st, 1), cm = db_col_int(st, 2);
    db_done(st);
    one(&c, cm, m, u, "adopted", 0, 1 | 4, 20); /* recent: in this year's ledger */
    one(&c, cm, m, u, "submitted", 0, 0, 20);
    one(&c, cm, m, u, "draft", 0, 0, 20);
  } else
    db_done(st);
  static const struct {
    const char *state;
    int permille;
  } mix[] = {{"draft", 80},     {"submitted", 150}, {"returned", 70}, {"adopted", 450},
             {"rejected", 140}, {"merged", 60},     {"withdrawn", 50}};
  int64_t last_open[64] = {0}; /* per committee slot: the newest submitted or adopted report */
  int64_t last_com[64] = {0};
  for (int64_t i = 0; i < n && !c.failed; i++) {
    int64_t j = rng_below(&c.r, nm);
    int p = (int)rng_below(&c.r, 1000), s = 0;
    while (s < 6 && p >= mix[s].permille) p -= mix[s++].permille;
    const char *state = mix[s].state;
    int slot = (int)(com[j] % 64);
    int64_t into = 0;
    if (!strcmp(state, "merged")) {
      if (last_com[slot] == com[j] && last_open[slot])
        into = last_open[slot];
      else
        state = "adopted";
    }
    int64_t id = one(&c, com[j], ids[j], 0, state, into, 0, 290);
    if (!strcmp(state, "submitted") || !strcmp(state, "adopted"))
      last_open[slot] = id, last_com[slot] = com[j];
  }
  free(ids);
  free(com);
  if (c.failed) snprintf(err, 256, "生成社情民意信息失败：%s", db_errmsg(db));
  return !c.failed;
}
