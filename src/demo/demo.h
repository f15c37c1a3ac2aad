/* src/demo/demo.h: demo data: a Gansu-like committee tree with realistic members. */
#ifndef LVZHI_DEMO_H
#define LVZHI_DEMO_H
#include <stdbool.h>
#include <stdint.h>

struct db;

/* The password of the demo's staff and member accounts (gansu, lanzhou, chengguan, qilihe,
** tian, tianshui, viewer, member1, member2, tiban, jiaoyu, weijian); the three administrators
** "admin", "secadmin" (安全管理员) and "auditor" (审计管理员) get random ones. */
#define DEMO_STAFF_PASSWORD "lvzhi-demo-2026"

struct demo_options {
  uint64_t seed;               /* same seed, same data */
  int64_t scale;               /* 0: the provincial committee's 502 members (plus a few per city and
                                  county); N: N members spread over all four levels */
  const unsigned char *secret; /* 32-byte key for sealing ID numbers (auth/secret.h) */
  bool without_contact; /* no grassroots units, stations, activities or requests (demo_contact.h) */
  bool without_proposals; /* no proposal sessions or proposals (demo_proposal.h) */
  bool without_reports;   /* no social-conditions reports (demo_report.h) */
  void (*progress)(int64_t done, int64_t total, const char *stage); /* may be NULL */
};

/* What demo_load made, for printing. */
struct demo_result {
  int64_t committees, members, groups, users;
  char admin_password[32];    /* the system administrator "admin" */
  char security_password[32]; /* the security administrator "secadmin" */
  char audit_password[32];    /* the audit administrator "auditor" */
};

/* Loads the demo data into an empty, migrated database (refuses when committees exist).
** Returns false with a message in err (256 bytes, Chinese) on failure; nothing is kept then. */
bool demo_load(struct db *db, const struct demo_options *opt, struct demo_result *out, char *err);

#endif
