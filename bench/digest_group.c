/* bench/digest_group.c: the daily digest's grouping suggestion (src/report/digest_group.c) over
** a day of N made-up items (default 2,000), against the reference: a plain pass over the same
** texts cutting each into its tokens (utf8_tokens) and counting them, which any grouping by
** tokens must do at least. The items are drawn from 80 subjects (each a few phrases of its
** own) mixed with phrases every item may use, places and times, 60 to 200 characters; the
** generator is seeded, so every run groups the same day. Prints the best of 5 runs of each, in
** milliseconds, at the server's default threshold (DIGEST_THRESHOLD; another as the second
** argument), the groups found and their purity (the share of items in their group's most
** common subject):
**   grouping <ms> plain <ms> groups <n> subjects <n> purity <0..1> items <n> */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "base/utf8.h"
#include "report/digest_group.h"

static const char *const subjects[][4] = {
    {"暖气不热", "供暖温度", "供热公司", "室温不达标"},
    {"学校午餐", "午餐价格", "配餐公司", "学生营养"},
    {"道路施工", "围挡占道", "交通拥堵", "绕行"},
    {"停车难", "车位紧张", "违停", "停车收费"},
    {"物业服务", "物业费", "业委会", "维修基金"},
    {"老旧小区改造", "加装电梯", "外墙保温", "管网"},
    {"看病难", "挂号", "专家号", "医保报销"},
    {"养老服务", "日间照料", "助餐点", "护理员"},
    {"公交线路", "公交站点", "发车间隔", "换乘"},
    {"噪音扰民", "夜间施工", "广场舞", "油烟"},
    {"垃圾分类", "垃圾清运", "分类桶", "收运"},
    {"农民工工资", "欠薪", "劳务合同", "讨薪"},
    {"房屋漏水", "楼顶防水", "维修", "开发商"},
    {"校外培训", "培训机构", "退费", "预付卡"},
    {"网约车", "出租车", "拒载", "计价"},
    {"食品安全", "过期食品", "小作坊", "抽检"},
    {"幼儿园入园", "学位", "普惠园", "报名"},
    {"就业招聘", "高校毕业生", "招聘会", "见习"},
    {"农产品滞销", "马铃薯", "收购价", "冷库"},
    {"乡村道路", "硬化", "村道", "会车"},
    {"饮水安全", "自来水", "水质", "停水"},
    {"电动车充电", "飞线充电", "充电桩", "消防"},
    {"社区医院", "家庭医生", "签约", "慢病"},
    {"快递末端", "快递柜", "驿站", "派送"},
    {"城市绿化", "树木修剪", "公园", "绿地"},
    {"燃气安全", "燃气管道", "入户检查", "报警器"},
    {"残疾人出行", "无障碍", "盲道", "坡道"},
    {"婚丧嫁娶", "高价彩礼", "移风易俗", "红白理事会"},
    {"旅游景区", "门票", "游客", "景区管理"},
    {"电信诈骗", "反诈", "冒充客服", "转账"},
    {"药品价格", "集采", "药店", "处方"},
    {"防汛", "积水", "排水管网", "暴雨"},
    {"学区划分", "划片", "择校", "入学政策"},
    {"住房公积金", "提取", "贷款额度", "缴存"},
    {"环境污染", "排污", "河道", "黑臭水体"},
    {"农村厕所", "改厕", "化粪池", "抽粪"},
    {"夜市摊点", "占道经营", "流动摊贩", "城管"},
    {"疫苗接种", "接种点", "预约", "儿童"},
    {"城乡低保", "低保认定", "救助", "困难群众"},
    {"取暖补贴", "煤改电", "电价", "补贴发放"},
    {"二手房交易", "过户", "中介", "税费"},
    {"电梯故障", "电梯维保", "困人", "年检"},
    {"宠物管理", "遛狗不拴绳", "犬只登记", "伤人"},
    {"校车安全", "接送", "超载", "交通安全"},
    {"医疗纠纷", "医患", "调解", "鉴定"},
    {"征地拆迁", "补偿标准", "安置房", "协议"},
    {"非遗保护", "传承人", "非遗项目", "展示馆"},
    {"文物保护", "古建筑", "修缮", "文保单位"},
    {"体育设施", "健身器材", "全民健身", "球场"},
    {"图书馆", "阅览室", "开放时间", "借阅"},
    {"劳动仲裁", "用人单位", "社保缴纳", "解除合同"},
    {"个体工商户", "营业执照", "减税降费", "经营困难"},
    {"小微企业", "融资难", "贷款利率", "担保"},
    {"营商环境", "审批", "一网通办", "办事窗口"},
    {"生态保护", "祁连山", "草原", "退牧还草"},
    {"沙尘天气", "防沙治沙", "植树", "风沙"},
    {"黄河治理", "河道清淤", "堤防", "水土流失"},
    {"农业灌溉", "水渠", "灌溉用水", "节水"},
    {"牛羊养殖", "饲草", "养殖补贴", "防疫"},
    {"苹果产业", "果园", "冰雹", "保险理赔"},
    {"中药材", "当归", "党参", "价格波动"},
    {"乡村教师", "代课", "编制", "待遇"},
    {"留守儿童", "心理关爱", "监护", "寄宿"},
    {"独居老人", "探访", "紧急呼叫", "孤独"},
    {"网络直播", "带货", "虚假宣传", "退货"},
    {"手机信号", "基站", "信号差", "宽带"},
    {"社区团购", "菜价", "平台", "补贴战"},
    {"公共厕所", "如厕难", "保洁", "开放"},
    {"路灯不亮", "照明", "夜间出行", "报修"},
    {"井盖缺失", "窨井", "安全隐患", "行人"},
    {"共享单车", "乱停放", "押金", "投放"},
    {"外卖骑手", "超时", "交通违法", "权益"},
    {"退役军人", "优抚", "安置", "就业扶持"},
    {"慈善捐赠", "募捐", "善款使用", "公开"},
    {"应急避难", "避难场所", "应急物资", "演练"},
    {"地方方言", "文化传承", "民俗", "非遗"},
};
static const char *const common[] = {
    "网民反映",     "近日",         "有市民称",     "多位居民表示", "希望有关部门",
    "尽快解决",     "相关部门回应", "引发关注",     "网友留言",     "记者了解到",
    "据了解",       "问题突出",     "群众意见较大", "建议加强监管", "已持续多日",
    "目前尚未解决", "部分群众",     "反映强烈",     "亟待解决",     "给生活带来不便",
};
static const char *const places[] = {"城关区", "七里河区", "西固区", "安宁区", "红古区",
                                     "永登县", "皋兰县",   "榆中县", "天水市", "武威市",
                                     "张掖市", "酒泉市",   "定西市", "陇南市", "平凉市"};

static unsigned long rnd_state = 20261127;
static unsigned rnd(unsigned n) {
  rnd_state = rnd_state * 6364136223846793005ull + 1442695040888963407ull;
  return (unsigned)((rnd_state >> 33) % n);
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void count_token(const char *tok, size_t n, void *arg) {
  (void)tok;
  *(size_t *)arg += n;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 2000;
  double threshold = argc > 2 ? atof(argv[2]) : DIGEST_THRESHOLD;
  int ns = (int)(sizeof subjects / sizeof subjects[0]);
  char **texts = malloc((size_t)n * sizeof *texts);
  int *subject = malloc((size_t)n * sizeof *subject);
  for (int i = 0; i < n; i++) {
    char buf[2048];
    size_t len = 0;
    int s = rnd(ns);
    subject[i] = s;
    int parts = 5 + (int)rnd(8);
    len += (size_t)snprintf(buf + len, sizeof buf - len, "%s", places[rnd(15)]);
    for (int p = 0; p < parts && len < sizeof buf - 200; p++) {
      const char *ph = rnd(3) ? subjects[s][rnd(4)] : common[rnd(20)];
      len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", ph, rnd(3) ? "，" : "。");
    }
    texts[i] = strdup(buf);
  }
  double best_g = 1e18, best_p = 1e18;
  int groups = 0;
  double purity = 0;
  size_t sink = 0;
  for (int run = 0; run < 5; run++) {
    double t0 = now_ms();
    struct digest_grouping g;
    if (!digest_group_texts((const char *const *)texts, n, threshold, &g)) return 1;
    double t1 = now_ms();
    groups = g.ngroups;
    if (run == 0) {
      /* purity: the share of items in their group's most common subject */
      int *count = calloc((size_t)g.ngroups * (size_t)ns, sizeof *count), best = 0;
      for (int i = 0; i < n; i++) count[(size_t)g.group_of[i] * (size_t)ns + (size_t)subject[i]]++;
      for (int k = 0; k < g.ngroups; k++) {
        int m = 0;
        for (int x = 0; x < ns; x++)
          if (count[(size_t)k * (size_t)ns + (size_t)x] > m)
            m = count[(size_t)k * (size_t)ns + (size_t)x];
        best += m;
      }
      purity = (double)best / n;
      free(count);
    }
    digest_grouping_free(&g);
    if (t1 - t0 < best_g) best_g = t1 - t0;
    t0 = now_ms();
    for (int i = 0; i < n; i++) utf8_tokens(texts[i], strlen(texts[i]), count_token, &sink);
    t1 = now_ms();
    if (t1 - t0 < best_p) best_p = t1 - t0;
  }
  printf("grouping %.2f plain %.3f groups %d subjects %d purity %.3f items %d\n", best_g, best_p,
         groups, ns, purity, n);
  (void)sink;
  for (int i = 0; i < n; i++) free(texts[i]);
  free(texts);
  free(subject);
  return 0;
}
