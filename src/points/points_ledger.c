/* src/points/points_ledger.c: scoring events under a rule set, the ledger and the totals,
** kept current record by record (points_sync) or rebuilt for a year (points_recompute and its
** job).
**
** Scoring a member's year: events in the order of pevent_cmp; a meeting attended for less than
** the rule set's fraction (2/3) counts under the ".absent" rule; a positive value is cut to
** what is left under the rule's yearly cap, its category's and the year's; deductions are
** never cut. The total is the sum. Nothing else enters, so the same events under the same
** rule set always give the same ledger. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "db/batch.h"
#include "db/db.h"
#include "entity/entity.h"
#include "job/job.h"
#include "points_int.h"

int pevent_cmp(const void *pa, const void *pb) {
  const struct pevent *a = pa, *b = pb;
  if (a->member_id != b->member_id) return a->member_id < b->member_id ? -1 : 1;
  if (a->year != b->year) return a->year < b->year ? -1 : 1;
  if (a->occurred_at != b->occurred_at) return a->occurred_at < b->occurred_at ? -1 : 1;
  if (a->ev != b->ev) return a->ev < b->ev ? -1 : 1;
  int k = strcmp(a->source_kind, b->source_kind);
  if (k) return k;
  return a->source_id < b->source_id ? -1 : a->source_id > b->source_id;
}

static int category_of(int ev) {
  int n;
  const struct points_event_kind *cat = points_events(&n);
  for (int i = 0; points_categories[i][0]; i++)
    if (!strcmp(points_categories[i][0], cat[ev].category)) return i;
  return 0;
}

/* The ".absent" rule of a meeting event's kind ("plenary.present" → "plenary.absent"). */
static int absent_rule(int ev) {
  int n;
  const struct points_event_kind *cat = points_events(&n);
  char key[48];
  const char *dot = strchr(cat[ev].key, '.');
  snprintf(key, sizeof key, "%.*s.absent", (int)(dot - cat[ev].key), cat[ev].key);
  int k = points_event_index(key);
  return k >= 0 ? k : ev;
}

int64_t points_score(const struct points_rules *r, const struct pevent *ev, size_t n,
                     struct pscored *out) {
  int nev;
  points_events(&nev);
  int *used_rule = calloc((size_t)nev, sizeof(int));
  int used_cat[POINTS_MAX_CATEGORIES] = {0};
  int64_t used_year = 0, total = 0;
  for (size_t i = 0; i < n; i++) {
    struct pscored *s = &out[i];
    int k = ev[i].ev;
    s->note = "";
    if (ev[i].den > 0 && ev[i].num >= 0 && strstr(points_events(&nev)[k].key, ".present") &&
        (int64_t)ev[i].num * r->att_den < (int64_t)ev[i].den * r->att_num) {
      k = absent_rule(k);
      s->note = "出席时间不足规定比例，按缺席计";
    }
    s->rule = k;
    s->raw = r->points[k];
    int p = s->raw, c = category_of(k);
    if (p > 0) {
      if (r->caps[k] && p > r->caps[k] - used_rule[k])
        p = r->caps[k] - used_rule[k], s->note = "已达该项年度上限";
      if (r->category_caps[c] && p > r->category_caps[c] - used_cat[c])
        p = r->category_caps[c] - used_cat[c], s->note = "已达该类年度上限";
      if (r->year_cap && p > r->year_cap - used_year)
        p = (int)(r->year_cap - used_year), s->note = "已达年度总分上限";
      if (p < 0) p = 0;
      used_rule[k] += p;
      used_cat[c] += p;
      used_year += p;
    }
    s->points = p;
    total += p;
  }
  free(used_rule);
  return total;
}

/* ---- writing -------------------------------------------------------------------------------- */

static _Atomic int64_t ledger_writes;

int64_t points_writes(void) { return ledger_writes; }

#define LEDGER_INSERT                                                                              \
  "INSERT INTO points_ledger (member_id, year, event, rule, source_kind, source_id, occurred_at,"  \
  " num, den, rule_set_id, raw, points, note) VALUES "

static void ledger_row(struct db_batch *b, const struct pevent *e, const struct pscored *s,
                       int64_t rule_set) {
  int n;
  const struct points_event_kind *cat = points_events(&n);
  struct db_value *v = db_batch_row(b);
  db_val_int(&v[0], e->member_id);
  db_val_int(&v[1], e->year);
  db_val_text(&v[2], cat[e->ev].key);
  db_val_text(&v[3], cat[s->rule].key);
  db_val_text(&v[4], e->source_kind);
  db_val_int(&v[5], e->source_id);
  db_val_int(&v[6], e->occurred_at);
  if (e->den >= 0)
    db_val_int(&v[7], e->num), db_val_int(&v[8], e->den);
  else
    db_val_ref(&v[7], 0), db_val_ref(&v[8], 0);
  db_val_ref(&v[9], rule_set);
  db_val_int(&v[10], s->raw);
  db_val_int(&v[11], s->points);
  db_val_text(&v[12], s->note);
}

/* A digest of a member-year's ledger entries as ledger_row writes them (FNV-1a, 64 bits), kept
** beside the total (points_totals.ledger_digest) by every path that writes the ledger, so that
** a recompute reads the stored entries only of the members whose digest differs. */
static void digest_bytes(uint64_t *h, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) *h = (*h ^ b[i]) * UINT64_C(1099511628211);
}

static void digest_int(uint64_t *h, int64_t v) { digest_bytes(h, &v, sizeof v); }

static void digest_text(uint64_t *h, const char *s) { digest_bytes(h, s, strlen(s) + 1); }

static int64_t ledger_digest(const struct pevent *e, const struct pscored *sc, size_t n,
                             int64_t rule_set) {
  int nev;
  const struct points_event_kind *cat = points_events(&nev);
  uint64_t h = UINT64_C(14695981039346656037);
  digest_int(&h, (int64_t)n);
  digest_int(&h, rule_set);
  for (size_t k = 0; k < n; k++) {
    digest_text(&h, cat[e[k].ev].key);
    digest_text(&h, cat[sc[k].rule].key);
    digest_text(&h, e[k].source_kind);
    digest_int(&h, e[k].source_id);
    digest_int(&h, e[k].occurred_at);
    digest_int(&h, e[k].den >= 0 ? e[k].num : INT64_MIN);
    digest_int(&h, e[k].den >= 0 ? e[k].den : INT64_MIN);
    digest_int(&h, sc[k].raw);
    digest_int(&h, sc[k].points);
    digest_text(&h, sc[k].note);
  }
  return (int64_t)h;
}

/* Scores one member-year's events (sorted) and writes its ledger entries and total in place
** of what was there. */
static bool write_member_year(struct db *db, const struct points_rules *r, int64_t member, int year,
                              const struct pevent *ev, size_t n) {
  struct pscored *sc = calloc(n ? n : 1, sizeof *sc);
  int64_t total = points_score(r, ev, n, sc), digest = ledger_digest(ev, sc, n, r->id);
  ledger_writes++;
  bool ok = db_exec(db, "DELETE FROM points_ledger WHERE member_id = ? AND year = ?", "ii", member,
                    (int64_t)year) == DB_DONE;
  if (ok && n) {
    struct db_batch b;
    db_batch_init(&b, db, LEDGER_INSERT, 13, "积分明细");
    for (size_t i = 0; i < n; i++) ledger_row(&b, &ev[i], &sc[i], r->id);
    ok = db_batch_end(&b);
  }
  free(sc);
  if (!ok) return false;
  int64_t now = time_now();
  return db_exec(db,
                 "INSERT INTO points_totals (member_id, year, total, rule_set_id, updated_at,"
                 " ledger_digest) VALUES (?, ?, ?, ?, ?, ?)"
                 " ON CONFLICT (member_id, year) DO UPDATE SET total = excluded.total,"
                 " rule_set_id = excluded.rule_set_id, updated_at = excluded.updated_at,"
                 " ledger_digest = excluded.ledger_digest",
                 "iiiIii", member, (int64_t)year, total, r->id, now, digest) == DB_DONE;
}

/* The committee path of a member (arena), or NULL. */
static const char *member_path(struct entity_ctx *ctx, int64_t member) {
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT c.path FROM members m JOIN committees c ON c.id = m.committee_id WHERE m.id = ?", "i",
      member);
  const char *p = db_step(st) == DB_ROW ? arena_strdup(ctx->arena, db_col_text(st, 0)) : NULL;
  db_done(st);
  return p;
}

/* The ledger's events of a member-year, except those of one source. */
static bool stored_events(struct db *db, int64_t member, int year, const char *skip_kind,
                          int64_t skip_id, struct pevents *out) {
  struct db_stmt *st =
      db_query(db,
               "SELECT event, source_kind, source_id, occurred_at, num, den FROM points_ledger"
               " WHERE member_id = ? AND year = ? AND NOT (source_kind = ? AND source_id = ?)",
               "iiti", member, (int64_t)year, skip_kind, skip_id);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const char *k = db_col_text(st, 1);
    struct pevent e = {.member_id = member,
                       .year = year,
                       .ev = points_event_index(db_col_text(st, 0)),
                       .source_kind = !strcmp(k, "activity")   ? "activity"
                                      : !strcmp(k, "proposal") ? "proposal"
                                      : !strcmp(k, "report")   ? "report"
                                      : !strcmp(k, "meeting")  ? "meeting"
                                                               : "duty_record",
                       .source_id = db_col_int(st, 2),
                       .occurred_at = db_col_int(st, 3),
                       .num = db_col_null(st, 4) ? -1 : (int)db_col_int(st, 4),
                       .den = db_col_null(st, 5) ? -1 : (int)db_col_int(st, 5)};
    if (e.ev >= 0) pevents_add(out, &e);
  }
  db_done(st);
  return rc == DB_DONE;
}

bool points_sync(struct db *db, const char *kind, int64_t id) {
  struct arena a;
  arena_init(&a);
  struct entity_ctx ctx = {.db = db, .arena = &a};
  struct pevents derived = {0};
  bool ok = points_derive_one(db, kind, id, &derived);
  /* the member-years touched: those the record had entries in, and those it has now */
  struct pair {
    int64_t member;
    int year;
  } *pairs = NULL;
  size_t np = 0, cap = 0;
  struct db_stmt *st = db_query(
      db,
      "SELECT DISTINCT member_id, year FROM points_ledger WHERE source_kind = ? AND source_id = ?",
      "ti", kind, id);
  while (ok && db_step(st) == DB_ROW) {
    if (np == cap) pairs = mem_realloc(pairs, (cap = cap ? cap * 2 : 8) * sizeof *pairs);
    pairs[np++] = (struct pair){db_col_int(st, 0), (int)db_col_int(st, 1)};
  }
  db_done(st);
  for (size_t i = 0; i < derived.n; i++) {
    bool seen = false;
    for (size_t j = 0; j < np && !seen; j++)
      seen = pairs[j].member == derived.v[i].member_id && pairs[j].year == derived.v[i].year;
    if (seen) continue;
    if (np == cap) pairs = mem_realloc(pairs, (cap = cap ? cap * 2 : 8) * sizeof *pairs);
    pairs[np++] = (struct pair){derived.v[i].member_id, derived.v[i].year};
  }
  for (size_t i = 0; ok && i < np; i++) {
    struct pevents evs = {0};
    ok = stored_events(db, pairs[i].member, pairs[i].year, kind, id, &evs);
    for (size_t j = 0; j < derived.n; j++)
      if (derived.v[j].member_id == pairs[i].member && derived.v[j].year == pairs[i].year)
        pevents_add(&evs, &derived.v[j]);
    const char *path = member_path(&ctx, pairs[i].member);
    struct points_rules r;
    if (ok && path && points_rules_for(&ctx, path, pairs[i].year, &r)) {
      if (evs.n) qsort(evs.v, evs.n, sizeof *evs.v, pevent_cmp);
      ok = write_member_year(db, &r, pairs[i].member, pairs[i].year, evs.v, evs.n);
    } else if (path) {
      ok = false;
    }
    pevents_free(&evs);
  }
  if (!ok) log_error("积分同步失败：%s %lld：%s", kind, (long long)id, db_errmsg(db));
  free(pairs);
  pevents_free(&derived);
  arena_free(&a);
  return ok;
}

/* ---- recompute ------------------------------------------------------------------------------ */

/* A committee's rule set, cached for a recompute. */
struct rules_cache {
  char path[128];
  struct points_rules r;
};

/* A stored ledger entry, as a recompute compares it with the computed one. */
struct lstored {
  int64_t id, source_id, occurred_at, rule_set_id; /* rule_set_id 0: NULL */
  int num, den;                                    /* -1: NULL */
  int raw, points;
  const char *event, *rule, *kind, *note; /* in the recompute's arena */
};

/* A stored total. */
struct tstored {
  int64_t member_id, total, rule_set_id, digest;
  bool has_digest;
};

#define RECOMPUTE_WORDS 512

/* Rows of an UPDATE by many rows at once, on either engine:
**   WITH v(a, b, ...) AS (VALUES (CAST(? AS BIGINT), CAST(? AS TEXT), ...), (?, ?, ...), ...)
**   UPDATE t SET ... FROM v WHERE ...
** (the first row's casts give PostgreSQL the columns' types). One statement per 960 values
** rather than one per row: a recompute that changes every entry updates 789,000 of them. */
struct upd_batch {
  struct db *db;
  const char *cols;         /* "id, rule, ..." */
  const char *const *types; /* the SQL type of each column: "BIGINT", "TEXT" */
  const char *tail;         /* " UPDATE t SET ... FROM v WHERE ..." */
  int ncols, rows;
  struct db_value v[DB_BATCH_VALUES];
  bool failed;
};

static bool upd_flush(struct upd_batch *b) {
  if (!b->rows || b->failed) return !b->failed;
  struct buf sql = {0};
  buf_printf(&sql, "WITH v(%s) AS (VALUES ", b->cols);
  for (int r = 0; r < b->rows; r++) {
    buf_puts(&sql, r ? ", (" : "(");
    for (int c = 0; c < b->ncols; c++) {
      if (c) buf_puts(&sql, ", ");
      if (r)
        buf_puts(&sql, "?");
      else
        buf_printf(&sql, "CAST(? AS %s)", b->types[c]);
    }
    buf_puts(&sql, ")");
  }
  buf_printf(&sql, ")%s", b->tail);
  struct db_stmt *st = db_query_values(b->db, sql.data, b->rows * b->ncols, b->v);
  buf_free(&sql);
  int rc = st ? db_step(st) : DB_ERROR;
  db_done(st);
  b->rows = 0;
  b->failed = rc != DB_DONE;
  return !b->failed;
}

/* The values of the next row (ncols of them); flushes first when the batch is full. */
static struct db_value *upd_row(struct upd_batch *b) {
  if ((b->rows + 1) * b->ncols > DB_BATCH_VALUES) upd_flush(b);
  return &b->v[b->rows++ * b->ncols];
}

static const char *const ledger_upd_types[] = {"BIGINT", "TEXT",   "BIGINT", "BIGINT",
                                               "BIGINT", "BIGINT", "BIGINT", "TEXT"};
#define LEDGER_UPD_COLS "id, rule, num, den, rule_set_id, raw, points, note"
#define LEDGER_UPD_TAIL                                                                            \
  " UPDATE points_ledger SET rule = v.rule, num = v.num, den = v.den,"                             \
  " rule_set_id = v.rule_set_id, raw = v.raw, points = v.points, note = v.note"                    \
  " FROM v WHERE points_ledger.id = v.id"
static const char *const totals_upd_types[] = {"BIGINT", "BIGINT", "BIGINT",
                                               "BIGINT", "BIGINT", "BIGINT"};
#define TOTALS_UPD_COLS "member_id, year, total, rule_set_id, updated_at, digest"
#define TOTALS_UPD_TAIL                                                                            \
  " UPDATE points_totals SET total = v.total, rule_set_id = v.rule_set_id,"                        \
  " updated_at = v.updated_at, ledger_digest = v.digest"                                           \
  " FROM v WHERE points_totals.member_id = v.member_id AND points_totals.year = v.year"
static const char *const digest_upd_types[] = {"BIGINT", "BIGINT", "BIGINT"};
#define DIGEST_UPD_COLS "member_id, year, digest"
#define DIGEST_UPD_TAIL                                                                            \
  " UPDATE points_totals SET ledger_digest = v.digest"                                             \
  " FROM v WHERE points_totals.member_id = v.member_id AND points_totals.year = v.year"

struct recompute_io {
  struct db *db;
  int year;
  int64_t now;
  struct db_batch *lb, *tb;       /* new ledger entries, new totals */
  struct upd_batch *lu, *tu, *du; /* entries, totals, digests changed in place */
  struct points_written *w;
  struct arena *a;
  struct lstored *sl; /* one member's stored entries */
  size_t nsl, slcap;
  const char *words[RECOMPUTE_WORDS]; /* see word() */
  size_t nwords;
  struct arena *keep; /* the words */
};

/* Reads the stored totals of year for the members with ids in [lo, hi] (of any committee: the
** caller keeps those of its members) into *t, by member. */
static bool read_totals(struct recompute_io *io, int64_t lo, int64_t hi, struct tstored **t,
                        size_t *nt, size_t *tcap) {
  *nt = 0;
  struct db_stmt *st =
      db_query(io->db,
               "SELECT member_id, total, rule_set_id, ledger_digest FROM points_totals"
               " WHERE member_id >= ? AND member_id <= ? AND +year = ? ORDER BY member_id",
               "iii", lo, hi, (int64_t)io->year);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    if (*nt == *tcap) *t = mem_realloc(*t, (*tcap = *tcap ? *tcap * 2 : 4096) * sizeof **t);
    (*t)[(*nt)++] = (struct tstored){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2),
                                     db_col_int(st, 3), !db_col_null(st, 3)};
  }
  db_done(st);
  return rc == DB_DONE;
}

/* The order of a member's entries as they are listed and as a rebuild writes them: by time, then
** by id (a rebuild inserts them in pevent_cmp order, so ids follow it). */
static int lstored_cmp(const void *pa, const void *pb) {
  const struct lstored *a = pa, *b = pb;
  if (a->occurred_at != b->occurred_at) return a->occurred_at < b->occurred_at ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

/* The one copy of a stored word (event, rule, source kind, note: a few dozen distinct ones) in
** the recompute's table of them (io->words, open addressing), so that reading entries copies
** none. */
static const char *word(struct recompute_io *io, const char *s) {
  uint64_t h = UINT64_C(14695981039346656037);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    h = (h ^ *p) * UINT64_C(1099511628211);
  for (size_t i = h % RECOMPUTE_WORDS, k = 0; k < RECOMPUTE_WORDS;
       i = (i + 1) % RECOMPUTE_WORDS, k++) {
    if (!io->words[i]) {
      if (io->nwords * 2 >= RECOMPUTE_WORDS) break; /* too many: copy it instead */
      io->nwords++;
      return io->words[i] = arena_strdup(io->keep, s);
    }
    if (!strcmp(io->words[i], s)) return io->words[i];
  }
  return arena_strdup(io->a, s);
}

/* Reads a member's stored entries of the year into io->sl, sorted by lstored_cmp. */
static bool read_member(struct recompute_io *io, int64_t member) {
  io->nsl = 0;
  struct db_stmt *st = db_query(
      io->db,
      "SELECT id, event, rule, source_kind, source_id, occurred_at, num, den, rule_set_id, raw,"
      " points, note FROM points_ledger WHERE member_id = ? AND year = ?",
      "ii", member, (int64_t)io->year);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    if (io->nsl == io->slcap)
      io->sl = mem_realloc(io->sl, (io->slcap = io->slcap ? io->slcap * 2 : 64) * sizeof *io->sl);
    io->sl[io->nsl++] = (struct lstored){.id = db_col_int(st, 0),
                                         .event = word(io, db_col_text(st, 1)),
                                         .rule = word(io, db_col_text(st, 2)),
                                         .kind = word(io, db_col_text(st, 3)),
                                         .source_id = db_col_int(st, 4),
                                         .occurred_at = db_col_int(st, 5),
                                         .num = db_col_null(st, 6) ? -1 : (int)db_col_int(st, 6),
                                         .den = db_col_null(st, 7) ? -1 : (int)db_col_int(st, 7),
                                         .rule_set_id = db_col_int(st, 8),
                                         .raw = (int)db_col_int(st, 9),
                                         .points = (int)db_col_int(st, 10),
                                         .note = word(io, db_col_text(st, 11))};
  }
  db_done(st);
  if (io->nsl > 1) qsort(io->sl, io->nsl, sizeof *io->sl, lstored_cmp);
  return rc == DB_DONE;
}

/* Whether the stored entries s[0..n) of a member are the computed ones e[0..n) as to their keys
** (event, source) and times, in the same order: then they can be brought up to date in place,
** and the member's ledger reads as a rebuild would have written it. */
static bool same_entries(const struct lstored *s, const struct pevent *e, size_t n) {
  int nev;
  const struct points_event_kind *cat = points_events(&nev);
  for (size_t k = 0; k < n; k++)
    if (s[k].source_id != e[k].source_id || s[k].occurred_at != e[k].occurred_at ||
        strcmp(s[k].kind, e[k].source_kind) || strcmp(s[k].event, cat[e[k].ev].key))
      return false;
  return true;
}

/* Brings one member's stored entries of the year (read into io->sl) to the computed ones
** (e/sc[0..n), rule set rs), writing only the differences: entries whose keys and times match
** are updated where another column differs; otherwise the member's entries are replaced
** (deleted, and inserted in pevent_cmp order as a rebuild writes them). */
static bool sync_entries(struct recompute_io *io, int64_t member, int64_t rs,
                         const struct pevent *e, const struct pscored *sc, size_t n) {
  int nev;
  const struct points_event_kind *cat = points_events(&nev);
  const struct lstored *s = io->sl;
  size_t ns = io->nsl;
  if (ns == n && same_entries(s, e, n)) {
    for (size_t k = 0; k < n; k++) {
      int num = e[k].den >= 0 ? e[k].num : -1, den = e[k].den >= 0 ? e[k].den : -1;
      if (s[k].raw == sc[k].raw && s[k].points == sc[k].points && s[k].rule_set_id == rs &&
          s[k].num == num && s[k].den == den && !strcmp(s[k].rule, cat[sc[k].rule].key) &&
          !strcmp(s[k].note, sc[k].note))
        continue;
      struct db_value *v = upd_row(io->lu);
      v[0] = (struct db_value){.type = 'i', .i = s[k].id};
      v[1] = (struct db_value){.type = 't', .s = cat[sc[k].rule].key};
      v[2] = (struct db_value){.type = den >= 0 ? 'i' : 'n', .i = num};
      v[3] = (struct db_value){.type = den >= 0 ? 'i' : 'n', .i = den};
      v[4] = (struct db_value){.type = rs ? 'i' : 'n', .i = rs};
      v[5] = (struct db_value){.type = 'i', .i = sc[k].raw};
      v[6] = (struct db_value){.type = 'i', .i = sc[k].points};
      v[7] = (struct db_value){.type = 't', .s = sc[k].note};
      io->w->updated++;
    }
    return true;
  }
  if (ns) {
    if (db_exec(io->db, "DELETE FROM points_ledger WHERE member_id = ? AND year = ?", "ii", member,
                (int64_t)io->year) != DB_DONE)
      return false;
    io->w->deleted += (int64_t)ns;
  }
  for (size_t k = 0; k < n; k++) ledger_row(io->lb, &e[k], &sc[k], rs);
  io->w->inserted += (int64_t)n;
  return true;
}

/* One member's year: its ledger when the digest of the computed entries is not the one stored
** beside its total (the stored entries are then read and compared), and its total. */
static bool sync_member(struct recompute_io *io, int64_t member, const struct points_rules *r,
                        const struct pevent *e, const struct pscored *sc, size_t n, int64_t total,
                        const struct tstored *t) {
  int64_t rs = r->id, digest = ledger_digest(e, sc, n, rs);
  if (!t || !t->has_digest || t->digest != digest) {
    if (!read_member(io, member) || !sync_entries(io, member, rs, e, sc, n)) return false;
    if (io->nsl > 4096) { /* a member of very many entries: its strings go at once */
      arena_free(io->a);
      arena_init(io->a);
    }
  }
  if (!t) {
    struct db_value *v = db_batch_row(io->tb);
    db_val_int(&v[0], member);
    db_val_int(&v[1], io->year);
    db_val_int(&v[2], total);
    db_val_ref(&v[3], rs);
    db_val_int(&v[4], io->now);
    db_val_int(&v[5], digest);
    io->w->totals++;
  } else if (t->total != total || t->rule_set_id != rs) {
    struct db_value *v = upd_row(io->tu);
    v[0] = (struct db_value){.type = 'i', .i = member};
    v[1] = (struct db_value){.type = 'i', .i = io->year};
    v[2] = (struct db_value){.type = 'i', .i = total};
    v[3] = (struct db_value){.type = rs ? 'i' : 'n', .i = rs};
    v[4] = (struct db_value){.type = 'i', .i = io->now};
    v[5] = (struct db_value){.type = 'i', .i = digest};
    io->w->totals++;
  } else if (!t->has_digest || t->digest != digest) {
    /* the same total: its time of change stays */
    struct db_value *v = upd_row(io->du);
    v[0] = (struct db_value){.type = 'i', .i = member};
    v[1] = (struct db_value){.type = 'i', .i = io->year};
    v[2] = (struct db_value){.type = 'i', .i = digest};
    io->w->totals++;
  }
  return !io->lu->failed && !io->tu->failed && !io->du->failed;
}

/* Members per round of a recompute: their stored totals are read, then each member compared
** and its differences written before the next round. */
#define RECOMPUTE_CHUNK 4096

int64_t points_recompute(struct db *db, const char *path, int year,
                         void (*on_progress)(void *arg, int64_t done, int64_t total), void *arg,
                         const char **err) {
  struct points_written w;
  return points_recompute_written(db, path, year, on_progress, arg, err, &w);
}

int64_t points_recompute_written(struct db *db, const char *path, int year,
                                 void (*on_progress)(void *arg, int64_t done, int64_t total),
                                 void *arg, const char **err, struct points_written *w) {
  struct arena a;
  arena_init(&a);
  struct entity_ctx ctx = {.db = db, .arena = &a};
  const char *hi = entity_path_hi(&ctx, path);
  struct pevents ev = {0};
  int64_t written = -1;
  memset(w, 0, sizeof *w);
  /* everything from the reading of the records to the rewrite in one transaction that holds the
  ** ledger's write lock, so that no record synced meanwhile is overwritten with stale events
  ** (SQLite: BEGIN IMMEDIATE; PostgreSQL: the table lock, which syncs wait for) */
  *err = "写入积分明细失败";
  if (db_begin(db) != DB_DONE) goto out;
  if (db_engine(db) == DB_POSTGRES &&
      db_exec(db, "LOCK TABLE points_ledger, points_totals IN EXCLUSIVE MODE", "") != DB_DONE)
    goto out_rollback;
  *err = "读取履职记录失败";
  if (!points_derive_year(db, path, hi, year, &ev)) goto out_rollback;
  if (ev.n) qsort(ev.v, ev.n, sizeof *ev.v, pevent_cmp);
  /* every member of the subtree with its committee, in id order */
  struct mrow {
    int64_t id;
    int cache;
  } *ms = NULL;
  size_t nm = 0, mcap = 0;
  struct rules_cache *rc = NULL;
  size_t nrc = 0, rcap = 0;
  struct db_stmt *st =
      db_query(db,
               "SELECT m.id, c.path FROM members m JOIN committees c ON c.id = m.committee_id"
               " WHERE c.path >= ? AND c.path < ? ORDER BY m.id",
               "tt", path, hi);
  while (db_step(st) == DB_ROW) {
    if (nm == mcap) ms = mem_realloc(ms, (mcap = mcap ? mcap * 2 : 1024) * sizeof *ms);
    const char *p = db_col_text(st, 1);
    size_t k = 0;
    while (k < nrc && strcmp(rc[k].path, p)) k++;
    if (k == nrc) {
      if (nrc == rcap) rc = mem_realloc(rc, (rcap = rcap ? rcap * 2 : 16) * sizeof *rc);
      snprintf(rc[nrc].path, sizeof rc[nrc].path, "%s", p);
      nrc++;
    }
    ms[nm++] = (struct mrow){db_col_int(st, 0), (int)k};
  }
  db_done(st);
  *err = "读取积分规则失败";
  bool ok = true;
  for (size_t k = 0; ok && k < nrc; k++) ok = points_rules_for(&ctx, rc[k].path, year, &rc[k].r);
  if (ok) *err = "写入积分明细失败";
  /* Only the differences are written: each member's computed entries are compared with what is
  ** stored, through the digest kept beside its total, and its stored entries are read only when
  ** the digests differ. A recompute after a small change writes little, one after none writes
  ** nothing; the ledger and totals come out as a rebuild would make them. */
  struct db_batch lb, tb;
  db_batch_init(&lb, db, LEDGER_INSERT, 13, "积分明细");
  db_batch_init(&tb, db,
                "INSERT INTO points_totals (member_id, year, total, rule_set_id, updated_at,"
                " ledger_digest) VALUES ",
                6, "积分合计");
  struct arena strings;
  arena_init(&strings);
  struct upd_batch *ub = calloc(3, sizeof *ub);
  ub[0] = (struct upd_batch){.db = db,
                             .cols = LEDGER_UPD_COLS,
                             .types = ledger_upd_types,
                             .tail = LEDGER_UPD_TAIL,
                             .ncols = 8};
  ub[1] = (struct upd_batch){.db = db,
                             .cols = TOTALS_UPD_COLS,
                             .types = totals_upd_types,
                             .tail = TOTALS_UPD_TAIL,
                             .ncols = 6};
  ub[2] = (struct upd_batch){.db = db,
                             .cols = DIGEST_UPD_COLS,
                             .types = digest_upd_types,
                             .tail = DIGEST_UPD_TAIL,
                             .ncols = 3};
  struct recompute_io io = {.lu = &ub[0],
                            .tu = &ub[1],
                            .du = &ub[2],
                            .db = db,
                            .year = year,
                            .now = time_now(),
                            .lb = &lb,
                            .tb = &tb,
                            .w = w,
                            .a = &strings,
                            .keep = &a};
  struct pscored *sc = calloc(ev.n ? ev.n : 1, sizeof *sc);
  struct tstored *stt = NULL;
  size_t nst = 0, stcap = 0;
  size_t e = 0;
  written = 0;
  for (size_t i0 = 0; ok && i0 < nm; i0 += RECOMPUTE_CHUNK) {
    size_t i1 = i0 + RECOMPUTE_CHUNK < nm ? i0 + RECOMPUTE_CHUNK : nm;
    arena_free(&strings);
    arena_init(&strings);
    ok = read_totals(&io, ms[i0].id, ms[i1 - 1].id, &stt, &nst, &stcap);
    size_t t = 0;
    for (size_t i = i0; ok && i < i1; i++) {
      while (e < ev.n && ev.v[e].member_id < ms[i].id)
        e++; /* events of members gone from the subtree */
      size_t e0 = e;
      while (e < ev.n && ev.v[e].member_id == ms[i].id) e++;
      const struct points_rules *r = &rc[ms[i].cache].r;
      int64_t total = points_score(r, ev.v + e0, e - e0, sc + e0);
      while (t < nst && stt[t].member_id < ms[i].id) t++; /* members of other committees */
      const struct tstored *ts = t < nst && stt[t].member_id == ms[i].id ? &stt[t] : NULL;
      ok = sync_member(&io, ms[i].id, r, ev.v + e0, sc + e0, e - e0, total, ts);
      written += (int64_t)(e - e0);
      if (on_progress && (i % 2000 == 0 || i + 1 == nm))
        on_progress(arg, (int64_t)i + 1, (int64_t)nm);
    }
  }
  arena_free(&strings);
  free(io.sl);
  free(stt);
  free(sc);
  for (int k = 0; k < 3; k++) ok = upd_flush(&ub[k]) && ok;
  free(ub);
  ok = db_batch_end(&lb) && ok;
  ok = db_batch_end(&tb) && ok;
  bool wrote = w->inserted || w->updated || w->deleted || w->totals;
  if (wrote) ledger_writes++;
  if (ok && db_commit(db) == DB_DONE) {
    if (wrote) ledger_writes++;
    *err = NULL;
  } else {
    db_rollback(db);
    written = -1;
  }
  free(ms);
  free(rc);
  goto out;
out_rollback:
  db_rollback(db);
out:
  pevents_free(&ev);
  arena_free(&a);
  return written;
}

static void job_progress_cb(void *arg, int64_t done, int64_t total) {
  job_progress(arg, done, total, "重新计算履职积分");
}

/* The job: params {"committee_id", "year"}; result {"members", "entries", "year"}. */
bool points_recompute_job(struct job_ctx *j) {
  struct entity_ctx ctx = job_entity_ctx(j);
  int64_t cid = json_integer_value(json_object_get(j->params, "committee_id"));
  int year = (int)json_integer_value(json_object_get(j->params, "year"));
  const char *path = committee_path_of(&ctx, cid);
  if (!path) {
    j->error = "该政协已不存在";
    return false;
  }
  const char *err;
  struct points_written w;
  int64_t n = points_recompute_written(j->db, path, year, job_progress_cb, j, &err, &w);
  if (n < 0) {
    j->error = err;
    return false;
  }
  json_t *res = json_pack("{s:I,s:I,s:i,s:{s:I,s:I,s:I,s:I}}", "members", (json_int_t)j->total,
                          "entries", (json_int_t)n, "year", year, "written", "inserted",
                          (json_int_t)w.inserted, "updated", (json_int_t)w.updated, "deleted",
                          (json_int_t)w.deleted, "totals", (json_int_t)w.totals);
  job_set_result_json(j, res);
  json_decref(res);
  log_info("履职积分重算完成：%d年度，%lld 名委员，%lld 条明细", year, (long long)j->total,
           (long long)n);
  return true;
}

int64_t points_recompute_enqueue(struct db *db, int64_t committee_id, int year, int64_t user_id) {
  json_t *params = json_pack("{s:I,s:i}", "committee_id", (json_int_t)committee_id, "year", year);
  int64_t id = job_enqueue(db, "points_recompute", params, NULL, 0, user_id, committee_id);
  json_decref(params);
  return id;
}

/* ---- reading -------------------------------------------------------------------------------- */

int64_t points_total(struct db *db, int64_t member_id, int year) {
  return db_int(db, 0, "SELECT total FROM points_totals WHERE member_id = ? AND year = ?", "ii",
                member_id, (int64_t)year);
}

json_t *points_member_ledger(struct entity_ctx *ctx, int64_t member_id, int year) {
  const char *path = member_path(ctx, member_id);
  struct points_rules r;
  if (!path) {
    entity_not_found(ctx, "未找到该委员", "No such member");
    return NULL;
  }
  if (!points_rules_for(ctx, path, year, &r)) return NULL;
  int nev;
  const struct points_event_kind *cat = points_events(&nev);
  int64_t by_cat[POINTS_MAX_CATEGORIES] = {0}, total = 0;
  json_t *items = json_array();
  struct db_stmt *st = db_query(
      ctx->db,
      "SELECT l.id, l.event, l.rule, l.source_kind, l.source_id, l.occurred_at, l.raw, l.points, "
      "l.note,"
      " l.rule_set_id, COALESCE(rs.version, 0), CASE l.source_kind"
      " WHEN 'activity' THEN (SELECT title FROM activities WHERE id = l.source_id)"
      " WHEN 'proposal' THEN (SELECT title FROM proposals WHERE id = l.source_id)"
      " WHEN 'duty_record' THEN (SELECT title FROM duty_records WHERE id = l.source_id)"
      " WHEN 'report' THEN (SELECT title FROM reports WHERE id = l.source_id)"
      " WHEN 'meeting' THEN (SELECT title FROM meetings WHERE id = l.source_id) END, l.num, l.den"
      " FROM points_ledger l LEFT JOIN rule_sets rs ON rs.id = l.rule_set_id"
      " WHERE l.member_id = ? AND l.year = ? ORDER BY l.occurred_at, l.id",
      "ii", member_id, (int64_t)year);
  while (db_step(st) == DB_ROW) {
    int ev = points_event_index(db_col_text(st, 1)), rule = points_event_index(db_col_text(st, 2));
    if (ev < 0 || rule < 0) continue;
    int c = category_of(rule);
    by_cat[c] += db_col_int(st, 7);
    total += db_col_int(st, 7);
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:o,s:o,s:s,s:I,s:i}", "id",
                          (json_int_t)db_col_int(st, 0), "event", cat[ev].key, "label",
                          ctx->en ? cat[ev].en : cat[ev].zh, "category", cat[rule].category, "rule",
                          cat[rule].key, "source_kind", db_col_text(st, 3), "source_id",
                          (json_int_t)db_col_int(st, 4), "source_title", db_col_text(st, 11), "raw",
                          points_json(db_col_int(st, 6)), "points", points_json(db_col_int(st, 7)),
                          "note", db_col_text(st, 8), "rule_set_id", (json_int_t)db_col_int(st, 9),
                          "rule_set_version", (int)db_col_int(st, 10));
    entity_time_json(o, "occurred_at", st, 5);
    if (!db_col_null(st, 13)) {
      json_object_set_new(o, "attended_minutes", json_integer(db_col_int(st, 12)));
      json_object_set_new(o, "duration_minutes", json_integer(db_col_int(st, 13)));
    }
    json_array_append_new(items, o);
  }
  db_done(st);
  json_t *cats = json_array();
  for (int i = 0; points_categories[i][0]; i++)
    json_array_append_new(
        cats, json_pack("{s:s,s:s,s:o,s:o}", "category", points_categories[i][0], "label",
                        points_categories[i][ctx->en ? 2 : 1], "points", points_json(by_cat[i]),
                        "cap", r.category_caps[i] ? points_json(r.category_caps[i]) : json_null()));
  int64_t score = total < 0 ? 0 : total > r.full_marks ? r.full_marks : total;
  const struct points_grade *g = points_grade_of(&r, score);
  return json_pack("{s:I,s:i,s:o,s:o,s:s,s:s,s:{s:I,s:i,s:s},s:o,s:o}", "member_id",
                   (json_int_t)member_id, "year", year, "total", points_json(total), "score",
                   points_json(score), "grade", g->key, "grade_label", g->zh, "rule_set", "id",
                   (json_int_t)r.id, "version", r.version, "name", r.name, "by_category", cats,
                   "items", items);
}
