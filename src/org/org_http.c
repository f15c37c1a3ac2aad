/* src/org/org_http.c: the HTTP surface of the organisation model. */
#include "entity/entity_http.h"
#include "org.h"

/* The organisation's enums, for the module table (GET /api/v1/labels). */
const struct label_table org_labels[] = {
    {"committee.level", org_levels},           {"sector.kind", org_sector_kinds},
    {"group.lead_kind", org_lead_kinds},       {"unit.kind", org_unit_kinds},
    {"collective.kind", org_collective_kinds}, {NULL},
};

const struct route org_routes[] = {
    ENTITY_ROUTES("/api/v1/committees", &org_committee, PERM_ORG_READ, PERM_ORG_WRITE, "政协"),
    ENTITY_ROUTES("/api/v1/sectors", &org_sector, PERM_ORG_READ, PERM_ORG_WRITE, "界别"),
    ENTITY_ROUTES("/api/v1/parties", &org_party, PERM_ORG_READ, PERM_ORG_WRITE, "党派"),
    ENTITY_ROUTES("/api/v1/special-committees", &org_special_committee, PERM_ORG_READ,
                  PERM_ORG_WRITE, "专委会"),
    ENTITY_ROUTES("/api/v1/groups", &org_group, PERM_ORG_READ, PERM_ORG_WRITE, "界别活动组"),
    ENTITY_ROUTES("/api/v1/units", &org_unit, PERM_ORG_READ, PERM_ORG_WRITE, "承办单位"),
    {0},
};
