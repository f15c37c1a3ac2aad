/* src/demo/demo.c: demo data: the CPPCC committee tree of Gansu (全国 → 甘肃省 → 14 市州 →
** 86 县市区), the 34 national sectors, the parties, special committees, the 16 provincial
** activity groups, handling units, realistic members and a few staff accounts.
**
** Everything except the random salts, nonces and the admin password follows from the seed:
** one splitmix64 stream, consumed in a fixed order. The whole load is one transaction;
** members go in BATCH_ROWS to an INSERT, and for a large load the members' indexes (and on
** PostgreSQL their foreign keys) are dropped and made again at the end, so 190,000 members
** take a few seconds on either engine.
**
** Accounts made: the three administrators at 全国政协, each with a random password returned in
** demo_result: "admin" (系统管理员, admin_password), "secadmin" (安全管理员, security_password)
** and "auditor" (审计管理员, audit_password); the demo staff accounts gansu, lanzhou, chengguan,
*qilihe,
** tian, tianshui, viewer, member1, member2, tiban (proposal office) and jiaoyu, weijian (handling
** units) all have the fixed password DEMO_STAFF_PASSWORD below. */
#include "demo.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth/password.h"
#include "auth/secret.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/idcard.h"
#include "base/phone.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "demo_contact.h"
#include "demo_meeting.h"
#include "demo_points.h"
#include "demo_proposal.h"
#include "demo_report.h"
#include "demo_bulletin.h"
#include "demo_rng.h"

#define NCITY             14
#define NCOUNTY           86
#define NCOMMITTEE        (2 + NCITY + NCOUNTY)
#define NSECTOR           34
#define NPARTY            10
#define NGROUP            16
#define NPROV_SC          10
#define MAX_SC            10
#define PROV_MEMBERS      502
#define PROGRESS_EVERY    5000
#define BATCH_ROWS        64 /* members per INSERT statement */
#define MEMBER_COLS       21 /* values per member row */
#define SECTOR_MINORITIES 28 /* 少数民族界 in sectors[] */

/* ---------------------------------------------------------------------------------------
** Constant tables: places, ethnic make-up, sectors, parties, groups, names, occupations.
** ------------------------------------------------------------------------------------- */

/* The share of one ethnic group among members of a place, in thousandths (the rest 汉族). */
struct ethnic_share {
  const char *name;
  int permille;
};

enum {
  ETH_DEFAULT,
  ETH_HUI,
  ETH_ZJC,
  ETH_TIBET,
  ETH_YUGUR,
  ETH_DONGXIANG,
  ETH_JISHISHAN,
  ETH_MONGOL,
  ETH_KAZAKH,
  ETH_COUNT
};

/* Ethnic make-up by kind of place; {NULL, 0} ends each list. */
static const struct ethnic_share ethnic_profiles[ETH_COUNT][6] = {
    [ETH_DEFAULT] =
        {{"回族", 40}, {"藏族", 15}, {"东乡族", 8}, {"满族", 6}, {"土族", 4}, {NULL, 0}},
    [ETH_HUI] =
        {{"回族", 380}, {"东乡族", 100}, {"保安族", 10}, {"撒拉族", 10}, {"藏族", 10}, {NULL, 0}},
    [ETH_ZJC] = {{"回族", 600}, {"满族", 5}, {NULL, 0}},
    [ETH_TIBET] = {{"藏族", 520}, {"回族", 40}, {"土族", 20}, {NULL, 0}},
    [ETH_YUGUR] = {{"裕固族", 300}, {"藏族", 100}, {"蒙古族", 20}, {NULL, 0}},
    [ETH_DONGXIANG] = {{"东乡族", 650}, {"回族", 100}, {NULL, 0}},
    [ETH_JISHISHAN] = {{"保安族", 150}, {"东乡族", 150}, {"撒拉族", 80}, {"回族", 200}, {NULL, 0}},
    [ETH_MONGOL] = {{"蒙古族", 350}, {"藏族", 30}, {"回族", 30}, {NULL, 0}},
    [ETH_KAZAKH] = {{"哈萨克族", 300}, {"回族", 50}, {"蒙古族", 30}, {NULL, 0}},
};

/* A county-level division: name, short name for company names (NULL: the name without its
** last character, or the whole name when that leaves one character), GB/T 2260 code, and
** ethnic profile (ETH_DEFAULT: the prefecture's). */
struct county_def {
  const char *name, *short_name;
  int code, ethnic;
};

/* A prefecture-level division with its counties (gansu-divisions.tsv), 2020 population in
** ten thousands (the weight for spreading members), telephone area code. */
struct city_def {
  const char *name, *short_name;
  int code;
  const char *tel;
  int population, ethnic;
  const struct county_def *counties;
  int ncounties;
};

static const struct county_def lanzhou_c[] = {
    {"城关区", NULL, 620102, 0}, {"七里河区", NULL, 620103, 0}, {"西固区", NULL, 620104, 0},
    {"安宁区", NULL, 620105, 0}, {"红古区", NULL, 620111, 0},   {"永登县", NULL, 620121, 0},
    {"皋兰县", NULL, 620122, 0}, {"榆中县", NULL, 620123, 0}};
static const struct county_def jinchang_c[] = {{"金川区", NULL, 620302, 0},
                                               {"永昌县", NULL, 620321, 0}};
static const struct county_def baiyin_c[] = {{"白银区", NULL, 620402, 0},
                                             {"平川区", NULL, 620403, 0},
                                             {"靖远县", NULL, 620421, 0},
                                             {"会宁县", NULL, 620422, 0},
                                             {"景泰县", NULL, 620423, 0}};
static const struct county_def tianshui_c[] = {{"秦州区", NULL, 620502, 0},
                                               {"麦积区", NULL, 620503, 0},
                                               {"清水县", NULL, 620521, 0},
                                               {"秦安县", NULL, 620522, 0},
                                               {"甘谷县", NULL, 620523, 0},
                                               {"武山县", NULL, 620524, 0},
                                               {"张家川回族自治县", "张家川", 620525, ETH_ZJC}};
static const struct county_def wuwei_c[] = {{"凉州区", NULL, 620602, 0},
                                            {"民勤县", NULL, 620621, 0},
                                            {"古浪县", NULL, 620622, 0},
                                            {"天祝藏族自治县", "天祝", 620623, ETH_TIBET}};
static const struct county_def zhangye_c[] = {
    {"甘州区", NULL, 620702, 0}, {"肃南裕固族自治县", "肃南", 620721, ETH_YUGUR},
    {"民乐县", NULL, 620722, 0}, {"临泽县", NULL, 620723, 0},
    {"高台县", NULL, 620724, 0}, {"山丹县", NULL, 620725, 0}};
static const struct county_def pingliang_c[] = {
    {"崆峒区", NULL, 620802, 0}, {"泾川县", NULL, 620821, 0}, {"灵台县", NULL, 620822, 0},
    {"崇信县", NULL, 620823, 0}, {"庄浪县", NULL, 620825, 0}, {"静宁县", NULL, 620826, 0},
    {"华亭市", NULL, 620881, 0}};
static const struct county_def jiuquan_c[] = {
    {"肃州区", NULL, 620902, 0},
    {"金塔县", NULL, 620921, 0},
    {"瓜州县", NULL, 620922, 0},
    {"肃北蒙古族自治县", "肃北", 620923, ETH_MONGOL},
    {"阿克塞哈萨克族自治县", "阿克塞", 620924, ETH_KAZAKH},
    {"玉门市", NULL, 620981, 0},
    {"敦煌市", NULL, 620982, 0}};
static const struct county_def qingyang_c[] = {
    {"西峰区", NULL, 621002, 0}, {"庆城县", NULL, 621021, 0}, {"环县", NULL, 621022, 0},
    {"华池县", NULL, 621023, 0}, {"合水县", NULL, 621024, 0}, {"正宁县", NULL, 621025, 0},
    {"宁县", NULL, 621026, 0},   {"镇原县", NULL, 621027, 0}};
static const struct county_def dingxi_c[] = {
    {"安定区", NULL, 621102, 0}, {"通渭县", NULL, 621121, 0}, {"陇西县", NULL, 621122, 0},
    {"渭源县", NULL, 621123, 0}, {"临洮县", NULL, 621124, 0}, {"漳县", NULL, 621125, 0},
    {"岷县", NULL, 621126, 0}};
static const struct county_def longnan_c[] = {
    {"武都区", NULL, 621202, 0}, {"成县", NULL, 621221, 0}, {"文县", NULL, 621222, 0},
    {"宕昌县", NULL, 621223, 0}, {"康县", NULL, 621224, 0}, {"西和县", NULL, 621225, 0},
    {"礼县", NULL, 621226, 0},   {"徽县", NULL, 621227, 0}, {"两当县", NULL, 621228, 0}};
static const struct county_def linxia_c[] = {
    {"临夏市", NULL, 622901, 0},
    {"临夏县", NULL, 622921, 0},
    {"康乐县", NULL, 622922, 0},
    {"永靖县", NULL, 622923, 0},
    {"广河县", NULL, 622924, 0},
    {"和政县", NULL, 622925, 0},
    {"东乡族自治县", "东乡", 622926, ETH_DONGXIANG},
    {"积石山保安族东乡族撒拉族自治县", "积石山", 622927, ETH_JISHISHAN}};
static const struct county_def gannan_c[] = {
    {"合作市", NULL, 623001, 0}, {"临潭县", NULL, 623021, 0}, {"卓尼县", NULL, 623022, 0},
    {"舟曲县", NULL, 623023, 0}, {"迭部县", NULL, 623024, 0}, {"玛曲县", NULL, 623025, 0},
    {"碌曲县", NULL, 623026, 0}, {"夏河县", NULL, 623027, 0}};

#define COUNTIES(a) a, (int)(sizeof a / sizeof a[0])
static const struct city_def cities[NCITY] = {
    {"兰州市", "兰州", 620100, "0931", 436, ETH_DEFAULT, COUNTIES(lanzhou_c)},
    {"嘉峪关市", "嘉峪关", 620200, "0937", 31, ETH_DEFAULT, NULL, 0},
    {"金昌市", "金昌", 620300, "0935", 44, ETH_DEFAULT, COUNTIES(jinchang_c)},
    {"白银市", "白银", 620400, "0943", 151, ETH_DEFAULT, COUNTIES(baiyin_c)},
    {"天水市", "天水", 620500, "0938", 298, ETH_DEFAULT, COUNTIES(tianshui_c)},
    {"武威市", "武威", 620600, "0935", 146, ETH_DEFAULT, COUNTIES(wuwei_c)},
    {"张掖市", "张掖", 620700, "0936", 113, ETH_DEFAULT, COUNTIES(zhangye_c)},
    {"平凉市", "平凉", 620800, "0933", 185, ETH_DEFAULT, COUNTIES(pingliang_c)},
    {"酒泉市", "酒泉", 620900, "0937", 106, ETH_DEFAULT, COUNTIES(jiuquan_c)},
    {"庆阳市", "庆阳", 621000, "0934", 218, ETH_DEFAULT, COUNTIES(qingyang_c)},
    {"定西市", "定西", 621100, "0932", 252, ETH_DEFAULT, COUNTIES(dingxi_c)},
    {"陇南市", "陇南", 621200, "0939", 241, ETH_DEFAULT, COUNTIES(longnan_c)},
    {"临夏回族自治州", "临夏", 622900, "0930", 211, ETH_HUI, COUNTIES(linxia_c)},
    {"甘南藏族自治州", "甘南", 623000, "0941", 69, ETH_TIBET, COUNTIES(gannan_c)},
};

/* The parties (and 无党派人士), in protocol order. */
static const struct {
  const char *name, *short_name;
} parties[NPARTY] = {
    {"中国共产党", "中共"},     {"中国国民党革命委员会", "民革"}, {"中国民主同盟", "民盟"},
    {"中国民主建国会", "民建"}, {"中国民主促进会", "民进"},       {"中国农工民主党", "农工党"},
    {"中国致公党", "致公党"},   {"九三学社", "九三学社"},         {"台湾民主自治同盟", "台盟"},
    {"无党派人士", "无党派"},
};
enum { P_CPC = 0, P_NONPARTY = 9 };

/* One of the 34 sectors of the 14th National Committee (the rows of migration 3): its name,
** its provincial activity group, the party its members belong
** to (-1: varies), weights at the provincial and at local levels, the share of women in
** thousandths (0: the default) and occupation categories to draw from (see occ_cats). */
struct sector_def {
  const char *name;
  int group, party, w_prov, w_local, female;
  const char *occ;
};

static const struct sector_def sectors[NSECTOR] = {
    {"中国共产党", 0, 0, 40, 90, 0, "GGGGEOMAB"},
    {"中国国民党革命委员会", 1, 1, 12, 5, 0, "LBCEMG"},
    {"中国民主同盟", 2, 2, 14, 6, 0, "EEEOSCM"},
    {"中国民主建国会", 3, 3, 14, 6, 0, "BBBBOE"},
    {"中国民主促进会", 4, 4, 12, 5, 0, "EECCPE"},
    {"中国农工民主党", 5, 5, 12, 5, 0, "MMMMV"},
    {"中国致公党", 6, 6, 8, 2, 0, "FBMEB"},
    {"九三学社", 7, 7, 12, 5, 0, "SSSEM"},
    {"台湾民主自治同盟", 6, 8, 3, 1, 0, "EBM"},
    {"无党派人士", 8, 9, 14, 8, 0, "SEMLCB"},
    {"中国共产主义青年团和中华全国青年联合会", 9, -1, 16, 12, 0, "uuBEC"},
    {"中华全国总工会", 9, -1, 14, 12, 0, "kkkB"},
    {"中华全国妇女联合会", 9, -1, 14, 12, 850, "qqEMB"},
    {"中华全国工商业联合会", 10, -1, 25, 20, 0, "BBBBf"},
    {"中国科学技术协会", 12, -1, 12, 6, 0, "yySS"},
    {"中华全国台湾同胞联谊会", 8, -1, 4, 1, 0, "zzB"},
    {"中华全国归国华侨联合会", 8, -1, 6, 2, 0, "hhBF"},
    {"文化艺术界", 14, -1, 20, 15, 0, "CCC"},
    {"科学技术界", 12, -1, 16, 10, 0, "SSS"},
    {"社会科学界", 12, -1, 14, 6, 0, "OOE"},
    {"经济界", 10, -1, 40, 50, 0, "BBBBG"},
    {"农业界", 11, -1, 28, 60, 0, "AAAA"},
    {"教育界", 12, -1, 24, 45, 0, "EEE"},
    {"体育界", 14, -1, 6, 5, 0, "TT"},
    {"新闻出版界", 14, -1, 12, 8, 0, "PP"},
    {"医药卫生界", 13, -1, 22, 40, 0, "MMM"},
    {"对外友好界", 8, -1, 8, 3, 0, "FFB"},
    {"社会福利和社会保障界", 13, -1, 12, 20, 0, "WWW"},
    {"少数民族界", 15, -1, 22, 20, 0, "NEMGA"},
    {"宗教界", 15, -1, 14, 12, 0, "RRR"},
    {"环境资源界", 11, -1, 10, 10, 0, "VVV"},
    {"特邀香港人士", 8, -1, 6, 0, 0, "H"},
    {"特邀澳门人士", 8, -1, 2, 0, 0, "H"},
    {"特别邀请人士", 8, -1, 30, 20, 0, "XXG"},
};

/* The special committees of 甘肃省政协. */
static const char *const prov_special[NPROV_SC] = {
    "提案委员会",           "经济委员会",       "农业和农村委员会", "人口资源环境委员会",
    "教科卫体委员会",       "社会和法制委员会", "民族和宗教委员会", "港澳台侨和外事委员会",
    "文化文史和学习委员会", "委员工作委员会",
};

/* Special committees a city (MAX_SC at most) or county may have; the first always. */
static const char *const city_special[] = {
    "提案委员会",           "经济委员会",       "农业和农村委员会",
    "人口资源环境委员会",   "教科卫体委员会",   "社会和法制委员会",
    "文化文史和学习委员会", "民族和宗教委员会", "委员工作委员会",
};
static const char *const county_special[] = {
    "提案委员会",       "经济委员会",           "农业和农村委员会",
    "社会和法制委员会", "文化文史和学习委员会", "民族和宗教委员会",
};
#define CITY_SPECIAL_ETHNIC   7 /* index of 民族和宗教委员会 in city_special */
#define COUNTY_SPECIAL_ETHNIC 5 /* and in county_special */

/* The 16 activity groups of 甘肃省政协 and who leads each: a special committee (index into
** prov_special), a party (index into parties), or the federation of industry and commerce. */
static const struct {
  const char *name, *lead_kind;
  int lead;
} groups[NGROUP] = {
    {"第一界别活动组（中共）", "special_committee", 9},
    {"第二界别活动组（民革）", "party", 1},
    {"第三界别活动组（民盟）", "party", 2},
    {"第四界别活动组（民建）", "party", 3},
    {"第五界别活动组（民进）", "party", 4},
    {"第六界别活动组（农工党）", "party", 5},
    {"第七界别活动组（致公党、台盟）", "party", 6},
    {"第八界别活动组（九三学社）", "party", 7},
    {"第九界别活动组（无党派人士、台联、侨联、对外友好界、特邀人士）", "special_committee", 7},
    {"第十界别活动组（共青团青联、总工会、妇联）", "special_committee", 5},
    {"第十一界别活动组（经济界、工商联）", "federation", -1},
    {"第十二界别活动组（农业界、环境资源界）", "special_committee", 2},
    {"第十三界别活动组（科协、科学技术界、社会科学界、教育界）", "special_committee", 4},
    {"第十四界别活动组（医药卫生界、社会福利和社会保障界）", "special_committee", 3},
    {"第十五界别活动组（文化艺术界、新闻出版界、体育界）", "special_committee", 8},
    {"第十六界别活动组（少数民族界、宗教界）", "special_committee", 6},
};

/* Handling units of the province, and the departments every city gets. */
static const char *const prov_units[] = {
    "甘肃省发展和改革委员会", "甘肃省教育厅",
    "甘肃省科学技术厅",       "甘肃省工业和信息化厅",
    "甘肃省民族事务委员会",   "甘肃省公安厅",
    "甘肃省民政厅",           "甘肃省司法厅",
    "甘肃省财政厅",           "甘肃省人力资源和社会保障厅",
    "甘肃省自然资源厅",       "甘肃省生态环境厅",
    "甘肃省住房和城乡建设厅", "甘肃省交通运输厅",
    "甘肃省水利厅",           "甘肃省农业农村厅",
    "甘肃省商务厅",           "甘肃省文化和旅游厅",
    "甘肃省卫生健康委员会",   "甘肃省退役军人事务厅",
    "甘肃省应急管理厅",       "甘肃省审计厅",
    "甘肃省市场监督管理局",   "甘肃省医疗保障局",
    "甘肃省林业和草原局",     "甘肃省体育局",
};
static const char *const city_units[] = {
    "发展和改革委员会", "教育局", "卫生健康委员会", "住房和城乡建设局", "农业农村局", "生态环境局",
};

/* Surnames with rough frequencies (per ten thousand, Gansu-flavoured: 马 and 何 are common). */
static const struct {
  const char *name;
  int weight;
} surnames[] = {
    {"王", 710}, {"李", 700}, {"张", 670}, {"刘", 540}, {"陈", 450}, {"杨", 310}, {"赵", 230},
    {"黄", 150}, {"周", 210}, {"吴", 200}, {"徐", 160}, {"孙", 150}, {"胡", 130}, {"朱", 130},
    {"高", 130}, {"林", 100}, {"何", 120}, {"郭", 120}, {"马", 250}, {"罗", 90},  {"梁", 80},
    {"宋", 80},  {"郑", 80},  {"谢", 70},  {"韩", 70},  {"唐", 70},  {"冯", 70},  {"于", 60},
    {"董", 70},  {"程", 60},  {"曹", 60},  {"袁", 60},  {"邓", 50},  {"许", 60},  {"傅", 40},
    {"沈", 40},  {"曾", 30},  {"彭", 40},  {"吕", 40},  {"苏", 50},  {"卢", 40},  {"蒋", 40},
    {"蔡", 40},  {"贾", 60},  {"丁", 50},  {"魏", 60},  {"薛", 50},  {"叶", 30},  {"阎", 40},
    {"余", 30},  {"潘", 40},  {"杜", 50},  {"戴", 30},  {"夏", 30},  {"钟", 30},  {"汪", 50},
    {"田", 50},  {"任", 50},  {"姜", 40},  {"范", 40},  {"方", 30},  {"石", 40},  {"姚", 40},
    {"谭", 20},  {"廖", 20},  {"邹", 20},  {"熊", 20},  {"金", 30},  {"陆", 20},  {"郝", 40},
    {"孔", 30},  {"白", 40},  {"崔", 40},  {"康", 30},  {"毛", 30},  {"邱", 20},  {"秦", 40},
    {"江", 20},  {"史", 30},  {"顾", 20},  {"侯", 30},  {"邵", 20},  {"孟", 30},  {"万", 20},
    {"段", 30},  {"雷", 30},  {"钱", 20},  {"汤", 20},  {"尹", 20},  {"常", 30},  {"武", 30},
    {"乔", 30},  {"贺", 20},  {"牛", 30},  {"祁", 20},  {"安", 20},  {"火", 5},   {"拓", 5},
    {"欧阳", 4}, {"司马", 2}, {"上官", 2}, {"诸葛", 1}, {"皇甫", 3}, {"令狐", 2}, {"慕容", 1},
};

/* Surnames common among Hui, Dongxiang, Bonan and Salar people of Gansu. */
static const struct {
  const char *name;
  int weight;
} hui_surnames[] = {
    {"马", 400}, {"杨", 60}, {"丁", 50}, {"白", 50}, {"穆", 30}, {"海", 25}, {"冶", 30}, {"韩", 40},
    {"沙", 25},  {"喇", 15}, {"妥", 15}, {"何", 30}, {"王", 50}, {"张", 40}, {"李", 40},
};

/* Characters of given names, by gender, and ones used for both (all three-byte UTF-8). */
static const char male_chars[] =
    "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁健亮俊峰龙林建国庆文志海东宏兵锋凯彬毅浩洋宇晨阳"
    "昊博睿哲翔振德荣福生祥贵忠利民永江山河正成学元光武新发世仁义信全兴旺达彦瑞喜泽天云虎"
    "彪雄剑楠栋梁松柏岩坤鹤鸣铭骏驰腾晖";
static const char female_chars[] =
    "芳娜敏静丽艳娟霞燕玲婷雪慧琳莉萍红梅兰英秀玉珍凤洁琴颖倩璐瑶怡欣悦蕾薇晶莹佳雅茹蓉岚"
    "虹菲妍媛娅丹露月秋冬晓琼芸萱蔓桂香翠彩霖菊荷莲蕊淑惠婉娴";
static const char shared_chars[] =
    "晓小文立建志永海国新俊佳子思嘉明一天振学玉春金德红丽继宗少家世泽";
#define CHAR_COUNT(s) ((sizeof(s) - 1) / 3)

/* Tibetan names are two parts with no surname. */
static const char *const tibetan_male_a[] = {"才让", "扎西", "多杰", "索南", "贡保",
                                             "尼玛", "旦增", "次仁", "完玛", "仁青",
                                             "桑杰", "才旦", "东智", "道吉"};
static const char *const tibetan_male_b[] = {"多杰", "加措", "才让", "扎西",
                                             "东智", "尼玛", "当周", "三智"};
static const char *const tibetan_female_a[] = {"才让", "扎西", "索南", "仁青",
                                               "完玛", "德吉", "央金", "拉毛"};
static const char *const tibetan_female_b[] = {"卓玛", "拉毛", "草", "吉", "措", "央金", "拉姆"};

/* Occupations: a place and an institution, then a post fitting the institution.
** In templates '@' is the place ("甘肃省", "兰州市", "城关区"), '#' its short name ("甘肃",
** "兰州", "城关"), '~' a brand word, '&' an industry, '*' a local product, '^' a village. */
static const char *const brands[] = {"丝路", "陇原", "祁连", "黄河", "金城", "敦煌", "陇上", "西部",
                                     "华瑞", "众合", "鑫源", "恒通", "宏达", "兴隆", "瑞丰", "天成",
                                     "长青", "博远", "荣华", "金泰", "正和", "汇通"};
static const char *const industries[] = {
    "建设工程", "商贸", "农业科技", "文化旅游", "新能源",   "食品", "医药", "物流", "房地产开发",
    "矿业",     "电力", "牧业",     "中药材",   "信息技术", "投资", "建材", "化工", "餐饮"};
static const char *const products[] = {"马铃薯", "苹果", "中药材", "高原夏菜", "花椒",
                                       "百合",   "玫瑰", "核桃",   "牛羊养殖", "蔬菜",
                                       "枸杞",   "当归", "黄芪",   "苦荞"};
static const char *const villages[] = {"张家", "李家", "新庄", "大坪", "红光", "永丰",
                                       "前进", "杨柳", "河湾", "沙沟", "马家", "王家",
                                       "柳树", "东湾", "上川", "下寨"};

/* Institutions by occupation category, for the provincial and national level (high) and
** for cities and counties (low). */
struct occ_cat {
  char code;
  const char *const *high, *const *low;
};

#define L(...)                                                                                     \
  (const char *const[]) { __VA_ARGS__, NULL }
static const struct occ_cat occ_cats[] = {
    {'G',
     L("甘肃省发展和改革委员会", "甘肃省财政厅", "甘肃省自然资源厅", "甘肃省农业农村厅",
       "甘肃省商务厅", "甘肃省人民政府研究室", "甘肃省交通运输厅", "甘肃省水利厅", "甘肃省统计局",
       "甘肃省审计厅"),
     L("@人民政府", "@人民政府", "@发展和改革委员会", "@财政局", "@住房和城乡建设局", "@农业农村局",
       "@人民政府办公室", "@商务局", "@审计局", "@统计局")},
    {'E',
     L("兰州大学", "西北师范大学", "兰州交通大学", "兰州理工大学", "甘肃农业大学", "甘肃中医药大学",
       "西北民族大学", "兰州财经大学", "天水师范学院", "河西学院", "陇东学院", "兰州城市学院",
       "甘肃政法大学", "兰州文理学院"),
     L("@第一中学", "@第二中学", "@实验中学", "@实验小学", "@职业中等专业学校", "@教育局")},
    {'M',
     L("甘肃省人民医院", "兰州大学第一医院", "兰州大学第二医院", "甘肃省中医院", "甘肃省妇幼保健院",
       "甘肃省肿瘤医院", "甘肃省第二人民医院", "甘肃省疾病预防控制中心", "甘肃中医药大学"),
     L("@人民医院", "@人民医院", "@中医医院", "@妇幼保健院", "@疾病预防控制中心", "@卫生健康局")},
    {'B',
     L("甘肃~&有限公司", "甘肃~&有限公司", "甘肃~&集团有限公司", "甘肃银行", "兰州银行",
       "甘肃~&股份有限公司"),
     L("#~&有限公司", "#~&有限公司", "#~&有限责任公司", "#农村商业银行")},
    {'A', L("甘肃省农业科学院", "甘肃农业大学", "甘肃省农业技术推广总站", "甘肃~*农业科技有限公司"),
     L("@农业农村局", "@农业技术推广中心", "#~*专业合作社", "#~*专业合作社", "@^村", "@^村")},
    {'C',
     L("敦煌研究院", "甘肃省博物馆", "甘肃省歌剧院", "甘肃省秦腔艺术剧院", "甘肃省文学艺术界联合会",
       "甘肃省美术家协会", "甘肃省书法家协会", "甘肃省作家协会", "甘肃画院", "读者出版集团"),
     L("@文化馆", "@博物馆", "@非物质文化遗产保护中心", "@文学艺术界联合会", "@书法家协会",
       "@秦腔剧团")},
    {'S',
     L("中国科学院兰州化学物理研究所", "中国科学院近代物理研究所",
       "中国科学院西北生态环境资源研究院", "甘肃省科学院", "兰州大学", "兰州理工大学",
       "甘肃省农业科学院"),
     L("@科学技术局", "@农业技术推广中心", "#~信息技术有限公司")},
    {'O',
     L("甘肃省社会科学院", "兰州大学", "西北师范大学", "兰州财经大学", "中共甘肃省委党校",
       "甘肃政法大学"),
     L("中共@委党校", "@地方志办公室", "@社会科学界联合会")},
    {'P', L("甘肃日报社", "甘肃省广播电视总台", "读者出版集团", "甘肃人民出版社", "兰州日报社"),
     L("@融媒体中心", "@融媒体中心")},
    {'T', L("甘肃省体育局", "甘肃省体育运动学校", "甘肃省体育科学研究所"),
     L("@体育运动学校", "@全民健身中心")},
    {'R',
     L("甘肃省伊斯兰教协会", "甘肃省佛教协会", "甘肃省道教协会", "甘肃省基督教三自爱国运动委员会",
       "甘肃省天主教爱国会", "拉卜楞寺", "兰州白云观"),
     L("@伊斯兰教协会", "@佛教协会")},
    {'L', L("甘肃~律师事务所", "甘肃省律师协会", "甘肃~律师事务所"), L("#~律师事务所", "@公证处")},
    {'W',
     L("甘肃省民政厅", "甘肃省残疾人联合会", "甘肃省慈善总会", "甘肃省人力资源和社会保障厅",
       "甘肃省医疗保障局"),
     L("@民政局", "@残疾人联合会", "@社会福利院", "@人力资源和社会保障局", "@慈善协会")},
    {'V',
     L("甘肃省生态环境厅", "甘肃省林业和草原局", "甘肃祁连山国家级自然保护区管护中心",
       "中国科学院西北生态环境资源研究院", "甘肃省林业科学研究院"),
     L("@自然资源局", "@林业和草原局", "@水务局")},
    {'N', L("甘肃省民族事务委员会", "西北民族大学", "甘肃民族师范学院", "甘肃省藏医药研究院"),
     L("@民族宗教事务局", "@民族中学")},
    {'F', L("甘肃省人民政府外事办公室", "甘肃省人民对外友好协会", "甘肃~国际贸易有限公司"),
     L("#~国际贸易有限公司", "@人民政府外事办公室")},
    {'H', L("香港~集团有限公司", "香港~投资有限公司", "澳门~贸易有限公司", "香港甘肃联谊会"),
     L("香港~投资有限公司")},
    {'X',
     L("甘肃省发展和改革委员会", "甘肃省财政厅", "甘肃省教育厅", "甘肃省民政厅",
       "甘肃省人民政府研究室"),
     L("@人民政府", "@人民政府", "@教育局", "@财政局")},
    {'u', L("共青团甘肃省委员会", "甘肃省青年联合会", "甘肃省青年企业家协会"),
     L("共青团@委员会", "@青年联合会")},
    {'k', L("甘肃省总工会", "甘肃~&有限公司"), L("@总工会", "#~&有限公司")},
    {'q', L("甘肃省妇女联合会", "甘肃省妇女儿童活动中心"), L("@妇女联合会")},
    {'y', L("甘肃省科学技术协会"), L("@科学技术协会")},
    {'z', L("甘肃省台湾同胞联谊会"), L("@台湾同胞联谊会")},
    {'h', L("甘肃省归国华侨联合会"), L("@归国华侨联合会")},
    {'f', L("甘肃省工商业联合会"), L("@工商业联合会")},
};

/* Posts by the ending of the institution's name; the first rule that matches applies. */
static const struct {
  const char *suffix;
  const char *const *posts;
} post_rules[] = {
    {"医院", L("主任医师", "副主任医师", "院长", "副院长", "主治医师")},
    {"保健院", L("主任医师", "副主任医师", "院长", "副院长")},
    {"剧院", L("院长", "国家一级演员", "国家二级演员")},
    {"画院", L("院长", "一级美术师")},
    {"研究院", L("研究员", "副研究员", "院长", "副院长")},
    {"科学院", L("研究员", "副研究员", "院长", "副院长")},
    {"福利院", L("院长", "副院长")},
    {"大学", L("教授", "教授", "副教授", "院长", "副校长")},
    {"学院", L("教授", "副教授", "院长", "副院长")},
    {"党校", L("教授", "副教授", "副校长")},
    {"中学", L("校长", "副校长", "高级教师")},
    {"小学", L("校长", "副校长", "高级教师")},
    {"学校", L("校长", "副校长", "高级教师", "高级教练")},
    {"研究所", L("研究员", "副研究员", "所长")},
    {"事务所", L("主任", "合伙人", "律师")},
    {"公司", L("董事长", "总经理", "副总经理", "董事长兼总经理")},
    {"银行", L("行长", "副行长", "董事长")},
    {"集团", L("董事长", "总经理", "编审")},
    {"合作社", L("理事长")},
    {"村", L("党支部书记", "村委会主任")},
    {"社", L("社长", "总编辑", "副总编辑", "编审", "记者")},
    {"台", L("台长", "副台长", "记者", "主持人")},
    {"馆", L("馆长", "副馆长", "研究馆员")},
    {"中心", L("主任", "副主任")},
    {"剧团", L("团长", "国家一级演员", "演员")},
    {"总工会", L("主席", "副主席")},
    {"联合会", L("主席", "副主席")},
    {"联谊会", L("会长", "副会长")},
    {"委员会", L("主任", "副主任")},
    {"厅", L("厅长", "副厅长", "一级巡视员", "二级巡视员")},
    {"局", L("局长", "副局长")},
    {"室", L("主任", "副主任")},
    {"处", L("主任", "公证员")},
    {"站", L("站长", "推广研究员")},
    {"寺", L("寺管会主任", "寺管会副主任")},
    {"观", L("住持", "道长")},
    {"会", L("会长", "副会长", "秘书长")},
};
#undef L

/* Mobile number prefixes. */
static const char *const mobile_prefixes[] = {
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "157", "158", "159", "177", "180", "181", "186", "187", "188", "189", "199"};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---------------------------------------------------------------------------------------
** The generator.
** ------------------------------------------------------------------------------------- */

/* A set of 64-bit keys (ID numbers as integers), open addressing, to keep them unique. */
struct idset {
  uint64_t *slot;
  size_t mask;
};

/* Adds key (not 0); returns false when it was already there. */
static bool idset_add(struct idset *s, uint64_t key) {
  size_t i = (size_t)((key * 0x9e3779b97f4a7c15u) >> 20) & s->mask;
  while (s->slot[i]) {
    if (s->slot[i] == key) return false;
    i = (i + 1) & s->mask;
  }
  s->slot[i] = key;
  return true;
}

/* A committee as the loader knows it. */
struct cmt {
  int64_t id;
  const char *level, *name, *place, *short_name, *path;
  int city, county; /* indexes into cities / the city's counties, -1 when none */
  int term, ethnic;
  int64_t sc[MAX_SC]; /* special committee ids */
  int nsc;
};

/* Everything one load needs. */
struct loader {
  struct db *db;
  const struct demo_options *opt;
  struct rng rng;
  struct arena *arena; /* long-lived strings */
  struct arena *tmp;   /* scratch for the batch of members, emptied at each flush */
  struct idset ids;
  int64_t now;
  int64_t sector_id[NSECTOR], party_id[NPARTY], group_id[NGROUP];
  struct cmt c[NCOMMITTEE];
  struct db_value batch[BATCH_ROWS * MEMBER_COLS]; /* members waiting to be inserted */
  int batch_rows;
  const char *batch_sql; /* the INSERT for a full batch */
  int64_t done, total, first_prov_member;
  char *err;
  bool failed;
};

/* Writes a message into err (256 bytes), cutting it at a character boundary. */
static void set_err(char *err, const char *fmt, ...) {
  if (!err) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(err, 256, fmt, ap);
  va_end(ap);
  if (n < 256) return;
  size_t len = 255;
  size_t start = len;
  while (start > 0 && ((unsigned char)err[start - 1] & 0xc0) == 0x80) start--;
  if (start > 0) {
    unsigned char lead = (unsigned char)err[start - 1];
    size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (len - (start - 1) < need) len = start - 1;
  }
  err[len] = 0;
}

/* Records a database failure (the first one) with the engine's message. */
static void fail_db(struct loader *L, const char *what) {
  if (L->failed) return;
  L->failed = true;
  set_err(L->err, "写入演示数据失败（%s）：%s", what, db_errmsg(L->db));
}

/* Steps an INSERT ... RETURNING id; returns the id, or 0 after recording the failure. */
static int64_t returned_id(struct loader *L, struct db_stmt *st, const char *what) {
  int64_t id = 0;
  if (st && db_step(st) == DB_ROW) id = db_col_int(st, 0);
  db_done(st);
  if (!id) fail_db(L, what);
  return id;
}

/* Checks the result of a write; records the failure. */
static bool wrote(struct loader *L, int rc, const char *what) {
  if (rc == DB_DONE) return true;
  fail_db(L, what);
  return false;
}

/* Returns the bytes of the i-th three-byte character of pool, NUL-terminated, in out. */
static void pool_char(const char *pool, int64_t i, char out[4]) {
  memcpy(out, pool + 3 * i, 3);
  out[3] = 0;
}

/* Appends s to the string in out (size n), truncating if need be. */
static void append(char *out, size_t n, const char *s) {
  size_t len = strlen(out), add = strlen(s);
  if (len + add >= n) add = n - 1 - len;
  memcpy(out + len, s, add);
  out[len + add] = 0;
}

/* Writes a Chinese name into out (32 bytes): a weighted surname (a Hui one for Hui-related
** ethnicities) and one or two given-name characters; Tibetans get a Tibetan name. */
static void make_name(struct rng *r, bool female, const char *ethnicity, char *out) {
  out[0] = 0;
  if (ethnicity && !strcmp(ethnicity, "藏族") && rng_permille(r, 700)) {
    const char *const *a = female ? tibetan_female_a : tibetan_male_a;
    const char *const *b = female ? tibetan_female_b : tibetan_male_b;
    int na = female ? COUNT(tibetan_female_a) : COUNT(tibetan_male_a);
    int nb = female ? COUNT(tibetan_female_b) : COUNT(tibetan_male_b);
    const char *x = a[rng_below(r, na)], *y = b[rng_below(r, nb)];
    while (!strcmp(x, y)) y = b[rng_below(r, nb)];
    append(out, 32, x);
    append(out, 32, y);
    return;
  }
  bool hui = ethnicity && (!strcmp(ethnicity, "回族") || !strcmp(ethnicity, "东乡族") ||
                           !strcmp(ethnicity, "保安族") || !strcmp(ethnicity, "撒拉族"));
  if (hui) {
    int total = 0;
    for (int i = 0; i < COUNT(hui_surnames); i++) total += hui_surnames[i].weight;
    int64_t x = rng_below(r, total);
    for (int i = 0; i < COUNT(hui_surnames); i++)
      if ((x -= hui_surnames[i].weight) < 0) {
        append(out, 32, hui_surnames[i].name);
        break;
      }
  } else {
    int total = 0;
    for (int i = 0; i < COUNT(surnames); i++) total += surnames[i].weight;
    int64_t x = rng_below(r, total);
    for (int i = 0; i < COUNT(surnames); i++)
      if ((x -= surnames[i].weight) < 0) {
        append(out, 32, surnames[i].name);
        break;
      }
  }
  const char *own = female ? female_chars : male_chars;
  int64_t nown = female ? (int64_t)CHAR_COUNT(female_chars) : (int64_t)CHAR_COUNT(male_chars);
  char c1[4], c2[4];
  if (rng_permille(r, 250)) {
    pool_char(own, rng_below(r, nown), c1);
    append(out, 32, c1);
    return;
  }
  /* the first character from the shared pool or the gendered one, the second gendered */
  if (rng_permille(r, 450))
    pool_char(shared_chars, rng_below(r, CHAR_COUNT(shared_chars)), c1);
  else
    pool_char(own, rng_below(r, nown), c1);
  do pool_char(own, rng_below(r, nown), c2);
  while (!strcmp(c1, c2));
  append(out, 32, c1);
  append(out, 32, c2);
}

/* Returns a minority ethnicity of a place, by the shares of its profile. */
static const char *pick_minority(struct rng *r, int profile) {
  int total = 0;
  for (const struct ethnic_share *e = ethnic_profiles[profile]; e->name; e++) total += e->permille;
  int64_t x = rng_below(r, total);
  for (const struct ethnic_share *e = ethnic_profiles[profile]; e->name; e++)
    if ((x -= e->permille) < 0) return e->name;
  return ethnic_profiles[profile][0].name;
}

/* Returns the ethnicity of a member of a place with the given profile. */
static const char *pick_ethnicity(struct rng *r, int profile) {
  int64_t x = rng_below(r, 1000);
  for (const struct ethnic_share *e = ethnic_profiles[profile]; e->name; e++)
    if ((x -= e->permille) < 0) return e->name;
  return "汉族";
}

/* True when s ends with suffix. */
static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !memcmp(s + n - m, suffix, m);
}

/* Writes the occupation of a member into out (n bytes): an institution of category cat,
** at the provincial level when high, else in the place (full name, short name), then a post
** that fits the institution; retired officials (category 'X') get "原" before the post. */
static void make_occupation(struct rng *r, char cat, bool high, const char *place,
                            const char *short_name, char *out, size_t n) {
  const struct occ_cat *oc = &occ_cats[0];
  for (int i = 0; i < COUNT(occ_cats); i++)
    if (occ_cats[i].code == cat) oc = &occ_cats[i];
  const char *const *list = high ? oc->high : oc->low;
  int count = 0;
  while (list[count]) count++;
  const char *tmpl = list[rng_below(r, count)];
  if (high) {
    place = "甘肃省";
    short_name = "甘肃";
  }
  out[0] = 0;
  for (const char *p = tmpl; *p; p++) {
    char one[2] = {*p, 0};
    switch (*p) {
    case '@':
      append(out, n, place);
      break;
    case '#':
      append(out, n, short_name);
      break;
    case '~':
      append(out, n, brands[rng_below(r, COUNT(brands))]);
      break;
    case '&':
      append(out, n, industries[rng_below(r, COUNT(industries))]);
      break;
    case '*':
      append(out, n, products[rng_below(r, COUNT(products))]);
      break;
    case '^':
      append(out, n, villages[rng_below(r, COUNT(villages))]);
      break;
    default:
      append(out, n, one);
      break;
    }
  }
  /* the post, after "原" for a retired official */
  char post[32] = "";
  if (ends_with(out, "人民政府")) {
    /* a deputy head of the government: 副县长, 副区长, 副市长, 副州长 */
    size_t len = strlen(place);
    char last[4] = "";
    if (len >= 3) memcpy(last, place + len - 3, 3), last[3] = 0;
    snprintf(post, sizeof post, "副%s长", last);
  } else {
    const char *const *posts = NULL;
    if (!strncmp(out, "共青团", strlen("共青团"))) {
      static const char *const league[] = {"书记", "副书记", NULL};
      posts = league;
    }
    for (int i = 0; !posts && i < COUNT(post_rules); i++)
      if (ends_with(out, post_rules[i].suffix)) posts = post_rules[i].posts;
    if (posts) {
      int np = 0;
      while (posts[np]) np++;
      append(post, sizeof post, posts[rng_below(r, np)]);
    } else {
      append(post, sizeof post, "主任");
    }
  }
  if (cat == 'X') append(out, n, "原");
  append(out, n, post);
}

/* Returns a party index for a member of sector s whose occupation category is cat, or -1
** for none: about 35% 中共 and 25% democratic parties overall, the rest 无党派 or none. */
static int pick_party(struct rng *r, const struct sector_def *s, char cat) {
  if (s->party >= 0) return s->party;
  /* clergy and the invited Hong Kong and Macao personages belong to no party */
  if (cat == 'R' || cat == 'H') return rng_permille(r, 500) ? P_NONPARTY : -1;
  int64_t x = rng_below(r, 1000);
  if (x < 370) return P_CPC;
  if (x < 480) {
    /* democratic parties draw from the fields they are known for */
    switch (cat) {
    case 'E':
      return rng_permille(r, 500) ? 2 : 4;
    case 'M':
      return 5;
    case 'B':
    case 'f':
      return 3;
    case 'S':
    case 'y':
      return 7;
    case 'O':
      return 2;
    case 'C':
    case 'P':
      return 4;
    case 'L':
      return 1;
    case 'F':
    case 'H':
    case 'h':
      return 6;
    case 'z':
      return 8;
    default: {
      static const int w[] = {0, 12, 16, 14, 12, 12, 6, 10, 2};
      int64_t y = rng_below(r, 84);
      for (int p = 1; p <= 8; p++)
        if ((y -= w[p]) < 0) return p;
      return 2;
    }
    }
  }
  if (x < 630) return P_NONPARTY;
  return -1;
}

/* Picks a sector index by the weights for the level (high: provincial/national). */
static int pick_sector(struct rng *r, bool high) {
  int total = 0;
  for (int i = 0; i < NSECTOR; i++) total += high ? sectors[i].w_prov : sectors[i].w_local;
  int64_t x = rng_below(r, total);
  for (int i = 0; i < NSECTOR; i++)
    if ((x -= high ? sectors[i].w_prov : sectors[i].w_local) < 0) return i;
  return NSECTOR - 1;
}

/* Splits total over n parts (n <= NCOUNTY) in proportion to weights (largest remainder);
** out[] sums to total exactly. Parts of weight 0 get nothing. */
static void distribute(int64_t total, const int64_t *weights, int n, int64_t *out) {
  int64_t wsum = 0, given = 0;
  for (int i = 0; i < n; i++) wsum += weights[i];
  int64_t rem[NCOUNTY];
  for (int i = 0; i < n; i++) {
    out[i] = wsum ? total * weights[i] / wsum : 0;
    rem[i] = wsum ? total * weights[i] % wsum : 0;
    given += out[i];
  }
  while (given < total && wsum) {
    int best = -1;
    for (int i = 0; i < n; i++)
      if (weights[i] && (best < 0 || rem[i] > rem[best])) best = i;
    if (best < 0) break;
    out[best]++;
    rem[best] = -1;
    given++;
  }
}

/* Picks the GB/T 2260 code of a county (or city district) for a member of committee c:
** mostly its own county; in a city any of its counties; above, any county of Gansu,
** weighted by population. */
static int pick_area(struct rng *r, const struct cmt *c) {
  int city = c->city;
  if (city < 0) {
    int total = 0;
    for (int i = 0; i < NCITY; i++) total += cities[i].population;
    int64_t x = rng_below(r, total);
    for (city = 0; city < NCITY - 1; city++)
      if ((x -= cities[city].population) < 0) break;
  }
  const struct city_def *cd = &cities[city];
  if (c->county >= 0 && rng_permille(r, 950)) return cd->counties[c->county].code;
  if (cd->ncounties == 0) return cd->code + 1; /* 市辖区 */
  return cd->counties[rng_below(r, cd->ncounties)].code;
}

/* Makes a unique, valid 18-character ID number for area, birth date (yyyymmdd) and gender
** into out (19 bytes); the sequence number is odd for men, even for women. Moves the birth
** date by a day in the (practically impossible) case that all 499 numbers are taken, and
** then stores the date used back into *yyyymmdd and *days. */
static void make_id_number(struct loader *L, int area, int64_t *days, int *yyyymmdd, bool female,
                           char out[19]) {
  int64_t k = rng_below(&L->rng, 499);
  for (int tries = 0;; tries++) {
    if (tries && tries % 499 == 0) {
      char d[11];
      ++*days;
      time_cst_date(*days * 86400, d);
      *yyyymmdd = atoi(d) * 10000 + atoi(d + 5) * 100 + atoi(d + 8);
    }
    int seq = female ? 2 * (int)((k + tries) % 499) + 2 : 2 * (int)((k + tries) % 499) + 1;
    uint64_t key = (uint64_t)area * 100000000000u + (uint64_t)*yyyymmdd * 1000u + (uint64_t)seq;
    if (idset_add(&L->ids, key)) {
      snprintf(out, 19, "%06d%08d%03d", area, *yyyymmdd, seq);
      out[17] = idcard_check_digit(out);
      out[18] = 0;
      return;
    }
  }
}

/* Reports progress when the caller asked for it. */
static void progress(struct loader *L, const char *stage) {
  if (L->opt->progress) L->opt->progress(L->done, L->total, stage);
}

/* The INSERT of rows members (rows VALUES groups of MEMBER_COLS placeholders), from a. */
static const char *member_insert_sql(struct arena *a, int rows) {
  static const char head[] =
      "INSERT INTO members (committee_id, name, gender, ethnicity, birth_year, birth_date_enc,"
      " sector_id, party_id, special_committee_id, group_id, is_standing, term, occupation,"
      " phone_enc, phone_mask, id_number_enc, id_number_hash, id_number_mask, status, created_at,"
      " updated_at) VALUES ";
  static const char row[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  size_t n = sizeof head + (size_t)rows * (sizeof row + 1);
  char *sql = arena_alloc(a, n);
  strcpy(sql, head);
  for (int i = 0; i < rows; i++) {
    if (i) strcat(sql, ",");
    strcat(sql, row);
  }
  return sql;
}

/* Inserts the members waiting in the batch with one statement, then empties the batch and
** the scratch arena their strings live in. */
static void flush_members(struct loader *L) {
  if (L->batch_rows && !L->failed) {
    const char *sql =
        L->batch_rows == BATCH_ROWS ? L->batch_sql : member_insert_sql(L->tmp, L->batch_rows);
    struct db_stmt *st = db_query_values(L->db, sql, L->batch_rows * MEMBER_COLS, L->batch);
    int rc = st ? db_step(st) : DB_ERROR;
    db_done(st);
    wrote(L, rc, "委员");
  }
  L->batch_rows = 0;
  arena_free(L->tmp);
}

/* Sets one value of the batch: an integer, an integer with 0 for NULL, a text, a blob. */
static void val_int(struct db_value *v, int64_t i) { *v = (struct db_value){.type = 'i', .i = i}; }
static void val_ref(struct db_value *v, int64_t i) {
  *v = (struct db_value){.type = i ? 'i' : 'n', .i = i};
}
static void val_text(struct db_value *v, const char *s) {
  *v = (struct db_value){.type = 't', .s = s};
}
static void val_blob(struct db_value *v, const void *p, size_t n) {
  *v = (struct db_value){.type = 'B', .s = p, .len = n};
}

/* Generates one member of committee c in sector (an index into sectors) and adds it to the
** batch, flushing the batch when it is full. */
static void add_member(struct loader *L, struct cmt *c, int sector) {
  struct rng *r = &L->rng;
  struct arena *t = L->tmp;
  const struct sector_def *s = &sectors[sector];
  bool high = !strcmp(c->level, "national") || !strcmp(c->level, "province");
  bool female = rng_permille(r, s->female ? s->female : 300);
  const char *ethnicity = pick_ethnicity(r, c->ethnic);
  if (sector == SECTOR_MINORITIES && !strcmp(ethnicity, "汉族"))
    ethnicity = pick_minority(r, c->ethnic);
  char name[32];
  make_name(r, female, ethnicity, name);

  /* born 1955-01-01 .. 1990-12-31 */
  int64_t first = days_from_civil(1955, 1, 1), last = days_from_civil(1990, 12, 31);
  int64_t days = first + rng_below(r, last - first + 1);
  char birth[11];
  time_cst_date(days * 86400, birth);
  int ymd = atoi(birth) * 10000 + atoi(birth + 5) * 100 + atoi(birth + 8);
  char id[19];
  make_id_number(L, pick_area(r, c), &days, &ymd, female, id);
  time_cst_date(days * 86400, birth);

  int occ_len = (int)strlen(s->occ);
  char cat = s->occ[rng_below(r, occ_len)];
  char occupation[200];
  make_occupation(r, cat, high, c->place, c->short_name, occupation, sizeof occupation);
  int party = pick_party(r, s, cat);

  int64_t group = 0, special = 0;
  if (!strcmp(c->level, "province")) {
    group = L->group_id[s->group];
    int lead = groups[s->group].lead;
    if (!strcmp(groups[s->group].lead_kind, "special_committee") && rng_permille(r, 600))
      special = c->sc[lead];
    else
      special = c->sc[rng_below(r, c->nsc)];
  } else if (c->nsc && rng_permille(r, 500)) {
    special = c->sc[rng_below(r, c->nsc)];
  }
  bool standing = rng_permille(r, 150);
  const char *status = rng_permille(r, 12) ? "resigned" : "active";
  char phone[12];
  snprintf(phone, sizeof phone, "%s%08d", mobile_prefixes[rng_below(r, COUNT(mobile_prefixes))],
           (int)rng_below(r, 100000000));

  /* sealed as the member record seals them (src/member/member.c) */
  size_t sealed_len = 0, birth_len = 0, phone_len = 0;
  unsigned char *sealed = secret_seal(L->opt->secret, t, id, &sealed_len);
  unsigned char *sealed_birth = secret_seal(L->opt->secret, t, birth, &birth_len);
  unsigned char *sealed_phone = secret_seal(L->opt->secret, t, phone, &phone_len);
  char mask[19], pmask[PHONE_MAX + 1];
  idcard_mask(id, mask);
  phone_mask(phone, pmask, sizeof pmask);

  struct db_value *v = &L->batch[L->batch_rows * MEMBER_COLS];
  val_int(&v[0], c->id);
  val_text(&v[1], arena_strdup(t, name));
  val_text(&v[2], female ? "female" : "male");
  val_text(&v[3], ethnicity);
  val_int(&v[4], atoi(birth));
  val_blob(&v[5], sealed_birth, birth_len);
  val_ref(&v[6], L->sector_id[sector]);
  val_ref(&v[7], party >= 0 ? L->party_id[party] : 0);
  val_ref(&v[8], special);
  val_ref(&v[9], group);
  val_int(&v[10], standing);
  val_int(&v[11], c->term);
  val_text(&v[12], arena_strdup(t, occupation));
  val_blob(&v[13], sealed_phone, phone_len);
  val_text(&v[14], arena_strdup(t, pmask));
  val_blob(&v[15], sealed, sealed_len);
  val_text(&v[16], secret_hash(L->opt->secret, t, id));
  val_text(&v[17], arena_strdup(t, mask));
  val_text(&v[18], status);
  val_int(&v[19], L->now);
  val_int(&v[20], L->now);
  if (++L->batch_rows == BATCH_ROWS) flush_members(L);
}

/* Adds count members to committee c, drawing sectors by weight (exact shares for the
** provincial committee, whose members are shuffled so that sectors mix). */
static void add_members(struct loader *L, struct cmt *c, int64_t count) {
  bool prov = !strcmp(c->level, "province");
  int *order = NULL;
  if (prov && count > 0) {
    int64_t w[NSECTOR], share[NSECTOR];
    for (int i = 0; i < NSECTOR; i++) w[i] = sectors[i].w_prov;
    distribute(count, w, NSECTOR, share);
    order = arena_alloc(L->arena, (size_t)count * sizeof *order);
    int64_t k = 0;
    for (int i = 0; i < NSECTOR; i++)
      for (int64_t j = 0; j < share[i]; j++) order[k++] = i;
    for (int64_t i = count - 1; i > 0; i--) {
      int64_t j = rng_below(&L->rng, i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
  bool high = prov || !strcmp(c->level, "national");
  for (int64_t i = 0; i < count && !L->failed; i++) {
    add_member(L, c, order ? order[i] : pick_sector(&L->rng, high));
    L->done++;
    if (L->done % PROGRESS_EVERY == 0) progress(L, "生成委员");
  }
}

/* Inserts a committee under parent (NULL for the root) and sets its path; fills *c. */
static void add_committee(struct loader *L, struct cmt *c, const struct cmt *parent,
                          const char *name, const char *level, const char *region, int sort) {
  c->level = level;
  c->name = name;
  c->place = region;
  struct db_stmt *st =
      db_query(L->db,
               "INSERT INTO committees (parent_id, name, level, region, sort,"
               " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
               "Itttiii", parent ? parent->id : (int64_t)0, name, level, region, (int64_t)sort,
               L->now, L->now);
  c->id = returned_id(L, st, "政协");
  if (!c->id) return;
  c->path = arena_printf(L->arena, "%s%lld/", parent ? parent->path : "/", (long long)c->id);
  wrote(L, db_exec(L->db, "UPDATE committees SET path = ? WHERE id = ?", "ti", c->path, c->id),
        "政协路径");
}

/* Inserts a special committee of c; remembers its id. */
static void add_special(struct loader *L, struct cmt *c, const char *name) {
  struct db_stmt *st = db_query(L->db,
                                "INSERT INTO special_committees (committee_id, name, sort,"
                                " created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                                "itiii", c->id, name, (int64_t)c->nsc + 1, L->now, L->now);
  int64_t id = returned_id(L, st, "专委会");
  if (id && c->nsc < MAX_SC) c->sc[c->nsc++] = id;
}

/* Gives a city or county committee its special committees: the first of pool always, the
** one at index ethnic for autonomous places, others at random up to want, in pool order. */
static void add_local_specials(struct loader *L, struct cmt *c, const char *const *pool, int n,
                               int want, int ethnic, bool autonomous) {
  bool chosen[16] = {false};
  chosen[0] = true;
  int have = 1;
  if (autonomous) {
    chosen[ethnic] = true;
    have++;
  }
  while (have < want) {
    int i = (int)rng_below(&L->rng, n);
    if (i == ethnic && !autonomous) continue;
    if (!chosen[i]) {
      chosen[i] = true;
      have++;
    }
  }
  for (int i = 0; i < n && !L->failed; i++)
    if (chosen[i]) add_special(L, c, pool[i]);
}

/* Inserts a handling unit with a made-up contact person and an office number. */
static void add_unit(struct loader *L, const struct cmt *c, const char *name, const char *tel) {
  char contact[32], phone[24];
  make_name(&L->rng, rng_permille(&L->rng, 400), "汉族", contact);
  snprintf(phone, sizeof phone, "%s-%d%06d", tel, 8 - (int)rng_below(&L->rng, 2),
           (int)rng_below(&L->rng, 1000000));
  wrote(
      L,
      db_exec(L->db,
              "INSERT INTO units (committee_id, name, kind, contact, phone, created_at, updated_at)"
              " VALUES (?, ?, 'government', ?, ?, ?, ?)",
              "itttii", c->id, name, contact, phone, L->now, L->now),
      "承办单位");
}

/* The short name of a county for company names: given, else the name without its last
** character, unless that leaves a single character (环县 stays 环县). */
static const char *county_short(struct arena *a, const struct county_def *d) {
  if (d->short_name) return d->short_name;
  size_t n = strlen(d->name);
  if (n <= 6) return d->name;
  return arena_strndup(a, d->name, n - 3);
}

/* Builds the committee tree, sectors, parties, special committees, groups and units. */
static void build_organisation(struct loader *L) {
  struct cmt *root = &L->c[0], *prov = &L->c[1];
  add_committee(L, root, NULL, "全国政协", "national", "中国", 1);
  root->short_name = "中国";
  root->city = root->county = -1;
  root->term = 14;
  root->ethnic = ETH_DEFAULT;
  add_committee(L, prov, root, "甘肃省政协", "province", "甘肃省", 1);
  prov->short_name = "甘肃";
  prov->city = prov->county = -1;
  prov->term = 13;
  prov->ethnic = ETH_DEFAULT;
  int k = 2;
  for (int i = 0; i < NCITY && !L->failed; i++) {
    const struct city_def *cd = &cities[i];
    struct cmt *city = &L->c[k++];
    add_committee(L, city, prov, arena_printf(L->arena, "%s政协", cd->name), "city", cd->name,
                  i + 1);
    city->short_name = cd->short_name;
    city->city = i;
    city->county = -1;
    city->term = 6 + (int)rng_below(&L->rng, 10);
    city->ethnic = cd->ethnic;
    for (int j = 0; j < cd->ncounties && !L->failed; j++) {
      const struct county_def *d = &cd->counties[j];
      struct cmt *county = &L->c[k++];
      add_committee(L, county, city, arena_printf(L->arena, "%s政协", d->name), "county", d->name,
                    j + 1);
      county->short_name = county_short(L->arena, d);
      county->city = i;
      county->county = j;
      county->term = 8 + (int)rng_below(&L->rng, 9);
      county->ethnic = d->ethnic ? d->ethnic : cd->ethnic;
    }
  }
  if (L->failed) return;

  /* the national sectors and the parties come with the schema (migration 3) */
  for (int i = 0; i < NSECTOR && !L->failed; i++) {
    struct db_stmt *st =
        db_query(L->db, "SELECT id FROM sectors WHERE committee_id IS NULL AND name = ?", "t",
                 sectors[i].name);
    L->sector_id[i] = returned_id(L, st, "界别");
  }
  for (int i = 0; i < NPARTY && !L->failed; i++) {
    struct db_stmt *st =
        db_query(L->db, "SELECT id FROM parties WHERE name = ?", "t", parties[i].name);
    L->party_id[i] = returned_id(L, st, "党派");
  }

  for (int i = 0; i < NPROV_SC && !L->failed; i++) add_special(L, prov, prov_special[i]);
  for (int i = 0; i < NGROUP && !L->failed; i++) {
    bool by_sc = !strcmp(groups[i].lead_kind, "special_committee");
    bool by_party = !strcmp(groups[i].lead_kind, "party");
    struct db_stmt *st = db_query(
        L->db,
        "INSERT INTO activity_groups (committee_id, name, lead_kind, lead_special_committee_id,"
        " lead_party_id, sort, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
        "id",
        "ittIIiii", prov->id, groups[i].name, groups[i].lead_kind,
        by_sc ? prov->sc[groups[i].lead] : (int64_t)0,
        by_party ? L->party_id[groups[i].lead] : (int64_t)0, (int64_t)i + 1, L->now, L->now);
    L->group_id[i] = returned_id(L, st, "界别活动组");
  }
  for (int i = 0; i < COUNT(prov_units) && !L->failed; i++)
    add_unit(L, prov, prov_units[i], "0931");

  for (int i = 2; i < NCOMMITTEE && !L->failed; i++) {
    struct cmt *c = &L->c[i];
    const struct city_def *cd = &cities[c->city];
    if (c->county < 0) {
      add_local_specials(L, c, city_special, COUNT(city_special), 5 + (int)rng_below(&L->rng, 3),
                         CITY_SPECIAL_ETHNIC, cd->ethnic != ETH_DEFAULT);
      for (int u = 0; u < COUNT(city_units) && !L->failed; u++)
        add_unit(L, c, arena_printf(L->tmp, "%s%s", cd->name, city_units[u]), cd->tel);
    } else {
      bool autonomous = strstr(cd->counties[c->county].name, "自治") != NULL;
      add_local_specials(L, c, county_special, COUNT(county_special),
                         2 + (int)rng_below(&L->rng, 2) + (autonomous ? 1 : 0),
                         COUNTY_SPECIAL_ETHNIC, autonomous);
    }
  }
  arena_free(L->tmp);
}

/* Decides how many members each committee gets: scale 0 gives 502 provincial, 20 per city
** and 10 per county; scale N gives N in all: 0.5% national (at most 300), 502 provincial
** (or what is left), and the rest 25% to cities and 75% to counties, by population. */
static void plan_members(int64_t scale, int64_t counts[NCOMMITTEE]) {
  memset(counts, 0, sizeof(int64_t) * NCOMMITTEE);
  if (scale == 0) {
    counts[1] = PROV_MEMBERS;
    int k = 2;
    for (int i = 0; i < NCITY; i++) {
      counts[k++] = 20;
      for (int j = 0; j < cities[i].ncounties; j++) counts[k++] = 10;
    }
    return;
  }
  int64_t national = scale / 200 < 300 ? scale / 200 : 300;
  int64_t prov = scale - national < PROV_MEMBERS ? scale - national : PROV_MEMBERS;
  int64_t rest = scale - national - prov;
  int64_t city_total = rest / 4, county_total = rest - city_total;
  counts[0] = national;
  counts[1] = prov;
  int64_t cw[NCITY] = {0}, cshare[NCITY], kw[NCOUNTY] = {0}, kshare[NCOUNTY];
  int n = 0;
  for (int i = 0; i < NCITY; i++) {
    cw[i] = cities[i].population;
    /* a county's weight: its prefecture's population shared among its counties (x 1000) */
    for (int j = 0; j < cities[i].ncounties; j++)
      kw[n++] = cities[i].population * 1000 / cities[i].ncounties;
  }
  distribute(city_total, cw, NCITY, cshare);
  distribute(county_total, kw, NCOUNTY, kshare);
  int k = 2;
  n = 0;
  for (int i = 0; i < NCITY; i++) {
    counts[k++] = cshare[i];
    for (int j = 0; j < cities[i].ncounties; j++) counts[k++] = kshare[n++];
  }
}

/* Inserts a user; member_id 0 for none. */
static void add_user(struct loader *L, const char *username, const char *display, const char *hash,
                     const char *role, int64_t committee, int64_t member) {
  wrote(L,
        db_exec(L->db,
                "INSERT INTO users (username, display_name, password_hash, role, committee_id,"
                " member_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                "ttttiIii", username, display, hash, role, committee, member, L->now, L->now),
        "账号");
}

/* Returns the committee with the given name (one of the tree), or NULL. */
static const struct cmt *committee_named(const struct loader *L, const char *name) {
  for (int i = 0; i < NCOMMITTEE; i++)
    if (L->c[i].name && !strcmp(L->c[i].name, name)) return &L->c[i];
  return NULL;
}

/* Creates the three administrators (random passwords into out) and the demo staff accounts. */
static void add_users(struct loader *L, struct demo_result *out) {
  char admin_hash[PASSWORD_HASH_MAX], security_hash[PASSWORD_HASH_MAX],
      audit_hash[PASSWORD_HASH_MAX], demo_hash[PASSWORD_HASH_MAX];
  /* each keeps the rules of every password, its account's name too */
  do password_random(out->admin_password, 12);
  while (password_check(out->admin_password, "admin"));
  do password_random(out->security_password, 12);
  while (password_check(out->security_password, "secadmin"));
  do password_random(out->audit_password, 12);
  while (password_check(out->audit_password, "auditor"));
  /* the staff accounts share one password, so one argon2id hash (one salt) serves them all */
  if (!password_hash(out->admin_password, admin_hash) ||
      !password_hash(out->security_password, security_hash) ||
      !password_hash(out->audit_password, audit_hash) ||
      !password_hash(DEMO_STAFF_PASSWORD, demo_hash)) {
    L->failed = true;
    set_err(L->err, "无法计算密码散列（内存不足）");
    return;
  }
  const struct cmt *prov = &L->c[1], *lanzhou = committee_named(L, "兰州市政协"),
                   *chengguan = committee_named(L, "城关区政协"),
                   *qilihe = committee_named(L, "七里河区政协"),
                   *tianshui = committee_named(L, "天水市政协");
  char *member_name = NULL;
  struct db_stmt *st =
      db_query(L->db, "SELECT name FROM members WHERE id = ?", "i", L->first_prov_member);
  if (st && db_step(st) == DB_ROW) member_name = arena_strdup(L->arena, db_col_text(st, 0));
  db_done(st);
  add_user(L, "admin", "系统管理员", admin_hash, "admin", L->c[0].id, 0);
  add_user(L, "secadmin", "安全管理员", security_hash, "security_admin", L->c[0].id, 0);
  add_user(L, "auditor", "审计管理员", audit_hash, "audit_admin", L->c[0].id, 0);
  add_user(L, "gansu", "甘肃省政协办公厅", demo_hash, "secretariat", prov->id, 0);
  add_user(L, "lanzhou", "兰州市政协办公室", demo_hash, "secretariat", lanzhou->id, 0);
  add_user(L, "chengguan", "城关区政协办公室", demo_hash, "secretariat", chengguan->id, 0);
  add_user(L, "qilihe", "七里河区政协办公室", demo_hash, "secretariat", qilihe->id, 0);
  add_user(L, "tian", "田晓东（甘肃省政协委员工作委员会）", demo_hash, "committee_staff", prov->id,
           0);
  add_user(L, "tianshui", "天水市政协办公室", demo_hash, "secretariat", tianshui->id, 0);
  add_user(L, "viewer", "甘肃省政协（只读）", demo_hash, "viewer", prov->id, 0);
  add_user(L, "member1", member_name ? member_name : "委员", demo_hash, "member", prov->id,
           L->first_prov_member);
  /* proposals: the office, two handling units of the province, a second member to co-sign */
  add_user(L, "tiban", "甘肃省政协提案委员会", demo_hash, "proposal_office", prov->id, 0);
  static const struct {
    const char *username, *unit;
  } unit_users[] = {{"jiaoyu", "甘肃省教育厅"}, {"weijian", "甘肃省卫生健康委员会"}};
  for (size_t i = 0; i < sizeof unit_users / sizeof unit_users[0]; i++)
    wrote(
        L,
        db_exec(
            L->db,
            "INSERT INTO users (username, display_name, password_hash, role, committee_id, unit_id,"
            " created_at, updated_at) SELECT ?, name, ?, 'handling_unit', committee_id, id, ?, ?"
            " FROM units WHERE committee_id = ? AND name = ?",
            "ttiiit", unit_users[i].username, demo_hash, L->now, L->now, prov->id,
            unit_users[i].unit),
        "账号");
  /* an organiser (组织者) of the activity group of member1 (every provincial member is in one) */
  st = db_query(L->db,
                "SELECT g.id, g.name FROM members m JOIN activity_groups g ON g.id = m.group_id"
                " WHERE m.id = ?",
                "i", L->first_prov_member);
  if (st && db_step(st) == DB_ROW) {
    int64_t group = db_col_int(st, 0);
    const char *display = arena_printf(L->arena, "%s组织者", db_col_text(st, 1));
    db_done(st);
    wrote(L,
          db_exec(L->db,
                  "INSERT INTO users (username, display_name, password_hash, role, committee_id,"
                  " organises_group_id, created_at, updated_at)"
                  " VALUES ('zuzhi', ?, ?, 'organiser', ?, ?, ?, ?)",
                  "ttiiii", display, demo_hash, prov->id, group, L->now, L->now),
          "账号");
  } else
    db_done(st);
  st = db_query(
      L->db, "SELECT id, name FROM members WHERE committee_id = ? AND id > ? ORDER BY id LIMIT 1",
      "ii", prov->id, L->first_prov_member);
  if (st && db_step(st) == DB_ROW) {
    int64_t m2 = db_col_int(st, 0);
    const char *name2 = arena_strdup(L->arena, db_col_text(st, 1));
    db_done(st);
    add_user(L, "member2", name2, demo_hash, "member", prov->id, m2);
  } else
    db_done(st);
}

/* The secondary indexes of members (and on PostgreSQL its foreign keys), kept while they are
** dropped for a bulk load. */
struct saved_indexes {
  const char *sql[16];
  int n;
};

/* Drops the secondary indexes of members, remembering their CREATE statements from the
** engine's catalogue, so that a bulk load appends rows and the indexes are then built by
** sorting, once; several times faster than updating six b-trees row by row. PostgreSQL's
** foreign keys of members go too (a check per row and key is most of its load time) and are
** checked once, in bulk, when they are added again. Inside the load's transaction, so a
** failure brings everything back. */
static void drop_member_indexes(struct loader *L, struct saved_indexes *saved) {
  const char *drop[16] = {NULL};
  struct db_stmt *st = db_query(
      L->db,
      db_engine(L->db) == DB_SQLITE
          ? "SELECT 'DROP INDEX \"' || replace(name, '\"', '\"\"') || '\"', sql FROM sqlite_master"
            " WHERE type = 'index' AND tbl_name = 'members' AND sql IS NOT NULL ORDER BY name"
          : "SELECT 'DROP INDEX ' || quote_ident(indexname), indexdef FROM pg_indexes"
            " WHERE schemaname = current_schema() AND tablename = 'members'"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            " UNION ALL SELECT 'ALTER TABLE members DROP CONSTRAINT ' || quote_ident(conname),"
            " 'ALTER TABLE members ADD CONSTRAINT ' || quote_ident(conname) || ' '"
            " || pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = 'members'::regclass AND contype = 'f' ORDER BY 1",
      "");
  while (st && db_step(st) == DB_ROW && saved->n < 16) {
    drop[saved->n] = arena_strdup(L->arena, db_col_text(st, 0));
    saved->sql[saved->n++] = arena_strdup(L->arena, db_col_text(st, 1));
  }
  db_done(st);
  for (int i = 0; i < saved->n && !L->failed; i++)
    wrote(L, db_exec_script(L->db, drop[i]), "删除索引");
}

/* Creates again the indexes drop_member_indexes dropped. */
static void restore_member_indexes(struct loader *L, const struct saved_indexes *saved) {
  for (int i = 0; i < saved->n && !L->failed; i++)
    wrote(L, db_exec_script(L->db, saved->sql[i]), "重建索引");
}

bool demo_load(struct db *db, const struct demo_options *opt, struct demo_result *out, char *err) {
  memset(out, 0, sizeof *out);
  if (err) err[0] = 0;
  if (opt->scale < 0) {
    set_err(err, "演示数据规模不能为负数");
    return false;
  }
  if (!opt->secret) {
    set_err(err, "缺少加密身份证号所需的密钥");
    return false;
  }
  if (sodium_init() < 0) {
    set_err(err, "无法初始化加密库");
    return false;
  }
  if (db_begin(db) != DB_DONE) {
    set_err(err, "无法开始事务：%s", db_errmsg(db));
    return false;
  }
  int64_t existing = db_int(db, -1, "SELECT COUNT(*) FROM committees", "");
  if (existing != 0) {
    db_rollback(db);
    set_err(err, existing < 0 ? "数据库尚未初始化（请先执行迁移）"
                              : "数据库中已有数据，演示数据只能载入空数据库");
    return false;
  }

  struct arena arena, tmp;
  arena_init(&arena);
  arena_init(&tmp);
  struct loader *L = calloc(1, sizeof *L);
  if (!L) {
    db_rollback(db);
    set_err(err, "内存不足");
    return false;
  }
  L->db = db;
  L->opt = opt;
  L->rng.s = opt->seed;
  L->arena = &arena;
  L->tmp = &tmp;
  L->now = time_now();
  L->err = err;

  int64_t counts[NCOMMITTEE];
  plan_members(opt->scale, counts);
  for (int i = 0; i < NCOMMITTEE; i++) L->total += counts[i];
  size_t cap = 1024;
  while (cap < (size_t)L->total * 2) cap <<= 1;
  L->ids.slot = calloc(cap, sizeof *L->ids.slot);
  L->ids.mask = cap - 1;
  if (!L->ids.slot) {
    L->failed = true;
    set_err(err, "内存不足");
  }

  /* A big load in SQLite wants a bigger page cache than a request does; restored below. */
  bool big = L->total > 20000, big_sqlite = big && db_engine(db) == DB_SQLITE;
  int64_t cache_size = big_sqlite ? db_int(db, -8000, "PRAGMA cache_size", "") : 0;
  if (big_sqlite) db_exec_script(db, "PRAGMA cache_size=-262144");

  if (!L->failed) {
    progress(L, "创建组织架构");
    build_organisation(L);
  }
  struct saved_indexes saved = {.n = 0};
  if (big && !L->failed) {
    progress(L, "准备批量写入");
    drop_member_indexes(L, &saved);
  }
  /* the provincial committee first, so that member1 is its first member */
  L->batch_sql = member_insert_sql(L->arena, BATCH_ROWS);
  add_members(L, &L->c[1], counts[1]);
  add_members(L, &L->c[0], counts[0]);
  for (int i = 2; i < NCOMMITTEE && !L->failed; i++) add_members(L, &L->c[i], counts[i]);
  flush_members(L);
  if (saved.n && !L->failed) {
    progress(L, "建立索引");
    restore_member_indexes(L, &saved);
  }
  if (!L->failed)
    L->first_prov_member =
        db_int(db, 0, "SELECT MIN(id) FROM members WHERE committee_id = ?", "i", L->c[1].id);
  if (!L->failed) {
    progress(L, "生成委员");
    progress(L, "创建账号");
    add_users(L, out);
  }
  if (!L->failed && !opt->without_contact) {
    progress(L, "生成联系群众活动");
    if (!demo_contact_load(db, opt->seed, opt->scale, L->now, err)) L->failed = true;
  }
  if (!L->failed && !opt->without_proposals) {
    progress(L, "生成提案");
    if (!demo_proposal_load(db, opt->seed, opt->scale, L->now, err)) L->failed = true;
  }
  if (!L->failed && !opt->without_reports) {
    progress(L, "生成社情民意信息");
    if (!demo_report_load(db, opt->seed, opt->scale, L->now, err)) L->failed = true;
    progress(L, "编发社情民意刊物和网络社情摘要");
    if (!L->failed && !demo_bulletin_load(db, opt->seed, L->now, err)) L->failed = true;
  }
  if (!L->failed) {
    progress(L, "生成会议");
    int64_t staff = db_int(db, 0, "SELECT id FROM users WHERE username = 'gansu'", "");
    if (!demo_meeting_load(db, L->c[1].id, staff, L->now, err)) L->failed = true;
  }
  if (!L->failed) {
    progress(L, "计算履职积分");
    if (!demo_points_load(db, L->c[1].id, L->now, err)) L->failed = true;
  }
  if (big_sqlite) {
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA cache_size=%lld", (long long)cache_size);
    db_exec_script(db, pragma);
  }

  bool ok = !L->failed;
  if (ok && db_commit(db) != DB_DONE) {
    set_err(err, "提交演示数据失败：%s", db_errmsg(db));
    db_rollback(db); /* a failed commit leaves the transaction open */
    ok = false;
  } else if (!ok) {
    db_rollback(db);
  }
  if (ok) {
    out->committees = NCOMMITTEE;
    out->members = L->total;
    out->groups = NGROUP;
    out->users = 16;
    progress(L, "完成");
  } else {
    memset(out->admin_password, 0, sizeof out->admin_password);
    memset(out->security_password, 0, sizeof out->security_password);
    memset(out->audit_password, 0, sizeof out->audit_password);
  }
  free(L->ids.slot);
  free(L);
  arena_free(&tmp);
  arena_free(&arena);
  return ok;
}
