/* tests/unit/test_proposal_search.c: search and similar proposals on a migrated temporary
** database, with hand-made Chinese texts: two-character queries, four-character queries that
** need all their bigrams, mixed Chinese and ASCII, ASCII in any case, ranking by occurrences and
** by the title (and the score's formula), re-indexing and un-indexing (df and N stay true), the
** caller's condition (also when the best matches all fail it), lone ideographs (LIKE, alone and
** with bigrams), empty and punctuation-only queries; similar texts: a near-duplicate above a
** related text above an unrelated one, exclude_id, min_score, the condition, and the stored norms
** of a collection past NORM_SETTLED. The main scenario runs on PostgreSQL too when
** LVZHI_TEST_PG_URL is set (scripts/pg-start). */
#include "base/arena.h"
#include "base/utf8.h"
#include "db/db.h"
#include "db/migrate.h"
#include "proposal/proposal_search.h"
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char ps_path[64];
static struct db *ps_db;
static struct arena ps_arena;
static int64_t ps_c1, ps_c2; /* two committees */

static struct db *ps_pga; /* PostgreSQL: the server's connection, which creates and drops */
static char ps_pgname[64];

static void ps_migrate(struct db *db) {
  cr_assert_eq(migrate_run(db, schema_migrations, schema_migration_count, NULL),
               schema_migration_count);
  ps_c1 = db_int(db, 0,
                 "INSERT INTO committees (name, level, created_at, updated_at)"
                 " VALUES ('兰州市政协', 'city', 0, 0) RETURNING id",
                 "");
  ps_c2 = db_int(db, 0,
                 "INSERT INTO committees (name, level, created_at, updated_at)"
                 " VALUES ('天水市政协', 'city', 0, 0) RETURNING id",
                 "");
  cr_assert(ps_c1 > 0 && ps_c2 > 0);
}

static void ps_init(void) {
  strcpy(ps_path, "/tmp/lvzhi-test-psearch-XXXXXX");
  int fd = mkstemp(ps_path);
  cr_assert_geq(fd, 0);
  close(fd);
  char *err = NULL;
  ps_db = db_open(ps_path, &err);
  cr_assert_not_null(ps_db, "%s", err ? err : "");
  ps_migrate(ps_db);
  arena_init(&ps_arena);
}

static void ps_fini(void) {
  db_close(ps_db);
  ps_db = NULL;
  arena_free(&ps_arena);
  if (ps_path[0]) {
    char p[96];
    unlink(ps_path);
    snprintf(p, sizeof p, "%s-wal", ps_path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", ps_path);
    unlink(p);
    ps_path[0] = 0;
  }
  if (ps_pga) {
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", ps_pgname);
    db_exec_script(ps_pga, sql);
    db_close(ps_pga);
    ps_pga = NULL;
  }
}

TestSuite(proposal_search, .init = ps_init, .fini = ps_fini);

/* Swaps the test's database for a fresh one on LVZHI_TEST_PG_URL's server, or skips. */
static void ps_use_pg(void) {
  const char *url = getenv("LVZHI_TEST_PG_URL");
  if (!url || !*url) cr_skip_test("LVZHI_TEST_PG_URL is not set (scripts/pg-start)");
  char *err = NULL;
  ps_pga = db_open(url, &err);
  cr_assert_not_null(ps_pga, "%s", err ? err : "");
  snprintf(ps_pgname, sizeof ps_pgname, "lvzhi_ps%d_%lx", (int)getpid(), (unsigned long)random());
  char sql[128];
  snprintf(sql, sizeof sql, "CREATE DATABASE %s", ps_pgname);
  cr_assert_eq(db_exec_script(ps_pga, sql), DB_DONE, "%s", db_errmsg(ps_pga));
  /* the URL with the path replaced by the new database, the query kept */
  char pg[512];
  const char *host = strstr(url, "://");
  const char *path = host ? strchr(host + 3, '/') : NULL;
  const char *query = strchr(url, '?');
  if (!path || (query && path > query)) path = query ? query : url + strlen(url);
  snprintf(pg, sizeof pg, "%.*s/%s%s", (int)(path - url), url, ps_pgname, query ? query : "");
  db_close(ps_db);
  ps_db = db_open(pg, &err);
  cr_assert_not_null(ps_db, "%s", err ? err : "");
  cr_assert_eq(db_engine(ps_db), DB_POSTGRES);
  ps_migrate(ps_db);
}

/* A proposal of committee c in status, indexed as the proposals module does (body = facts,
** analysis, suggestions). */
static int64_t ps_add(int64_t c, const char *status, const char *title, const char *facts,
                      const char *suggestions) {
  int64_t id = db_int(ps_db, 0,
                      "INSERT INTO proposals (committee_id, category, title, facts, suggestions,"
                      " status, created_at, updated_at) VALUES (?, '社会', ?, ?, ?, ?, 0, 0)"
                      " RETURNING id",
                      "itttt", c, title, facts, suggestions, status);
  cr_assert_gt(id, 0, "%s", db_errmsg(ps_db));
  char body[4096];
  snprintf(body, sizeof body, "%s\n\n%s", facts, suggestions);
  cr_assert_eq(db_begin(ps_db), DB_DONE);
  cr_assert(proposal_index(ps_db, id, title, body), "index %s: %s", title, db_errmsg(ps_db));
  cr_assert_eq(db_commit(ps_db), DB_DONE);
  return id;
}

struct ps_hits {
  int n;
  int64_t id[64];
  double score[64];
};

static struct ps_hits ps_read(json_t *a) {
  struct ps_hits h = {0};
  cr_assert_not_null(a, "a database error: %s", db_errmsg(ps_db));
  cr_assert(json_is_array(a));
  size_t i;
  json_t *o;
  json_array_foreach(a, i, o) {
    cr_assert_lt(h.n, 64);
    cr_assert(json_is_integer(json_object_get(o, "id")));
    cr_assert(json_is_number(json_object_get(o, "score")));
    h.id[h.n] = json_integer_value(json_object_get(o, "id"));
    h.score[h.n++] = json_number_value(json_object_get(o, "score"));
  }
  json_decref(a);
  return h;
}

static struct ps_hits ps_search_in(const char *q, const char *where, int np,
                                   const struct db_value *p, int limit) {
  return ps_read(proposal_search_ids(ps_db, &ps_arena, q, where, np, p, limit));
}

static struct ps_hits ps_search(const char *q) { return ps_search_in(q, NULL, 0, NULL, 50); }

static bool ps_has(const struct ps_hits *h, int64_t id) {
  for (int i = 0; i < h->n; i++)
    if (h->id[i] == id) return true;
  return false;
}

static double ps_score_of(const struct ps_hits *h, int64_t id) {
  for (int i = 0; i < h->n; i++)
    if (h->id[i] == id) return h->score[i];
  return -1;
}

/* df and N agree with the postings, and every proposal with terms has one norm. */
static void ps_check_counts(void) {
  cr_expect_eq(db_int(ps_db, -1,
                      "SELECT COUNT(*) FROM proposal_term_df d WHERE d.term <> '' AND d.df <>"
                      " (SELECT COUNT(*) FROM proposal_terms t WHERE t.term = d.term)",
                      ""),
               0, "df counts the proposals having each term");
  cr_expect_eq(db_int(ps_db, -1,
                      "SELECT COUNT(*) FROM (SELECT DISTINCT term FROM proposal_terms) t WHERE"
                      " NOT EXISTS (SELECT 1 FROM proposal_term_df d WHERE d.term = t.term)",
                      ""),
               0, "every term has its df");
  cr_expect_eq(db_int(ps_db, 0, "SELECT df FROM proposal_term_df WHERE term = ''", ""),
               db_int(ps_db, -1, "SELECT COUNT(DISTINCT proposal_id) FROM proposal_terms", ""),
               "N counts the proposals with terms");
  cr_expect_eq(db_int(ps_db, -1, "SELECT COUNT(*) FROM proposal_term_norms", ""),
               db_int(ps_db, -1, "SELECT COUNT(DISTINCT proposal_id) FROM proposal_terms", ""));
}

/* ---- the texts ------------------------------------------------------------------------------- */

struct ps_set {
  int64_t elder, pension, edu, g5, ai, water, air, support;
};

static struct ps_set ps_seed(void) {
  struct ps_set s;
  s.elder = ps_add(ps_c1, "submitted", "关于加快发展社区养老服务的建议",
                   "我市六十岁以上老年人口已超过一百万，社区养老服务设施不足，养老护理人员短缺。",
                   "建议建设社区养老服务中心，培养专业护理队伍，推进医养结合。");
  /* 养老 and 服务 but never 养老服务: no bigram 老服 */
  s.pension = ps_add(ps_c1, "submitted", "关于规范养老金发放的建议",
                     "部分地区养老金发放不及时，银行网点服务不便。",
                     "建议优化发放流程，提升窗口服务水平。");
  s.edu = ps_add(ps_c1, "submitted", "关于促进义务教育均衡发展的建议",
                 "城乡学校办学条件差距较大，优质教育资源集中在城区。",
                 "建议加强农村学校建设，推动教师交流轮岗。");
  s.g5 = ps_add(ps_c1, "submitted", "关于加快5G基站建设的建议",
                "全市5G网络覆盖不足，农村地区基站建设滞后。",
                "建议统筹规划5G基站选址，简化审批流程。");
  s.ai = ps_add(ps_c1, "submitted", "关于推动AI产业发展的建议",
                "人工智能是新质生产力，本地Ai企业规模偏小。", "建议设立ai产业基金，引进人才。");
  s.water = ps_add(ps_c1, "submitted", "关于治理黄河水污染的建议",
                   "黄河兰州段部分支流水质下降，工业废水偷排时有发生。", "建议加强执法检查。");
  s.air = ps_add(ps_c1, "submitted", "关于防治冬季空气污染的建议", "冬季燃煤取暖导致空气质量下降。",
                 "建议推进清洁取暖改造。");
  /* 养 only in the suggestions, and only as a lone ideograph next to 供 in 供养 */
  s.support = ps_add(ps_c1, "submitted", "关于特困人员救助的建议", "特困人员基本生活保障水平不高。",
                     "建议提高集中供养标准。");
  return s;
}

/* ---- search ---------------------------------------------------------------------------------- */

static void ps_scenario_search(void) {
  struct ps_set s = ps_seed();
  ps_check_counts();

  struct ps_hits h = ps_search("养老");
  cr_expect(ps_has(&h, s.elder), "养老 finds the proposal on 养老服务");
  cr_expect(ps_has(&h, s.pension), "and the one on 养老金");
  cr_expect_not(ps_has(&h, s.edu), "not the one on 教育");
  cr_expect_eq(h.n, 2);
  cr_expect_eq(h.id[0], s.elder, "four occurrences (one in the title) before two in the title");

  h = ps_search("教育");
  cr_expect_eq(h.n, 1);
  cr_expect_eq(h.id[0], s.edu);

  h = ps_search("养老服务");
  cr_expect_eq(h.n, 1, "养老服务 needs 养老, 老服 and 服务");
  cr_expect_eq(h.id[0], s.elder);
  h = ps_search("服务");
  cr_expect(ps_has(&h, s.pension), "服务 alone is in the pension proposal");
  h = ps_search("医养结合");
  cr_expect_eq(h.n, 1);
  cr_expect_eq(h.id[0], s.elder);
  h = ps_search("养老教育");
  cr_expect_eq(h.n, 0, "老教 occurs nowhere");

  h = ps_search("5G基站建设");
  cr_expect_eq(h.n, 1, "mixed Chinese and ASCII");
  cr_expect_eq(h.id[0], s.g5);
  h = ps_search("5g 基站");
  cr_expect_eq(h.n, 1);
  h = ps_search("6G基站");
  cr_expect_eq(h.n, 0, "every token must occur");
  h = ps_search("建设");
  cr_expect(ps_has(&h, s.g5) && ps_has(&h, s.edu) && ps_has(&h, s.elder));

  double sc[3];
  const char *cases[] = {"ai", "AI", "Ai"};
  for (int i = 0; i < 3; i++) {
    h = ps_search(cases[i]);
    cr_expect_eq(h.n, 1, "%s: ASCII words match in any case", cases[i]);
    cr_expect_eq(h.id[0], s.ai);
    sc[i] = h.score[0];
  }
  cr_expect_float_eq(sc[0], sc[1], 1e-9);
  cr_expect_float_eq(sc[0], sc[2], 1e-9);
  h = ps_search("AI产业");
  cr_expect_eq(h.n, 1);

  /* lone ideographs: LIKE on title and body */
  h = ps_search("养");
  cr_expect_eq(h.n, 3, "养 is in three proposals");
  cr_expect(ps_has(&h, s.elder) && ps_has(&h, s.pension) && ps_has(&h, s.support),
            "including one that has it only in the suggestions");
  cr_expect_eq(h.id[0], s.support, "newest first");
  cr_expect_float_eq(h.score[0], 0, 1e-12);
  h = ps_search("鸭");
  cr_expect_eq(h.n, 0);
  h = ps_search("水 污染");
  cr_expect_eq(h.n, 1, "污染 by the index and 水 by LIKE");
  cr_expect_eq(h.id[0], s.water);
  h = ps_search("污染");
  cr_expect_eq(h.n, 2);

  /* nothing to search for */
  const char *empty[] = {"", "   ", "，。！？……", "——《》“”", "\t\n"};
  for (int i = 0; i < 5; i++) {
    h = ps_search(empty[i]);
    cr_expect_eq(h.n, 0, "query %d gives nothing", i);
  }
  h = ps_search_in(NULL, NULL, 0, NULL, 10);
  cr_expect_eq(h.n, 0);
}

Test(proposal_search, search_sqlite) { ps_scenario_search(); }

Test(proposal_search, ranking_and_score) {
  int64_t title = ps_add(ps_c1, "submitted", "养老问题", "一些情况。", "");
  int64_t once = ps_add(ps_c1, "submitted", "民生问题", "涉及养老。", "");
  int64_t twice = ps_add(ps_c1, "submitted", "民生事项", "养老，再谈养老。", "");
  ps_add(ps_c1, "submitted", "交通问题", "道路拥堵。", "");
  struct ps_hits h = ps_search("养老");
  cr_assert_eq(h.n, 3);
  cr_expect_eq(h.id[0], title, "a title hit counts PROPOSAL_TITLE_WEIGHT times");
  cr_expect_eq(h.id[1], twice, "two occurrences before one");
  cr_expect_eq(h.id[2], once);
  double idf = log(1.0 + 4.0 / 3.0); /* N = 4, df = 3 */
  cr_expect_float_eq(h.score[0], PROPOSAL_TITLE_WEIGHT * idf, 1e-5);
  cr_expect_float_eq(h.score[1], 2 * idf, 1e-5);
  cr_expect_float_eq(h.score[2], idf, 1e-5);

  /* two tokens: the sum of tf × idf */
  h = ps_search("问题 养老");
  cr_assert_eq(h.n, 2);
  cr_expect_eq(h.id[0], title);
  double idf_wenti = log(1.0 + 4.0 / 3.0); /* 问题 in three titles */
  cr_expect_float_eq(h.score[0], 3 * idf + 3 * idf_wenti, 1e-5);
  cr_expect_float_eq(h.score[1], idf + 3 * idf_wenti, 1e-5);

  h = ps_search_in("养老", NULL, 0, NULL, 1);
  cr_expect_eq(h.n, 1, "limit");
  cr_expect_eq(h.id[0], title);
}

Test(proposal_search, reindex_replaces_terms) {
  int64_t id = ps_add(ps_c1, "submitted", "关于治理河道污染的建议", "河道垃圾堆积。", "");
  int64_t other = ps_add(ps_c1, "submitted", "关于河道清淤的建议", "河道淤积严重。", "");
  cr_expect_eq(ps_search("河道").n, 2);
  /* an edit: one term's tf changes, one term comes, one goes, the rest stay */
  cr_assert(proposal_index(ps_db, id, "关于治理河道污染的建议", "河道淤积，河道堵塞。"));
  ps_check_counts();
  cr_expect_eq(db_int(ps_db, -1,
                      "SELECT tf FROM proposal_terms WHERE term = '河道' AND proposal_id = ?", "i",
                      id),
               PROPOSAL_TITLE_WEIGHT + 2);
  cr_expect_eq(ps_search("堵塞").n, 1);
  cr_expect_eq(ps_search("垃圾").n, 0);
  cr_expect_eq(ps_search("治理河道").n, 1);
  cr_assert(proposal_index(ps_db, id, "关于改善城市交通的建议", "早晚高峰道路拥堵。"));
  ps_check_counts();
  struct ps_hits h = ps_search("河道");
  cr_expect_eq(h.n, 1, "the old terms are gone");
  cr_expect_eq(h.id[0], other);
  cr_expect_eq(ps_search("污染").n, 0);
  h = ps_search("交通");
  cr_expect_eq(h.n, 1, "the new ones are there");
  cr_expect_eq(h.id[0], id);
  cr_expect_eq(db_int(ps_db, -1, "SELECT COUNT(*) FROM proposal_term_df WHERE term = '污染'", ""),
               0, "a term no proposal has left loses its df row");
  /* indexing the same text again changes nothing */
  cr_assert(proposal_index(ps_db, id, "关于改善城市交通的建议", "早晚高峰道路拥堵。"));
  ps_check_counts();
  cr_expect_eq(db_int(ps_db, -1,
                      "SELECT tf FROM proposal_terms WHERE term = '交通' AND proposal_id = ?", "i",
                      id),
               PROPOSAL_TITLE_WEIGHT);
  /* an empty text takes the proposal out of the index, and out of N */
  cr_expect_eq(db_int(ps_db, 0, "SELECT df FROM proposal_term_df WHERE term = ''", ""), 2);
  cr_assert(proposal_index(ps_db, id, NULL, ""));
  ps_check_counts();
  cr_expect_eq(ps_search("交通").n, 0);
  cr_expect_eq(db_int(ps_db, 0, "SELECT df FROM proposal_term_df WHERE term = ''", ""), 1);
  cr_expect_eq(
      db_int(ps_db, -1, "SELECT COUNT(*) FROM proposal_term_norms WHERE proposal_id = ?", "i", id),
      0);
  /* and a rolled-back transaction leaves the index as it was */
  cr_assert_eq(db_begin(ps_db), DB_DONE);
  cr_assert(proposal_index(ps_db, other, "全新标题", "全新内容"));
  cr_assert_eq(db_rollback(ps_db), DB_DONE);
  cr_expect_eq(ps_search("河道").n, 1);
  ps_check_counts();
}

Test(proposal_search, where_restricts) {
  int64_t mine = ps_add(ps_c1, "submitted", "关于社区养老的建议", "养老设施不足。", "");
  int64_t draft = ps_add(ps_c1, "draft", "关于养老的建议（草稿）", "养老。", "");
  int64_t theirs = ps_add(ps_c2, "submitted", "关于养老护理的建议", "养老护理员短缺。", "");
  struct db_value p[] = {{.type = 'i', .i = ps_c1}};
  const char *cond = "p.committee_id = ? AND p.status <> 'draft'";
  struct ps_hits h = ps_search_in("养老", cond, 1, p, 50);
  cr_expect_eq(h.n, 1);
  cr_expect_eq(h.id[0], mine);
  cr_expect_not(ps_has(&h, draft));
  cr_expect_not(ps_has(&h, theirs));
  h = ps_search_in("养", cond, 1, p, 50);
  cr_expect_eq(h.n, 1, "the condition holds for LIKE too");
  cr_expect_eq(h.id[0], mine);
  h = ps_search_in("养 设施", cond, 1, p, 50);
  cr_expect_eq(h.n, 1);

  /* the best matches all fail the condition: the search goes on past them */
  for (int i = 0; i < 24; i++)
    ps_add(ps_c2, "submitted", "养老养老养老", "养老服务，养老机构，养老护理，养老保险。", "");
  h = ps_search_in("养老", cond, 1, p, 1);
  cr_expect_eq(h.n, 1);
  cr_expect_eq(h.id[0], mine);
  h = ps_search_in("养老", cond, 1, p, 5);
  cr_expect_eq(h.n, 1);
  h = ps_search_in("养老", NULL, 0, NULL, 5);
  cr_expect_eq(h.n, 5);
  cr_expect_not(ps_has(&h, mine));
}

/* ---- similar --------------------------------------------------------------------------------- */

struct ps_sim {
  int64_t base, dup, related, unrelated, theirs;
};

static const char *ps_base_title = "关于加快发展社区养老服务的建议";
static const char *ps_base_body =
    "我市老年人口持续增长，社区养老服务设施不足，养老护理人员短缺，居家老人照护困难。"
    "建议加大财政投入，建设社区养老服务中心，培养专业护理队伍，推进医养结合，发展居家养老服务。";

static struct ps_sim ps_seed_similar(void) {
  struct ps_sim s;
  s.base =
      ps_add(ps_c1, "submitted", ps_base_title,
             "我市老年人口持续增长，社区养老服务设施不足，养老护理人员短缺，居家老人照护困难。",
             "建议加大财政投入，建设社区养老服务中心，培养专业护理队伍，推进医养结合，"
             "发展居家养老服务。");
  s.dup =
      ps_add(ps_c1, "submitted", "关于加快社区养老服务发展的建议",
             "我市老年人口持续增长，社区养老服务设施明显不足，养老护理人员短缺，居家老人照护困难。",
             "建议加大财政投入，建设社区养老服务中心，培养护理队伍，推进医养结合。");
  s.related = ps_add(ps_c1, "submitted", "关于完善农村养老保障的建议",
                     "农村老年人收入偏低，养老保障水平不高，留守老人缺乏照护。",
                     "建议提高农村养老金标准，发展互助养老服务。");
  s.unrelated = ps_add(ps_c1, "submitted", "关于促进义务教育均衡发展的建议",
                       "城乡学校办学条件差距较大，优质教育资源集中在城区。",
                       "建议加大财政投入，加强农村学校建设，推动教师交流轮岗。");
  ps_add(ps_c1, "submitted", "关于加快5G基站建设的建议",
         "全市5G网络覆盖不足，农村地区基站建设滞后。", "建议统筹规划5G基站选址，简化审批流程。");
  ps_add(ps_c1, "submitted", "关于治理黄河水污染的建议", "黄河兰州段部分支流水质下降。",
         "建议加强执法检查。");
  s.theirs = ps_add(ps_c2, "submitted", "关于加快发展社区养老服务的建议",
                    "社区养老服务设施不足，养老护理人员短缺。", "建议建设社区养老服务中心。");
  return s;
}

static struct ps_hits ps_similar(int64_t exclude, double min_score, const char *where, int np,
                                 const struct db_value *p, int limit) {
  return ps_read(proposal_similar_ids(ps_db, &ps_arena, ps_base_title, ps_base_body, exclude,
                                      min_score, where, np, p, limit));
}

static void ps_scenario_similar(void) {
  struct ps_sim s = ps_seed_similar();
  struct db_value p[] = {{.type = 'i', .i = ps_c1}};
  const char *cond = "p.committee_id = ?";

  struct ps_hits h = ps_similar(s.base, 0, cond, 1, p, 10);
  cr_assert_geq(h.n, 2);
  cr_expect_eq(h.id[0], s.dup, "the near-duplicate first");
  cr_expect_not(ps_has(&h, s.base), "exclude_id");
  cr_expect_not(ps_has(&h, s.theirs), "the condition");
  double dup = ps_score_of(&h, s.dup), rel = ps_score_of(&h, s.related),
         unrel = ps_score_of(&h, s.unrelated);
  cr_expect_gt(dup, 0.6, "near-duplicate %f", dup);
  cr_expect_leq(dup, 1.0);
  cr_expect_gt(rel, 0, "the related text is found");
  cr_expect_gt(dup, rel, "near-duplicate %f above related %f", dup, rel);
  cr_expect_lt(unrel, rel, "unrelated %f (-1: not found) below related %f", unrel, rel);
  for (int i = 1; i < h.n; i++) cr_expect_geq(h.score[i - 1], h.score[i], "best first");

  h = ps_similar(0, 0, cond, 1, p, 10);
  cr_assert_geq(h.n, 2);
  cr_expect_eq(h.id[0], s.base, "without exclude_id the text's own proposal is first");
  cr_expect_float_eq(h.score[0], 1.0, 1e-6, "and its cosine is 1: %f", h.score[0]);
  cr_expect_float_eq(ps_score_of(&h, s.dup), dup, 1e-9, "the same scores either way");

  h = ps_similar(s.base, (dup + rel) / 2, cond, 1, p, 10);
  cr_expect_eq(h.n, 1, "min_score keeps the near-duplicate only");
  cr_expect_eq(h.id[0], s.dup);

  h = ps_similar(s.base, 0, cond, 1, p, 1);
  cr_expect_eq(h.n, 1, "limit");

  h = ps_similar(s.base, 0, NULL, 0, NULL, 10);
  cr_expect(ps_has(&h, s.theirs), "without the condition the other committee's is found");
  cr_expect_gt(ps_score_of(&h, s.theirs), rel);

  /* the best candidates all fail the condition: the search goes on past them */
  for (int i = 0; i < 40; i++)
    ps_add(ps_c2, "submitted", ps_base_title,
           "我市老年人口持续增长，社区养老服务设施不足，养老护理人员短缺，居家老人照护困难。",
           "建议加大财政投入，建设社区养老服务中心，培养专业护理队伍，推进医养结合，"
           "发展居家养老服务。");
  h = ps_similar(s.base, 0, NULL, 0, NULL, 1);
  cr_expect_float_eq(h.score[0], 1.0, 1e-6, "copies in the other committee come first");
  h = ps_similar(s.base, 0, cond, 1, p, 1);
  cr_expect_eq(h.n, 1);
  cr_expect_eq(h.id[0], s.dup, "the near-duplicate behind 40 copies that fail the condition");

  h = ps_read(proposal_similar_ids(ps_db, &ps_arena, "", "，。", 0, 0, NULL, 0, NULL, 10));
  cr_expect_eq(h.n, 0, "nothing like an empty text");
  h = ps_read(
      proposal_similar_ids(ps_db, &ps_arena, "关于量子计算的建议", "", 0, 0.5, NULL, 0, NULL, 10));
  cr_expect_eq(h.n, 0, "nothing like an unknown topic above 0.5");
}

Test(proposal_search, similar_sqlite) { ps_scenario_similar(); }

/* Past NORM_SETTLED proposals the stored norms are used as they are, and those of the early
** proposals computed again: the cosine of a proposal with itself stays 1 either way. */
Test(proposal_search, similar_settled_collection) {
  static const char pool[] =
      "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会"
      "可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电"
      "力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其"
      "些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命"
      "此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活"
      "设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做"
      "必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什"
      "认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八"
      "离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音"
      "众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消"
      "构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属"
      "圆包火住调满县局照参红细引听该铁价严";
  /* characters of pool are 3 bytes each */
  size_t nchar = (sizeof pool - 1) / 3;
  unsigned x = 12345;
  enum { NP = 1100, LEN = 40 };
  static int64_t ids[NP];
  static char titles[NP][16 * 3 + 1], bodies[NP][LEN * 3 + 1];
  cr_assert_eq(db_begin(ps_db), DB_DONE);
  for (int i = 0; i < NP; i++) {
    for (int k = 0; k < LEN; k++) {
      x = x * 1103515245u + 12345u;
      memcpy(bodies[i] + 3 * k, pool + 3 * ((x >> 8) % nchar), 3);
    }
    bodies[i][3 * LEN] = 0;
    memcpy(titles[i], bodies[i], 8 * 3);
    titles[i][8 * 3] = 0;
    ids[i] =
        db_int(ps_db, 0,
               "INSERT INTO proposals (committee_id, category, title, facts, status, created_at,"
               " updated_at) VALUES (?, '社会', ?, ?, 'submitted', 0, 0) RETURNING id",
               "itt", ps_c1, titles[i], bodies[i]);
    cr_assert(ids[i] > 0 && proposal_index(ps_db, ids[i], titles[i], bodies[i]));
  }
  cr_assert_eq(db_commit(ps_db), DB_DONE);
  ps_check_counts();
  int probe[] = {NP - 1, NP - 20, 3};
  const char *what[] = {"norm as stored, fresh", "norm as stored, settled", "norm computed again"};
  for (int k = 0; k < 3; k++) {
    int i = probe[k];
    struct ps_hits h = ps_read(
        proposal_similar_ids(ps_db, &ps_arena, titles[i], bodies[i], 0, 0, NULL, 0, NULL, 5));
    cr_assert_geq(h.n, 1);
    cr_expect_eq(h.id[0], ids[i], "%s: itself first", what[k]);
    cr_expect_float_eq(h.score[0], 1.0, 0.01, "%s: cosine with itself %f", what[k], h.score[0]);
    cr_expect_lt(h.n > 1 ? h.score[1] : 0, 0.9, "random texts are not alike");
  }
  /* and a two-character query over them */
  char q[7];
  memcpy(q, bodies[500] + 9, 6);
  q[6] = 0;
  struct ps_hits h = ps_search_in(q, NULL, 0, NULL, 64);
  cr_expect(ps_has(&h, ids[500]) || h.n == 64, "%s finds the proposal it came from", q);
  for (int i = 1; i < h.n; i++) cr_expect_geq(h.score[i - 1], h.score[i]);
}

/* ---- PostgreSQL ------------------------------------------------------------------------------ */

Test(proposal_search, search_pg) {
  ps_use_pg();
  ps_scenario_search();
}

Test(proposal_search, similar_pg) {
  ps_use_pg();
  ps_scenario_similar();
}

Test(proposal_search, reindex_and_where_pg) {
  ps_use_pg();
  int64_t mine = ps_add(ps_c1, "submitted", "关于社区养老的建议", "养老设施不足。", "");
  ps_add(ps_c2, "submitted", "关于养老护理的建议", "养老护理员短缺。", "");
  for (int i = 0; i < 20; i++) ps_add(ps_c2, "submitted", "养老养老", "养老服务，养老机构。", "");
  struct db_value p[] = {{.type = 'i', .i = ps_c1}};
  struct ps_hits h = ps_search_in("养老", "p.committee_id = ?", 1, p, 1);
  cr_expect_eq(h.n, 1);
  cr_expect_eq(h.id[0], mine);
  cr_assert(proposal_index(ps_db, mine, "关于城市交通的建议", "道路拥堵。"));
  ps_check_counts();
  cr_expect_eq(ps_search_in("养老", "p.committee_id = ?", 1, p, 1).n, 0);
  cr_expect_eq(ps_search_in("交通", "p.committee_id = ?", 1, p, 1).n, 1);
}

/* ---- bulk indexing --------------------------------------------------------------------------- */

/* The text of the first column of a one-row query (static: copy it before the next call). */
static const char *db_col_text_or(struct db *db, const char *sql) {
  static char out[16384];
  struct db_stmt *st = db_query(db, sql, "");
  snprintf(out, sizeof out, "%s",
           db_step(st) == DB_ROW && !db_col_null(st, 0) ? db_col_text(st, 0) : "");
  db_done(st);
  return out;
}

/* The same proposals indexed one by one and in bulk (after two indexed one by one) leave the
** same postings, document frequencies and N, and norms equal to those of a one-by-one index made
** last. */
Test(proposal_search, bulk_equals_one_by_one) {
  static const char *const titles[] = {"关于加快发展社区养老服务的建议", "关于推进5G基站建设的提案",
                                       "关于加强农村寄宿制学校建设的提案",
                                       "关于完善社区养老服务体系的提案"};
  static const char *const bodies[] = {
      "社区养老服务设施不足。建议加大投入。", "5G基站建设滞后，AI应用少。",
      "宿舍紧张，生活教师不足。建议核定编制。", "养老护理人员短缺，建议加强培训。"};
  /* one by one: all four */
  int64_t ids[4];
  for (int i = 0; i < 4; i++) ids[i] = ps_add(ps_c1, "submitted", titles[i], bodies[i], "");
  char *one = strdup(
      db_col_text_or(ps_db, "SELECT group_concat(term || ':' || proposal_id || ':' || tf, ',') FROM"
                            " (SELECT * FROM proposal_terms ORDER BY term, proposal_id)"));
  char *one_df = strdup(db_col_text_or(ps_db, "SELECT group_concat(term || ':' || df, ',') FROM"
                                              " (SELECT * FROM proposal_term_df ORDER BY term)"));
  /* bulk: drop the index of the last two and index them again in bulk */
  for (int i = 2; i < 4; i++) {
    cr_assert_eq(db_begin(ps_db), DB_DONE);
    cr_assert(proposal_index(ps_db, ids[i], NULL, NULL));
    cr_assert_eq(db_commit(ps_db), DB_DONE);
  }
  char b2[4096], b3[4096];
  snprintf(b2, sizeof b2, "%s\n\n%s", bodies[2], "");
  snprintf(b3, sizeof b3, "%s\n\n%s", bodies[3], "");
  const char *bt[] = {titles[2], titles[3]}, *bb[] = {b2, b3};
  cr_assert(proposal_index_bulk(ps_db, 2, ids + 2, bt, bb), "%s", db_errmsg(ps_db));
  ps_check_counts();
  char *bulk = strdup(
      db_col_text_or(ps_db, "SELECT group_concat(term || ':' || proposal_id || ':' || tf, ',') FROM"
                            " (SELECT * FROM proposal_terms ORDER BY term, proposal_id)"));
  char *bulk_df = strdup(db_col_text_or(ps_db, "SELECT group_concat(term || ':' || df, ',') FROM"
                                               " (SELECT * FROM proposal_term_df ORDER BY term)"));
  cr_expect_str_eq(bulk, one, "the same postings");
  cr_expect_str_eq(bulk_df, one_df, "the same document frequencies and N");
  /* the bulk norms use the final N, as a one-by-one index made after the others would */
  struct db_stmt *st = db_query(
      ps_db, "SELECT norm, n_at FROM proposal_term_norms WHERE proposal_id = ?", "i", ids[3]);
  cr_assert_eq(db_step(st), DB_ROW);
  double bulk_norm = db_col_double(st, 0);
  cr_expect_eq(db_col_int(st, 1), 4);
  db_done(st);
  cr_assert_eq(db_begin(ps_db), DB_DONE);
  cr_assert(proposal_index(ps_db, ids[3], NULL, NULL));
  cr_assert(proposal_index(ps_db, ids[3], titles[3], b3));
  cr_assert_eq(db_commit(ps_db), DB_DONE);
  st = db_query(ps_db, "SELECT norm FROM proposal_term_norms WHERE proposal_id = ?", "i", ids[3]);
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_float_eq(db_col_double(st, 0), bulk_norm, 1e-9);
  db_done(st);
  free(one), free(one_df), free(bulk), free(bulk_df);
}

/* ---- many proposals one by one --------------------------------------------------------------- */

/* The table of df (every term with its df, N under ''), as text to compare. */
static char *ps_df_listing(void) {
  size_t cap = 1 << 16, len = 0;
  char *out = malloc(cap);
  out[0] = 0;
  struct db_stmt *st = db_query(ps_db, "SELECT term, df FROM proposal_term_df ORDER BY term", "");
  while (db_step(st) == DB_ROW) {
    char row[128];
    int n = snprintf(row, sizeof row, "%s:%lld,", db_col_text(st, 0), (long long)db_col_int(st, 1));
    if (len + (size_t)n + 1 > cap) out = realloc(out, cap *= 2);
    memcpy(out + len, row, (size_t)n + 1);
    len += (size_t)n;
  }
  db_done(st);
  return out;
}

/* The norm of proposal id from its postings and the df and N in the tables now. */
static double ps_norm_now(int64_t id) {
  double n = (double)db_int(ps_db, 0, "SELECT df FROM proposal_term_df WHERE term = ''", ""),
         sum = 0;
  struct db_stmt *st = db_query(ps_db,
                                "SELECT t.tf, d.df FROM proposal_terms t JOIN proposal_term_df d"
                                " ON d.term = t.term WHERE t.proposal_id = ?",
                                "i", id);
  while (db_step(st) == DB_ROW) {
    double w = (double)db_col_int(st, 0) * log(1.0 + n / (double)db_col_int(st, 1));
    sum += w * w;
  }
  db_done(st);
  return sqrt(sum);
}

/* np (a multiple of 40, at most 2,000) proposals indexed one by one, each in its own transaction
** as an edit is, from a small vocabulary: every title has 关于 and 建议, so that their rows of df
** and N's change with every call (on PostgreSQL a new row version each time: see proposal_search.c,
** Costs). Then np / 40 are taken out of the index and np / 20 edited (the title replaced, half the
** body kept): df and N count the postings, the last edit's norm is exact, and a bulk index of the
** same texts gives the same df and N. */
static void ps_scenario_one_by_one(int np) {
  enum { NP = 2000 };
  cr_assert(np > 0 && np <= NP && np % 40 == 0);
  static const char pool[] = "水电路桥河山林田粮油医药学校车站园区村镇街巷厂矿港湾灯网库仓渠井"
                             "茶果菜花鱼牛羊草沙石煤气热冷雨雪风云星月春秋";
  size_t nchar = (sizeof pool - 1) / 3;
  static int64_t ids[NP];
  static char titles[NP][64], bodies[NP][128];
  unsigned x = 2024;
  cr_assert_eq(db_begin(ps_db), DB_DONE);
  for (int i = 0; i < np; i++) {
    char w[2][4];
    for (int k = 0; k < 2; k++) {
      x = x * 1103515245u + 12345u;
      memcpy(w[k], pool + 3 * ((x >> 8) % nchar), 3);
      w[k][3] = 0;
    }
    snprintf(titles[i], sizeof titles[i], "关于%s%s的建议%s", w[0], w[1], i % 10 ? "" : " Lanzhou");
    char *o = bodies[i];
    for (int k = 0; k < 24; k++, o += 3) {
      x = x * 1103515245u + 12345u;
      memcpy(o, pool + 3 * ((x >> 8) % nchar), 3);
    }
    *o = 0;
    ids[i] =
        db_int(ps_db, 0,
               "INSERT INTO proposals (committee_id, category, title, facts, status, created_at,"
               " updated_at) VALUES (?, '社会', ?, ?, 'submitted', 0, 0) RETURNING id",
               "itt", ps_c1, titles[i], bodies[i]);
    cr_assert_gt(ids[i], 0, "%s", db_errmsg(ps_db));
  }
  cr_assert_eq(db_commit(ps_db), DB_DONE);
  for (int i = 0; i < np; i++) {
    cr_assert_eq(db_begin(ps_db), DB_DONE);
    cr_assert(proposal_index(ps_db, ids[i], titles[i], bodies[i]), "index %d: %s", i,
              db_errmsg(ps_db));
    cr_assert_eq(db_commit(ps_db), DB_DONE);
  }
  cr_expect_eq(db_int(ps_db, 0, "SELECT df FROM proposal_term_df WHERE term = ''", ""), np);
  cr_expect_eq(db_int(ps_db, 0, "SELECT df FROM proposal_term_df WHERE term = '建议'", ""), np);
  cr_expect_eq(db_int(ps_db, 0, "SELECT df FROM proposal_term_df WHERE term = 'lanzhou'", ""),
               np / 10);
  ps_check_counts();

  /* np / 40 out of the index, then np / 20 edits */
  for (int i = 7; i < np; i += 40) {
    cr_assert_eq(db_begin(ps_db), DB_DONE);
    cr_assert(proposal_index(ps_db, ids[i], NULL, ""), "%s", db_errmsg(ps_db));
    cr_assert_eq(db_commit(ps_db), DB_DONE);
    titles[i][0] = bodies[i][0] = 0;
  }
  int last = 0;
  for (int i = 0; i < np; i += 20) {
    snprintf(titles[i], sizeof titles[i], "修改%.*s", 6, bodies[i] + 36);
    memcpy(bodies[i] + 36, "水水水水", 12);
    cr_assert_eq(db_begin(ps_db), DB_DONE);
    cr_assert(proposal_index(ps_db, ids[i], titles[i], bodies[i]), "%s", db_errmsg(ps_db));
    cr_assert_eq(db_commit(ps_db), DB_DONE);
    last = i;
  }
  int64_t n = np - np / 40;
  cr_expect_eq(db_int(ps_db, 0, "SELECT df FROM proposal_term_df WHERE term = ''", ""), n);
  cr_expect_eq(db_int(ps_db, 0, "SELECT df FROM proposal_term_df WHERE term = '建议'", ""),
               n - np / 20);
  cr_expect_eq(db_int(ps_db, 0, "SELECT df FROM proposal_term_df WHERE term = 'lanzhou'", ""),
               np / 10 - np / 20);
  ps_check_counts();
  struct db_stmt *st = db_query(
      ps_db, "SELECT norm, n_at FROM proposal_term_norms WHERE proposal_id = ?", "i", ids[last]);
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_float_eq(db_col_double(st, 0), ps_norm_now(ids[last]), 1e-9, "the last edit's norm");
  cr_expect_eq(db_col_int(st, 1), n);
  db_done(st);

  /* the same texts in bulk: the same df and N */
  char *one = ps_df_listing();
  cr_assert_eq(db_exec_script(ps_db, "DELETE FROM proposal_terms; DELETE FROM proposal_term_df;"
                                     " DELETE FROM proposal_term_norms;"),
               DB_DONE);
  static int64_t bid[NP];
  static const char *bt[NP], *bb[NP];
  size_t nb = 0;
  for (int i = 0; i < np; i++)
    if (titles[i][0]) bid[nb] = ids[i], bt[nb] = titles[i], bb[nb++] = bodies[i];
  cr_assert(proposal_index_bulk(ps_db, nb, bid, bt, bb), "%s", db_errmsg(ps_db));
  char *bulk = ps_df_listing();
  cr_expect_str_eq(one, bulk, "one by one and in bulk: the same df and N");
  free(one);
  free(bulk);
}

Test(proposal_search, one_by_one_sqlite) { ps_scenario_one_by_one(400); }

Test(proposal_search, one_by_one_pg) {
  ps_use_pg();
  ps_scenario_one_by_one(2000);
}

/* ---- the same hits as before (issue 17) -------------------------------------------------------
** Search reads a term's postings best tf first and stops early (the threshold algorithm), and
** similar proposals take the stored norms from memory. On a seeded collection of generated texts
** (both indexing paths, some texts indexed again) the hits must be those of the former plan, here
** computed from all the postings: every query token present; the window of the best by the integer
** score sum tf × llround(idf × 1e6), the newer first on a tie, ordered by the exact score; with a
** condition, the window 2 × limit + 16 filtered, or, when fewer than limit pass, the best of all
** the matches that pass. */

static const char *const ps_phrases[] = {
    "养老服务", "乡村振兴", "营商环境", "职业教育", "生态保护", "基层医疗", "老旧小区",
    "产业链条", "黄河流域", "人才引进", "社区治理", "教育公平", "医疗保障", "农村道路",
    "就业创业", "文化旅游", "数字经济", "食品安全", "养老金",   "服务水平"};
#define PS_NPHRASES (int)(sizeof ps_phrases / sizeof ps_phrases[0])

static uint64_t ps_rng = 17;
static int ps_rand(int n) {
  ps_rng = ps_rng * 6364136223846793005u + 1442695040888963407u;
  return (int)((ps_rng >> 33) % (uint64_t)n);
}

/* A text of n phrases drawn with a skew (the first phrases are common), joined by "，". */
static void ps_text(char *out, size_t cap, int n) {
  out[0] = 0;
  for (int i = 0; i < n; i++) {
    int k = ps_rand(PS_NPHRASES);
    if (ps_rand(3)) k = k * k / PS_NPHRASES; /* skewed to the front */
    size_t len = strlen(out);
    snprintf(out + len, cap - len, "%s%s", i ? "，" : "", ps_phrases[k]);
  }
}

struct ps_tok {
  char s[16];
  int64_t df, w;
  double idf;
};

struct ps_toks {
  struct ps_tok t[16];
  int n;
};

static void ps_tok_emit(const char *tok, size_t len, void *ctx) {
  struct ps_toks *ts = ctx;
  for (int i = 0; i < ts->n; i++)
    if (strlen(ts->t[i].s) == len && !memcmp(ts->t[i].s, tok, len)) return;
  cr_assert_lt(ts->n, 16);
  cr_assert_lt(len, sizeof ts->t[0].s);
  memcpy(ts->t[ts->n].s, tok, len);
  ts->t[ts->n++].s[len] = 0;
}

static int ps_tok_cmp(const void *x, const void *y) {
  const struct ps_tok *a = x, *b = y;
  if (a->df != b->df) return a->df < b->df ? -1 : 1;
  return strcmp(a->s, b->s);
}

struct ps_ref {
  int64_t id, iscore, committee;
  double score;
};

static int ps_ref_int_cmp(const void *x, const void *y) {
  const struct ps_ref *a = x, *b = y;
  if (a->iscore != b->iscore) return a->iscore > b->iscore ? -1 : 1;
  return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

static int ps_ref_score_cmp(const void *x, const void *y) {
  const struct ps_ref *a = x, *b = y;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

/* The former plan's hits for query q (no lone ideographs), limit, and the condition "committee =
** only" when only is not 0, from all the postings. */
static struct ps_hits ps_reference(const char *q, int limit, int64_t only) {
  struct ps_hits h = {0};
  struct ps_toks ts = {0};
  utf8_tokens(q, strlen(q), ps_tok_emit, &ts);
  int64_t total = db_int(ps_db, 0, "SELECT df FROM proposal_term_df WHERE term = ''", "");
  for (int i = 0; i < ts.n; i++) {
    ts.t[i].df = db_int(ps_db, 0, "SELECT df FROM proposal_term_df WHERE term = ?", "t", ts.t[i].s);
    if (ts.t[i].df <= 0) return h;
  }
  qsort(ts.t, (size_t)ts.n, sizeof ts.t[0], ps_tok_cmp);
  for (int i = 0; i < ts.n; i++) {
    ts.t[i].idf = log(1.0 + (double)total / (double)ts.t[i].df);
    ts.t[i].w = llround(ts.t[i].idf * 1e6);
  }
  /* the matches: the postings of the rarest, each with the tf of every other token */
  size_t cap = (size_t)ts.t[0].df + 1, n = 0;
  struct ps_ref *m = calloc(cap, sizeof *m);
  struct db_stmt *st = db_query(ps_db,
                                "SELECT t.proposal_id, t.tf, p.committee_id FROM proposal_terms t"
                                " JOIN proposals p ON p.id = t.proposal_id WHERE t.term = ?",
                                "t", ts.t[0].s);
  while (db_step(st) == DB_ROW) {
    struct ps_ref r = {db_col_int(st, 0), db_col_int(st, 1) * ts.t[0].w, db_col_int(st, 2),
                       (double)db_col_int(st, 1) * ts.t[0].idf};
    cr_assert_lt(n, cap);
    m[n++] = r;
  }
  db_done(st);
  size_t k = 0;
  for (size_t j = 0; j < n; j++) {
    bool all = true;
    for (int i = 1; i < ts.n && all; i++) {
      int64_t tf =
          db_int(ps_db, 0, "SELECT tf FROM proposal_terms WHERE term = ? AND proposal_id = ?", "ti",
                 ts.t[i].s, m[j].id);
      all = tf > 0;
      m[j].iscore += tf * ts.t[i].w;
      m[j].score += (double)tf * ts.t[i].idf;
    }
    if (all) m[k++] = m[j];
  }
  n = k;
  qsort(m, n, sizeof *m, ps_ref_int_cmp);
  int window = only ? 2 * limit + 16 : limit;
  size_t w = n < (size_t)window ? n : (size_t)window;
  struct ps_ref *top = calloc(w + 1, sizeof *top);
  memcpy(top, m, w * sizeof *top);
  qsort(top, w, sizeof *top, ps_ref_score_cmp);
  for (size_t j = 0; j < w && h.n < limit; j++)
    if (!only || top[j].committee == only) h.id[h.n] = top[j].id, h.score[h.n++] = top[j].score;
  if (only && h.n < limit && w == (size_t)window) { /* the condition joined, over all matches */
    h.n = 0;
    size_t got = 0;
    for (size_t j = 0; j < n && got < (size_t)limit; j++)
      if (m[j].committee == only) top[got++] = m[j];
    qsort(top, got, sizeof *top, ps_ref_score_cmp);
    for (size_t j = 0; j < got; j++) h.id[h.n] = top[j].id, h.score[h.n++] = top[j].score;
  }
  free(top);
  free(m);
  return h;
}

static void ps_expect_same(const char *q, int limit, int64_t only) {
  struct db_value p = {.type = 'i', .i = only};
  struct ps_hits got = only ? ps_search_in(q, "p.committee_id = ?", 1, &p, limit)
                            : ps_search_in(q, NULL, 0, NULL, limit);
  struct ps_hits want = ps_reference(q, limit, only);
  cr_assert_eq(got.n, want.n, "%s (limit %d, committee %lld): %d hits, the former plan %d", q,
               limit, (long long)only, got.n, want.n);
  for (int i = 0; i < got.n; i++) {
    cr_assert_eq(got.id[i], want.id[i], "%s (limit %d, committee %lld): hit %d is %lld, not %lld",
                 q, limit, (long long)only, i, (long long)got.id[i], (long long)want.id[i]);
    cr_assert_float_eq(got.score[i], round(want.score[i] * 1e6) / 1e6, 1e-9, "%s: score of %lld", q,
                       (long long)got.id[i]);
  }
}

/* Seeds n generated proposals, the first half in bulk, the rest one by one, then indexes a tenth
** of them again with new texts. */
static void ps_seed_generated(int n) {
  char title[512], body[4096];
  int64_t *ids = calloc((size_t)n, sizeof *ids);
  char **titles = calloc((size_t)n, sizeof *titles), **bodies = calloc((size_t)n, sizeof *bodies);
  int half = n / 2;
  for (int i = 0; i < n; i++) {
    ps_text(title, sizeof title, 1 + ps_rand(2));
    ps_text(body, sizeof body, 3 + ps_rand(40));
    if (i >= half) {
      ids[i] = ps_add(i % 3 ? ps_c1 : ps_c2, "submitted", title, body, "");
      continue;
    }
    ids[i] = db_int(ps_db, 0,
                    "INSERT INTO proposals (committee_id, category, title, facts, status,"
                    " created_at, updated_at) VALUES (?, '社会', ?, ?, 'submitted', 0, 0)"
                    " RETURNING id",
                    "itt", i % 3 ? ps_c1 : ps_c2, title, body);
    titles[i] = strdup(title);
    bodies[i] = strdup(body);
  }
  cr_assert(proposal_index_bulk(ps_db, (size_t)half, ids, (const char *const *)titles,
                                (const char *const *)bodies),
            "%s", db_errmsg(ps_db));
  for (int i = 0; i < n; i += 10) {
    ps_text(title, sizeof title, 2);
    ps_text(body, sizeof body, 5 + ps_rand(30));
    cr_assert_eq(db_exec(ps_db, "UPDATE proposals SET title = ?, facts = ? WHERE id = ?", "tti",
                         title, body, ids[i]),
                 DB_DONE);
    cr_assert(proposal_index(ps_db, ids[i], title, body));
  }
  for (int i = 0; i < half; i++) free(titles[i]), free(bodies[i]);
  free(titles);
  free(bodies);
  free(ids);
}

static void ps_scenario_same_hits(void) {
  ps_rng = 17;
  ps_seed_generated(1200);
  ps_check_counts();
  static const char *const queries[] = {"养老",
                                        "服务",
                                        "教育",
                                        "医疗",
                                        "社区",
                                        "产业",
                                        "黄河",
                                        "人才",
                                        "数字",
                                        "旅游",
                                        "养老服务",
                                        "乡村振兴",
                                        "营商环境",
                                        "职业教育",
                                        "生态保护",
                                        "基层医疗",
                                        "老旧小区",
                                        "产业链条",
                                        "黄河流域",
                                        "服务水平",
                                        "养老金",
                                        "教育医疗",
                                        "养老 社区",
                                        "社区治理 人才引进",
                                        "医疗保障 农村道路 就业创业",
                                        "文化旅游数字经济",
                                        "食品安全 养老服务",
                                        "服务 养老"};
  static const int limits[] = {1, 5, 20, 50};
  for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
    for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
      ps_expect_same(queries[i], limits[l], 0);
      ps_expect_same(queries[i], limits[l], ps_c1);
      ps_expect_same(queries[i], limits[l], ps_c2);
    }
}

Test(proposal_search, same_hits_as_the_former_plan, .timeout = 120) { ps_scenario_same_hits(); }

Test(proposal_search, same_hits_as_the_former_plan_pg, .timeout = 240) {
  ps_use_pg();
  ps_scenario_same_hits();
}

/* The stored norms a server keeps in memory follow every write of the index, on this connection
** or another (another node): a proposal indexed again with the text asked about is its own best
** match, score 1 — with the norm of its former text the score would be off. */
Test(proposal_search, similar_norms_follow_writes) {
  int64_t a = ps_add(ps_c1, "filed", "关于加快发展社区养老服务的建议",
                     "社区养老服务设施不足，养老护理人员短缺。", "建议建设社区养老服务中心。");
  /* b's first text is long (a larger norm than its next): its old norm would lower its score */
  const char *b_facts = "城乡学校办学条件差距较大，优质教育资源集中在城区，乡村教师流失严重，"
                        "寄宿制学校生活设施简陋，信息化教学设备不足，课后服务开展困难。";
  const char *b_sugg = "建议加强农村学校建设，推动教师交流轮岗，提高乡村教师待遇，完善寄宿制"
                       "学校设施，推进智慧校园建设，拓展课后服务内容。";
  int64_t b = ps_add(ps_c1, "filed", "关于促进义务教育均衡发展的建议", b_facts, b_sugg);
  ps_add(ps_c2, "filed", "关于提升基层医疗服务能力的建议", "乡镇卫生院医生不足，设备陈旧。",
         "建议加大基层医疗投入，培养全科医生。");
  /* every stored norm of the current N (n_at = N): trusted as stored, not computed again */
  cr_assert(
      proposal_index(ps_db, a, "关于加快发展社区养老服务的建议",
                     "社区养老服务设施不足，养老护理人员短缺。\n\n建议建设社区养老服务中心。"));
  char b_body[1024];
  snprintf(b_body, sizeof b_body, "%s\n\n%s", b_facts, b_sugg);
  cr_assert(proposal_index(ps_db, b, "关于促进义务教育均衡发展的建议", b_body));
  cr_assert_eq(db_int(ps_db, 0,
                      "SELECT COUNT(*) FROM proposal_term_norms WHERE n_at ="
                      " (SELECT df FROM proposal_term_df WHERE term = '')",
                      ""),
               3);
  const char *title = "关于推进社区养老服务和医养结合的建议";
  const char *body = "社区养老服务中心和护理人员不足，医养结合推进缓慢。";
  struct ps_hits h =
      ps_read(proposal_similar_ids(ps_db, &ps_arena, title, body, 0, 0.0, NULL, 0, NULL, 10));
  cr_assert(ps_has(&h, a));
  cr_assert_lt(ps_score_of(&h, a), 0.999, "not yet the same text");
  /* another connection to the same database writes b's new text: the asked text itself */
  char *err = NULL;
  struct db *other = db_open(ps_path, &err);
  cr_assert_not_null(other, "%s", err ? err : "");
  cr_assert_eq(db_exec(other, "UPDATE proposals SET title = ?, facts = ? WHERE id = ?", "tti",
                       title, body, b),
               DB_DONE);
  cr_assert(proposal_index(other, b, title, body), "%s", db_errmsg(other));
  db_close(other);
  h = ps_read(proposal_similar_ids(ps_db, &ps_arena, title, body, 0, 0.0, NULL, 0, NULL, 10));
  cr_assert_gt(h.n, 0);
  cr_assert_eq(h.id[0], b, "the proposal with the very text comes first");
  cr_assert_float_eq(h.score[0], 1.0, 1e-6, "its norm is the one of its new text");
  /* and un-indexed on this connection: it is gone */
  cr_assert(proposal_index(ps_db, b, "", ""));
  h = ps_read(proposal_similar_ids(ps_db, &ps_arena, title, body, 0, 0.0, NULL, 0, NULL, 10));
  cr_assert(!ps_has(&h, b));
}
