/* src/auth/access.h: roles, permissions and committee scope.
**
** Three roles share the administration of the platform and no account holds two of them
** (三员分立, GB/T 22239-2019): the system administrator (admin) keeps the organisation, the
** records and the settings; the security administrator (security_admin) keeps the accounts and
** their roles; the audit administrator (audit_admin) reads, searches and exports the audit log
** and changes nothing.
**
** An organiser (组织者) organises the members of ONE activity group (界别活动组), special committee
** (专委会) or party (党派) of its committee: it reads those members, their contact activities,
** requests and compliance, records activities for them and reminds them, and nothing of anyone
** else (member_scope_sql in member/member.h is the rule, in one place). */
#ifndef LVZHI_ACCESS_H
#define LVZHI_ACCESS_H
#include <stdbool.h>
#include <stdint.h>
#include "base/label.h"

/* Permissions a route may demand. PERM_PUBLIC needs no login; PERM_LOGIN any account.
** A role's permissions are bits of a 64-bit mask (access.c): at most 64 of them. */
enum perm {
  PERM_PUBLIC = 0,
  PERM_LOGIN,
  PERM_ORG_READ, /* committees, sectors, parties, special committees, groups, units */
  PERM_ORG_WRITE,
  PERM_MEMBER_READ, /* members in scope (a member account: itself only) */
  PERM_MEMBER_WRITE,
  PERM_MEMBER_IMPORT,   /* roster import and export */
  PERM_MEMBER_IDNUMBER, /* sees resident ID numbers unmasked */
  PERM_USER_READ,       /* accounts (the security administrator; the secretariat reads them) */
  PERM_USER_WRITE,      /* create accounts, set their roles, reset passwords, disable */
  PERM_AUDIT_READ, /* read, search, verify and export the audit log (the audit administrator) */
  PERM_JOB_READ,
  PERM_TOKEN_WRITE,     /* own API tokens */
  PERM_CONTACT_READ,    /* grassroots units, stations, activities, requests, compliance in scope
                        ** (a member account: its own activities, requests and compliance) */
  PERM_CONTACT_WRITE,   /* keep those records for the whole scope */
  PERM_CONTACT_SELF,    /* log one's own contacts: a member's activities, requests, unit links */
  PERM_FILE_WRITE,      /* upload files (evidence, photos) */
  PERM_PROPOSAL_READ,   /* proposals in scope (a member: its own and the filed; a unit: its
                           assignments) */
  PERM_PROPOSAL_SUBMIT, /* draft, submit, co-sign, withdraw and rate one's own proposals */
  PERM_PROPOSAL_REVIEW, /* the proposal office: review, assign, check replies, supervise */
  PERM_PROPOSAL_HANDLE, /* a handling unit: accept or object, views, replies, extensions */
  PERM_POINTS_READ,  /* rule sets, rankings, assessments, statistics, duty files in scope (a member:
                        its own) */
  PERM_POINTS_WRITE, /* rule sets, duty records, recomputing, reminders, honours */
  PERM_POINTS_SELF,  /* a member's own points page and self-report */
  PERM_REPORT_READ,  /* social-conditions reports in scope (a member: its own) */
  PERM_REPORT_SUBMIT, /* draft, edit, submit and withdraw one's own reports (staff: collective ones)
                       */
  PERM_REPORT_REVIEW, /* the information office: return, adopt, reject, merge, edit, adoptions,
                         instructions */
  PERM_BULLETIN_READ, /* 《社情民意》 bulletins and daily digests in scope (staff and leaders; a
                         member: the issued ones of its own committee) */
  PERM_STATS_READ,    /* a committee's statistics, roll-ups, rankings and assessments in scope
                      ** (staff and leaders; not members or handling units, who read their own) */
  PERM_CONTACT_ORGANISE, /* organise activities (participants, attendance, each one's people
                         ** reached) and remind the members who fall short of the quotas, in
                         ** scope (an organiser: its body's members) */
  PERM_MEETING_READ,     /* meetings in scope (a member account: those it is invited to) */
  PERM_MEETING_ATTEND,   /* a member's part in its meetings: reply to the notice, ask for
                         ** leave, sign in, speak, vote */
  PERM_MEETING_MANAGE,   /* plan and run meetings in scope: invitees, leave, agenda and
                         ** documents, sittings and sign-in, speeches, votes */
  PERM__COUNT
};

enum role {
  ROLE_ADMIN, /* the system administrator: no accounts, no audit log */
  ROLE_SECRETARIAT,
  ROLE_COMMITTEE_STAFF,
  ROLE_PROPOSAL_OFFICE,
  ROLE_HANDLING_UNIT,
  ROLE_MEMBER,
  ROLE_VIEWER,
  ROLE_SECURITY_ADMIN, /* 安全管理员: accounts and roles, no business data */
  ROLE_AUDIT_ADMIN,    /* 审计管理员: the audit log, read only */
  ROLE_ORGANISER,      /* 组织者: one activity group, special committee or party's members */
  ROLE__COUNT
};

/* What an organiser account organises (index into access_organiser_kinds). */
enum organiser_kind {
  ORGANISER_GROUP,             /* an activity group (界别活动组): members.group_id */
  ORGANISER_SPECIAL_COMMITTEE, /* a special committee (专委会): members.special_committee_id */
  ORGANISER_PARTY,             /* a party (党派): members.party_id */
  ORGANISER__COUNT
};

/* The account making a request, as loaded by the session layer. */
struct user {
  int64_t id;
  const char *username, *display_name;
  enum role role;
  int64_t committee_id;
  const char *committee_path; /* "/1/5/" : the scope is this committee's subtree */
  int64_t member_id;          /* for member accounts, else 0 */
  int64_t unit_id;            /* for handling-unit accounts, else 0 */
  /* for organiser accounts: the body it organises (organiser_id 0: none, it sees no member) */
  enum organiser_kind organiser_kind;
  int64_t organiser_id;
  const char *csrf;          /* cookie sessions; NULL for bearer tokens */
  int64_t token_id;          /* the bearer token the request came with; 0 for a cookie session */
  bool token_read_only;      /* that token is read-only: it may not write */
  int64_t session_id;        /* the cookie session the request came with; 0 for a token */
  bool must_change_password; /* the session may only change the password (it is too old) */
};

/* Returns true when role holds permission p. */
bool access_role_has(enum role role, enum perm p);

/* Whether role is one of the three administrators (admin, security_admin, audit_admin), whose
** accounts only the command line on the server makes and changes. */
bool access_role_is_officer(enum role role);

/* Returns true when the user's scope covers the committee whose path is committee_path. */
bool access_in_scope(const struct user *u, const char *committee_path);

/* The roles as stored, with their words (index = enum role): admin (系统管理员), ...,
** security_admin (安全管理员), audit_admin (审计管理员). */
extern const struct label access_roles[];

/* The kinds of body an organiser organises, as stored, with their words (index = enum
** organiser_kind): group (界别活动组), special_committee (专委会), party (党派). */
extern const struct label access_organiser_kinds[];

/* The column of members that names the body of kind k ("group_id", "special_committee_id",
** "party_id") and the table of such bodies ("activity_groups", "special_committees",
** "parties"); NULL for a kind out of range. */
const char *access_organiser_column(enum organiser_kind k);
const char *access_organiser_table(enum organiser_kind k);

/* Parses a role name ("admin", "secretariat", ...); returns -1 when unknown. */
int access_role_parse(const char *name);

/* The stable English name and the Chinese label of a role. */
const char *access_role_name(enum role role);
const char *access_role_label(enum role role);

/* The stable name of a permission (for docs and errors). */
const char *access_perm_name(enum perm p);

#endif
