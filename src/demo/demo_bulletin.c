/* src/demo/demo_bulletin.c: bulletins and digests for the demo (see demo_bulletin.h). Every
** record goes through the module's own functions, as the system (no user), so the demo holds
** what the product writes: numbers, timelines, notifications, audit entries. The online items
** are made from subjects of the day, each a few ways of saying it, with places and sources;
** deterministic for a seed. */
#include "demo_bulletin.h"
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "base/arena.h"
#include "base/timeutil.h"
#include "demo_rng.h"
#include "entity/entity.h"
#include "report/bulletin.h"
#include "report/digest.h"
#include "report/digest_group.h"

static const struct {
  const char *title, *texts[3];
} subjects[] = {
    {"老旧小区供暖不达标",
     {"多个老旧小区居民反映入冬后暖气不热，室温长期低于18摄氏度，投诉供热公司后迟迟未处理。",
      "网民称所住小区供暖温度不达标，暖气片上热下凉，希望供热公司尽快上门排查管网。",
      "有居民留言，老旧小区供暖管网老化，暖气不热问题连续两年未解决，呼吁纳入改造计划。"}},
    {"校外培训机构退费难",
     {"家长反映校外培训机构突然停课，预付的培训费退费无门，涉及学生数百人。",
      "网民称报名的培训机构以各种理由拒绝退费，预付卡余额无法使用，希望监管部门介入。",
      "多名家长联名反映培训机构退费难，建议加强预付资金监管。"}},
    {"中心城区停车难",
     {"市民反映中心城区停车位紧张，医院、学校周边违停严重，早晚高峰交通拥堵。",
      "网友称小区周边停车收费标准不一，停车位紧张，建议增建立体停车场。",
      "有市民留言，老城区停车难问题突出，夜间违停占用消防通道。"}},
    {"农村饮水水质",
     {"村民反映入冬后自来水时常停水，水质浑浊，饮水安全令人担忧。",
      "网民称所在乡镇自来水水质发黄，多次反映未果，希望检测水质并更换管道。",
      "有村民留言，山区村组冬季自来水管冻裂停水，只能拉水吃。"}},
    {"电动车飞线充电隐患",
     {"居民反映小区内电动车飞线充电现象普遍，存在消防安全隐患，充电桩数量不足。",
      "网民称楼道内电动车充电屡禁不止，建议增设集中充电桩并加强消防检查。"}},
    {"乡村教师待遇",
     {"网民反映偏远乡村学校教师待遇偏低，乡村教师补贴发放不及时，年轻教师流失。",
      "有教师留言，乡村教师周转房不足，乡村学校留不住年轻教师。"}},
    {"网约车拒载加价", {"乘客反映火车站网约车拒载、私下加价，出租车不打表现象时有发生。"}},
};
static const char *const places[] = {"城关区", "七里河区",     "安宁区",      "西固区",
                                     "榆中县", "天水市秦州区", "张掖市甘州区"};
static const char *const sources[] = {"人民网领导留言板", "微博",     "12345热线",
                                      "政务APP",          "本地论坛", "抖音"};

static bool collect(struct entity_ctx *ctx, struct rng *r, int64_t committee, const char *day,
                    int n) {
  int ns = (int)(sizeof subjects / sizeof subjects[0]);
  for (int i = 0; i < n; i++) {
    int s = (int)rng_below(r, ns), nt = 0;
    while (nt < 3 && subjects[s].texts[nt]) nt++;
    const char *text = subjects[s].texts[rng_below(r, nt)];
    const char *place = places[rng_below(r, 7)];
    json_t *in = json_pack("{s:I,s:s,s:s,s:s,s:s}", "committee_id", (json_int_t)committee, "day",
                           day, "title", arena_printf(ctx->arena, "%s%s", place, subjects[s].title),
                           "text", arena_printf(ctx->arena, "%s：%s", place, text), "source",
                           sources[rng_below(r, 6)]);
    int64_t id = digest_item_create(ctx, in);
    json_decref(in);
    if (!id) return false;
  }
  return true;
}

/* A bulletin of the next k candidates, signed off and sent as asked. */
static bool bulletin(struct entity_ctx *ctx, int64_t committee, json_t *cands, size_t *next,
                     size_t k, bool sign, bool send, const char *note) {
  json_t *ids = json_array();
  for (size_t i = 0; i < k && *next < json_array_size(cands); i++, (*next)++)
    json_array_append(ids, json_object_get(json_array_get(cands, *next), "id"));
  if (!json_array_size(ids)) {
    json_decref(ids);
    return true;
  }
  json_t *in = json_pack("{s:I,s:s,s:s,s:o}", "committee_id", (json_int_t)committee, "editor",
                         "王晓燕", "note", note, "report_ids", ids);
  int64_t id = bulletin_create(ctx, in);
  json_decref(in);
  if (!id) return false;
  json_t *signer = json_pack("{s:s}", "signer", "刘秘书长");
  bool ok = !sign || bulletin_sign(ctx, id, signer);
  json_decref(signer);
  if (ok && send) {
    json_t *to =
        json_pack("{s:[s,s,s]}", "targets", "national_cppcc", "party_committee", "government");
    ok = bulletin_send(ctx, id, to);
    json_decref(to);
  }
  return ok;
}

bool demo_bulletin_load(struct db *db, uint64_t seed, int64_t now, char *err) {
  struct arena a;
  arena_init(&a);
  struct entity_ctx ctx = {.db = db, .arena = &a, .ip = "demo"};
  struct rng r = {seed ^ 0xb011e71ull};
  int64_t prov =
      db_int(db, 0, "SELECT id FROM committees WHERE level = 'province' ORDER BY id LIMIT 1", NULL);
  bool ok = prov > 0;
  json_t *cands = ok ? bulletin_candidates(&ctx, prov) : NULL;
  json_t *items = json_object_get(cands, "items");
  size_t next = 0;
  ok = ok && cands &&
       bulletin(&ctx, prov, items, &next, 3, true, true,
                "本期刊发委员反映的基层民生问题三则，供参阅。") &&
       bulletin(&ctx, prov, items, &next, 4, true, true, "") &&
       bulletin(&ctx, prov, items, &next, 2, true, true, "") &&
       bulletin(&ctx, prov, items, &next, 3, true, false, "") &&
       bulletin(&ctx, prov, items, &next, 2, false, false, "");
  json_decref(cands);
  /* yesterday's items, grouped as suggested and issued; today's left to group */
  char today[16], yesterday[16];
  time_cst_date(now, today);
  time_cst_date(now - 86400, yesterday);
  ok = ok && collect(&ctx, &r, prov, yesterday, 18) && collect(&ctx, &r, prov, today, 24);
  if (ok) {
    json_t *s = digest_suggest(&ctx, prov, yesterday, DIGEST_THRESHOLD), *groups = json_array(), *g;
    size_t i;
    json_array_foreach(json_object_get(s, "groups"), i, g) json_array_append_new(
        groups, json_pack("{s:O,s:O}", "subject", json_object_get(g, "subject"), "item_ids",
                          json_object_get(g, "item_ids")));
    json_t *in = json_pack("{s:I,s:s,s:o}", "committee_id", (json_int_t)prov, "day", yesterday,
                           "groups", groups);
    int64_t id = s ? digest_create(&ctx, in) : 0;
    ok = id && digest_issue(&ctx, id, NULL);
    json_decref(in);
    json_decref(s);
  }
  if (!ok)
    snprintf(err, 256, "生成社情民意刊物和网络社情摘要失败：%s",
             ctx.err.zh ? ctx.err.zh : db_errmsg(db));
  json_decref(ctx.err.errors);
  arena_free(&a);
  return ok;
}
