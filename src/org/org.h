/* src/org/org.h: the organisation model: committees (a tree of levels), sectors (界别),
** parties, special committees (专委会), activity groups (界别活动组) and handling units
** (承办单位). */
#ifndef LVZHI_ORG_H
#define LVZHI_ORG_H
#include <stdint.h>
#include "base/label.h"
#include "entity/entity.h"

extern const struct entity org_committee, org_sector, org_party, org_special_committee, org_group,
    org_unit;

/* The levels of the committee tree, top down: national (全国), province, city, county. */
extern const struct label org_levels[];

/* The Chinese name of a level ("省", org_levels), or "" when unknown. */
const char *org_level_label(const char *level);

/* The kinds of sector: party, nonparty, organisation, field, special, sector (a local list's
** own). */
extern const struct label org_sector_kinds[];

/* Who leads an activity group: special_committee, party, federation. */
extern const struct label org_lead_kinds[];

/* The kinds of handling unit: government, party, court, procuratorate, people_org, enterprise,
** other. */
extern const struct label org_unit_kinds[];

/* The kinds of collectives that propose and report in their own name: party, sector,
** special_committee, group (党派, 界别, 专委会, 活动组). */
extern const struct label org_collective_kinds[];

/* The name of collective id of kind, in the arena; NULL when there is none. */
const char *org_collective_name(struct entity_ctx *ctx, const char *kind, int64_t id);

/* Creates a committee under parent (0 for a root) with an audit entry; returns its id or 0. */
int64_t org_committee_add(struct entity_ctx *ctx, int64_t parent, const char *name,
                          const char *level, const char *region);

#endif
