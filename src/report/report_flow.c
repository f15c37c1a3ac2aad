/* src/report/report_flow.c: the state machine of a social-conditions report as a table (which
** action is allowed in which state), the names and labels of states and actions, the
** categories, and the levels of adoptions and instructions. */
#include <string.h>
#include "report.h"

static const char *const state_names[RS__COUNT] = {"draft",    "submitted", "returned", "adopted",
                                                   "rejected", "merged",    "withdrawn"};
static const char *const state_labels[RS__COUNT] = {"草稿",     "待审核", "退回修改", "已采用",
                                                    "不予采用", "已合并", "已撤回"};
static const char *const state_labels_en[RS__COUNT] = {
    "Draft", "Submitted", "Returned for revision", "Adopted", "Rejected", "Merged", "Withdrawn"};
static const char *const action_names[RA__COUNT] = {
    "submit", "withdraw", "return",          "adopt",
    "reject", "merge",    "record-adoption", "record-instruction"};

#define S(x) (1u << (x))
/* For each action, the states it is allowed in. */
static const unsigned allowed_in[RA__COUNT] = {
    [RA_SUBMIT] = S(RS_DRAFT) | S(RS_RETURNED),
    [RA_WITHDRAW] = S(RS_DRAFT) | S(RS_SUBMITTED) | S(RS_RETURNED),
    [RA_RETURN] = S(RS_SUBMITTED),
    [RA_ADOPT] = S(RS_SUBMITTED),
    [RA_REJECT] = S(RS_SUBMITTED),
    [RA_MERGE] = S(RS_SUBMITTED) | S(RS_RETURNED),
    [RA_ADOPTION] = S(RS_ADOPTED),
    [RA_INSTRUCTION] = S(RS_ADOPTED),
};

const char *report_state_name(enum report_state s) {
  return s >= 0 && s < RS__COUNT ? state_names[s] : "";
}
const char *report_state_label(enum report_state s) {
  return s >= 0 && s < RS__COUNT ? state_labels[s] : "";
}
const char *report_state_label_en(enum report_state s) {
  return s >= 0 && s < RS__COUNT ? state_labels_en[s] : "";
}

int report_state_parse(const char *name) {
  for (int i = 0; name && i < RS__COUNT; i++)
    if (!strcmp(name, state_names[i])) return i;
  return -1;
}

const char *report_action_name(enum report_action a) {
  return a >= 0 && a < RA__COUNT ? action_names[a] : "";
}

int report_action_parse(const char *name) {
  for (int i = 0; name && i < RA__COUNT; i++)
    if (!strcmp(name, action_names[i])) return i;
  return -1;
}

bool report_allowed(enum report_state s, enum report_action a) {
  return s >= 0 && s < RS__COUNT && a >= 0 && a < RA__COUNT && (allowed_in[a] & S(s));
}

const char *const report_categories[] = {"经济建设",     "政治建设", "文化建设", "社会建设",
                                         "生态文明建设", "乡村振兴", "教育科技", "医疗卫生",
                                         "民族宗教",     "其他",     NULL};

static const char *const adoption_levels[] = {"local", "province", "national", NULL};
static const char *const adoption_labels[] = {"本级采用", "省级采用", "全国政协采用"};
static const char *const instruction_levels[] = {"local", "province", "central", NULL};
static const char *const instruction_labels[] = {"本级领导批示", "省级领导批示", "中央领导批示"};

static int level_index(const char *const *levels, const char *name) {
  for (int i = 0; name && levels[i]; i++)
    if (!strcmp(name, levels[i])) return i;
  return -1;
}

int report_adoption_level_parse(const char *name) { return level_index(adoption_levels, name); }

const char *report_adoption_level_label(const char *name) {
  int i = level_index(adoption_levels, name);
  return i < 0 ? "" : adoption_labels[i];
}

int report_instruction_level_parse(const char *name) {
  return level_index(instruction_levels, name);
}

const char *report_instruction_level_label(const char *name) {
  int i = level_index(instruction_levels, name);
  return i < 0 ? "" : instruction_labels[i];
}
