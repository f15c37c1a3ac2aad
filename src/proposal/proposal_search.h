/* src/proposal/proposal_search.h: full-text search over proposals and the search for similar
** proposals (duplicate detection, "what was asked before"), on the tokens of base/utf8.h (CJK
** bigrams and lowercased ASCII words) kept in proposal_terms. The same SQL runs on SQLite and
** PostgreSQL; see proposal_search.c for the scoring, the tables and what each call costs. */
#ifndef LVZHI_PROPOSAL_SEARCH_H
#define LVZHI_PROPOSAL_SEARCH_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;
struct db_value;

/* How many times a term of the title counts against one of the body. */
#define PROPOSAL_TITLE_WEIGHT 3

/* Replaces the search terms of proposal id with those of its title and body (title terms count
** PROPOSAL_TITLE_WEIGHT times). Call inside the transaction that writes the proposal.
** An empty title and body take the proposal out of the index: do so before deleting it.
** Returns false on a database error, having rolled the transaction back. Many new proposals in
** one transaction (a load) go to proposal_index_bulk: on PostgreSQL calls under one snapshot
** slow down with every call before them (see Costs in proposal_search.c). */
bool proposal_index(struct db *db, int64_t id, const char *title, const char *body);

/* A search over proposals by a query of CJK text and/or ASCII words, restricted by a SQL
** condition on the proposals table aliased p
** (e.g. "p.committee_id IN (...) AND p.status <> 'draft'")
** with its parameters, best first: [{id, score}] up to limit (1..200), as a JSON array.
** Every query token must occur (AND); score = sum over query tokens of tf × idf, idf =
** ln(1 + N / df) over the proposals with terms. A query of one CJK character (no bigram) matches
** titles and bodies containing it (LIKE). An empty query gives an empty array.
** Returns a new array (the caller's reference), NULL on a database error; works in arena a. */
json_t *proposal_search_ids(struct db *db, struct arena *a, const char *query, const char *where,
                            int nparams, const struct db_value *params, int limit);

/* The proposals most like a text (title + body), for duplicate detection and "what was asked
** before": candidates share at least two of the text's distinct terms; score in [0, 1] is the
** cosine of tf-idf vectors; excluding exclude_id (0: none) and restricted like above; best first,
** [{id, score}] with score >= min_score, up to limit.
** Returns a new array (the caller's reference), NULL on a database error; works in arena a. */
json_t *proposal_similar_ids(struct db *db, struct arena *a, const char *title, const char *body,
                             int64_t exclude_id, double min_score, const char *where, int nparams,
                             const struct db_value *params, int limit);

/* Indexes n proposals that have no terms yet (a bulk load: the demo) in one transaction:
** the same postings, document frequencies and norms as proposal_index one by one, with
** statements of up to 256 rows. False on a database error (nothing kept). */
bool proposal_index_bulk(struct db *db, size_t n, const int64_t *ids, const char *const *titles,
                         const char *const *bodies);

#endif
