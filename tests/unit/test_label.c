/* tests/unit/test_label.c: the label tables of enums (base/label.h): lookups, the words in each
** language, the lists for messages, and that the modules' tables are well formed. */
#include "base/label.h"
#include <criterion/criterion.h>
#include <string.h>
#include "auth/access.h"
#include "base/arena.h"
#include "contact/contact.h"
#include "member/member.h"
#include "org/org.h"
#include "points/points.h"
#include "proposal/proposal.h"

static const struct label colours[] = {{"red", "红", "Red"}, {"green", "绿", NULL}, {NULL}};

Test(label, lookups) {
  cr_expect_eq(label_index(colours, "green"), 1);
  cr_expect_eq(label_index(colours, "blue"), -1);
  cr_expect_eq(label_index(colours, NULL), -1);
  cr_expect_eq(label_count(colours), 2);
  cr_expect_str_eq(label_text(colours, "red", true), "Red");
  cr_expect_str_eq(label_text(colours, "green", true), "绿", "no English: the Chinese");
  cr_expect_str_eq(label_zh(colours, "blue"), "blue", "an unknown value reads as itself");
  cr_expect_str_eq(label_zh(colours, NULL), "");
  cr_expect_str_eq(label_known(colours, "red", false), "红");
  cr_expect_str_eq(label_known(colours, "red", true), "Red");
  cr_expect_str_eq(label_known(colours, "blue", false), "", "unknown: nothing to show");
  cr_expect_str_eq(label_known(colours, NULL, true), "");
}

Test(label, choices_for_messages) {
  struct arena a;
  arena_init(&a);
  cr_expect_str_eq(label_choices(&a, colours, false), "red（红）、green（绿）");
  cr_expect_str_eq(label_choices(&a, colours, true), "red, green");
  cr_expect_str_eq(label_choices(&a, points_attendances, false),
                   "present（出席）、excused（请假）、absent（缺席）");
  arena_free(&a);
}

/* Every module's table: names unique and in snake_case, words in both languages. */
Test(label, module_tables_are_well_formed) {
  const struct label *const tables[] = {access_roles,
                                        org_levels,
                                        org_sector_kinds,
                                        org_lead_kinds,
                                        org_unit_kinds,
                                        member_genders,
                                        member_statuses,
                                        contact_unit_kinds,
                                        contact_station_kinds,
                                        contact_cert_statuses,
                                        contact_checklist_items,
                                        contact_activity_kinds,
                                        contact_activity_statuses,
                                        contact_organiser_kinds,
                                        contact_link_kinds,
                                        contact_request_categories,
                                        points_record_kinds,
                                        points_attendances,
                                        proposal_kinds,
                                        proposal_signer_roles,
                                        proposal_unit_roles,
                                        proposal_ratings,
                                        proposal_states};
  for (size_t k = 0; k < sizeof tables / sizeof tables[0]; k++) {
    const struct label *t = tables[k];
    cr_assert_gt(label_count(t), 0, "table %zu", k);
    for (int i = 0; t[i].name; i++) {
      cr_expect(t[i].zh && *t[i].zh && t[i].en && *t[i].en, "%s has both words", t[i].name);
      cr_expect_eq(label_index(t, t[i].name), i, "%s is named once", t[i].name);
      for (const char *c = t[i].name; *c; c++)
        cr_expect((*c >= 'a' && *c <= 'z') || *c == '_', "%s is snake_case", t[i].name);
    }
  }
  /* the tables whose index is an enum */
  cr_expect_eq(label_count(access_roles), ROLE__COUNT);
  cr_expect_str_eq(access_role_name(ROLE_MEMBER), "member");
  cr_expect_str_eq(access_role_label(ROLE_MEMBER), "委员");
  cr_expect_eq(access_role_parse("viewer"), ROLE_VIEWER);
  cr_expect_str_eq(org_level_label("county"), "县区");
  cr_expect_str_eq(org_level_label("nowhere"), "");
  cr_expect_str_eq(member_word_label("female"), "女");
  cr_expect_str_eq(member_word_value("在任"), "active");
  cr_expect_str_eq(member_word_value("已辞去"), "resigned");
}
