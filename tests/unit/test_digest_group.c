/* tests/unit/test_digest_group.c: the grouping the daily digest suggests (digest_group.h) on
** small sets of items written by hand: items on one subject come together and apart from other
** subjects; a lone item stays alone; groups run from the biggest; the representative is the
** centre, the item with the most neighbours; the keywords are tokens the members share; the
** threshold's ends (at 1 only items whose shared tokens are all alike join; a low one joins no
** less than the default); no texts, empty texts and
** texts of no CJK; a token in most texts joins nothing, nor does one shared bigram; 2,000
** items on 40 subjects. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report/digest_group.h"

static const char *const dg_day[] = {
    /* 0 */ "多个小区反映暖气不热，供暖温度不达标，居民投诉供暖公司迟迟不处理。",
    /* 1 */ "学生家长反映学校午餐价格上涨，午餐分量减少。",
    /* 2 */ "网民反映老旧小区供暖温度偏低，暖气片不热，希望供暖公司上门检修。",
    /* 3 */ "某路段施工围挡占道，早晚高峰交通拥堵严重。",
    /* 4 */ "有家长称学校午餐质量下降，午餐价格偏高，建议公开午餐收费明细。",
    /* 5 */ "供暖公司回应暖气不热问题，称将逐户排查供暖管网。",
};

static bool dg_has_kw(const struct digest_group *g, const char *kw) {
  for (int i = 0; i < g->nkw; i++)
    if (!strcmp(g->kw[i], kw)) return true;
  return false;
}

Test(digest_group, items_on_one_subject_come_together) {
  struct digest_grouping g;
  cr_assert(digest_group_texts(dg_day, 6, 0.25, &g));
  cr_assert_eq(g.n, 6);
  cr_assert_eq(g.ngroups, 3, "heating, school lunches, the road works: %d groups", g.ngroups);
  /* heating (three items) first, then lunches (two), then the road works alone */
  cr_expect_eq(g.group_of[0], 0);
  cr_expect_eq(g.group_of[2], 0);
  cr_expect_eq(g.group_of[5], 0);
  cr_expect_eq(g.group_of[1], 1);
  cr_expect_eq(g.group_of[4], 1);
  cr_expect_eq(g.group_of[3], 2);
  cr_expect_eq(g.groups[0].size, 3);
  cr_expect_eq(g.groups[1].size, 2);
  cr_expect_eq(g.groups[2].size, 1);
  cr_expect_eq(g.groups[2].rep, 3, "a lone item represents itself");
  cr_expect(dg_has_kw(&g.groups[0], "供暖"), "heating's keywords hold 供暖");
  cr_expect(dg_has_kw(&g.groups[0], "暖气"), "and 暖气");
  cr_expect(dg_has_kw(&g.groups[1], "午餐"), "lunches' keywords hold 午餐");
  cr_expect(!dg_has_kw(&g.groups[1], "供暖"));
  for (int k = 0; k < g.groups[0].nkw; k++) {
    /* every keyword of a group is held by two members at least */
    int holders = 0;
    for (int i = 0; i < 6; i++)
      if (g.group_of[i] == 0 && strstr(dg_day[i], g.groups[0].kw[k])) holders++;
    cr_expect_geq(holders, 2, "keyword %s held by %d", g.groups[0].kw[k], holders);
  }
  digest_grouping_free(&g);
}

Test(digest_group, the_representative_is_most_like_the_rest) {
  /* the middle item shares with both ends; the ends share less with each other */
  const char *t[] = {
      "城区停车位紧张，小区周边违停严重。",
      "城区停车位紧张，小区周边违停严重，停车收费标准不一，建议增建立体停车场。",
      "停车收费标准不一，建议增建立体停车场。",
  };
  struct digest_grouping g;
  cr_assert(digest_group_texts(t, 3, 0.3, &g));
  cr_assert_eq(g.ngroups, 1);
  cr_expect_eq(g.groups[0].rep, 1);
  digest_grouping_free(&g);
}

Test(digest_group, threshold_ends) {
  struct digest_grouping g;
  cr_assert(digest_group_texts(dg_day, 6, 1.0, &g));
  /* at 1 only texts whose tokens held elsewhere in the day are the same join: the two lunch
  ** items hold theirs only between them; the three heating items differ */
  cr_expect_eq(g.ngroups, 5, "%d groups", g.ngroups);
  cr_expect_eq(g.group_of[1], g.group_of[4]);
  cr_expect_neq(g.group_of[0], g.group_of[2]);
  cr_expect_neq(g.group_of[0], g.group_of[5]);
  cr_expect_neq(g.group_of[2], g.group_of[5]);
  digest_grouping_free(&g);
  const char *same[] = {"暖气不热", "暖气不热", "午餐涨价"};
  cr_assert(digest_group_texts(same, 3, 1.0, &g));
  cr_expect_eq(g.ngroups, 2);
  cr_expect_eq(g.group_of[0], g.group_of[1]);
  digest_grouping_free(&g);
  cr_assert(digest_group_texts(dg_day, 6, 0.01, &g));
  cr_expect_leq(g.ngroups, 3, "a low threshold joins more: %d groups", g.ngroups);
  digest_grouping_free(&g);
}

Test(digest_group, nothing_empty_and_no_cjk) {
  struct digest_grouping g;
  cr_assert(digest_group_texts(NULL, 0, 0.25, &g));
  cr_expect_eq(g.ngroups, 0);
  digest_grouping_free(&g);
  const char *t[] = {"", "。。。", "WiFi outage downtown", "wifi OUTAGE in the downtown area",
                     NULL};
  cr_assert(digest_group_texts(t, 5, 0.25, &g));
  cr_expect_eq(g.group_of[2], g.group_of[3], "ASCII words count, case folded");
  cr_expect_neq(g.group_of[0], g.group_of[1], "texts with no tokens stay apart");
  cr_expect_neq(g.group_of[0], g.group_of[2]);
  cr_expect_eq(g.groups[g.group_of[4]].size, 1, "a NULL text is an empty one");
  digest_grouping_free(&g);
}

Test(digest_group, a_token_in_most_texts_joins_nothing) {
  /* 反映 is in every text: it carries no subject, so these stay apart */
  const char *t[] = {"群众反映甲事", "群众反映乙情", "群众反映丙况", "群众反映丁物",
                     "群众反映戊项", "群众反映己端", "群众反映庚处", "群众反映辛条"};
  struct digest_grouping g;
  cr_assert(digest_group_texts(t, 8, 0.25, &g));
  cr_expect_eq(g.ngroups, 8, "%d groups", g.ngroups);
  digest_grouping_free(&g);
}

Test(digest_group, one_shared_bigram_is_no_subject) {
  /* the two share 兰州 and nothing else: apart however low the threshold */
  const char *t[] = {"兰州一所中学食堂卫生差", "兰州某路段路灯损坏多日", "公交线路调整引发不便"};
  struct digest_grouping g;
  cr_assert(digest_group_texts(t, 3, 0.01, &g));
  cr_expect_eq(g.ngroups, 3);
  digest_grouping_free(&g);
}

Test(digest_group, many_items_each_in_one_group) {
  /* 2,000 items on 40 subjects, each subject a distinct pair of ideographs repeated: every item
  ** lands in its subject's group and the group sizes add up */
  enum { N = 2000, S = 40 };
  static char buf[N][64];
  const char *t[N];
  for (int i = 0; i < N; i++) {
    int s = i % S;
    /* subject s: two ideographs from U+4E00 + 2s, written as UTF-8 */
    unsigned a = 0x4E00 + 2 * (unsigned)s, b = a + 1;
    snprintf(buf[i], sizeof buf[i], "%c%c%c%c%c%c%c%c%c%c%c%c", 0xE0 | (a >> 12),
             0x80 | ((a >> 6) & 63), 0x80 | (a & 63), 0xE0 | (b >> 12), 0x80 | ((b >> 6) & 63),
             0x80 | (b & 63), 0xE0 | (a >> 12), 0x80 | ((a >> 6) & 63), 0x80 | (a & 63),
             0xE0 | (b >> 12), 0x80 | ((b >> 6) & 63), 0x80 | (b & 63));
    t[i] = buf[i];
  }
  struct digest_grouping g;
  cr_assert(digest_group_texts(t, N, 0.25, &g));
  cr_assert_eq(g.ngroups, S);
  int total = 0;
  for (int k = 0; k < g.ngroups; k++) total += g.groups[k].size;
  cr_expect_eq(total, N);
  for (int i = S; i < N; i++) cr_expect_eq(g.group_of[i], g.group_of[i % S]);
  digest_grouping_free(&g);
}

Test(digest_group, words_every_report_uses_join_nothing) {
  /* they share 民反 and 反映 (网民反映, 居民反映) and nothing of their subjects */
  const char *t[] = {"有网民反映部分农村学校校车超载，存在安全隐患。",
                     "近日多个小区暖气不热、供暖温度偏低，居民反映物业处理不及时。"};
  struct digest_grouping g;
  cr_assert(digest_group_texts(t, 2, 0.05, &g));
  cr_expect_eq(g.ngroups, 2);
  digest_grouping_free(&g);
}

/* Groupings on several threads at once give what each gives alone (the order of centres once
** went through globals, and two digests suggested at once read each other's arrays). */
struct dg_run {
  const char *const *texts;
  int n;
  int ngroups, group_of[6];
  bool ok;
};

static void *dg_thread(void *arg) {
  struct dg_run *r = arg;
  for (int round = 0; round < 2000; round++) {
    struct digest_grouping g;
    if (!digest_group_texts(r->texts, r->n, 0.25, &g)) return NULL;
    bool same = g.ngroups == r->ngroups;
    for (int i = 0; i < r->n && i < 6; i++) same = same && g.group_of[i] == r->group_of[i];
    digest_grouping_free(&g);
    if (!same) return NULL;
  }
  r->ok = true;
  return NULL;
}

Test(digest_group, at_once_on_several_threads) {
  static const char *const other[] = {
      "公交线路调整后换乘不便，市民建议恢复原线路。",
      "公交站台撤并，老人出行不便。",
      "公交换乘距离变远，希望增设站点。",
      "夜市噪音扰民，居民投诉。",
      "夜市摊点油烟大，附近居民不堪其扰。",
      "学校周边交通拥堵。",
  };
  struct dg_run runs[4] = {{dg_day, 6}, {other, 6}, {dg_day, 6}, {other, 6}};
  for (int k = 0; k < 4; k++) {
    struct digest_grouping g;
    cr_assert(digest_group_texts(runs[k].texts, 6, 0.25, &g));
    runs[k].ngroups = g.ngroups;
    memcpy(runs[k].group_of, g.group_of, sizeof runs[k].group_of);
    digest_grouping_free(&g);
  }
  pthread_t t[4];
  for (int k = 0; k < 4; k++) pthread_create(&t[k], NULL, dg_thread, &runs[k]);
  for (int k = 0; k < 4; k++) pthread_join(t[k], NULL);
  for (int k = 0; k < 4; k++) cr_expect(runs[k].ok, "thread %d grouped as alone", k);
}

/* Issue 18: the keywords were bigrams cut across words (区电 of 城区电动车, 车飞 of 电动车飞线,
** 水水 of 自来水水压); they are the shared strings that stand free on both sides. */
Test(digest_group, keywords_are_words_not_fragments) {
  const char *t[] = {
      /* 0 */ "城区电动车飞线充电现象突出，楼道里电动车飞线充电存在火灾隐患。",
      /* 1 */ "网民反映城区电动车飞线充电问题，小区缺少电动车充电桩。",
      /* 2 */ "老城区电动车飞线充电屡禁不止，希望增设电动车充电桩。",
      /* 3 */ "东城区自来水水压不足，高层住户用水困难。",
      /* 4 */ "西城区自来水水压偏低，早晚高峰用水困难，居民盼增压。",
      /* 5 */ "新城区自来水水压不稳，顶楼用水困难问题突出。",
  };
  struct digest_grouping g;
  cr_assert(digest_group_texts(t, 6, 0.25, &g));
  cr_assert_eq(g.ngroups, 2, "two subjects: %d groups", g.ngroups);
  cr_expect_eq(g.group_of[0], g.group_of[1]);
  cr_expect_eq(g.group_of[0], g.group_of[2]);
  cr_expect_eq(g.group_of[3], g.group_of[4]);
  cr_expect_eq(g.group_of[3], g.group_of[5]);
  const struct digest_group *ev = &g.groups[g.group_of[0]], *water = &g.groups[g.group_of[3]];
  static const char *const fragments[] = {"区电", "车飞", "水水",   "动车",
                                          "电动", "来水", "城区电", NULL};
  for (int k = 0; fragments[k]; k++) {
    cr_expect(!dg_has_kw(ev, fragments[k]), "no fragment %s among the keywords", fragments[k]);
    cr_expect(!dg_has_kw(water, fragments[k]), "no fragment %s among the keywords", fragments[k]);
  }
  cr_expect(dg_has_kw(ev, "电动车"), "电动车 is a keyword");
  cr_expect(dg_has_kw(water, "用水困难") || dg_has_kw(water, "自来水水压") ||
                dg_has_kw(water, "水压"),
            "the water group names its subject");
  for (int k = 0; k < ev->nkw; k++) cr_log_info("ev kw %s", ev->kw[k]);
  for (int k = 0; k < water->nkw; k++) cr_log_info("water kw %s", water->kw[k]);
  digest_grouping_free(&g);
}

/* Issue 18: one subject split in two by the stars is joined when the groups share their first
** keyword and another; groups of other subjects, or sharing one word only, stay apart. */
Test(digest_group, a_subject_split_in_two_is_joined) {
  struct digest_grouping g = {0};
  g.n = 7;
  g.ngroups = 4;
  int of[] = {0, 0, 0, 1, 2, 2, 3};
  g.group_of = malloc(sizeof of);
  memcpy(g.group_of, of, sizeof of);
  g.groups = calloc(4, sizeof *g.groups);
  static const char *const kw[4][3] = {{"电动车", "充电桩", "小区"},
                                       {"供暖", "暖气", NULL},
                                       {"电动车", "充电桩", "收费"},
                                       {"电动车", "停放", NULL}};
  int sizes[] = {3, 1, 2, 1}, reps[] = {1, 3, 5, 6};
  for (int k = 0; k < 4; k++) {
    g.groups[k].size = sizes[k];
    g.groups[k].rep = reps[k];
    for (int j = 0; j < 3 && kw[k][j]; j++) strcpy(g.groups[k].kw[g.groups[k].nkw++], kw[k][j]);
  }
  cr_assert_eq(digest_merge_split(&g), 1, "the second 电动车充电桩 group joins the first");
  cr_assert_eq(g.ngroups, 3);
  cr_expect_eq(g.group_of[4], g.group_of[0], "its items are the first group's");
  cr_expect_eq(g.group_of[5], g.group_of[0]);
  cr_expect_eq(g.groups[g.group_of[0]].size, 5);
  cr_expect_eq(g.group_of[0], 0, "the biggest first");
  cr_expect_eq(g.groups[0].rep, 1, "the bigger part's representative");
  cr_expect_neq(g.group_of[6], g.group_of[0], "one shared word (电动车 alone) is not one subject");
  cr_expect_neq(g.group_of[3], g.group_of[0]);
  cr_expect_eq(g.groups[g.group_of[3]].size, 1);
  cr_expect_eq(digest_merge_split(&g), 0,
               "nothing more: keywords of joined groups are found again");
  digest_grouping_free(&g);
}
