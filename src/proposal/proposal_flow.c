/* src/proposal/proposal_flow.c: the states of a proposal and their labels, the lookups of its
** state machine (the table itself is proposal_flow in proposal_act.c, beside the effects), the
** reasons for not filing, the categories, and deadline arithmetic in CST calendar months. */
#include <string.h>
#include "base/arena.h"
#include "base/timeutil.h"
#include "entity/flow.h"
#include "proposal_int.h"

const struct label proposal_states[] = {
    {"draft", "草稿", "Draft"},           {"cosigning", "联名征集中", "Co-signing"},
    {"submitted", "待审查", "Submitted"}, {"returned", "退回修改", "Returned for revision"},
    {"withdrawn", "已撤回", "Withdrawn"}, {"not_filed", "不予立案", "Not filed"},
    {"merged", "已并案", "Merged"},       {"filed", "已立案", "Filed"},
    {"assigned", "已交办", "Assigned"},   {"handling", "办理中", "Being handled"},
    {"replied", "已答复", "Replied"},     {"rehandling", "重新办理", "Handled again"},
    {"closed", "已办结", "Closed"},       {NULL},
};

const struct label proposal_signer_roles[] = {
    {"first", "第一提案人", "First proposer"},
    {"cosigner", "联名人", "Co-signer"},
    {NULL},
};

const struct label proposal_unit_roles[] = {
    {"lead", "主办", "Lead"},
    {"co", "会办", "Co-handling"},
    {"split", "分办", "Split"},
    {NULL},
};

const struct label proposal_reply_categories[] = {
    {"A", "已解决或采纳", "Solved or adopted"},
    {"B", "正在解决或列入计划", "Being solved or planned"},
    {"C", "留作参考", "Kept for reference"},
    {NULL},
};

const struct label proposal_ratings[] = {
    {"satisfied", "满意", "Satisfied"},
    {"basically", "基本满意", "Basically satisfied"},
    {"unsatisfied", "不满意", "Unsatisfied"},
    {NULL},
};

const struct label proposal_evaluation_states[] = {
    {"awaiting_lead", "待领衔人评价", "Awaiting the lead proposer's rating"},
    {"awaiting_signers", "待其他提案人评价", "Awaiting the other proposers' ratings"},
    {"final", "评价已生效", "Final"},
    {"unrated", "未经评价办结", "Closed without a rating"},
    {NULL},
};

const char *proposal_state_name(enum proposal_state s) {
  return s >= 0 && s < PS__COUNT ? proposal_states[s].name : "";
}

const char *proposal_state_label(enum proposal_state s) {
  return s >= 0 && s < PS__COUNT ? proposal_states[s].zh : "";
}

const char *proposal_state_label_en(enum proposal_state s) {
  return s >= 0 && s < PS__COUNT ? proposal_states[s].en : "";
}

int proposal_state_parse(const char *name) { return label_index(proposal_states, name); }

const char *proposal_action_name(enum proposal_action a) {
  return a >= 0 && a < PA__COUNT ? proposal_flow.actions[a].name : "";
}

int proposal_action_parse(const char *name) { return flow_action_index(&proposal_flow, name); }

bool proposal_allowed(enum proposal_state s, enum proposal_action a) {
  return flow_allowed(&proposal_flow, a, s);
}

/* The reasons of the rules on proposal work commonly used for 不予立案. */
static const char *const reject_reasons[10] = {
    "不属于政协职能范围",
    "涉及党和国家秘密",
    "属于学术讨论或个人诉求",
    "涉及司法诉讼或仲裁中的案件",
    "内容空泛、缺乏具体建议",
    "一案多事",
    "已有明确答复或正在解决中",
    "宣传推介具体单位、产品或个人",
    "以提案形式反映党派团体内部事务",
    "其他不符合提案要求的情形",
};

const char *proposal_reject_reason(int code) {
  return code >= 1 && code <= 10 ? reject_reasons[code - 1] : NULL;
}

const char *const proposal_categories[] = {"经济建设",     "政治建设", "文化建设", "社会建设",
                                           "生态文明建设", "乡村振兴", "教育科技", "医疗卫生",
                                           "民族宗教",     "其他",     NULL};

int64_t proposal_add_months(int64_t t, int months) {
  char d[16];
  time_cst_date(t, d);
  int y, m, day;
  if (!date_parse(d, &y, &m, &day)) return t; /* outside 1900..2999: left as it is */
  int64_t into_day = (t + CST_OFFSET) % 86400;
  if (into_day < 0) into_day += 86400;
  int64_t mm = (int64_t)(m - 1) + months;
  int64_t ny = y + (mm >= 0 ? mm / 12 : -((11 - mm) / 12));
  int nm = (int)(mm - (ny - y) * 12) + 1;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int last = mdays[nm - 1] + (nm == 2 && ((ny % 4 == 0 && ny % 100 != 0) || ny % 400 == 0));
  if (day > last) day = last;
  return days_from_civil((int)ny, nm, day) * 86400 - CST_OFFSET + into_day;
}

int proposal_effective_state(int state, int64_t cosign_deadline, int64_t now) {
  return state == PS_COSIGNING && cosign_deadline && cosign_deadline < now ? PS_SUBMITTED : state;
}
