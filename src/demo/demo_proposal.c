/* src/demo/demo_proposal.c: a session of proposals for the demo: the province's and each city's
** current session (its window around the moment of the load) with proposals whose titles and
** bodies read like real ones, in every state of the life of a proposal, with co-signers,
** assignments to the committee's handling units, replies with their category, ratings and a
** timeline; all indexed for search. Scale 0 gives about 300; --scale N about N × 100,000 /
** 190,000 (100,000 at the 190,000-member scale, for benchmarks). Deterministic for a seed. */
#include "base/mem.h"
#include "demo_proposal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/arena.h"
#include "base/timeutil.h"
#include "db/batch.h"
#include "demo_rng.h"
#include "proposal/proposal.h"
#include "proposal/proposal_search.h"

#define DAY 86400

/* Per category: the things a proposal asks to improve, and sentences of its body. */
static const struct {
  const char *category;
  const char *objects[8];
  const char *facts[4];
  const char *suggestions[4];
} topics[] = {
    {"教育科技",
     {"农村寄宿制学校建设", "职业教育产教融合", "乡村教师队伍建设", "中小学课后服务",
      "科技成果转化", "高校毕业生就业创业", "特殊教育发展", "县域普通高中发展"},
     {"部分县区学校宿舍、食堂等设施不足，生活教师配备缺口较大。",
      "校企合作多停留在协议层面，实训基地共建共享不够。",
      "乡村教师工资待遇和职称评聘仍有短板，优秀教师流失较多。",
      "科研成果本地转化率偏低，中试平台和专业服务机构缺乏。"},
     {"一是加大省级财政投入，建立稳定的经费保障机制；",
      "二是完善考核评价办法，将相关指标纳入年度考核；", "三是搭建公共服务平台，推动资源共享；",
      "四是加强督促检查，确保政策落地见效。"}},
    {"医疗卫生",
     {"基层医疗卫生服务能力", "中医药传承创新发展", "县域医共体建设", "慢性病综合防治",
      "心理健康服务体系", "紧密型城市医疗集团", "乡村医生队伍建设", "医保支付方式改革"},
     {"基层医疗机构设备老化，全科医生数量不足，群众就医仍向大医院集中。",
      "中医药人才培养体系不健全，道地药材品牌影响力不强。",
      "医共体内部人员、资金、信息等要素统筹不够。",
      "乡村医生年龄结构偏大，待遇保障和后继人才不足。"},
     {"一是推动优质医疗资源下沉，完善对口帮扶机制；", "二是落实乡村医生待遇，畅通职业发展通道；",
      "三是加快信息化建设，推进检查结果互认；", "四是完善医保政策，引导群众基层首诊。"}},
    {"经济建设",
     {"民营经济高质量发展", "营商环境持续优化", "特色农产品精深加工", "文旅产业融合发展",
      "新能源产业链建设", "县域经济发展", "中小企业融资", "数字经济发展"},
     {"部分企业反映融资难、融资贵问题依然存在，涉企政策知晓度不高。",
      "农产品加工转化率偏低，品牌附加值不高，产业链条短。",
      "新能源装机规模快速增长，但本地配套制造能力不足。",
      "县域产业同质化较为明显，园区承载能力有待提升。"},
     {"一是落实惠企政策直达快享，减少审批环节；", "二是培育龙头企业，延长产业链条；",
      "三是加大金融支持，创新信贷产品；", "四是加强人才引进，完善激励机制。"}},
    {"社会建设",
     {"社区养老服务体系", "城镇老旧小区改造", "困难群众救助帮扶", "新就业形态劳动者权益保障",
      "婴幼儿照护服务", "社区治理能力", "残疾人就业", "城乡公共交通一体化"},
     {"我省老龄化程度持续加深，社区养老服务设施覆盖不均衡，专业护理人员短缺。",
      "部分老旧小区管网老化、加装电梯推进较慢。",
      "外卖骑手、网约车司机等群体参加社会保险比例偏低。",
      "普惠托育机构数量少、收费偏高，群众送托意愿不强。"},
     {"一是完善规划布局，补齐设施短板；", "二是加大财政补贴力度，引导社会资本参与；",
      "三是加强专业人才培养；", "四是健全监管和评价机制。"}},
    {"生态文明建设",
     {"黄河流域生态保护", "祁连山生态修复", "城乡生活垃圾分类", "农业面源污染治理",
      "水资源节约集约利用", "防沙治沙", "湿地保护", "矿山生态修复"},
     {"部分河段水土流失仍较严重，生态补偿机制尚不完善。",
      "垃圾分类设施建设滞后，居民分类投放习惯尚未形成。",
      "化肥农药使用强度偏高，农膜回收率有待提高。", "历史遗留矿山修复任务重，资金来源单一。"},
     {"一是建立多元化生态补偿机制；", "二是加强科技支撑，推广适用技术；",
      "三是压实各方责任，强化考核问责；", "四是广泛宣传动员，引导全社会参与。"}},
    {"乡村振兴",
     {"农村人居环境整治", "高标准农田建设", "乡村人才振兴", "农村集体经济发展", "脱贫人口稳定增收",
      "乡村特色产业发展", "农村物流体系建设", "和美乡村建设"},
     {"部分村庄生活污水治理率低，厕所改造后续管护不到位。",
      "村集体经济收入来源单一，经营管理人才缺乏。",
      "脱贫户产业增收基础仍不稳固，务工收入占比较高。",
      "农村寄递物流网点少、成本高，农产品上行不畅。"},
     {"一是加大资金整合力度，建立长效管护机制；", "二是培育新型经营主体，发展特色产业；",
      "三是完善利益联结机制；", "四是加强基础设施建设，打通最后一公里。"}},
};
#define NTOPIC (int)(sizeof topics / sizeof topics[0])
static const char *const verbs[] = {"加强", "推进", "完善", "加快", "优化",
                                    "支持", "规范", "促进", "提升", "健全"};
static const char *const analyses[] = {
    "究其原因，一是投入保障不足，二是体制机制不顺，三是专业人才缺乏。",
    "问题的根源在于统筹协调不够，部门之间信息共享和政策衔接不畅。",
    "这些问题制约了相关工作的质量和效益，群众获得感有待增强。"};
static const char *const replies[] = {
    "我单位高度重视，已会同有关部门研究制定具体措施，相关工作正在有序推进。",
    "您提出的建议已被采纳，并列入明年重点工作计划，将分步实施。",
    "受财力等因素制约，暂难全面实施，我们将作为今后工作的重要参考。"};

/* States and their weights in a demo session. */
static const struct {
  const char *state;
  int weight;
} states[] = {{"draft", 3},     {"cosigning", 2}, {"submitted", 8}, {"returned", 2},
              {"withdrawn", 1}, {"not_filed", 8}, {"merged", 4},    {"filed", 5},
              {"assigned", 5},  {"handling", 15}, {"replied", 12},  {"rehandling", 2},
              {"closed", 33}};
#define NSTATE (int)(sizeof states / sizeof states[0])

struct cmte {
  int64_t id, session, serial;
  int64_t *members, *units;
  int nmembers, nunits;
};

static int64_t *ids(struct db *db, struct arena *a, const char *sql, int64_t id, int *n) {
  int cap = 64;
  int64_t *v = arena_alloc(a, sizeof *v * (size_t)cap);
  *n = 0;
  struct db_stmt *st = db_query(db, sql, "i", id);
  while (db_step(st) == DB_ROW) {
    if (*n == cap) {
      int64_t *m = arena_alloc(a, sizeof *m * (size_t)cap * 2);
      memcpy(m, v, sizeof *m * (size_t)cap);
      v = m, cap *= 2;
    }
    v[(*n)++] = db_col_int(st, 0);
  }
  db_done(st);
  return v;
}

static int state_index(const char *s) {
  for (int i = 0; i < NSTATE; i++)
    if (!strcmp(s, states[i].state)) return i;
  return -1;
}

bool demo_proposal_load(struct db *db, uint64_t seed, int64_t scale, int64_t now, char *err) {
  struct arena a;
  arena_init(&a);
  struct rng rng = {seed ^ 0x70726f706f73616cu};
  /* the province and the cities, with their members and handling units */
  struct cmte cs[32];
  int nc = 0;
  struct db_stmt *st =
      db_query(db, "SELECT id FROM committees WHERE level IN ('province','city') ORDER BY id", "");
  while (db_step(st) == DB_ROW && nc < 32) cs[nc++].id = db_col_int(st, 0);
  db_done(st);
  int year;
  {
    int q;
    time_cst_quarter(now, &year, &q);
  }
  char opens[16], closes[16];
  time_cst_date(now - 120 * DAY, opens);
  time_cst_date(now + 30 * DAY, closes);
  bool ok = true;
  int64_t total_members = 0;
  for (int i = 0; i < nc && ok; i++) {
    cs[i].members = ids(
        db, &a, "SELECT id FROM members WHERE committee_id = ? AND status = 'active' ORDER BY id",
        cs[i].id, &cs[i].nmembers);
    cs[i].units = ids(db, &a, "SELECT id FROM units WHERE committee_id = ? ORDER BY id", cs[i].id,
                      &cs[i].nunits);
    total_members += cs[i].nmembers;
    cs[i].serial = 1;
    cs[i].session = db_int(db, 0,
                           "INSERT INTO proposal_sessions (committee_id, name, year, opens_on, "
                           "closes_on, created_at, updated_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           "itittii", cs[i].id, i == 0 ? "十三届五次会议" : "第十届五次会议",
                           (int64_t)year, opens, closes, now, now);
    ok = cs[i].session > 0;
  }
  int64_t want = scale ? scale * 100000 / 190000 : 300;
  int64_t next = db_int(db, 1, "SELECT COALESCE(MAX(id), 0) + 1 FROM proposals", "");
  int64_t first_id = next;
  struct db_batch pb, sb, ab, rb, eb;
  db_batch_init(&pb, db,
                "INSERT INTO proposals (id, committee_id, session_id, kind, collective_kind, "
                "collective_id, proposer_id,"
                " category, title, facts, analysis, suggestions, status, interim, serial, "
                "submitted_at, filed_at,"
                " assigned_at, deadline_at, closed_at, merged_into, not_filed_reason, round, "
                "created_at, updated_at)"
                " VALUES ",
                25, "提案");
  db_batch_init(&sb, db,
                "INSERT INTO proposal_signers (proposal_id, member_id, role, status, invited_at, "
                "responded_at) VALUES ",
                6, "提案联名人");
  db_batch_init(&ab, db,
                "INSERT INTO proposal_assignments (proposal_id, unit_id, role, status, "
                "assigned_at, respond_by, accepted_at,"
                " deadline_at, reply_status, reply_category, reply_text, reply_at, "
                "countersigned_at, round) VALUES ",
                14, "交办记录");
  db_batch_init(
      &rb, db,
      "INSERT INTO proposal_ratings (proposal_id, member_id, round, rating, comment, at) VALUES ",
      6, "评价");
  db_batch_init(
      &eb, db,
      "INSERT INTO proposal_events (proposal_id, at, action, from_status, to_status, note) VALUES ",
      6, "办理过程");
  db_batch_after(&sb, &pb);
  db_batch_after(&ab, &pb);
  db_batch_after(&rb, &pb);
  db_batch_after(&eb, &pb);
  int wsum = 0;
  for (int i = 0; i < NSTATE; i++) wsum += states[i].weight;
  char title[300], facts[1200], analysis[600], sugg[800];
  for (int64_t k = 0; k < want && ok; k++) {
    /* a committee by its members; the province has most */
    int64_t x = rng_below(&rng, total_members > 0 ? total_members : 1);
    int ci = 0;
    while (ci < nc - 1 && x >= cs[ci].nmembers) x -= cs[ci++].nmembers;
    struct cmte *c = &cs[ci];
    if (!c->nmembers) continue;
    int t = (int)rng_below(&rng, NTOPIC);
    const char *obj = topics[t].objects[rng_below(&rng, 8)];
    snprintf(title, sizeof title, "关于%s%s的提案", verbs[rng_below(&rng, 10)], obj);
    int nf = 1 + (int)rng_below(&rng, 3);
    facts[0] = 0;
    for (int f = 0; f < nf; f++)
      strncat(facts, topics[t].facts[rng_below(&rng, 4)], sizeof facts - strlen(facts) - 1);
    snprintf(analysis, sizeof analysis, "%s", analyses[rng_below(&rng, 3)]);
    sugg[0] = 0;
    for (int f = 0; f < 4; f++)
      strncat(sugg, topics[t].suggestions[f], sizeof sugg - strlen(sugg) - 1);
    int w = (int)rng_below(&rng, wsum), si = 0;
    while (w >= states[si].weight) w -= states[si++].weight;
    const char *state = states[si].state;
    int64_t id = next++;
    int64_t created = now - (20 + rng_below(&rng, 100)) * DAY;
    bool submitted = si >= 1, filed = si >= state_index("filed"),
         assigned = si >= state_index("assigned");
    bool collective = rng_permille(&rng, 100);
    bool joint = !collective && rng_permille(&rng, 300);
    int64_t proposer = collective ? 0 : c->members[rng_below(&rng, c->nmembers)];
    int64_t sub_at = created + 2 * DAY, filed_at = sub_at + 10 * DAY, asg_at = filed_at + 5 * DAY;
    int64_t deadline = assigned ? proposal_add_months(asg_at, 3) : 0;
    bool closed = !strcmp(state, "closed");
    int64_t round = !strcmp(state, "rehandling") ? 2 : 1;
    struct db_value *r = db_batch_row(&pb);
    db_val_int(&r[0], id);
    db_val_int(&r[1], c->id);
    db_val_ref(&r[2], submitted ? c->session : 0);
    db_val_text(&r[3], collective ? "collective" : joint ? "joint" : "member");
    if (collective)
      db_val_text(&r[4], "party");
    else
      r[4] = (struct db_value){.type = 'n'};
    db_val_ref(&r[5], collective ? 1 + rng_below(&rng, 9) : 0);
    db_val_ref(&r[6], proposer);
    db_val_text(&r[7], topics[t].category);
    db_val_text(&r[8], db_batch_str(&pb, title));
    db_val_text(&r[9], db_batch_str(&pb, facts));
    db_val_text(&r[10], db_batch_str(&pb, analysis));
    db_val_text(&r[11], db_batch_str(&pb, sugg));
    db_val_text(&r[12], state);
    db_val_int(&r[13], rng_permille(&rng, 150));
    db_val_ref(&r[14], filed ? c->serial++ : 0);
    db_val_ref(&r[15], submitted ? sub_at : 0);
    db_val_ref(&r[16], filed ? filed_at : 0);
    db_val_ref(&r[17], assigned ? asg_at : 0);
    db_val_ref(&r[18], deadline);
    db_val_ref(&r[19], closed ? asg_at + 60 * DAY : 0);
    db_val_ref(&r[20], !strcmp(state, "merged") && id > first_id
                           ? first_id + rng_below(&rng, id - first_id)
                           : 0);
    db_val_ref(&r[21], !strcmp(state, "not_filed") ? 1 + rng_below(&rng, 10) : 0);
    db_val_int(&r[22], round);
    db_val_int(&r[23], created);
    db_val_int(&r[24], created);
    /* signers */
    int64_t signers[5];
    int ns = 0;
    if (proposer) signers[ns++] = proposer;
    if (joint)
      for (int j = 0, n = 1 + (int)rng_below(&rng, 4); j < n && c->nmembers > 5; j++) {
        int64_t m = c->members[rng_below(&rng, c->nmembers)];
        bool dup = false;
        for (int q = 0; q < ns; q++) dup |= signers[q] == m;
        if (!dup) signers[ns++] = m;
      }
    for (int j = 0; j < ns; j++) {
      struct db_value *v = db_batch_row(&sb);
      db_val_int(&v[0], id);
      db_val_int(&v[1], signers[j]);
      db_val_text(&v[2], j ? "cosigner" : "first");
      db_val_text(&v[3], j && !strcmp(state, "cosigning") ? "invited" : "confirmed");
      db_val_int(&v[4], created);
      db_val_ref(&v[5], j && !strcmp(state, "cosigning") ? 0 : created + DAY);
    }
    /* assignments, replies, ratings */
    if (assigned && c->nunits) {
      bool handling = si >= state_index("handling"),
           replied = si >= state_index("replied") && strcmp(state, "rehandling");
      const char *cat = rng_permille(&rng, 550) ? "A" : rng_permille(&rng, 700) ? "B" : "C";
      int nu = rng_permille(&rng, 300) && c->nunits > 1 ? 2 : 1;
      int64_t u0 = c->units[rng_below(&rng, c->nunits)];
      for (int j = 0; j < nu; j++) {
        int64_t unit =
            j ? c->units[(rng_below(&rng, c->nunits - 1) + 1 + (u0 - c->units[0])) % c->nunits]
              : u0;
        if (j && unit == u0) break;
        struct db_value *v = db_batch_row(&ab);
        db_val_int(&v[0], id);
        db_val_int(&v[1], unit);
        db_val_text(&v[2], j ? "co" : "lead");
        db_val_text(&v[3], handling ? "accepted" : "assigned");
        db_val_int(&v[4], asg_at);
        db_val_int(&v[5], asg_at + 7 * DAY);
        db_val_ref(&v[6], handling ? asg_at + 2 * DAY : 0);
        db_val_int(&v[7], deadline);
        db_val_text(&v[8], replied && !j ? "approved" : "none");
        if (replied && !j)
          db_val_text(&v[9], cat);
        else
          v[9] = (struct db_value){.type = 'n'};
        db_val_text(&v[10], replied && !j ? replies[cat[0] - 'A'] : "");
        db_val_ref(&v[11], replied && !j ? asg_at + 50 * DAY : 0);
        db_val_ref(&v[12], replied && j ? asg_at + 48 * DAY : 0);
        db_val_int(&v[13], round);
      }
      if (closed || !strcmp(state, "rehandling"))
        for (int j = 0; j < ns; j++) {
          struct db_value *v = db_batch_row(&rb);
          bool unhappy = !strcmp(state, "rehandling") && j == 0;
          db_val_int(&v[0], id);
          db_val_int(&v[1], signers[j]);
          db_val_int(&v[2], 1);
          db_val_text(&v[3], unhappy                   ? "unsatisfied"
                             : rng_permille(&rng, 800) ? "satisfied"
                                                       : "basically");
          db_val_text(&v[4], unhappy ? "答复措施不够具体" : "");
          db_val_int(&v[5], asg_at + 55 * DAY);
        }
    }
    /* the timeline's main steps */
    const struct {
      bool when;
      const char *action, *from, *to;
      int64_t at;
    } ev[] = {{true, "create", NULL, "draft", created},
              {submitted, "submit", "draft", "submitted", sub_at},
              {filed, "file", "submitted", "filed", filed_at},
              {assigned, "assign", "filed", "assigned", asg_at},
              {closed, "rate", "replied", "closed", asg_at + 55 * DAY}};
    for (size_t e = 0; e < sizeof ev / sizeof ev[0]; e++) {
      if (!ev[e].when) continue;
      struct db_value *v = db_batch_row(&eb);
      db_val_int(&v[0], id);
      db_val_int(&v[1], ev[e].at);
      db_val_text(&v[2], ev[e].action);
      if (ev[e].from)
        db_val_text(&v[3], ev[e].from);
      else
        v[3] = (struct db_value){.type = 'n'};
      db_val_text(&v[4], ev[e].to);
      db_val_text(&v[5], "");
    }
  }
  ok = ok && db_batch_end(&pb);
  bool ok2 = db_batch_end(&sb) & db_batch_end(&ab) & db_batch_end(&rb) & db_batch_end(&eb);
  if (!ok || !ok2) {
    const struct db_batch *bad = pb.failed   ? &pb
                                 : sb.failed ? &sb
                                 : ab.failed ? &ab
                                 : rb.failed ? &rb
                                             : &eb;
    snprintf(err, 256, "写入演示%s失败：%s", bad->what, bad->failed ? bad->errmsg : db_errmsg(db));
    arena_free(&a);
    return false;
  }
  for (int i = 0; i < nc; i++)
    db_exec(db, "UPDATE proposal_sessions SET next_serial = ? WHERE id = ?", "ii", cs[i].serial,
            cs[i].session);
  /* the search index */
  st = db_query(
      db, "SELECT id, title, facts, analysis, suggestions FROM proposals WHERE id >= ? ORDER BY id",
      "i", first_id);
  struct {
    int64_t id;
    char *title, *body;
  } *rows = NULL;
  size_t n = 0, cap = 0;
  while (db_step(st) == DB_ROW) {
    if (n == cap) rows = mem_realloc(rows, (cap = cap ? cap * 2 : 1024) * sizeof *rows);
    rows[n].id = db_col_int(st, 0);
    rows[n].title = strdup(db_col_text(st, 1));
    size_t lf = strlen(db_col_text(st, 2)), la = strlen(db_col_text(st, 3)),
           ls = strlen(db_col_text(st, 4));
    rows[n].body = malloc(lf + la + ls + 3);
    snprintf(rows[n].body, lf + la + ls + 3, "%s\n%s\n%s", db_col_text(st, 2), db_col_text(st, 3),
             db_col_text(st, 4));
    n++;
  }
  db_done(st);
  int64_t *ids = malloc(sizeof *ids * (n ? n : 1));
  const char **titles = malloc(sizeof *titles * (n ? n : 1)),
             **bodies = malloc(sizeof *bodies * (n ? n : 1));
  for (size_t i = 0; i < n; i++)
    ids[i] = rows[i].id, titles[i] = rows[i].title, bodies[i] = rows[i].body;
  if (ok && !proposal_index_bulk(db, n, ids, titles, bodies)) {
    snprintf(err, 256, "建立提案检索索引失败：%s", db_errmsg(db));
    ok = false;
  }
  free(ids);
  free(titles);
  free(bodies);
  for (size_t i = 0; i < n; i++) {
    free(rows[i].title);
    free(rows[i].body);
  }
  free(rows);
  if (ok && db_engine(db) != DB_SQLITE) {
    static const char *const seq[] = {"proposals", "proposal_sessions"};
    for (int i = 0; i < 2; i++) {
      char sql[200];
      snprintf(sql, sizeof sql,
               "SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 "
               "FROM %s), false)",
               seq[i], seq[i]);
      struct db_stmt *q = db_query(db, sql, "");
      if (!q || db_step(q) != DB_ROW) ok = false;
      db_done(q);
    }
  }
  arena_free(&a);
  return ok;
}
