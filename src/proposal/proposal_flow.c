/* src/proposal/proposal_flow.c: the state machine of a proposal as a table (which action is
** allowed in which state), the names and labels of states and actions, the reasons for not
** filing, the categories, and deadline arithmetic in CST calendar months. */
#include <string.h>
#include "base/timeutil.h"
#include "proposal.h"

static const char *const state_names[PS__COUNT] = {
    "draft", "cosigning", "submitted", "returned", "withdrawn",  "not_filed", "merged",
    "filed", "assigned",  "handling",  "replied",  "rehandling", "closed"};
static const char *const state_labels[PS__COUNT] = {
    "草稿",   "联名征集中", "待审查", "退回修改", "已撤回",   "不予立案", "已并案",
    "已立案", "已交办",     "办理中", "已答复",   "重新办理", "已办结"};
static const char *const state_labels_en[PS__COUNT] = {
    "Draft",  "Co-signing", "Submitted", "Returned for revision", "Withdrawn", "Not filed",
    "Merged", "Filed",      "Assigned",  "Being handled",         "Replied",   "Handled again",
    "Closed"};
static const char *const action_names[PA__COUNT] = {"submit",
                                                    "cosign",
                                                    "close-cosigning",
                                                    "withdraw",
                                                    "return",
                                                    "file",
                                                    "merge",
                                                    "reject",
                                                    "convert",
                                                    "assign",
                                                    "accept",
                                                    "object",
                                                    "view",
                                                    "reply",
                                                    "countersign",
                                                    "approve-reply",
                                                    "return-reply",
                                                    "extend",
                                                    "decide-extension",
                                                    "rate",
                                                    "consult",
                                                    "close",
                                                    "key",
                                                    "good"};

#define S(x) (1u << (x))
/* For each action, the states it is allowed in. */
static const unsigned allowed_in[PA__COUNT] = {
    [PA_SUBMIT] = S(PS_DRAFT) | S(PS_RETURNED),
    [PA_COSIGN] = S(PS_COSIGNING),
    [PA_CLOSE_COSIGNING] = S(PS_COSIGNING),
    [PA_WITHDRAW] = S(PS_DRAFT) | S(PS_COSIGNING) | S(PS_SUBMITTED) | S(PS_RETURNED),
    [PA_RETURN] = S(PS_SUBMITTED),
    [PA_FILE] = S(PS_SUBMITTED),
    [PA_MERGE] = S(PS_SUBMITTED),
    [PA_REJECT] = S(PS_SUBMITTED),
    [PA_CONVERT] = S(PS_NOT_FILED),
    [PA_ASSIGN] = S(PS_FILED) | S(PS_ASSIGNED),
    [PA_ACCEPT] = S(PS_ASSIGNED),
    [PA_OBJECT] = S(PS_ASSIGNED),
    [PA_VIEW] = S(PS_HANDLING) | S(PS_REHANDLING),
    [PA_REPLY] = S(PS_HANDLING) | S(PS_REHANDLING),
    [PA_COUNTERSIGN] = S(PS_HANDLING) | S(PS_REHANDLING),
    [PA_APPROVE_REPLY] = S(PS_HANDLING) | S(PS_REHANDLING),
    [PA_RETURN_REPLY] = S(PS_HANDLING) | S(PS_REHANDLING),
    [PA_EXTEND] = S(PS_ASSIGNED) | S(PS_HANDLING) | S(PS_REHANDLING),
    [PA_DECIDE_EXTENSION] = S(PS_ASSIGNED) | S(PS_HANDLING) | S(PS_REHANDLING),
    [PA_RATE] = S(PS_REPLIED),
    [PA_CONSULT] = S(PS_REPLIED) | S(PS_REHANDLING) | S(PS_CLOSED),
    [PA_CLOSE] = S(PS_REPLIED),
    [PA_MARK_KEY] = S(PS_FILED) | S(PS_ASSIGNED) | S(PS_HANDLING) | S(PS_REPLIED) |
                    S(PS_REHANDLING) | S(PS_CLOSED),
    [PA_MARK_GOOD] = S(PS_REPLIED) | S(PS_CLOSED),
};

const char *proposal_state_name(enum proposal_state s) {
  return s >= 0 && s < PS__COUNT ? state_names[s] : "";
}

const char *proposal_state_label(enum proposal_state s) {
  return s >= 0 && s < PS__COUNT ? state_labels[s] : "";
}

const char *proposal_state_label_en(enum proposal_state s) {
  return s >= 0 && s < PS__COUNT ? state_labels_en[s] : "";
}

int proposal_state_parse(const char *name) {
  for (int i = 0; name && i < PS__COUNT; i++)
    if (!strcmp(name, state_names[i])) return i;
  return -1;
}

const char *proposal_action_name(enum proposal_action a) {
  return a >= 0 && a < PA__COUNT ? action_names[a] : "";
}

int proposal_action_parse(const char *name) {
  for (int i = 0; name && i < PA__COUNT; i++)
    if (!strcmp(name, action_names[i])) return i;
  return -1;
}

bool proposal_allowed(enum proposal_state s, enum proposal_action a) {
  return s >= 0 && s < PS__COUNT && a >= 0 && a < PA__COUNT && (allowed_in[a] & S(s));
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
