/* src/proposal/proposal_search.c: full-text search over proposals and similar proposals.
**
** Tokens. utf8_tokens: each pair of adjacent CJK ideographs (a bigram), a lone ideograph, each
** run of ASCII letters and digits lowercased. A proposal's terms are the tokens of its title
** (each occurrence counts PROPOSAL_TITLE_WEIGHT) and of its body (each counts 1): tf.
**
** Tables (migration 6):
**   proposal_terms (term, proposal_id, tf)  the postings. The PK (term, proposal_id) gives a
**                                           term's postings in id order and answers the probe
**                                           "has proposal x the term t"; the index on
**                                           (proposal_id, tf, term) gives one proposal's terms,
**                                           index only. (With (proposal_id, term, tf) SQLite
**                                           answers the probes from that index instead, one
**                                           random page per probe. On SQLite
**                                           the table is WITHOUT ROWID, so that tf is read from
**                                           the PK itself.)
**   proposal_term_df (term, df)             proposals having each term; the row of term '' holds
**                                           N, the proposals that have terms
**   proposal_term_norms (proposal_id, norm, n_at)
**                                           |d| = sqrt(sum (tf × idf)^2) of each proposal, with
**                                           the idf of when it was computed, when N was n_at
** proposal_index keeps the three in step: it replaces the proposal's postings, moves df by the
** terms that came and went, and stores the norm. With an empty title and body it removes the
** proposal from all three: do so before deleting a proposal (the cascade of the foreign key
** removes its postings and norm but cannot correct df and N).
**
** Scoring. idf(t) = ln(1 + N / df(t)).
**   search   score(d) = sum over the distinct query tokens t of tf(t, d) × idf(t). Every token
**            must occur in d (AND). A lone ideograph of the query is not looked up in the
**            postings (a text has it as a term only where it stands alone) but matched with LIKE
**            on the title and the body columns; a query of lone ideographs only is answered by
**            LIKE alone, newest first, score 0. Ties: the newer proposal first.
**   similar  score(d) = cos(q, d) = sum_t q_t d_t / (|q| |d|), q_t = tf(t, text) × idf(t),
**            d_t = tf(t, d) × idf(t) (df of a term the collection lacks taken as 1), clamped
**            to [0, 1]. Candidates: the proposals having at least two of the probe terms, the
**            PROBE_TERMS terms of the text of highest weight q_t whose postings together stay
**            within PROBE_BUDGET (a text's most common words are skipped: they find everything
**            and weigh little); with exclude_id, terms of df 1 are skipped (only it has them).
**
** Costs. P(t) = the postings of t (df(t) rows). Times over the demo's 100,000 proposals come
** from `make bench` (bench/search.mjs); none are written here.
**   proposal_index   reads the old postings; deletes those that went or changed, inserts those
**                    that came or changed and moves df, in statements of up to 256 rows; those
**                    that move df return the new df, so that for the norm only the df of the terms
**                    that stayed, and N if it did not move, are read (a statement per 256). A new
**                    text is about a thousand random B-tree writes at 100,000 proposals.
**                    Each call changes the row of df of every term that came or went (a new text:
**                    all its terms and N). On PostgreSQL a change leaves a row version that cannot
**                    be pruned while a snapshot older than it is open (the caller's transaction, or
**                    any other: a long report, pg_dump, a session idle in a transaction), and every
**                    later access to the row passes over all its versions (the upsert's probe, the
**                    unique check of the new version, a read). k texts indexed one by one under one
**                    snapshot thus cost O(k²) in their common terms (SQLite updates in place).
**                    Hence a call touches each row of df once, and a load of many proposals in one
**                    transaction goes to proposal_index_bulk, which changes each row once.
**   search           one statement for the df of the query tokens and N; one token: the best
**                    window by tf, in order from the index (term, tf, proposal_id) (migration
**                    19); several: the threshold algorithm (search_topk, below) over the same
**                    index — batches of each token's postings best tf first, the proposals met
**                    checked for the rarest token, then their tf of every token — until no
**                    proposal not met yet can enter the window.
**                    Only the 2 × limit + 16 best are checked against the caller's condition
**                    (a row of proposals is large: the condition is read from those rows only);
**                    if fewer than limit pass, the query runs again with the condition joined
**                    (the former plan: the rarest token's postings, each probed in the PK for
**                    every other token, scored and sorted in the database).
**   one ideograph    scans proposals newest first with LIKE until limit match: few rows for a
*common
**                    character, the whole table for one that occurs nowhere.
**   similar          df of the text's terms (a statement per 256 terms); the probe terms'
**                    postings (at most PROBE_BUDGET rows), counted and weighed here; the stored
**                    norms of those having two or more (from memory: norms_of, one statement
**                    for the index's version; the table again after a write); the condition,
**                    checked in that order until limit + SIMILAR_EXTRA pass; the terms of those
**                    (index only, ~1,000 rows each) for the exact dot product with the whole
**                    text. No other proposal's terms are read.
**   A stored norm carries the idf of its time. Under a steady mix of topics df grows with N and
**   idf barely moves, but the norms of proposals indexed while the collection was small are
**   noisy: a candidate whose n_at differs from N while either is below NORM_SETTLED, and which
**   would be among the first limit, has its norm computed again from its terms (their df: a
**   statement per 256 terms), until the first limit are all exact. In a small collection every
**   score is therefore exact; in a large one the early proposals get exact norms when they are
**   candidates. */
#include "proposal_search.h"
#include "base/arena.h"
#include "base/utf8.h"
#include "db/db.h"
#include "base/mem.h"
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH_MAX_TERMS 16    /* the rarest query tokens that must occur; more are ignored */
#define SEARCH_MAX_LONE  8     /* lone ideographs of a query matched with LIKE */
#define PROBE_TERMS      20    /* terms of a text that find the similar candidates */
#define PROBE_BUDGET     10000 /* postings the probe terms may read together */
#define NORM_SETTLED     1024  /* below this N, idf is too noisy to keep a norm across changes */
#define SIMILAR_EXTRA    8     /* candidates scored exactly beyond limit */
#define WEIGHT_SCALE     1e6   /* idf weights travel to SQL as integers of this scale */

/* The columns a lone ideograph is looked for in (the body is facts, analysis, suggestions). */
#define LIKE_ONE  "(p.title LIKE ? OR p.facts LIKE ? OR p.analysis LIKE ? OR p.suggestions LIKE ?)"
#define LIKE_COLS 4

/* ---- terms: a hash set of tokens with their figures ---------------------------------------- */

struct term {
  const char *s; /* NUL-terminated, in the arena */
  size_t len;
  unsigned hash;
  int64_t tf;     /* in the text being indexed or searched for (0: not in it) */
  int64_t old_tf; /* proposal_index: in the postings before */
  int64_t df;     /* proposals having it */
  double idf, w;  /* idf; the weight in the query */
};

struct terms {
  struct arena *a;
  struct term **slot;
  size_t cap; /* a power of two, at least twice n */
  struct term **v;
  size_t n, vcap; /* in order of first appearance */
};

static unsigned term_hash(const char *s, size_t len) {
  unsigned h = 2166136261u;
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static void terms_init(struct terms *ts, struct arena *a) {
  memset(ts, 0, sizeof *ts);
  ts->a = a;
  ts->cap = 64;
  ts->slot = arena_alloc(a, ts->cap * sizeof *ts->slot);
  ts->vcap = 32;
  ts->v = arena_alloc(a, ts->vcap * sizeof *ts->v);
}

static struct term *terms_find(const struct terms *ts, const char *s, size_t len, unsigned h,
                               size_t *at) {
  size_t i = h & (ts->cap - 1);
  for (; ts->slot[i]; i = (i + 1) & (ts->cap - 1)) {
    struct term *t = ts->slot[i];
    if (t->hash == h && t->len == len && !memcmp(t->s, s, len)) return t;
  }
  if (at) *at = i;
  return NULL;
}

static struct term *terms_get(const struct terms *ts, const char *s, size_t len) {
  return terms_find(ts, s, len, term_hash(s, len), NULL);
}

/* The term s[0..len), added when new. */
static struct term *terms_add(struct terms *ts, const char *s, size_t len) {
  unsigned h = term_hash(s, len);
  size_t at;
  struct term *t = terms_find(ts, s, len, h, &at);
  if (t) return t;
  if (2 * (ts->n + 1) > ts->cap) {
    size_t cap = ts->cap * 2;
    struct term **slot = arena_alloc(ts->a, cap * sizeof *slot);
    for (size_t i = 0; i < ts->n; i++) {
      size_t j = ts->v[i]->hash & (cap - 1);
      while (slot[j]) j = (j + 1) & (cap - 1);
      slot[j] = ts->v[i];
    }
    ts->slot = slot;
    ts->cap = cap;
    terms_find(ts, s, len, h, &at);
  }
  if (ts->n == ts->vcap) {
    struct term **v = arena_alloc(ts->a, 2 * ts->vcap * sizeof *v);
    memcpy(v, ts->v, ts->n * sizeof *v);
    ts->v = v;
    ts->vcap *= 2;
  }
  t = arena_alloc(ts->a, sizeof *t);
  t->s = arena_strndup(ts->a, s, len);
  t->len = len;
  t->hash = h;
  ts->slot[at] = t;
  ts->v[ts->n++] = t;
  return t;
}

struct tokenize_ctx {
  struct terms *ts;
  int64_t weight;
};

static void tokenize_emit(const char *tok, size_t len, void *ctx) {
  struct tokenize_ctx *c = ctx;
  terms_add(c->ts, tok, len)->tf += c->weight;
}

/* Adds the tokens of text to ts, each counting weight in tf. */
static void tokenize(struct terms *ts, const char *text, int64_t weight) {
  if (!text || !*text) return;
  struct tokenize_ctx c = {ts, weight};
  utf8_tokens(text, strlen(text), tokenize_emit, &c);
}

/* True when the token is one CJK ideograph (not a bigram, not an ASCII word). */
static bool term_lone(const struct term *t) {
  int n;
  long cp = utf8_decode(t->s, t->len, &n);
  return (size_t)n == t->len && utf8_is_cjk(cp);
}

/* ---- SQL with lists of parameters ----------------------------------------------------------
** A statement over a list of n items is run in chunks of 256, 64, 16, 4 or 1 items so that a
** connection caches at most five texts of it. Inserts take the largest chunk that fits; IN lists
** take the smallest that holds the rest and repeat the last item (harmless in IN). */

static const int chunk_sizes[] = {256, 64, 16, 4, 1};

static int chunk_exact(size_t left) {
  for (int i = 0; i < 5; i++)
    if ((size_t)chunk_sizes[i] <= left) return chunk_sizes[i];
  return 1;
}

static int chunk_padded(size_t left) {
  for (int i = 4; i >= 0; i--)
    if ((size_t)chunk_sizes[i] >= left) return chunk_sizes[i];
  return 256;
}

/* head, then n times item separated by ", ", then tail, in the arena. */
static char *sql_list(struct arena *a, const char *head, const char *item, int n,
                      const char *tail) {
  size_t hl = strlen(head), il = strlen(item), tl = strlen(tail);
  char *s = arena_alloc(a, hl + (size_t)n * (il + 2) + tl + 1), *o = s;
  memcpy(o, head, hl), o += hl;
  for (int i = 0; i < n; i++) {
    if (i) memcpy(o, ", ", 2), o += 2;
    memcpy(o, item, il), o += il;
  }
  memcpy(o, tail, tl), o += tl;
  *o = 0;
  return s;
}

/* Runs a statement that returns no rows; false on an error. */
static bool run_values(struct db *db, const char *sql, int n, const struct db_value *v) {
  struct db_stmt *st = db_query_values(db, sql, n, v);
  if (!st) return false;
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
  }
  db_done(st);
  return rc == DB_DONE;
}

static struct db_value val_text(const char *s) { return (struct db_value){.type = 't', .s = s}; }
static struct db_value val_int(int64_t i) { return (struct db_value){.type = 'i', .i = i}; }

/* Runs a statement that returns rows of (term, df) and sets the df of the terms of ts they name;
** the row of term '' goes to all (N). False on an error. */
static bool run_df_rows(struct db *db, const char *sql, int n, const struct db_value *v,
                        struct terms *ts, struct term *all) {
  struct db_stmt *st = db_query_values(db, sql, n, v);
  if (!st) return false;
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const char *s = db_col_text(st, 0);
    struct term *t = *s ? terms_get(ts, s, strlen(s)) : all;
    if (t) t->df = db_col_int(st, 1);
  }
  db_done(st);
  return rc == DB_DONE;
}

/* Runs head "?, ?, ..." tail with the terms v[0..n) in padded chunks (UPDATE or DELETE); with
** ts, the statement returns (term, df) rows as for run_df_rows. */
static bool run_term_list(struct db *db, struct arena *a, const char *head, const char *tail,
                          struct term **v, size_t n, struct terms *ts, struct term *all) {
  struct db_value *vals = arena_alloc(a, 256 * sizeof *vals);
  for (size_t off = 0; off < n;) {
    int k = chunk_padded(n - off);
    for (int i = 0; i < k; i++) vals[i] = val_text(v[off + i < n ? off + (size_t)i : n - 1]->s);
    const char *sql = sql_list(a, head, "?", k, tail);
    if (!(ts ? run_df_rows(db, sql, k, vals, ts, all) : run_values(db, sql, k, vals))) return false;
    off += (size_t)k;
  }
  return true;
}

/* Sets df of the terms v[0..n) from proposal_term_df (0 where absent). False on an error. */
static bool fetch_df(struct db *db, struct arena *a, struct terms *ts, struct term **v, size_t n) {
  struct db_value *vals = arena_alloc(a, 256 * sizeof *vals);
  for (size_t i = 0; i < n; i++) v[i]->df = 0;
  for (size_t off = 0; off < n;) {
    int k = chunk_padded(n - off);
    for (int i = 0; i < k; i++) vals[i] = val_text(v[off + i < n ? off + (size_t)i : n - 1]->s);
    struct db_stmt *st = db_query_values(
        db, sql_list(a, "SELECT term, df FROM proposal_term_df WHERE term IN (", "?", k, ")"), k,
        vals);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
      const char *s = db_col_text(st, 0);
      struct term *t = terms_get(ts, s, strlen(s));
      if (t) t->df = db_col_int(st, 1);
    }
    db_done(st);
    if (rc != DB_DONE) return false;
    off += (size_t)k;
  }
  return true;
}

/* N: the proposals that have terms; -1 on an error. */
static int64_t fetch_n(struct db *db) {
  struct db_stmt *st = db_query(db, "SELECT df FROM proposal_term_df WHERE term = ''", "");
  int rc = db_step(st);
  int64_t n = rc == DB_ROW ? db_col_int(st, 0) : rc == DB_DONE ? 0 : -1;
  db_done(st);
  return n;
}

static double idf_of(int64_t n, int64_t df) {
  return log(1.0 + (double)n / (double)(df > 0 ? df : 1));
}

/* ---- the stored norms, kept in memory ----------------------------------------------------------
** Similar proposals need the stored norm of every candidate (some thousands). The server keeps
** all of proposal_term_norms in memory (24 bytes a proposal, sorted by id), labelled with the
** database's proposal_index_version row (migration 19): a token drawn when the row was made
** (another database has another) and a version that every proposal_index and
** proposal_index_bulk raise in their transaction. Each use reads that row (one statement) and
*reloads the whole table when
** it differs — after any write of the index, on this node or another. The row is read before the
** table, so that the label is never newer than what it labels. One cache per process, under a
** mutex. */

struct norm_slot {
  int64_t id, n_at;
  double norm;
};

static pthread_mutex_t norm_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
  int64_t token, version;
  bool loaded;
  struct norm_slot *v;
  size_t n, cap; /* sorted by id */
} norm_cache;

/* Appends a norm (the table is read in id order: the array stays sorted). */
static void norm_put(int64_t id, double norm, int64_t n_at) {
  if (norm_cache.n == norm_cache.cap) {
    norm_cache.cap = norm_cache.cap ? 2 * norm_cache.cap : 4096;
    norm_cache.v = mem_realloc(norm_cache.v, norm_cache.cap * sizeof *norm_cache.v);
  }
  norm_cache.v[norm_cache.n++] = (struct norm_slot){id, n_at, norm};
}

static const struct norm_slot *norm_get(int64_t id) {
  size_t lo = 0, hi = norm_cache.n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (norm_cache.v[mid].id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < norm_cache.n && norm_cache.v[lo].id == id ? &norm_cache.v[lo] : NULL;
}

/* Raises the index's version (in the caller's transaction): the cached norms are out of date. */
static bool index_changed(struct db *db) {
  return db_exec(db, "UPDATE proposal_index_version SET version = version + 1", "") == DB_DONE;
}

/* ---- indexing ------------------------------------------------------------------------------- */

bool proposal_index(struct db *db, int64_t id, const char *title, const char *body) {
  struct arena a;
  arena_init(&a);
  struct terms ts;
  terms_init(&ts, &a);
  tokenize(&ts, title, PROPOSAL_TITLE_WEIGHT);
  tokenize(&ts, body, 1);
  if (db_begin(db) != DB_DONE) {
    arena_free(&a);
    return false;
  }
  bool ok = true;
  struct db_stmt *st =
      db_query(db, "SELECT term, tf FROM proposal_terms WHERE proposal_id = ?", "i", id);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const char *s = db_col_text(st, 0);
    terms_add(&ts, s, strlen(s))->old_tf = db_col_int(st, 1);
  }
  db_done(st);
  ok = rc == DB_DONE;

  /* postings to delete (gone or changed) and to insert (new or changed); the terms that came
  ** (df + 1) and went (df - 1); the term '' counts N */
  size_t n = ts.n;
  struct term **now = arena_alloc(&a, (n + 1) * sizeof *now);
  struct term **del = arena_alloc(&a, (n + 1) * sizeof *del);
  struct term **ins = arena_alloc(&a, (n + 1) * sizeof *ins);
  struct term **came = arena_alloc(&a, (n + 1) * sizeof *came);
  struct term **went = arena_alloc(&a, (n + 1) * sizeof *went);
  size_t nnow = 0, ndel = 0, nins = 0, ncame = 0, nwent = 0, nold = 0;
  for (size_t i = 0; i < n; i++) {
    struct term *t = ts.v[i];
    if (t->tf) now[nnow++] = t;
    if (t->old_tf) nold++;
    if (t->old_tf && t->old_tf != t->tf) del[ndel++] = t;
    if (t->tf && t->tf != t->old_tf) ins[nins++] = t;
    if (t->tf && !t->old_tf) came[ncame++] = t;
    if (!t->tf && t->old_tf) went[nwent++] = t;
  }
  struct term all = {.s = "", .len = 0, .df = -1}; /* df: N, once a statement returned it */
  if (nnow && !nold) came[ncame++] = &all;
  if (!nnow && nold) went[nwent++] = &all;

  struct db_value *vals = arena_alloc(&a, 3 * 256 * sizeof *vals);
  for (size_t off = 0; ok && off < ndel;) {
    int k = chunk_padded(ndel - off);
    vals[0] = val_int(id);
    for (int i = 0; i < k; i++)
      vals[1 + i] = val_text(del[off + i < ndel ? off + (size_t)i : ndel - 1]->s);
    ok = run_values(
        db,
        sql_list(&a, "DELETE FROM proposal_terms WHERE proposal_id = ? AND term IN (", "?", k, ")"),
        1 + k, vals);
    off += (size_t)k;
  }
  for (size_t off = 0; ok && off < nins;) {
    int k = chunk_exact(nins - off);
    for (int i = 0; i < k; i++) {
      vals[3 * i] = val_text(ins[off + (size_t)i]->s);
      vals[3 * i + 1] = val_int(id);
      vals[3 * i + 2] = val_int(ins[off + (size_t)i]->tf);
    }
    ok = run_values(db,
                    sql_list(&a, "INSERT INTO proposal_terms (term, proposal_id, tf) VALUES ",
                             "(?, ?, ?)", k, ""),
                    3 * k, vals);
    off += (size_t)k;
  }
  /* df + 1 for the terms that came, df - 1 for those that went: each statement returns the new
  ** df (the norm needs it), so that no row of proposal_term_df is accessed twice (see Costs) */
  for (size_t off = 0; ok && off < ncame;) {
    int k = chunk_exact(ncame - off);
    for (int i = 0; i < k; i++) vals[i] = val_text(came[off + (size_t)i]->s);
    ok = run_df_rows(db,
                     sql_list(&a, "INSERT INTO proposal_term_df (term, df) VALUES ", "(?, 1)", k,
                              " ON CONFLICT (term) DO UPDATE SET df = proposal_term_df.df + 1"
                              " RETURNING term, df"),
                     k, vals, &ts, &all);
    off += (size_t)k;
  }
  if (ok && nwent) {
    for (size_t i = 0; i < nwent; i++) went[i]->df = 1; /* a row that is missing stays */
    ok = run_term_list(db, &a, "UPDATE proposal_term_df SET df = df - 1 WHERE term IN (",
                       ") RETURNING term, df", went, nwent, &ts, &all);
    size_t nzero = 0; /* the rows at 0 go */
    for (size_t i = 0; i < nwent; i++)
      if (went[i]->df <= 0) went[nzero++] = went[i];
    if (ok && nzero)
      ok = run_term_list(db, &a, "DELETE FROM proposal_term_df WHERE df <= 0 AND term IN (", ")",
                         went, nzero, NULL, NULL);
  }

  /* the norm, with the df and N that include this proposal: those of the terms that came are
  ** known, those of the terms that stayed are read, N when it did not move */
  if (ok && nnow) {
    struct term **kept = del; /* del is done with */
    size_t nkept = 0;
    for (size_t i = 0; i < nnow; i++)
      if (now[i]->old_tf) kept[nkept++] = now[i];
    int64_t total = all.df >= 0 ? all.df : fetch_n(db);
    ok = total >= 0 && (!nkept || fetch_df(db, &a, &ts, kept, nkept));
    double sum = 0;
    for (size_t i = 0; i < nnow; i++) {
      double w = (double)now[i]->tf * idf_of(total, now[i]->df);
      sum += w * w;
    }
    char norm[32];
    snprintf(norm, sizeof norm, "%.17g", sqrt(sum));
    ok = ok && db_exec(db,
                       "INSERT INTO proposal_term_norms (proposal_id, norm, n_at) VALUES (?, ?, ?)"
                       " ON CONFLICT (proposal_id) DO UPDATE SET norm = excluded.norm,"
                       " n_at = excluded.n_at",
                       "iti", id, norm, total) == DB_DONE;
  } else if (ok) {
    ok = db_exec(db, "DELETE FROM proposal_term_norms WHERE proposal_id = ?", "i", id) == DB_DONE;
  }
  ok = ok && index_changed(db);
  arena_free(&a);
  if (!ok) {
    db_rollback(db);
    return false;
  }
  return db_commit(db) == DB_DONE;
}

/* ---- bulk indexing -------------------------------------------------------------------------- */

/* Appends the tokens of a proposal (title weighted) to ts, tf counted per term. */
static void tokenize_proposal(struct terms *ts, const char *title, const char *body) {
  tokenize(ts, title, PROPOSAL_TITLE_WEIGHT);
  tokenize(ts, body, 1);
}

bool proposal_index_bulk(struct db *db, size_t n, const int64_t *ids, const char *const *titles,
                         const char *const *bodies) {
  struct arena ga, la;
  arena_init(&ga);
  arena_init(&la);
  struct terms all;
  terms_init(&all, &ga);
  struct db_value *vals = malloc(sizeof *vals * 256 * 3);
  bool ok = db_begin(db) == DB_DONE;
  /* 1. the postings, and each term's count of new proposals (kept in old_tf) */
  for (size_t p = 0; p < n && ok; p++) {
    struct terms ts;
    terms_init(&ts, &la);
    tokenize_proposal(&ts, titles[p], bodies[p]);
    for (size_t off = 0; off < ts.n && ok;) {
      int k = chunk_exact(ts.n - off);
      for (int i = 0; i < k; i++) {
        struct term *t = ts.v[off + (size_t)i];
        vals[3 * i] = val_text(t->s);
        vals[3 * i + 1] = val_int(ids[p]);
        vals[3 * i + 2] = val_int(t->tf);
        terms_add(&all, t->s, t->len)->old_tf++;
      }
      ok = run_values(db,
                      sql_list(&la, "INSERT INTO proposal_terms (term, proposal_id, tf) VALUES ",
                               "(?, ?, ?)", k, ""),
                      3 * k, vals);
      off += (size_t)k;
    }
    arena_free(&la);
    arena_init(&la);
  }
  /* 2. document frequencies: what was there plus the new, and N */
  int64_t n_before = ok ? fetch_n(db) : -1;
  ok = ok && n_before >= 0 && fetch_df(db, &ga, &all, all.v, all.n);
  for (size_t off = 0; off < all.n && ok;) {
    int k = chunk_exact(all.n - off);
    for (int i = 0; i < k; i++) {
      struct term *t = all.v[off + (size_t)i];
      t->df += t->old_tf;
      vals[2 * i] = val_text(t->s);
      vals[2 * i + 1] = val_int(t->old_tf);
    }
    ok = run_values(
        db,
        sql_list(&la, "INSERT INTO proposal_term_df (term, df) VALUES ", "(?, ?)", k,
                 " ON CONFLICT (term) DO UPDATE SET df = proposal_term_df.df + excluded.df"),
        2 * k, vals);
    off += (size_t)k;
    arena_free(&la);
    arena_init(&la);
  }
  int64_t N = n_before + (int64_t)n;
  ok = ok && db_exec(db,
                     "INSERT INTO proposal_term_df (term, df) VALUES ('', ?)"
                     " ON CONFLICT (term) DO UPDATE SET df = excluded.df",
                     "i", N) == DB_DONE;
  /* 3. the norms, from the final df */
  for (size_t off = 0; off < n && ok;) {
    int k = chunk_exact(n - off);
    for (int i = 0; i < k; i++) {
      struct terms ts;
      terms_init(&ts, &la);
      tokenize_proposal(&ts, titles[off + (size_t)i], bodies[off + (size_t)i]);
      double sum = 0;
      for (size_t j = 0; j < ts.n; j++) {
        struct term *g = terms_get(&all, ts.v[j]->s, ts.v[j]->len);
        double w = (double)ts.v[j]->tf * idf_of(N, g ? g->df : 1);
        sum += w * w;
      }
      vals[3 * i] = val_int(ids[off + (size_t)i]);
      vals[3 * i + 1] =
          val_text(arena_printf(&la, "%.17g", sqrt(sum))); /* as proposal_index stores it */
      vals[3 * i + 2] = val_int(N);
    }
    ok = run_values(db,
                    sql_list(&la,
                             "INSERT INTO proposal_term_norms (proposal_id, norm, n_at) VALUES ",
                             "(?, ?, ?)", k, ""),
                    3 * k, vals);
    off += (size_t)k;
    arena_free(&la);
    arena_init(&la);
  }
  ok = ok && index_changed(db);
  if (ok)
    ok = db_commit(db) == DB_DONE;
  else
    db_rollback(db);
  free(vals);
  arena_free(&la);
  arena_free(&ga);
  return ok;
}

/* ---- results --------------------------------------------------------------------------------- */

struct hit {
  int64_t id;
  double score;
};

static int hit_cmp(const void *x, const void *y) {
  const struct hit *a = x, *b = y;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

static void out_add(json_t *out, int64_t id, double score) {
  json_array_append_new(
      out, json_pack("{s:I,s:f}", "id", (json_int_t)id, "score", round(score * 1e6) / 1e6));
}

/* The condition of the caller, "1 = 1" when none. */
static const char *cond_of(const char *where) { return where && *where ? where : "1 = 1"; }

/* " AND " LIKE_ONE for each lone ideograph, and their parameters appended to v at *nv. */
static char *like_conds(struct arena *a, struct term **lone, int nlone, struct db_value *v,
                        int *nv) {
  char *s = arena_strdup(a, "");
  for (int i = 0; i < nlone; i++) {
    s = arena_printf(a, "%s AND " LIKE_ONE, s);
    const char *pat = arena_printf(a, "%%%s%%", lone[i]->s);
    for (int k = 0; k < LIKE_COLS; k++) v[(*nv)++] = val_text(pat);
  }
  return s;
}

/* Marks pass[i] for the ids[0..n) (distinct) of proposals satisfying the condition and the LIKEs
** of the lone ideographs, in chunks. False on an error. */
static bool filter_ids(struct db *db, struct arena *a, const int64_t *ids, int n, const char *where,
                       int nparams, const struct db_value *params, struct term **lone, int nlone,
                       bool *pass) {
  struct db_value *v =
      arena_alloc(a, (256 + (size_t)nparams + LIKE_COLS * SEARCH_MAX_LONE) * sizeof *v);
  for (int off = 0; off < n;) {
    int c = chunk_padded((size_t)(n - off));
    int nv = 0;
    for (int i = 0; i < c; i++) v[nv++] = val_int(ids[off + i < n ? off + i : n - 1]);
    if (nparams) memcpy(v + nv, params, (size_t)nparams * sizeof *v);
    nv += nparams;
    const char *likes = like_conds(a, lone, nlone, v, &nv);
    const char *sql =
        arena_printf(a, "%s AND (%s)%s",
                     sql_list(a, "SELECT p.id FROM proposals p WHERE p.id IN (", "?", c, ")"),
                     cond_of(where), likes);
    struct db_stmt *st = db_query_values(db, sql, nv, v);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
      int64_t id = db_col_int(st, 0);
      for (int i = off; i < n && i < off + c; i++)
        if (ids[i] == id) pass[i] = true;
    }
    db_done(st);
    if (rc != DB_DONE) return false;
    off += c;
  }
  return true;
}

/* ---- search ---------------------------------------------------------------------------------- */

static int term_df_cmp(const void *x, const void *y) {
  const struct term *a = *(struct term *const *)x, *b = *(struct term *const *)y;
  if (a->df != b->df) return a->df < b->df ? -1 : 1;
  return strcmp(a->s, b->s);
}

/* The search statement over the k terms (rarest first): ids, their tf per term, the score in
** integers; with the caller's condition and the LIKEs when joined is true. */
static char *search_sql(struct arena *a, int k, bool joined, const char *where, const char *likes) {
  char *sel = arena_strdup(a, "SELECT t0.proposal_id"), *score = arena_strdup(a, "");
  char *from = arena_strdup(a, " FROM proposal_terms t0"),
       *cond = arena_strdup(a, " WHERE t0.term = ?");
  for (int i = 0; i < k; i++) {
    sel = arena_printf(a, "%s, t%d.tf", sel, i);
    score = arena_printf(a, "%s%st%d.tf * CAST(? AS BIGINT)", score, i ? " + " : "", i);
    if (i) {
      from = arena_printf(a, "%s CROSS JOIN proposal_terms t%d", from, i);
      cond =
          arena_printf(a, "%s AND t%d.term = ? AND t%d.proposal_id = t0.proposal_id", cond, i, i);
    }
  }
  if (joined) {
    from = arena_printf(a, "%s CROSS JOIN proposals p", from);
    cond = arena_printf(a, "%s AND p.id = t0.proposal_id AND (%s)%s", cond, where, likes);
  }
  /* one term: by tf, which an index on (term, tf) can give in order */
  return arena_printf(a, "%s, %s AS s%s%s ORDER BY %s DESC, t0.proposal_id DESC LIMIT ?", sel,
                      score, from, cond, k == 1 ? "t0.tf" : "s");
}

/* Runs a search statement; fills hits (exact scores, best first) and returns their number, -1
** on an error. */
static int search_run(struct db *db, const char *sql, int nv, const struct db_value *v,
                      struct term **idx, int k, struct hit *hits) {
  struct db_stmt *st = db_query_values(db, sql, nv, v);
  int n = 0, rc;
  while ((rc = db_step(st)) == DB_ROW) {
    double s = 0;
    for (int i = 0; i < k; i++) s += (double)db_col_int(st, 1 + i) * idx[i]->idf;
    hits[n++] = (struct hit){db_col_int(st, 0), s};
  }
  db_done(st);
  if (rc != DB_DONE) return -1;
  qsort(hits, (size_t)n, sizeof *hits, hit_cmp);
  return n;
}

/* ---- top-k of several terms: the threshold algorithm -----------------------------------------
** The best window matches of k >= 2 terms by the integer score sum tf_i × W_i (W_i the idf at
** WEIGHT_SCALE, as the SQL of search_sql computes it), ties the newer first — the same rows as
** that SQL with its LIMIT, without reading every posting of the rarest term and probing the
** others for each. Each term's postings are read best tf first (the index on (term, tf,
** proposal_id), migration 19), in batches that grow from 64 to 1024 rows; a proposal met for the
** first time gets the tf of every term in one statement per batch (it matches only when it has
** them all). Once every term has been read past some tf_i, a proposal not met yet scores at most
** T = sum tf_i × W_i: the search stops when the window is full and its last score is above T,
** or when a term's postings are all read (a match has that term: it has been met). */

struct topk_doc {
  int64_t id, iscore;
  double score;
  int nterms;
  int64_t *tf; /* k, in the terms' order: the score is summed in it, as search_run does */
};

/* A set of int64 ids (open addressing, 0 is empty; ids are positive). */
struct id_set {
  int64_t *v;
  size_t n, cap;
};

static bool id_set_add(struct arena *a, struct id_set *s, int64_t id) {
  if (2 * (s->n + 1) > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    int64_t *v = arena_alloc(a, cap * sizeof *v);
    memset(v, 0, cap * sizeof *v);
    for (size_t i = 0; i < s->cap; i++) {
      if (!s->v[i]) continue;
      size_t j = (size_t)((uint64_t)s->v[i] * 0x9E3779B97F4A7C15u >> 20) & (cap - 1);
      while (v[j]) j = (j + 1) & (cap - 1);
      v[j] = s->v[i];
    }
    s->v = v;
    s->cap = cap;
  }
  size_t j = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15u >> 20) & (s->cap - 1);
  for (; s->v[j]; j = (j + 1) & (s->cap - 1))
    if (s->v[j] == id) return false;
  s->v[j] = id;
  s->n++;
  return true;
}

static int topk_id_cmp(const void *x, const void *y) {
  const struct topk_doc *a = x, *b = y;
  return a->id < b->id ? -1 : a->id > b->id;
}

/* Before: the better of two (the SQL's ORDER BY s DESC, id DESC). */
static bool topk_before(const struct topk_doc *a, const struct topk_doc *b) {
  return a->iscore != b->iscore ? a->iscore > b->iscore : a->id > b->id;
}

static int search_topk(struct db *db, struct arena *a, struct term **idx, int k, const int64_t *w,
                       int window, struct hit *hits) {
  int64_t cur_tf[SEARCH_MAX_TERMS], cur_id[SEARCH_MAX_TERMS];
  bool started[SEARCH_MAX_TERMS] = {0};
  struct topk_doc *top = arena_alloc(a, ((size_t)window + 1) * sizeof *top);
  int ntop = 0, batch = 64;
  struct id_set seen = {0};
  struct topk_doc *pend = arena_alloc(a, 1024 * (size_t)k * sizeof *pend),
                  *part = arena_alloc(a, 1024 * (size_t)k * sizeof *part);
  int64_t *tfs = arena_alloc(a, 1024 * (size_t)k * (size_t)k * sizeof *tfs);
  struct db_value *iv = arena_alloc(a, (256 + SEARCH_MAX_TERMS) * sizeof *iv);
  bool done = false;
  while (!done) {
    /* sorted access: the next batch of every term */
    int npend = 0;
    for (int i = 0; i < k; i++) {
      struct db_stmt *st =
          started[i] ? db_query(db,
                                "SELECT proposal_id, tf FROM proposal_terms WHERE term = ?"
                                " AND (tf, proposal_id) < (?, ?) ORDER BY tf DESC, proposal_id DESC"
                                " LIMIT ?",
                                "tiii", idx[i]->s, cur_tf[i], cur_id[i], (int64_t)batch)
                     : db_query(db,
                                "SELECT proposal_id, tf FROM proposal_terms WHERE term = ?"
                                " ORDER BY tf DESC, proposal_id DESC LIMIT ?",
                                "ti", idx[i]->s, (int64_t)batch);
      int got = 0, rc;
      while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        cur_id[i] = id;
        cur_tf[i] = db_col_int(st, 1);
        got++;
        if (id_set_add(a, &seen, id))
          pend[npend++] = (struct topk_doc){.id = id, .nterms = !i};
        else
          continue;
        pend[npend - 1].tf = tfs + (size_t)(npend - 1) * (size_t)k;
      }
      db_done(st);
      if (rc != DB_DONE) return -1;
      started[i] = true;
      if (got < batch) done = true; /* every match has been met */
    }
    /* random access, first: whether the proposals met in another term's postings have the
    ** rarest term (idx[0]; most have not), then the tf of every term of those that have */
    int nkeep = 0, nprobe = npend;
    for (int p = 0; p < npend; p++) /* first those met in the rarest term's postings */
      if (pend[p].nterms) part[nkeep++] = pend[p];
    for (int p = 0, q = nkeep; p < npend; p++)
      if (!pend[p].nterms) part[q++] = pend[p];
    struct topk_doc *swap = pend;
    pend = part, part = swap;
    qsort(pend + nkeep, (size_t)(nprobe - nkeep), sizeof *pend, topk_id_cmp);
    for (int off = nkeep; off < nprobe;) {
      int c = chunk_padded((size_t)(nprobe - off));
      iv[0] = val_text(idx[0]->s);
      for (int i = 0; i < c; i++)
        iv[1 + i] = val_int(pend[off + i < nprobe ? off + i : nprobe - 1].id);
      struct db_stmt *st = db_query_values(
          db,
          sql_list(a, "SELECT proposal_id FROM proposal_terms WHERE term = ? AND proposal_id IN (",
                   "?", c, ")"),
          1 + c, iv);
      int rc;
      while ((rc = db_step(st)) == DB_ROW) {
        struct topk_doc key = {.id = db_col_int(st, 0)};
        struct topk_doc *d =
            bsearch(&key, pend + off, (size_t)(nprobe - off < c ? nprobe - off : c), sizeof *pend,
                    topk_id_cmp);
        if (d) d->nterms = 1;
      }
      db_done(st);
      if (rc != DB_DONE) return -1;
      off += c;
    }
    for (int p = nkeep; p < nprobe; p++)
      if (pend[p].nterms) pend[nkeep++] = pend[p];
    npend = nkeep;
    for (int p = 0; p < npend; p++) pend[p].nterms = 0;
    qsort(pend, (size_t)npend, sizeof *pend, topk_id_cmp);
    for (int off = 0; off < npend;) {
      int c = chunk_padded((size_t)(npend - off));
      int nv = 0;
      for (int i = 0; i < k; i++) iv[nv++] = val_text(idx[i]->s);
      for (int i = 0; i < c; i++)
        iv[nv++] = val_int(pend[off + i < npend ? off + i : npend - 1].id);
      const char *head = arena_printf(
          a, "%s) AND proposal_id IN (",
          sql_list(a, "SELECT proposal_id, term, tf FROM proposal_terms WHERE term IN (", "?", k,
                   ""));
      struct db_stmt *st = db_query_values(db, sql_list(a, head, "?", c, ")"), nv, iv);
      int rc;
      while ((rc = db_step(st)) == DB_ROW) {
        struct topk_doc key = {.id = db_col_int(st, 0)};
        struct topk_doc *d = bsearch(&key, pend + off, (size_t)(npend - off < c ? npend - off : c),
                                     sizeof *pend, topk_id_cmp);
        const char *t = db_col_text(st, 1);
        if (!d) continue;
        for (int i = 0; i < k; i++)
          if (!strcmp(idx[i]->s, t)) {
            int64_t tf = db_col_int(st, 2);
            d->iscore += tf * w[i];
            d->tf[i] = tf;
            d->nterms++;
            break;
          }
      }
      db_done(st);
      if (rc != DB_DONE) return -1;
      off += c;
    }
    for (int p = 0; p < npend; p++) {
      if (pend[p].nterms < k) continue;
      for (int i = 0; i < k; i++) pend[p].score += (double)pend[p].tf[i] * idx[i]->idf;
      if (ntop == window && !topk_before(&pend[p], &top[ntop - 1])) continue;
      int j = ntop < window ? ntop++ : window - 1;
      while (j > 0 && topk_before(&pend[p], &top[j - 1])) top[j] = top[j - 1], j--;
      top[j] = pend[p];
    }
    /* a proposal not met yet scores at most T */
    int64_t t = 0;
    for (int i = 0; i < k; i++) t += cur_tf[i] * w[i];
    if (ntop == window && top[ntop - 1].iscore > t) done = true;
    if (batch < 1024) batch *= 2;
  }
  for (int i = 0; i < ntop; i++) hits[i] = (struct hit){top[i].id, top[i].score};
  qsort(hits, (size_t)ntop, sizeof *hits, hit_cmp);
  return ntop;
}

/* Ids of proposals matching only lone ideographs (LIKE), newest first, score 0. */
static json_t *search_like(struct db *db, struct arena *a, struct term **lone, int nlone,
                           const char *where, int nparams, const struct db_value *params,
                           int limit) {
  struct db_value *v =
      arena_alloc(a, ((size_t)nparams + LIKE_COLS * SEARCH_MAX_LONE + 1) * sizeof *v);
  int nv = nparams;
  if (nparams) memcpy(v, params, (size_t)nparams * sizeof *v);
  const char *likes = like_conds(a, lone, nlone, v, &nv);
  v[nv++] = val_int(limit);
  const char *sql =
      arena_printf(a, "SELECT p.id FROM proposals p WHERE (%s)%s ORDER BY p.id DESC LIMIT ?",
                   cond_of(where), likes);
  struct db_stmt *st = db_query_values(db, sql, nv, v);
  json_t *out = json_array();
  int rc;
  while ((rc = db_step(st)) == DB_ROW) out_add(out, db_col_int(st, 0), 0);
  db_done(st);
  if (rc != DB_DONE) {
    json_decref(out);
    return NULL;
  }
  return out;
}

json_t *proposal_search_ids(struct db *db, struct arena *a, const char *query, const char *where,
                            int nparams, const struct db_value *params, int limit) {
  if (limit < 1) limit = 1;
  if (limit > 200) limit = 200;
  struct terms ts;
  terms_init(&ts, a);
  tokenize(&ts, query, 1);
  struct term **idx = arena_alloc(a, (ts.n + 1) * sizeof *idx);
  struct term *lone[SEARCH_MAX_LONE];
  int nidx = 0, nlone = 0;
  for (size_t i = 0; i < ts.n; i++) {
    if (!term_lone(ts.v[i]))
      idx[nidx++] = ts.v[i];
    else if (nlone < SEARCH_MAX_LONE)
      lone[nlone++] = ts.v[i];
  }
  if (!nidx && !nlone) return json_array();
  if (!nidx) return search_like(db, a, lone, nlone, where, nparams, params, limit);

  /* df of the tokens: one missing, nothing matches; the rarest drives the join */
  int64_t total = fetch_n(db);
  if (total < 0 || !fetch_df(db, a, &ts, idx, (size_t)nidx)) return NULL;
  for (int i = 0; i < nidx; i++)
    if (idx[i]->df <= 0) return json_array();
  qsort(idx, (size_t)nidx, sizeof *idx, term_df_cmp);
  int k = nidx < SEARCH_MAX_TERMS ? nidx : SEARCH_MAX_TERMS;
  for (int i = 0; i < k; i++) idx[i]->idf = idf_of(total, idx[i]->df);

  /* parameters: the weights, the terms, [the condition's, the LIKEs'], the limit */
  size_t maxv = 2 * (size_t)k + (size_t)nparams + LIKE_COLS * SEARCH_MAX_LONE + 1;
  struct db_value *v = arena_alloc(a, maxv * sizeof *v);
  int nv = 0;
  for (int i = 0; i < k; i++) v[nv++] = val_int((int64_t)llround(idx[i]->idf * WEIGHT_SCALE));
  for (int i = 0; i < k; i++) v[nv++] = val_text(idx[i]->s);
  int nhead = nv;
  bool restricted = (where && *where) || nlone;
  int window = restricted ? 2 * limit + 16 : limit;
  struct hit *hits = arena_alloc(a, (size_t)window * sizeof *hits);
  v[nv++] = val_int(window);
  int n;
  if (k == 1) /* by tf, which the index on (term, tf, proposal_id) gives in order */
    n = search_run(db, search_sql(a, k, false, "", ""), nv, v, idx, k, hits);
  else {
    int64_t w[SEARCH_MAX_TERMS];
    for (int i = 0; i < k; i++) w[i] = v[i].i;
    n = search_topk(db, a, idx, k, w, window, hits);
  }
  if (n < 0) return NULL;
  json_t *out = json_array();
  if (!restricted) {
    for (int i = 0; i < n; i++) out_add(out, hits[i].id, hits[i].score);
    return out;
  }

  /* the best of the window that satisfy the condition and the LIKEs */
  bool *pass = arena_alloc(a, (size_t)window + 1);
  int64_t *ids = arena_alloc(a, (size_t)window * sizeof *ids);
  for (int i = 0; i < n; i++) ids[i] = hits[i].id;
  if (!filter_ids(db, a, ids, n, where, nparams, params, lone, nlone, pass)) {
    json_decref(out);
    return NULL;
  }
  int got = 0;
  for (int i = 0; i < n && got < limit; i++)
    if (pass[i]) out_add(out, hits[i].id, hits[i].score), got++;
  if (got >= limit || n < window) return out;

  /* not enough in the window: the condition joined, over all the matches */
  json_array_clear(out);
  nv = nhead;
  if (nparams) memcpy(v + nv, params, (size_t)nparams * sizeof *v);
  nv += nparams;
  const char *likes = like_conds(a, lone, nlone, v, &nv);
  v[nv++] = val_int(limit);
  n = search_run(db, search_sql(a, k, true, cond_of(where), likes), nv, v, idx, k, hits);
  if (n < 0) {
    json_decref(out);
    return NULL;
  }
  for (int i = 0; i < n; i++) out_add(out, hits[i].id, hits[i].score);
  return out;
}

/* ---- similar --------------------------------------------------------------------------------- */

struct cand {
  int64_t id;
  double rank;      /* the dot product over the probe terms divided by the stored norm */
  double norm, dot; /* the stored norm (exact once recomputed); the dot product with the text */
  int64_t n_at;
  bool stale;    /* the stored norm is not to be trusted */
  size_t t0, nt; /* a stale candidate's terms in the cand_term list */
};

struct cand_term { /* a term of a stale candidate, for its norm */
  struct term *t;
  int64_t tf;
};

static int term_w_cmp(const void *x, const void *y) {
  const struct term *a = *(struct term *const *)x, *b = *(struct term *const *)y;
  if (a->w != b->w) return a->w > b->w ? -1 : 1;
  if (a->df != b->df) return a->df < b->df ? -1 : 1;
  return strcmp(a->s, b->s);
}

static int cand_id_cmp(const void *x, const void *y) {
  const struct cand *a = x, *b = y;
  return a->id < b->id ? -1 : a->id > b->id;
}

static struct cand *cand_find(struct cand *c, int n, int64_t id) {
  struct cand key = {.id = id};
  return bsearch(&key, c, (size_t)n, sizeof *c, cand_id_cmp);
}

/* A set of candidate proposals by id (open addressing). */
struct cand_set {
  struct cand *v;
  int n, cap; /* cap a power of two */
};

static struct cand *cand_add(struct arena *a, struct cand_set *cs, int64_t id) {
  if (2 * (cs->n + 1) > cs->cap) {
    struct cand_set bigger = {arena_alloc(a, 2 * (size_t)cs->cap * sizeof *cs->v), cs->n,
                              2 * cs->cap};
    for (int i = 0; i < cs->cap; i++) {
      if (!cs->v[i].id) continue;
      unsigned j = (unsigned)((uint64_t)cs->v[i].id * 0x9E3779B97F4A7C15u >> 32) & (bigger.cap - 1);
      while (bigger.v[j].id) j = (j + 1) & (bigger.cap - 1);
      bigger.v[j] = cs->v[i];
    }
    *cs = bigger;
  }
  unsigned j = (unsigned)((uint64_t)id * 0x9E3779B97F4A7C15u >> 32) & (cs->cap - 1);
  while (cs->v[j].id && cs->v[j].id != id) j = (j + 1) & (cs->cap - 1);
  if (!cs->v[j].id) {
    cs->v[j].id = id;
    cs->n++;
  }
  return &cs->v[j];
}

static int cand_rank_cmp(const void *x, const void *y) {
  const struct cand *a = x, *b = y;
  if (a->rank != b->rank) return a->rank > b->rank ? -1 : 1;
  return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

/* Sets the norm and n_at of the candidates cand[0..n) from the cache, reloaded when the index has
** changed since; a proposal without a norm gets 0 (computed again from its terms). False on an
** error. */
static bool norms_of(struct db *db, struct cand *cand, int n) {
  int64_t token = 0, version = -1;
  struct db_stmt *st = db_query(db, "SELECT token, version FROM proposal_index_version", "");
  int rc = db_step(st);
  if (rc == DB_ROW) token = db_col_int(st, 0), version = db_col_int(st, 1);
  db_done(st);
  if (rc != DB_ROW) return false;
  pthread_mutex_lock(&norm_mu);
  bool ok = true;
  if (!norm_cache.loaded || norm_cache.token != token || norm_cache.version != version) {
    norm_cache.loaded = false;
    norm_cache.n = 0;
    st = db_query(
        db, "SELECT proposal_id, norm, n_at FROM proposal_term_norms ORDER BY proposal_id", "");
    while ((rc = db_step(st)) == DB_ROW)
      norm_put(db_col_int(st, 0), db_col_double(st, 1), db_col_int(st, 2));
    db_done(st);
    ok = rc == DB_DONE;
    if (ok) {
      norm_cache.loaded = true;
      norm_cache.token = token;
      norm_cache.version = version;
    }
  }
  for (int i = 0; ok && i < n; i++) {
    const struct norm_slot *s = norm_get(cand[i].id);
    cand[i].norm = s ? s->norm : 0;
    cand[i].n_at = s ? s->n_at : 0;
  }
  pthread_mutex_unlock(&norm_mu);
  return ok;
}

/* The candidates for a text: the proposals having at least two of the probe terms (but
** exclude_id), with their stored norms, ranked by their dot product over the probe terms divided
** by that norm; *n gets their number. NULL on an error. */
static struct cand *similar_candidates(struct db *db, struct arena *a, struct term **probe, int np,
                                       int64_t exclude_id, int64_t total, int *n) {
  struct db_value v[PROBE_TERMS];
  for (int i = 0; i < PROBE_TERMS; i++) /* always PROBE_TERMS: one text of the statement */
    v[i] = val_text(probe[i < np ? i : np - 1]->s);
  struct cand_set cs = {arena_alloc(a, 1024 * sizeof *cs.v), 0, 1024};
  struct db_stmt *st = db_query_values(
      db,
      sql_list(a, "SELECT proposal_id, term, tf FROM proposal_terms WHERE term IN (", "?",
               PROBE_TERMS, ")"),
      PROBE_TERMS, v);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    int64_t id = db_col_int(st, 0);
    const char *s = db_col_text(st, 1);
    struct term *t = NULL;
    for (int i = 0; i < np && !t; i++)
      if (!strcmp(probe[i]->s, s)) t = probe[i];
    if (id == exclude_id || !t) continue;
    struct cand *c = cand_add(a, &cs, id);
    c->nt++; /* here: the probe terms it has */
    c->rank += (double)db_col_int(st, 2) * t->w * t->idf;
  }
  db_done(st);
  if (rc != DB_DONE) return NULL;
  struct cand *cand = arena_alloc(a, ((size_t)cs.n + 1) * sizeof *cand);
  int nc = 0;
  for (int i = 0; i < cs.cap; i++)
    if (cs.v[i].id && cs.v[i].nt >= 2) cand[nc] = cs.v[i], cand[nc++].nt = 0;

  /* their stored norms (in memory) */
  if (!norms_of(db, cand, nc)) return NULL;
  for (int i = 0; i < nc; i++) {
    struct cand *c = &cand[i];
    c->stale =
        c->norm <= 0 || (c->n_at != total && (c->n_at < NORM_SETTLED || total < NORM_SETTLED));
    c->rank = c->norm > 0 ? c->rank / c->norm : c->rank;
  }
  qsort(cand, (size_t)nc, sizeof *cand, cand_rank_cmp);
  *n = nc;
  return cand;
}

json_t *proposal_similar_ids(struct db *db, struct arena *a, const char *title, const char *body,
                             int64_t exclude_id, double min_score, const char *where, int nparams,
                             const struct db_value *params, int limit) {
  if (limit < 1) limit = 1;
  if (limit > 200) limit = 200;
  struct terms ts;
  terms_init(&ts, a);
  tokenize(&ts, title, PROPOSAL_TITLE_WEIGHT);
  tokenize(&ts, body, 1);
  size_t nq = ts.n;
  if (!nq) return json_array();
  struct term **q = arena_alloc(a, nq * sizeof *q);
  memcpy(q, ts.v, nq * sizeof *q);
  int64_t total = fetch_n(db);
  if (total < 0 || !fetch_df(db, a, &ts, q, nq)) return NULL;
  if (!total) return json_array();
  double qnorm2 = 0;
  for (size_t i = 0; i < nq; i++) {
    q[i]->idf = idf_of(total, q[i]->df);
    q[i]->w = (double)q[i]->tf * q[i]->idf;
    qnorm2 += q[i]->w * q[i]->w;
  }
  double qnorm = sqrt(qnorm2);

  /* the probe terms: highest weight first, within the budget of postings; when the text is a
  ** proposal of the collection (exclude_id), a term only it has finds nothing else */
  qsort(q, nq, sizeof *q, term_w_cmp);
  struct term *probe[PROBE_TERMS];
  int np = 0;
  int64_t budget = PROBE_BUDGET;
  for (size_t i = 0; i < nq && np < PROBE_TERMS; i++) {
    if (q[i]->df < (exclude_id ? 2 : 1) || q[i]->df > budget) continue;
    probe[np++] = q[i];
    budget -= q[i]->df;
  }
  if (np < 2) return json_array();

  /* the best m candidates that satisfy the condition, checked in ranked order */
  int m = limit + SIMILAR_EXTRA, nall = 0, nc = 0;
  struct cand *all = similar_candidates(db, a, probe, np, exclude_id, total, &nall);
  if (!all) return NULL;
  struct cand *cand = all;
  if (where && *where) {
    cand = arena_alloc(a, (size_t)m * sizeof *cand);
    bool *pass = arena_alloc(a, (size_t)nall + 1);
    int64_t *ids = arena_alloc(a, ((size_t)nall + 1) * sizeof *ids);
    for (int i = 0; i < nall; i++) ids[i] = all[i].id;
    for (int off = 0, k = 4 * m; off < nall && nc < m; off += k, k = 256) {
      int n = nall - off < k ? nall - off : k;
      if (!filter_ids(db, a, ids + off, n, where, nparams, params, NULL, 0, pass + off))
        return NULL;
      for (int i = off; i < off + n && nc < m; i++)
        if (pass[i]) cand[nc++] = all[i];
    }
  } else {
    nc = nall < m ? nall : m;
  }
  if (!nc) return json_array();
  qsort(cand, (size_t)nc, sizeof *cand, cand_id_cmp);

  /* their terms (index only): the exact dot product; a stale candidate's terms are kept */
  size_t nct = 0, ctcap = 1024;
  struct cand_term *ct = arena_alloc(a, ctcap * sizeof *ct);
  struct db_value *iv = arena_alloc(a, 64 * sizeof *iv);
  for (int off = 0; off < nc;) {
    int k = chunk_padded((size_t)(nc - off));
    if (k > 64) k = 64;
    for (int i = 0; i < k; i++) iv[i] = val_int(cand[off + i < nc ? off + i : nc - 1].id);
    struct db_stmt *st = db_query_values(
        db,
        sql_list(a, "SELECT proposal_id, term, tf FROM proposal_terms WHERE proposal_id IN (", "?",
                 k, ") ORDER BY proposal_id"),
        k, iv);
    struct cand *c = NULL;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
      int64_t id = db_col_int(st, 0);
      if (!c || c->id != id) {
        c = cand_find(cand, nc, id);
        if (!c) continue;
        c->t0 = nct;
      }
      const char *s = db_col_text(st, 1);
      int64_t tf = db_col_int(st, 2);
      size_t len = strlen(s);
      struct term *t = terms_get(&ts, s, len);
      if (t && t->tf) c->dot += t->w * (double)tf * t->idf;
      if (!c->stale) continue;
      if (!t) t = terms_add(&ts, s, len); /* df unknown yet: -1 */
      if (!t->tf && !t->idf) t->df = -1;
      if (nct == ctcap) {
        struct cand_term *bigger = arena_alloc(a, 2 * ctcap * sizeof *bigger);
        memcpy(bigger, ct, nct * sizeof *ct);
        ct = bigger;
        ctcap *= 2;
      }
      ct[nct++] = (struct cand_term){t, tf};
      c->nt++;
    }
    db_done(st);
    if (rc != DB_DONE) return NULL;
    off += k;
  }

  /* scores; a stale norm that would place its candidate among the first limit is computed
  ** again from its terms (their df fetched together), until the first limit are all exact */
  struct hit *hits = arena_alloc(a, (size_t)nc * sizeof *hits);
  struct term **need = NULL;
  for (;;) {
    for (int i = 0; i < nc; i++) {
      double dn = cand[i].norm;
      double s = cand[i].dot <= 0 || qnorm <= 0 ? 0 : dn > 0 ? cand[i].dot / (qnorm * dn) : 2;
      hits[i] = (struct hit){cand[i].id, s};
    }
    qsort(hits, (size_t)nc, sizeof *hits, hit_cmp);
    size_t nneed = 0;
    int nstale = 0;
    struct cand *redo[200 + SIMILAR_EXTRA];
    for (int i = 0; i < nc && i < limit; i++) {
      struct cand *c = cand_find(cand, nc, hits[i].id);
      if (!c->stale) continue;
      redo[nstale++] = c;
      if (!need) need = arena_alloc(a, (ts.n + 1) * sizeof *need);
      for (size_t j = c->t0; j < c->t0 + c->nt; j++)
        if (ct[j].t->df < 0) ct[j].t->df = 0, need[nneed++] = ct[j].t;
    }
    if (!nstale) break;
    if (nneed && !fetch_df(db, a, &ts, need, nneed)) return NULL;
    for (int r = 0; r < nstale; r++) {
      struct cand *c = redo[r];
      double sum = 0;
      for (size_t j = c->t0; j < c->t0 + c->nt; j++) {
        struct term *t = ct[j].t;
        double w = (double)ct[j].tf * (t->tf ? t->idf : idf_of(total, t->df));
        sum += w * w;
      }
      c->norm = sqrt(sum);
      c->stale = false;
    }
  }

  json_t *out = json_array();
  for (int i = 0; i < nc && (int)json_array_size(out) < limit; i++) {
    double s = hits[i].score > 1 ? 1 : hits[i].score;
    if (s > 0 && s >= min_score) out_add(out, hits[i].id, s);
  }
  return out;
}
