/* src/contact/contact.h: members linking with their sector's masses (委员联系界别群众, the Gansu
** system of the seed): grassroots units and each member's links to them (1–3 by default),
** workstations and studios (委员工作站/委员工作室) with their members, the 六有 checklist and its
** certification, reception days (委员接待日), duty activities (履职活动) with participants,
** photos and links to what came out of them, requests from the masses (帮办实事) with their
** state machine, the committee's contact settings, and quota compliance per member.
**
** Plain records (units, stations, reception days, activities, requests) are entities (see
** entity/entity.h); this header declares them and the rules that are not plain. Every write
** here runs in one transaction with an audit entry; every failure sets ctx->err. */
#ifndef LVZHI_CONTACT_H
#define LVZHI_CONTACT_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "base/label.h"
#include "entity/entity.h"
#include "org/settings.h"

struct buf;

/* ---- the enums' label tables (base/label.h; GET /api/v1/labels) ------------------------- */

/* The kinds of grassroots unit: village, community, enterprise, hospital, school, new_org,
** other (其他: the unit's kind_name says what it is). */
extern const struct label contact_unit_kinds[];

/* The kinds (forms) of duty activity: visit (走访), consultation, practical_help, guidance,
** duty_report (the five contact forms, first), research, lecture, deliberation, learning. */
extern const struct label contact_activity_kinds[];

/* An activity's state: planned, done, cancelled. */
extern const struct label contact_activity_statuses[];

/* Who organises an activity: group, special_committee, station, studio. */
extern const struct label contact_organiser_kinds[];

/* What came out of an activity (its links): proposal, report, speech. */
extern const struct label contact_link_kinds[];

extern const struct entity contact_unit_entity;    /* grassroots_units: 基层单位 */
extern const struct entity contact_station_entity; /* stations: 委员工作站 / 委员工作室 */
extern const struct entity contact_reception_entity; /* reception_days: 委员接待日 */
extern const struct entity contact_activity_entity;  /* activities: 履职活动 */
extern const struct entity contact_request_entity;   /* requests: 帮办实事 */

/* ---- who may do what ------------------------------------------------------------------- */

/* True for an account that keeps only its own contacts: a member account without
** contact.write. It sees and changes its own activities and requests only. */
bool contact_self_only(const struct user *u);

/* True when one committee path lies on the other's (one is an ancestor of, or equal to, the
** other): a provincial member may link a county's village, a county activity may have a
** provincial member taking part. */
bool contact_paths_related(const char *a, const char *b);

/* The committee path of member id, or NULL when there is none (arena). */
const char *contact_member_path(struct entity_ctx *ctx, int64_t member_id);

/* Whether the caller may see member id: a member account only itself, others their scope. */
bool contact_member_visible(struct entity_ctx *ctx, int64_t member_id);

/* ---- settings (table settings; per committee, inherited down the tree) ------------------- */

enum contact_setting {
  CONTACT_MAX_UNITS,              /* "contact.max_units": grassroots units a member links, 3 */
  CONTACT_QUARTER_MIN_ACTIVITIES, /* "contact.quarter_min_activities": per quarter, 1 */
  CONTACT_YEAR_MIN_PEOPLE,        /* "contact.year_min_people": people reached a year, 40 */
  CONTACT_REMIND_DAYS,            /* "contact.remind_days": remind this many days before a
                                     quarter ends, 14; 0: no automatic reminder */
  CONTACT_STATION_CHECKLIST,      /* "contact.station_checklist": the items of a workstation's
                                     checklist, bit k for contact_checklist_items[k]; by default
                                     场地、标识、制度、人员、活动、档案 (studios: 六有, fixed) */
  CONTACT_REQUEST_DAYS,           /* "contact.request_days": days to close a request from its
                                     acceptance, 60 (《信访工作条例》: 60 days); past it an open
                                     request is overdue (its due_at) */
  CONTACT_CHECK_SELF_LOGGED,      /* "contact.check_self_logged": 1 (default): an activity a
                                     member logs itself earns points only once staff approved it
                                     (activity_checks, contact_check.c); 0: at once */
  CONTACT_SETTING_COUNT
};

struct contact_settings {
  int64_t value[CONTACT_SETTING_COUNT];
  int64_t source[CONTACT_SETTING_COUNT]; /* the committee whose value holds; 0: the default */
};

/* The settings in force at the committee whose path is path: its own value, else the nearest
** ancestor's, else a value stored for committee 0 (the installation), else the default. */
void contact_settings_at(struct db *db, const char *path, struct contact_settings *out);

/* The contact settings group ("contact." keys; org/settings.h): GET and PUT
** /committees/{id}/settings read and change it. */
extern const struct setting_group contact_settings;

/* ---- a member's grassroots units ---------------------------------------------------------- */

/* {"items": [unit + "linked_at"], "count": n, "max_units": limit}. */
json_t *contact_member_units(struct entity_ctx *ctx, int64_t member_id);

/* Links member_id to unit_id. The unit must be visible to the caller and lie on the member's
** committee path. 409 conflict when linked already, 409 limit_reached when the member already
** has the limit in force at its committee (the message names it), 422 on a bad unit. */
bool contact_member_link(struct entity_ctx *ctx, int64_t member_id, int64_t unit_id);

/* Removes the link; 404 when there is none. */
bool contact_member_unlink(struct entity_ctx *ctx, int64_t member_id, int64_t unit_id);

/* ---- stations and studios ----------------------------------------------------------------- */

/* The checklist items of stations and studios (base/label.h table): first the six of the 六有
** standard, the studios' (委员工作室) standard — site (场地), signage (标识), rules (制度),
** specialty (特色), archive (档案), results (成果) — then staff (人员) and activities (活动),
** which a workstation's own checklist may ask for. */
extern const struct label contact_checklist_items[];

/* The 六有 items: the first CONTACT_LIUYOU of contact_checklist_items. */
#define CONTACT_LIUYOU 6

/* The default of contact.station_checklist: 场地、标识、制度、档案、人员、活动. */
#define CONTACT_STATION_CHECKLIST_DEFAULT                                                          \
  ((1 << 0) | (1 << 1) | (1 << 2) | (1 << 4) | (1 << 6) | (1 << 7))

/* The items station id is certified against, as a bit set over contact_checklist_items: 六有 for
** a studio, the setting contact.station_checklist in force at its committee for a workstation;
** 0 when there is no such station. */
unsigned contact_checklist_mask(struct entity_ctx *ctx, int64_t station_id);

/* The kinds of station: station (委员工作站), studio (委员工作室). */
extern const struct label contact_station_kinds[];

/* A station's certification: none, certified, revoked. */
extern const struct label contact_cert_statuses[];

/* {"items": [{member_id, member_name, committee_id, committee_name, role, added_at}]}. */
json_t *contact_station_members(struct entity_ctx *ctx, int64_t station_id);

/* Attaches a member (visible to the caller, on the station's committee path) with role
** "lead" or "member" (NULL: member). 409 when attached already, 422 on a bad member or role. */
bool contact_station_add_member(struct entity_ctx *ctx, int64_t station_id, int64_t member_id,
                                const char *role);

/* Detaches a member; 404 when not attached. */
bool contact_station_remove_member(struct entity_ctx *ctx, int64_t station_id, int64_t member_id);

/* The checklist of the station's kind (contact_checklist_mask): {"station_id", "kind",
** "standard" ("liuyou" for a studio, "station" for a workstation's own), "cert_status",
** "complete", "missing": [item...], "items": [{item, label, note, file_ids, files: [file...],
** has_evidence, updated_at}]}. */
json_t *contact_checklist(struct entity_ctx *ctx, int64_t station_id);

/* Sets one item's note and/or evidence files ({"note", "file_ids"}). The files must be
** attachable to the station (file.h). A certified station cannot lose an item's last file
** (409: revoke first). 422 on an item not on the station's checklist, or an unknown field. */
bool contact_checklist_set(struct entity_ctx *ctx, int64_t station_id, const char *item,
                           json_t *in);

/* The items of the station's checklist without evidence, NULL-terminated (arena); an empty
** list when complete. */
const char **contact_checklist_missing(struct entity_ctx *ctx, int64_t station_id);

/* Certifies a station against its checklist (a studio: 六有; a workstation: its own), recording
** who and when. 409 already_certified, or 409 checklist_incomplete naming the missing items
** (also in err.errors). */
bool contact_station_certify(struct entity_ctx *ctx, int64_t station_id);

/* Revokes a certification with a reason (required). 409 not_certified. */
bool contact_station_revoke(struct entity_ctx *ctx, int64_t station_id, const char *reason);

/* The station of reception day id, or 0 when there is none. */
int64_t contact_reception_station(struct entity_ctx *ctx, int64_t day_id);

/* ---- activities --------------------------------------------------------------------------- */

/* The five contact forms a member may log itself: visit, consultation, practical_help,
** guidance, duty_report. True when kind is one of them. */
bool contact_is_contact_form(const char *kind);

/* Whether the caller may see activity id: in scope, and for a member account only when it
** created the activity or takes part in it; for an organiser only when it recorded it, its body
** organises it or a member of its body takes part in it. */
bool contact_activity_visible(struct entity_ctx *ctx, int64_t id);

/* Whether the caller may change activity id (its fields, participants, links; delete it): true
** for anyone but an organiser, which changes only the activities it recorded or its body (an
** activity group or special committee) organises; false with 403 otherwise. */
bool contact_activity_organises(struct entity_ctx *ctx, int64_t id);

/* For an organiser account, appends to sql the condition (" AND (...)") on the activities row
** aliased t that keeps it to the activities it sees (contact_activity_visible), with its
** parameters appended to p (room for 8 more); nothing for any other account. */
void contact_activity_scope_sql(const struct user *u, struct buf *sql, struct db_value *p, int *np);

/* A list of activities (an organiser: those it sees): the entity query (committee subtree,
** filters kind, status, organiser_kind, organiser_id, grassroots_unit_id, q on the title,
** paging) and further member_id (taking part), from and to (UTC seconds, starts_at in
** [from, to); 0: open). {"items", "next_cursor", "total"}; NULL with ctx->err. */
json_t *contact_activity_list(struct entity_ctx *ctx, const struct entity_query *q,
                              int64_t member_id, int64_t from, int64_t to);

/* Deletes an activity (a member account: only one it created). */
bool contact_activity_delete(struct entity_ctx *ctx, int64_t id);

/* {"activity_id", "people_reached" (the activity's figure), "people_shared" (the sum of the
** shares), "items": [{member_id, member_name, committee_id, committee_name, attendance,
** people_reached (the member's share), people_set (entered by hand), added_at}], "total"}. */
json_t *contact_participants(struct entity_ctx *ctx, int64_t activity_id);

/* The share-out rule of people reached: people over n members, people / n each, and the
** remainder people % n one each to the first members (the participants in member id order).
** Writes n shares to out. n >= 1. */
void contact_share_out(int64_t people, int n, int64_t *out);

/* Shares out again, inside the caller's transaction, the people reached of activity id among
** its present participants: the shares entered by hand are kept while they fit (their sum is
** at most the figure, and the rest has someone to go to or is nothing), the others share the
** rest by contact_share_out; when the hand-entered shares do not fit they are dropped and the
** whole figure is shared out. A participant not present holds no share. Returns false on a
** database error. */
bool contact_activity_reshare(struct entity_ctx *ctx, int64_t id);

/* Adds a participant (a member visible to the caller, on the activity's committee path) with
** attendance present|excused|absent (NULL: present). 409 when taking part already. */
bool contact_participant_add(struct entity_ctx *ctx, int64_t activity_id, int64_t member_id,
                             const char *attendance);

/* Changes a participant's attendance; 404 when the member does not take part. */
bool contact_participant_set(struct entity_ctx *ctx, int64_t activity_id, int64_t member_id,
                             const char *attendance);

/* Changes a participant under the activity's row lock: {"attendance", "people_reached": the
** member's share (an integer; null: shared out again)}, at least one. A share by hand is for a
** present participant; the shares by hand may not exceed the activity's figure, and when every
** present participant's share is by hand they must add up to it (422 naming the figure). Then
** the rest is shared out (contact_activity_reshare), with an audit entry and the points. */
bool contact_participant_update(struct entity_ctx *ctx, int64_t activity_id, int64_t member_id,
                                json_t *in);

/* Removes a participant; 404 when the member does not take part. */
bool contact_participant_remove(struct entity_ctx *ctx, int64_t activity_id, int64_t member_id);

/* {"items": [{id, kind, target_id, title (null when the caller may not read the target), note,
** created_by, created_at}]}. */
json_t *contact_links(struct entity_ctx *ctx, int64_t activity_id);

/* Links an activity to an outcome: kind proposal|report|speech, target_id of a record of that
** kind the caller may read (entity/record_ref.h), note. Returns the link id, or 0 with ctx->err
** (409 duplicate). */
int64_t contact_link_add(struct entity_ctx *ctx, int64_t activity_id, json_t *in);

/* The way back from an outcome (struct record_referrer of entity/record_ref.h): appends to out
** the activities linked to record id of kind (proposal, report, speech) that the caller may see,
** each {"kind": "activity", "id", "title", "activity_kind", "activity_kind_label", "at", "note"}
** in time order. */
void contact_activity_referrers(struct entity_ctx *ctx, const char *kind, int64_t id, json_t *out);

/* Removes link link_id of the activity; 404 when there is none. */
bool contact_link_remove(struct entity_ctx *ctx, int64_t activity_id, int64_t link_id);

/* ---- weekly coordination (contact_clash.c) ------------------------------------------------ */

/* The length assumed for an activity without an end time (or one ending when it starts). */
#define CONTACT_DEFAULT_MINUTES 120

/* An activity to check for clashes: a new one (exclude_id 0) or one being moved. */
struct contact_clash_probe {
  int64_t exclude_id;        /* the activity itself, never its own clash */
  int64_t unit_id;           /* its grassroots unit; 0: none, no place clashes */
  int64_t starts_at;         /* UTC seconds; 0: no check at all */
  int64_t ends_at;           /* 0: starts_at + CONTACT_DEFAULT_MINUTES */
  const int64_t *member_ids; /* members taking part */
  int nmembers;
};

/* The clashes of a probe: an array of {"reason": "same_unit" | "same_township" |
** "member_busy", "activity": {id, title, kind, status, starts_at, ends_at, committee_id,
** committee_name, unit_name, township}, and for member_busy "member_id", "member_name"}, at
** most 50. The rules are at the top of contact_clash.c. */
json_t *contact_clash_list(struct entity_ctx *ctx, const struct contact_clash_probe *p);

/* {"week_starts_at", "week_ends_at", "clashes": contact_clash_list} for the clash check. */
json_t *contact_clash_check(struct entity_ctx *ctx, const struct contact_clash_probe *p);

/* The clashes of stored activity id with its unit, times and present participants (an empty
** array for a cancelled one). */
json_t *contact_activity_clashes(struct entity_ctx *ctx, int64_t id);

/* The calendar of a committee subtree (0: the caller's) from from to to (UTC seconds, 1 to 62
** days; a member account: its own activities): {"committee_id", "from", "to", "items":
** [{id, kind, title, status, committee_id, committee_name, organiser_kind, organiser_id,
** organiser_name, grassroots_unit_id, unit_name, township, starts_at, ends_at,
** participant_count, clash_ids}] in time order, "truncated"} — at most 2,000 items; clash_ids
** names the items of the calendar each one clashes with. NULL with ctx->err. */
json_t *contact_calendar(struct entity_ctx *ctx, int64_t committee_id, int64_t from, int64_t to);

/* ---- requests from the masses -------------------------------------------------------------- */

/* The state machine of a request: the status that action ("start", "resolve", "transfer",
** "answer") leads to from status, or NULL when the action is not allowed there.
**   accepted --start--> in_progress
**   in_progress --resolve--> resolved
**   accepted | in_progress --transfer--> transferred   (handed to the responsible department)
**   accepted | in_progress --answer--> answered       (explained; nothing to be done)
** resolved, transferred and answered are final. */
const char *contact_request_next(const char *status, const char *action);

/* The states and the categories of a request, with their labels. */
extern const struct label contact_request_states[], contact_request_categories[];

/* 改期: moves a planned activity that has not begun to {starts_at, ends_at?} (the fields of a
** PATCH, its checks and audit entry), under the row's write lock. 409 wrong_state when it was
** held (done), cancelled or its start has passed; 422 for other fields or bad times. */
bool contact_activity_reschedule(struct entity_ctx *ctx, int64_t id, json_t *in);

/* The year's verdict of a member's compliance (label table "compliance.year_status"): "met" when
** every quarter met its minimum and the people reached the year's; "short" when the year is over
** without it, or a quarter that is over fell short (final); else "behind" the pace pro-rated to
** the quarter judged, or "on_pace". *met is the verdict so far a person reads first (我的履职要求,
** the console): every quarter from the first to the one judged that has begun met its minimum,
** and the people are not behind the pace (at the end of the year: reached the year's minimum);
** the item's "met_so_far".
** acts: activities of each quarter; qs: the starts of the four quarters and of the next year. */
const char *contact_compliance_verdict(const int64_t acts[4], int64_t people, int64_t qmin,
                                       int64_t ymin, const int64_t qs[5], int64_t now, int quarter,
                                       bool *met);
extern const struct label contact_year_statuses[];

/* The life of a request: start, resolve, transfer, answer (contact_request.c). */
extern const struct flow contact_request_flow;

/* ---- staff checks of self-logged activities (contact_check.c) ------------------------------- */

/* The check of an activity a member logged itself: approve, return, resubmit (the states
** contact_check_states: pending, approved, returned). */
extern const struct flow contact_check_flow;
extern const struct label contact_check_states[];

/* Opens the check of activity_id (pending) when its committee's contact.check_self_logged is
** on; nothing when off. Inside the caller's transaction, before the activity's points_sync.
** False on a database error. */
bool contact_check_open(struct entity_ctx *ctx, int64_t activity_id);

/* Takes action (approve, return {note}, resubmit) on the check of activity_id through
** contact_check_flow: 404 without a check, 409 wrong_state, 403, 422. */
bool contact_check_step(struct entity_ctx *ctx, int64_t activity_id, const char *action,
                        json_t *in);

/* {"status", "status_label", "note", "actions" (with_actions)} of the check of activity_id, or
** JSON null when it has none. */
json_t *contact_check_json(struct entity_ctx *ctx, int64_t activity_id, bool with_actions);

/* The checks of a committee subtree (0: the caller's) in status, by activity id after after_id:
** {"items": [{id (the activity's), status, status_label, note, title, kind, starts_at,
** people_reached, logged_by, committee_name}], "next_cursor"}. NULL with ctx->err (403). */
json_t *contact_checks(struct entity_ctx *ctx, int64_t committee_id, const char *status,
                       int64_t after_id, int limit);

/* Whether the caller may see request id: in scope, and for a member account only when the
** member took it or the account recorded it. */
bool contact_request_visible(struct entity_ctx *ctx, int64_t id);

/* Applies action (start, resolve, transfer, answer) to request id through its workflow
** (contact_request_flow): checks the state under the row's lock (409 wrong_state), needs a
** resolution text for resolve, transfer and answer (422), sets closed_at when the new state is
** final, and writes an audit entry with the record before and after. */
bool contact_request_act(struct entity_ctx *ctx, int64_t id, const char *action,
                         const char *resolution);

/* The same with the action's JSON body ({"resolution"}; NULL: {}), as the route sends it. */
bool contact_request_step(struct entity_ctx *ctx, int64_t id, const char *action, json_t *in);

/* Adds to q the condition of the requests that are overdue for the caller: still open (accepted
** or in progress) and accepted (or, without a time of acceptance, entered) more than
** contact.request_days ago, the setting in force at the caller's committee (contact_settings_at).
** Returns that number of days. */
int64_t contact_request_overdue(struct entity_ctx *ctx, struct entity_query *q);

/* Request id as JSON with the "actions" the caller may take now; NULL with 404. */
json_t *contact_request_detail(struct entity_ctx *ctx, int64_t id);

/* ---- quotas ------------------------------------------------------------------------------- */

/* A compliance query. year and quarter are reckoned in China Standard Time. */
struct contact_compliance_query {
  int64_t committee_id; /* the subtree; 0: the caller's committee */
  int64_t member_id;    /* only this member, whatever its status (0: every active member) */
  int64_t group_id;     /* only the members of this activity group (0: all) */
  bool no_units;        /* only the members linked to no grassroots unit */
  int year;             /* e.g. 2026 */
  int quarter;          /* 1..4, the quarter judged by quarter_met */
  int64_t after_id;     /* cursor: members with a larger id */
  int limit;            /* 1..500 */
  bool short_only;      /* only the members that are not on track (on_track false) */
  bool to_remind;       /* only the reminders to send: the members not on track (short_only)
                        ** with an account in use and no reminder for year and quarter */
};

/* Compliance of the active members of a committee subtree (a member account: itself only),
** by the rules at the top of contact_compliance.c: each quarter judged by its own minimum of
** activities, the year by its minimum of people reached at its end, with a pro-rated
** expectation by the judged quarter's end as a hint.
** {"committee_id", "year", "quarter", "quarter_starts_at", "quarter_ends_at" (exclusive),
** "year_ended", "items": [{member_id, name, committee_id, committee_name, units, quarters: [4],
** activities, people_reached, quarter_min, year_min, quarter_met, activities_short, year_met,
** people_short, year_expected, year_behind, on_track, quarters_met, met_so_far, year_status}],
** "next_cursor", "total" (the length of the list: with short_only or to_remind the members not
** on track, contact_compliance_short_count), "examined" (the members examined), "short",
** "no_units", "to_remind"}. Three grouped queries a batch of members; with short_only, batches
** of 500 are read until the page holds limit members not on track. NULL with ctx->err (422, 403
** out of scope). */
json_t *contact_compliance(struct entity_ctx *ctx, const struct contact_compliance_query *q);

/* The total of contact_compliance(ctx, q) with short_only (whatever q->short_only; the other
** fields as given, limit and after_id aside): the members of the
** list not on track by the list's own rule, counted in two grouped statements whatever the
** size of the subtree (the workbench's count). -1 with ctx->err. */
int64_t contact_compliance_short_count(struct entity_ctx *ctx,
                                       const struct contact_compliance_query *q);

/* ---- roll-ups (contact_rollup.c) ---------------------------------------------------------- */

/* The statistics of a committee subtree (0: the caller's) for a quarter (1..4) or the whole
** year (quarter 0), level by level: {"committee_id", "committee_name", "year", "quarter",
** "from", "to", "activities_by_kind": {kind: n}, "rows": [the whole subtree (scope "total"),
** the committee's own records ("own"), then each child committee with all below it ("child")]}.
** A row: {committee_id, name, level, scope, members, members_active, members_met, activities,
** participations, people_reached, requests_total, requests_solved,
** requests_solved_by_category: {category: n}, requests_avg_days, stations,
** stations_certified, studios, studios_certified, reception_days}. The counting rules are at
** the top of contact_rollup.c. NULL with ctx->err (422; 403 out of scope or a member account). */
json_t *contact_rollup(struct entity_ctx *ctx, int64_t committee_id, int year, int quarter);

/* The checks of contact_rollup alone (year, quarter, a member account, the committee's scope),
** without counting: the subtree's path (arena), with *committee_id set (0: the caller's), or NULL
** with ctx->err as contact_rollup. */
const char *contact_rollup_check(struct entity_ctx *ctx, int64_t *committee_id, int year,
                                 int quarter);

/* Appends the roll-up as an XLSX workbook (one sheet, Chinese headers) to out. */
bool contact_rollup_xlsx(struct entity_ctx *ctx, const json_t *rollup, struct buf *out);

/* ---- reminders (contact_remind.c) ---------------------------------------------------------- */

/* Queues one "compliance_remind" job for the committees whose reminder window (remind_days
** before the end of the quarter holding now) is open and which have none for that quarter yet;
** the claim is a row per committee and quarter, so a second call (or node) queues nothing.
** Returns the job id, or 0 when none was due. */
int64_t contact_remind_due(struct db *db, int64_t now);

#endif
