/* src/report/report_flow.c: the states of a social-conditions report and their labels, the
** lookups of its state machine (the table itself is report_flow in report_act.c, beside the
** effects), the categories, and the levels of adoptions and instructions. */
#include <string.h>
#include "report_int.h"

const struct label report_states[] = {
    {"draft", "草稿", "Draft"},
    {"submitted", "待审核", "Submitted"},
    {"returned", "退回修改", "Returned for revision"},
    {"adopted", "已采用", "Adopted"},
    {"rejected", "不予采用", "Rejected"},
    {"merged", "已合并", "Merged"},
    {"withdrawn", "已撤回", "Withdrawn"},
    {NULL},
};

const char *report_state_name(enum report_state s) {
  return s >= 0 && s < RS__COUNT ? report_states[s].name : "";
}
const char *report_state_label(enum report_state s) {
  return s >= 0 && s < RS__COUNT ? report_states[s].zh : "";
}
const char *report_state_label_en(enum report_state s) {
  return s >= 0 && s < RS__COUNT ? report_states[s].en : "";
}

int report_state_parse(const char *name) { return label_index(report_states, name); }

const char *report_action_name(enum report_action a) {
  return a >= 0 && a < RA__COUNT ? report_flow.actions[a].name : "";
}

int report_action_parse(const char *name) { return flow_action_index(&report_flow, name); }

bool report_allowed(enum report_state s, enum report_action a) {
  return flow_allowed(&report_flow, a, s);
}

const char *const report_categories[] = {"经济建设",     "政治建设", "文化建设", "社会建设",
                                         "生态文明建设", "乡村振兴", "教育科技", "医疗卫生",
                                         "民族宗教",     "其他",     NULL};

const struct label report_adoption_levels[] = {
    {"local", "本级采用", "Adopted locally"},
    {"province", "省级采用", "Adopted by the province"},
    {"national", "全国政协采用", "Adopted by the National Committee"},
    {NULL},
};

const struct label report_instruction_levels[] = {
    {"local", "本级领导批示", "Instruction by a local leader"},
    {"province", "省级领导批示", "Instruction by a provincial leader"},
    {"central", "中央领导批示", "Instruction by a central leader"},
    {NULL},
};

int report_adoption_level_parse(const char *name) {
  return label_index(report_adoption_levels, name);
}

const char *report_adoption_level_label(const char *name) {
  return label_known(report_adoption_levels, name, false);
}

int report_instruction_level_parse(const char *name) {
  return label_index(report_instruction_levels, name);
}

const char *report_instruction_level_label(const char *name) {
  return label_known(report_instruction_levels, name, false);
}
