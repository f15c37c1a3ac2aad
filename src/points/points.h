/* src/points/points.h: duty points (履职积分), ranking, assessment and the duty file.
**
** Rule sets (积分规则) belong to a committee and a year and are versioned: an edit is a new
** version, the newest is in force for the committee's subtree (a committee without one takes
** its nearest ancestor's; with none at all the example rule set of DOMAIN.md is stored at the
** root for that year). Points are integer tenths.
**
** The ledger (points_ledger) has one entry per fact that can earn points: a member's
** participation in an activity, a proposal submitted / filed / key / good (first proposer and
** co-signers apart), a meeting attendance or speech (duty_records), a social-conditions report.
** Each entry names its source record, the event, the rule applied, the rule set version and
** the points after caps. Modules tell the ledger that a record changed through one function,
** points_sync(); the ledger derives the record's events from it (points_sources.c) and scores
** the members concerned again. A recompute (a job) derives and scores a whole year for a
** committee subtree; scoring depends only on the events and the rule set, so it gives the
** same ledger however often it runs. */
#ifndef LVZHI_POINTS_H
#define LVZHI_POINTS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "base/label.h"
#include "base/page.h"

struct db;
struct entity_ctx;
struct arena;
struct buf;
struct entity;

/* ---- the enums' label tables (base/label.h) ---------------------------------------------- */

/* The kinds of duty record: plenary, standing, meeting (attendance), speech_plenary, speech. */
extern const struct label points_record_kinds[];

/* Attendance at a meeting or an activity: present, excused, absent (duty records and the
** contact module's activity participants). */
extern const struct label points_attendances[];

/* ---- the event catalogue ------------------------------------------------------------------ */

/* One kind of event a rule can score. */
struct points_event_kind {
  const char *key;      /* "plenary.present" */
  const char *category; /* meeting, activity, proposal, report, speech */
  const char *zh, *en;
  int dflt;     /* points of the example rule set, tenths */
  int dflt_cap; /* yearly cap of the example rule set, tenths (0: none) */
};

/* The catalogue, in display order; *n receives its length. */
const struct points_event_kind *points_events(int *n);

/* The index of event key in the catalogue, or -1. */
int points_event_index(const char *key);

/* The categories and their Chinese names, NULL-terminated pairs {key, zh, en}. */
extern const char *const points_categories[][3];

/* ---- rule sets ----------------------------------------------------------------------------- */

#define POINTS_MAX_GRADES      6
#define POINTS_MAX_HONOURS     6
#define POINTS_MAX_CHECKPOINTS 6
#define POINTS_MAX_CATEGORIES  8

struct points_grade {
  char key[24];
  char zh[24];
  int min; /* lowest score of the grade, tenths */
};

struct points_honour {
  char key[24], name[48];
  int count;     /* at most this many (0: by percent) */
  int percent;   /* at most this share of the scope, % (0: by count) */
  int min_score; /* tenths */
  bool no_plenary_absence;
  int min_proposals_filed;
};

/* A parsed rule set. */
struct points_rules {
  int64_t id, committee_id;
  int year, version;
  char name[128];
  int full_marks, pass; /* tenths */
  int att_num, att_den; /* attending under num/den of a meeting counts as absent */
  int year_cap;         /* tenths, 0: none */
  int *points, *caps;   /* per catalogue event, tenths (caps 0: none) */
  int category_caps[POINTS_MAX_CATEGORIES]; /* per points_categories entry, tenths, 0: none */
  struct points_grade grades[POINTS_MAX_GRADES];
  int ngrades;                      /* ordered by min, highest first; the last has min 0 */
  int bottom_count, bottom_percent; /* the bottom of the ranking that is reminded */
  char checkpoints[POINTS_MAX_CHECKPOINTS][6]; /* "MM-DD" */
  int ncheckpoints;
  int talk_below;              /* tenths: a talk with the sector convener below this */
  int resign_low_years;        /* below pass this many years running: asked to resign */
  int resign_plenary_absences; /* plenary absences in a term: asked to resign */
  int term_start_year;         /* the first year of the term (届) the rule set's year is in */
  char term_name[64]; /* the term's name ("第十三届"), or its years ("2023–2027年") */
  struct points_honour honours[POINTS_MAX_HONOURS];
  int nhonours;
};

/* A term (届) lasts five years. */
#define POINTS_TERM_YEARS 5

/* The first year of the default term containing year: five-year terms anchored on 2023
** (2018–2022, 2023–2027, 2028–2032, …). */
int points_term_start(int year);

/* The example rule set of DOMAIN.md as JSON for year (a new reference): its term is the default
** term containing year, named by its years. */
json_t *points_default_rules_json(int year);

/* Parses and validates rule-set JSON (the body of a rule set, for the year r->year) into r,
** allocating in arena. The term: "term": {"name"?, "start_year", "end_year"?} (a term is five
** years: end_year, when given, is start_year + 4; the name defaults to the years); when absent,
** flags.term_start_year as before, else the default term containing the year. The year must
** fall inside the term. Returns false with ctx->err (422 naming the first bad member: e.g.
** term.start_year when the year lies outside the term) on bad input. */
bool points_rules_parse(struct entity_ctx *ctx, json_t *body, struct points_rules *r);

/* The body of r as JSON (points as numbers with one decimal). */
json_t *points_rules_json(const struct points_rules *r);

/* The rule set in force for the committee whose path is path in year: the newest version of
** the nearest committee on the path that has one; when none does, the example rule set is
** stored for the root committee of the path and returned. false on a database error. */
bool points_rules_for(struct entity_ctx *ctx, const char *path, int year, struct points_rules *r);

/* Loads rule set id (any version). false with ctx->err 404. */
bool points_rules_load(struct entity_ctx *ctx, int64_t id, struct points_rules *r);

/* {"items": [{id, committee_id, committee_name, year, version, name, note, created_at,
** created_by_name, current}]} of the committee subtree (committee_id 0: the caller's) and
** year (0: all), newest first. NULL with ctx->err. */
json_t *points_rule_sets(struct entity_ctx *ctx, int64_t committee_id, int year);

/* A rule set as the API shows it: its fields and "rules" (the body). */
json_t *points_rule_set_json(struct entity_ctx *ctx, const struct points_rules *r);

/* Stores in (committee_id, year, name, note, and the body members) as the next version for
** the committee and year, with an audit entry. Returns the new id, or 0 with ctx->err. */
int64_t points_rule_set_save(struct entity_ctx *ctx, json_t *in);

/* Whether the caller may see rule set id (its committee is in scope, or above the caller's:
** a rule set in force there). */
bool points_rule_set_visible(struct entity_ctx *ctx, int64_t id);

/* ---- the ledger ----------------------------------------------------------------------------- */

/* Tells the ledger that source record id of kind ("activity", "proposal", "duty_record",
** "report") was written or deleted: its events are derived again, entries no longer true
** removed, and every member-year touched scored again. Call it inside the writing
** transaction. Returns false on a database error. */
bool points_sync(struct db *db, const char *kind, int64_t id);

/* Derives and scores year for the members of the committee subtree at path, bringing their
** ledger and totals for the year to the result (only what differs is written); progress (done,
*total) through on_progress when not NULL.
** Returns the number of entries written, or -1 with *err (static Chinese). */
int64_t points_recompute(struct db *db, const char *path, int year,
                         void (*on_progress)(void *arg, int64_t done, int64_t total), void *arg,
                         const char **err);

/* What a recompute wrote: ledger entries inserted, updated in place and deleted, and totals
** inserted or changed. A recompute compares what it computes with what is stored and writes only
** the differences (nothing when nothing changed). */
struct points_written {
  int64_t inserted, updated, deleted, totals;
};

/* points_recompute, saying in *w what it wrote. */
int64_t points_recompute_written(struct db *db, const char *path, int year,
                                 void (*on_progress)(void *arg, int64_t done, int64_t total),
                                 void *arg, const char **err, struct points_written *w);

/* Queues the recompute job for a committee subtree and year; returns the job id (0 on error). */
int64_t points_recompute_enqueue(struct db *db, int64_t committee_id, int year, int64_t user_id);

/* A member's ledger for a year: {"member_id", "year", "total", "score", "grade",
** "rule_set": {id, version, name}, "by_category": [{category, label, points, cap}],
** "items": [{id, event, label, category, rule, source_kind, source_id, source_title,
** occurred_at, raw, points, note, rule_set_id, rule_set_version}]}. */
json_t *points_member_ledger(struct entity_ctx *ctx, int64_t member_id, int year);

/* The member's total (tenths) for a year; 0 without entries. */
int64_t points_total(struct db *db, int64_t member_id, int year);

/* The grade key and label for score (tenths) under r. */
const struct points_grade *points_grade_of(const struct points_rules *r, int64_t score);

/* ---- ranking, assessment, statistics ------------------------------------------------------ */

/* A scope of members to rank among. */
struct points_scope {
  int64_t committee_id; /* subtree; 0: the caller's committee */
  int64_t sector_id, group_id;
  int year;
};

/* The ranking: {"year", "committee_id", "of", "items": [{rank, member_id, name,
** committee_name, sector_name, group_name, total, score, grade, grade_label, percentile}],
** "offset", "limit", "bottom": {count, from_rank}}; bottom=true lists only the bottom. o (may be
** NULL: by rank) sorts by one of points_ranking_sorts. */
json_t *points_ranking(struct entity_ctx *ctx, const struct points_scope *s,
                       const struct page_order *o, int offset, int limit, bool bottom);

/* The member's standing, one rule for every page that says it (label table "points.standing"):
** "short" below the pass score (还需努力), else "top" when no grade is above its grade
** (已是最高等次), else "next" (争取更高等次). */
const char *points_standing(int64_t score, int64_t pass, bool top);
extern const struct label points_standings[];

/* The ranking's ?sort= keys: rank (best first; -rank from the bottom), name. */
extern const struct page_sort points_ranking_sorts[];

/* One member's place: {"member_id", "year", "total", "score", "grade", "rank", "of",
** "percentile", "top_percent", "in_bottom"} within scope kind "committee" (the member's own
** committee), "root" (the whole tree the caller sees), "sector" or "group". */
json_t *points_member_rank(struct entity_ctx *ctx, int64_t member_id, int year, const char *scope);

/* The assessment of a year: {"year", "summary": {grade: n}, "items": [{member_id, name,
** committee_name, sector_name, total, score, grade, grade_label, flags: [talk | resign_low |
** resign_absences], low_years, plenary_absences}], "next_offset"}. grade and flag filter. */
json_t *points_assessment(struct entity_ctx *ctx, const struct points_scope *s, const char *grade,
                          const char *flag, int offset, int limit);

/* Candidates for an honour of the rule set ({honour, name, items: [{member_id, name, total,
** score, proposals_filed, plenary_absences, decision, note}]}). 422 on an unknown honour. */
json_t *points_candidates(struct entity_ctx *ctx, const struct points_scope *s, const char *honour);

/* Records staff's decision on a candidate: {member_id, year, honour, decision
** (selected|declined, or none to take a decision back), note}. false with ctx->err. */
bool points_decide(struct entity_ctx *ctx, json_t *in);

/* The dashboard: distribution of scores, grades by sector and by group, participations per
** member. */
json_t *points_stats(struct entity_ctx *ctx, const struct points_scope *s);

/* The member's own page: total, rank, grade, what is still needed this quarter and year. */
json_t *points_mine(struct entity_ctx *ctx, int year);

/* Queues the reminder of the bottom of the ranking for a committee subtree and year (staff);
** the job id, or 0 with ctx->err. */
int64_t points_remind_enqueue(struct entity_ctx *ctx, int64_t committee_id, int year);

/* ---- duty file and self-report ------------------------------------------------------------ */

/* The duty file of a member for year (or the years from..to of a term): member, summary,
** activities, proposals, reports, meetings and speeches, points with their sources, the
** self-report. NULL with ctx->err. */
json_t *points_duty_file(struct entity_ctx *ctx, int64_t member_id, int from, int to);

/* The duty file (of points_duty_file) as a PDF with the committee's heading, or as an XLSX
** workbook, appended to out. false with ctx->err. */
bool points_duty_file_pdf(struct entity_ctx *ctx, json_t *file, struct buf *out);
bool points_duty_file_xlsx(struct entity_ctx *ctx, json_t *file, struct buf *out);

/* The member's self-report (述职) for a year: the stored one, or a draft made from the records
** ({member_id, year, body, status: new|draft|submitted, submitted_at, updated_at}). */
json_t *points_self_report(struct entity_ctx *ctx, int64_t member_id, int year);

/* Saves the member's draft ({year, body}); submit=true submits it (then it is kept as it is).
** Only the member's own account writes it; 409 once submitted. */
bool points_self_report_save(struct entity_ctx *ctx, int64_t member_id, json_t *in, bool submit);

/* Duty records (meetings attended, speeches): the entity of /api/v1/points/records. */
extern const struct entity duty_record_entity;

/* Whether the caller may see duty record id (in scope; a member account: its own). */
bool points_record_visible(struct entity_ctx *ctx, int64_t id);

/* Whether duty record id is a speech (at the plenary or another meeting) the user may read: the
** record an activity's outcome of kind "speech" refers to. */
bool points_speech_visible(struct entity_ctx *ctx, int64_t id);

/* Deletes duty record id and takes its entries out of the ledger, in one transaction. */
bool points_record_delete(struct entity_ctx *ctx, int64_t id);

#endif
