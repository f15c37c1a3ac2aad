/* tests/unit/test_access.c: the role × permission matrix, written out here from the intent
** (not from access.c), committee-subtree scope, role names. */
#include "auth/access.h"
#include <criterion/criterion.h>
#include <string.h>

/* 1 = the role holds the permission. Columns in enum perm order. */
static const struct {
  enum role role;
  const char *name;
  unsigned char has[PERM__COUNT];
} access_matrix[] = {
    /*                                  pub lgn orgR orgW memR memW imp idn usrR usrW aud job tok
       ctR ctW ctS fil prR prS prV prH ptR ptW ptS rpR rpS rpV blR stR ctO mtR mtA mtM */
    /* the system administrator: everything but the accounts and the audit log (三员分立) */
    {ROLE_ADMIN, "admin", {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1,
                           1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {ROLE_SECRETARIAT, "secretariat", {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1,
                                       1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1}},
    {ROLE_COMMITTEE_STAFF, "committee_staff", {1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1,
                                               1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1}},
    /* the proposal office reviews, and enters collective proposals */
    {ROLE_PROPOSAL_OFFICE, "proposal_office", {1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1,
                                               1, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0}},
    /* a handling unit sees its assignments only and handles them */
    {ROLE_HANDLING_UNIT, "handling_unit", {1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1,
                                           1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    /* a member reads the issued bulletins and digests of its committee (bulletin.read; which
    ** ones is report/issue.c's rule), not the committee's statistics */
    {ROLE_MEMBER, "member", {1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1,
                             1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0}},
    {ROLE_VIEWER, "viewer", {1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0,
                             1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0}},
    /* the security administrator: accounts and roles, the organisation to place them in, no
    ** records (members, proposals, reports, points) */
    {ROLE_SECURITY_ADMIN, "security_admin", {1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0,
                                             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    /* the audit administrator: the audit log, the jobs that export it, the committees its entries
    ** name; nothing that writes */
    {ROLE_AUDIT_ADMIN, "audit_admin", {1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0,
                                       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    /* an organiser: its body's members and their contact work (read, record, organise,
    ** remind); no ID numbers, roster changes, places or settings, proposals, reports, points
    ** or committee statistics */
    {ROLE_ORGANISER, "organiser", {1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1,
                                   0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}},
};

static const enum perm access_perm_order[PERM__COUNT] = {
    PERM_PUBLIC,          PERM_LOGIN,           PERM_ORG_READ,
    PERM_ORG_WRITE,       PERM_MEMBER_READ,     PERM_MEMBER_WRITE,
    PERM_MEMBER_IMPORT,   PERM_MEMBER_IDNUMBER, PERM_USER_READ,
    PERM_USER_WRITE,      PERM_AUDIT_READ,      PERM_JOB_READ,
    PERM_TOKEN_WRITE,     PERM_CONTACT_READ,    PERM_CONTACT_WRITE,
    PERM_CONTACT_SELF,    PERM_FILE_WRITE,      PERM_PROPOSAL_READ,
    PERM_PROPOSAL_SUBMIT, PERM_PROPOSAL_REVIEW, PERM_PROPOSAL_HANDLE,
    PERM_POINTS_READ,     PERM_POINTS_WRITE,    PERM_POINTS_SELF,
    PERM_REPORT_READ,     PERM_REPORT_SUBMIT,   PERM_REPORT_REVIEW,
    PERM_BULLETIN_READ,   PERM_STATS_READ,      PERM_CONTACT_ORGANISE,
    PERM_MEETING_READ,    PERM_MEETING_ATTEND,  PERM_MEETING_MANAGE};

Test(access, matrix_covers_every_role_and_perm) {
  cr_assert_eq(sizeof access_matrix / sizeof access_matrix[0], ROLE__COUNT);
  cr_assert_eq(PERM__COUNT, 33, "a new permission needs a column in this test");
}

Test(access, role_permission_matrix) {
  for (size_t r = 0; r < sizeof access_matrix / sizeof access_matrix[0]; r++)
    for (int k = 0; k < PERM__COUNT; k++) {
      enum perm p = access_perm_order[k];
      cr_expect_eq(access_role_has(access_matrix[r].role, p), access_matrix[r].has[k] != 0,
                   "role %s, permission %s: expected %s", access_matrix[r].name,
                   access_perm_name(p), access_matrix[r].has[k] ? "granted" : "refused");
    }
}

Test(access, secretariat_limits) {
  cr_expect(access_role_has(ROLE_SECRETARIAT, PERM_MEMBER_IDNUMBER));
  cr_expect_not(access_role_has(ROLE_SECRETARIAT, PERM_USER_WRITE));
  cr_expect_not(access_role_has(ROLE_SECRETARIAT, PERM_AUDIT_READ));
  cr_expect_not(access_role_has(ROLE_HANDLING_UNIT, PERM_MEMBER_READ));
  cr_expect_not(access_role_has(ROLE_VIEWER, PERM_MEMBER_IDNUMBER));
  cr_expect_not(access_role_has(ROLE_MEMBER, PERM_TOKEN_WRITE));
  /* bulletins and digests are published to the members too (the issued ones of their
  ** committee: report/issue.c), and written by the information office alone */
  cr_expect(access_role_has(ROLE_MEMBER, PERM_BULLETIN_READ));
  cr_expect(access_role_has(ROLE_VIEWER, PERM_BULLETIN_READ));
  cr_expect_not(access_role_has(ROLE_HANDLING_UNIT, PERM_BULLETIN_READ));
  /* a member logs its own contacts but keeps no one else's; a viewer only reads */
  cr_expect(access_role_has(ROLE_MEMBER, PERM_CONTACT_SELF));
  cr_expect_not(access_role_has(ROLE_MEMBER, PERM_CONTACT_WRITE));
  cr_expect_not(access_role_has(ROLE_VIEWER, PERM_CONTACT_SELF));
  cr_expect_not(access_role_has(ROLE_VIEWER, PERM_FILE_WRITE));
  cr_expect_not(access_role_has(ROLE_HANDLING_UNIT, PERM_CONTACT_READ));
  /* the information office (secretariat, committee staff) reviews reports; members submit
  ** their own; the proposal office and viewers only read them */
  cr_expect(access_role_has(ROLE_COMMITTEE_STAFF, PERM_REPORT_REVIEW));
  cr_expect_not(access_role_has(ROLE_MEMBER, PERM_REPORT_REVIEW));
  cr_expect_not(access_role_has(ROLE_PROPOSAL_OFFICE, PERM_REPORT_SUBMIT));
  cr_expect_not(access_role_has(ROLE_HANDLING_UNIT, PERM_REPORT_READ));
  /* a committee's statistics are the staff's and the leaders'; members read their own figures */
  cr_expect_not(access_role_has(ROLE_MEMBER, PERM_STATS_READ));
  cr_expect_not(access_role_has(ROLE_HANDLING_UNIT, PERM_STATS_READ));
  cr_expect(access_role_has(ROLE_VIEWER, PERM_STATS_READ));
  /* the organiser organises its body's contact work and nothing of the committee's keeping */
  cr_expect(access_role_has(ROLE_ORGANISER, PERM_CONTACT_ORGANISE));
  cr_expect(access_role_has(ROLE_ORGANISER, PERM_CONTACT_SELF));
  cr_expect_not(access_role_has(ROLE_ORGANISER, PERM_CONTACT_WRITE));
  cr_expect_not(access_role_has(ROLE_ORGANISER, PERM_MEMBER_IDNUMBER));
  cr_expect_not(access_role_has(ROLE_ORGANISER, PERM_STATS_READ));
  cr_expect_not(access_role_has(ROLE_ORGANISER, PERM_PROPOSAL_REVIEW));
  cr_expect_not(access_role_has(ROLE_ORGANISER, PERM_REPORT_REVIEW));
  cr_expect_not(access_role_has(ROLE_MEMBER, PERM_CONTACT_ORGANISE));
  cr_expect_not(access_role_is_officer(ROLE_ORGANISER));
}

Test(access, organiser_kinds) {
  cr_expect_str_eq(access_role_name(ROLE_ORGANISER), "organiser");
  cr_expect_str_eq(access_role_label(ROLE_ORGANISER), "组织者");
  cr_expect_str_eq(access_organiser_kinds[ORGANISER_GROUP].name, "group");
  cr_expect_str_eq(access_organiser_kinds[ORGANISER_SPECIAL_COMMITTEE].name, "special_committee");
  cr_expect_str_eq(access_organiser_kinds[ORGANISER_PARTY].name, "party");
  cr_expect_null(access_organiser_kinds[ORGANISER__COUNT].name);
  cr_expect_str_eq(access_organiser_column(ORGANISER_GROUP), "group_id");
  cr_expect_str_eq(access_organiser_column(ORGANISER_SPECIAL_COMMITTEE), "special_committee_id");
  cr_expect_str_eq(access_organiser_column(ORGANISER_PARTY), "party_id");
  cr_expect_str_eq(access_organiser_table(ORGANISER_GROUP), "activity_groups");
  cr_expect_str_eq(access_organiser_table(ORGANISER_PARTY), "parties");
  cr_expect_null(access_organiser_column(ORGANISER__COUNT));
  cr_expect_null(access_organiser_table((enum organiser_kind) - 1));
}

Test(access, public_always_true) {
  for (int r = 0; r < ROLE__COUNT; r++) cr_expect(access_role_has((enum role)r, PERM_PUBLIC));
  cr_expect(access_role_has((enum role)99, PERM_PUBLIC));
  cr_expect(access_role_has((enum role) - 1, PERM_PUBLIC));
}

Test(access, out_of_range_refused) {
  cr_expect_not(access_role_has((enum role)ROLE__COUNT, PERM_LOGIN));
  cr_expect_not(access_role_has((enum role) - 1, PERM_LOGIN));
  cr_expect_not(access_role_has(ROLE_ADMIN, PERM__COUNT));
  cr_expect_not(access_role_has(ROLE_ADMIN, (enum perm)40));
}

static struct user access_user(const char *path) {
  struct user u = {.id = 1, .username = "t", .role = ROLE_SECRETARIAT, .committee_path = path};
  return u;
}

Test(access, scope_subtree) {
  struct user u = access_user("/1/5/");
  cr_expect(access_in_scope(&u, "/1/5/"));
  cr_expect(access_in_scope(&u, "/1/5/17/"));
  cr_expect(access_in_scope(&u, "/1/5/17/230/"));
  cr_expect_not(access_in_scope(&u, "/1/50/"));
  cr_expect_not(access_in_scope(&u, "/1/50/7/"));
  cr_expect_not(access_in_scope(&u, "/1/"));
  cr_expect_not(access_in_scope(&u, "/1/6/"));
  cr_expect_not(access_in_scope(&u, "/2/5/"));
  cr_expect_not(access_in_scope(&u, ""));
  cr_expect_not(access_in_scope(&u, NULL));
}

Test(access, scope_root_covers_tree) {
  struct user u = access_user("/1/");
  cr_expect(access_in_scope(&u, "/1/"));
  cr_expect(access_in_scope(&u, "/1/5/"));
  cr_expect(access_in_scope(&u, "/1/50/3/"));
  cr_expect_not(access_in_scope(&u, "/10/"));
  cr_expect_not(access_in_scope(&u, "/2/"));
}

Test(access, scope_without_user_or_path) {
  cr_expect_not(access_in_scope(NULL, "/1/"));
  struct user u = access_user(NULL);
  cr_expect_not(access_in_scope(&u, "/1/"));
}

Test(access, role_names_round_trip) {
  for (size_t r = 0; r < sizeof access_matrix / sizeof access_matrix[0]; r++) {
    cr_expect_str_eq(access_role_name(access_matrix[r].role), access_matrix[r].name);
    cr_expect_eq(access_role_parse(access_matrix[r].name), (int)access_matrix[r].role);
    cr_expect_eq(access_role_parse(access_role_name(access_matrix[r].role)),
                 (int)access_matrix[r].role);
    const char *label = access_role_label(access_matrix[r].role);
    cr_expect_neq(strlen(label), 0);
    cr_expect_str_neq(label, "未知");
  }
  cr_expect_str_eq(access_role_label(ROLE_ADMIN), "系统管理员");
  cr_expect_str_eq(access_role_label(ROLE_MEMBER), "委员");
}

Test(access, unknown_role) {
  cr_expect_eq(access_role_parse("root"), -1);
  cr_expect_eq(access_role_parse(""), -1);
  cr_expect_eq(access_role_parse("Admin"), -1);
  cr_expect_eq(access_role_parse("admin "), -1);
  cr_expect_eq(access_role_parse(NULL), -1);
  cr_expect_str_eq(access_role_name((enum role)ROLE__COUNT), "unknown");
  cr_expect_str_eq(access_role_name((enum role) - 1), "unknown");
}

Test(access, perm_names) {
  cr_expect_str_eq(access_perm_name(PERM_PUBLIC), "public");
  cr_expect_str_eq(access_perm_name(PERM_MEMBER_READ), "member.read");
  cr_expect_str_eq(access_perm_name(PERM_TOKEN_WRITE), "token.write");
  cr_expect_str_eq(access_perm_name(PERM__COUNT), "unknown");
  /* every permission has a distinct name */
  for (int a = 0; a < PERM__COUNT; a++)
    for (int b = a + 1; b < PERM__COUNT; b++)
      cr_expect_str_neq(access_perm_name((enum perm)a), access_perm_name((enum perm)b));
}

Test(access, three_officers_share_nothing) {
  /* 三员分立: no permission of one administrator's duties is held by another */
  static const enum perm duties[3][3] = {
      {PERM_ORG_WRITE, PERM_MEMBER_WRITE, PERM_PROPOSAL_REVIEW}, /* system */
      {PERM_USER_READ, PERM_USER_WRITE, PERM_USER_WRITE},        /* security */
      {PERM_AUDIT_READ, PERM_AUDIT_READ, PERM_AUDIT_READ},       /* audit */
  };
  static const enum role officers[3] = {ROLE_ADMIN, ROLE_SECURITY_ADMIN, ROLE_AUDIT_ADMIN};
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      for (int k = 0; k < 3; k++)
        cr_expect_eq(access_role_has(officers[i], duties[j][k]), i == j, "%s and permission %s",
                     access_role_name(officers[i]), access_perm_name(duties[j][k]));
  for (int i = 0; i < 3; i++) cr_expect(access_role_is_officer(officers[i]));
  for (int r = ROLE_SECRETARIAT; r <= ROLE_VIEWER; r++)
    cr_expect_not(access_role_is_officer((enum role)r), "%s", access_role_name((enum role)r));
  cr_expect_str_eq(access_role_name(ROLE_SECURITY_ADMIN), "security_admin");
  cr_expect_str_eq(access_role_label(ROLE_AUDIT_ADMIN), "审计管理员");
  cr_expect_eq(access_role_parse("audit_admin"), ROLE_AUDIT_ADMIN);
}
