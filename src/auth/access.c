/* src/auth/access.c: the role × permission matrix and committee-subtree scope. */
#include "access.h"
#include <string.h>

_Static_assert(PERM__COUNT <= 64, "enum perm is a 64-bit mask");

#define P(x)      (UINT64_C(1) << (x))
#define ALL_PERMS ((PERM__COUNT == 64 ? 0 : P(PERM__COUNT)) - 1)

/* What each role may do. Scope (which committees) is checked separately. */
static const uint64_t role_perms[ROLE__COUNT] = {
    /* everything but the accounts and the audit log (三员分立) */
    [ROLE_ADMIN] = ALL_PERMS & ~(P(PERM_USER_READ) | P(PERM_USER_WRITE) | P(PERM_AUDIT_READ)),
    [ROLE_SECRETARIAT] = P(PERM_LOGIN) | P(PERM_ORG_READ) | P(PERM_ORG_WRITE) |
                         P(PERM_MEMBER_READ) | P(PERM_MEMBER_WRITE) | P(PERM_MEMBER_IMPORT) |
                         P(PERM_MEMBER_IDNUMBER) | P(PERM_USER_READ) | P(PERM_JOB_READ) |
                         P(PERM_TOKEN_WRITE) | P(PERM_CONTACT_READ) | P(PERM_CONTACT_WRITE) |
                         P(PERM_CONTACT_SELF) | P(PERM_FILE_WRITE) | P(PERM_PROPOSAL_READ) |
                         P(PERM_PROPOSAL_SUBMIT) | P(PERM_PROPOSAL_REVIEW) | P(PERM_POINTS_READ) |
                         P(PERM_POINTS_WRITE) | P(PERM_REPORT_READ) | P(PERM_REPORT_SUBMIT) |
                         P(PERM_REPORT_REVIEW) | P(PERM_BULLETIN_READ) | P(PERM_STATS_READ) |
                         P(PERM_CONTACT_ORGANISE) | P(PERM_MEETING_READ) | P(PERM_MEETING_MANAGE),
    [ROLE_COMMITTEE_STAFF] = P(PERM_LOGIN) | P(PERM_ORG_READ) | P(PERM_MEMBER_READ) |
                             P(PERM_JOB_READ) | P(PERM_TOKEN_WRITE) | P(PERM_CONTACT_READ) |
                             P(PERM_CONTACT_WRITE) | P(PERM_CONTACT_SELF) | P(PERM_FILE_WRITE) |
                             P(PERM_PROPOSAL_READ) | P(PERM_POINTS_READ) | P(PERM_POINTS_WRITE) |
                             P(PERM_REPORT_READ) | P(PERM_REPORT_SUBMIT) | P(PERM_REPORT_REVIEW) |
                             P(PERM_BULLETIN_READ) | P(PERM_STATS_READ) | P(PERM_CONTACT_ORGANISE) |
                             P(PERM_MEETING_READ) | P(PERM_MEETING_MANAGE),
    [ROLE_PROPOSAL_OFFICE] = P(PERM_LOGIN) | P(PERM_ORG_READ) | P(PERM_MEMBER_READ) |
                             P(PERM_JOB_READ) | P(PERM_TOKEN_WRITE) | P(PERM_CONTACT_READ) |
                             P(PERM_FILE_WRITE) | P(PERM_PROPOSAL_READ) | P(PERM_PROPOSAL_SUBMIT) |
                             P(PERM_PROPOSAL_REVIEW) | P(PERM_POINTS_READ) | P(PERM_REPORT_READ) |
                             P(PERM_BULLETIN_READ) | P(PERM_STATS_READ) | P(PERM_MEETING_READ),
    [ROLE_HANDLING_UNIT] = P(PERM_LOGIN) | P(PERM_ORG_READ) | P(PERM_JOB_READ) |
                           P(PERM_FILE_WRITE) | P(PERM_PROPOSAL_READ) | P(PERM_PROPOSAL_HANDLE),
    [ROLE_MEMBER] = P(PERM_LOGIN) | P(PERM_ORG_READ) | P(PERM_MEMBER_READ) | P(PERM_JOB_READ) |
                    P(PERM_CONTACT_READ) | P(PERM_CONTACT_SELF) | P(PERM_FILE_WRITE) |
                    P(PERM_PROPOSAL_READ) | P(PERM_PROPOSAL_SUBMIT) | P(PERM_POINTS_READ) |
                    P(PERM_POINTS_SELF) | P(PERM_REPORT_READ) | P(PERM_REPORT_SUBMIT) |
                    P(PERM_BULLETIN_READ) | P(PERM_MEETING_READ) | P(PERM_MEETING_ATTEND),
    [ROLE_VIEWER] = P(PERM_LOGIN) | P(PERM_ORG_READ) | P(PERM_MEMBER_READ) | P(PERM_JOB_READ) |
                    P(PERM_CONTACT_READ) | P(PERM_PROPOSAL_READ) | P(PERM_POINTS_READ) |
                    P(PERM_REPORT_READ) | P(PERM_BULLETIN_READ) | P(PERM_STATS_READ) |
                    P(PERM_MEETING_READ),
    /* accounts and roles; the organisation (to place an account), no records of members,
    ** proposals or reports */
    [ROLE_SECURITY_ADMIN] =
        P(PERM_LOGIN) | P(PERM_ORG_READ) | P(PERM_USER_READ) | P(PERM_USER_WRITE),
    /* the audit log and the jobs that export it, the committees its entries name; nothing that
    ** writes */
    [ROLE_AUDIT_ADMIN] = P(PERM_LOGIN) | P(PERM_ORG_READ) | P(PERM_AUDIT_READ) | P(PERM_JOB_READ),
    /* the members of one body and their contact work: read them, record and organise their
    ** activities (with photos), remind them; no ID numbers, no roster changes, no proposals,
    ** reports, points or committee statistics, no places or settings to keep */
    [ROLE_ORGANISER] = P(PERM_LOGIN) | P(PERM_ORG_READ) | P(PERM_MEMBER_READ) | P(PERM_JOB_READ) |
                       P(PERM_CONTACT_READ) | P(PERM_CONTACT_SELF) | P(PERM_FILE_WRITE) |
                       P(PERM_CONTACT_ORGANISE),
};

const struct label access_roles[ROLE__COUNT + 1] = {
    [ROLE_ADMIN] = {"admin", "系统管理员", "Administrator"},
    [ROLE_SECRETARIAT] = {"secretariat", "办公厅", "Secretariat"},
    [ROLE_COMMITTEE_STAFF] = {"committee_staff", "专委会工作人员", "Special committee staff"},
    [ROLE_PROPOSAL_OFFICE] = {"proposal_office", "提案委", "Proposals office"},
    [ROLE_HANDLING_UNIT] = {"handling_unit", "承办单位", "Handling unit"},
    [ROLE_MEMBER] = {"member", "委员", "Member"},
    [ROLE_VIEWER] = {"viewer", "只读用户", "Read-only"},
    [ROLE_SECURITY_ADMIN] = {"security_admin", "安全管理员", "Security administrator"},
    [ROLE_AUDIT_ADMIN] = {"audit_admin", "审计管理员", "Audit administrator"},
    [ROLE_ORGANISER] = {"organiser", "组织者", "Organiser"},
    [ROLE__COUNT] = {NULL},
};

const struct label access_organiser_kinds[ORGANISER__COUNT + 1] = {
    [ORGANISER_GROUP] = {"group", "界别活动组", "Activity group"},
    [ORGANISER_SPECIAL_COMMITTEE] = {"special_committee", "专委会", "Special committee"},
    [ORGANISER_PARTY] = {"party", "党派", "Party"},
    [ORGANISER__COUNT] = {NULL},
};

const char *access_organiser_column(enum organiser_kind k) {
  static const char *const cols[ORGANISER__COUNT] = {"group_id", "special_committee_id",
                                                     "party_id"};
  return (unsigned)k < ORGANISER__COUNT ? cols[k] : NULL;
}

const char *access_organiser_table(enum organiser_kind k) {
  static const char *const tables[ORGANISER__COUNT] = {"activity_groups", "special_committees",
                                                       "parties"};
  return (unsigned)k < ORGANISER__COUNT ? tables[k] : NULL;
}

static const char *const perm_names[PERM__COUNT] = {
    "public",          "login",          "org.read",         "org.write",       "member.read",
    "member.write",    "member.import",  "member.id_number", "user.read",       "user.write",
    "audit.read",      "job.read",       "token.write",      "contact.read",    "contact.write",
    "contact.self",    "file.write",     "proposal.read",    "proposal.submit", "proposal.review",
    "proposal.handle", "points.read",    "points.write",     "points.self",     "report.read",
    "report.submit",   "report.review",  "bulletin.read",    "stats.read",      "contact.organise",
    "meeting.read",    "meeting.attend", "meeting.manage"};

bool access_role_has(enum role role, enum perm p) {
  if (p == PERM_PUBLIC) return true;
  if ((unsigned)role >= ROLE__COUNT || (unsigned)p >= PERM__COUNT) return false;
  return (role_perms[role] & P(p)) != 0;
}

bool access_role_is_officer(enum role role) {
  return role == ROLE_ADMIN || role == ROLE_SECURITY_ADMIN || role == ROLE_AUDIT_ADMIN;
}

bool access_in_scope(const struct user *u, const char *committee_path) {
  if (!u || !u->committee_path || !committee_path) return false;
  return strncmp(committee_path, u->committee_path, strlen(u->committee_path)) == 0;
}

int access_role_parse(const char *name) { return label_index(access_roles, name); }

const char *access_role_name(enum role role) {
  return (unsigned)role < ROLE__COUNT ? access_roles[role].name : "unknown";
}

const char *access_role_label(enum role role) {
  return (unsigned)role < ROLE__COUNT ? access_roles[role].zh : "未知";
}

const char *access_perm_name(enum perm p) {
  return (unsigned)p < PERM__COUNT ? perm_names[p] : "unknown";
}
