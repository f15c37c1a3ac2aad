/* src/report/digest_group.c: the suggested grouping of a day's items (see digest_group.h).
** Tokens are interned into a table of ids (open addressing, FNV-1a); every text becomes a sorted
** list of distinct token ids; a postings list per token names the texts holding it; for each
** text the weights of the tokens it shares with later texts are summed in a dense accumulator,
** and pairs over the threshold are joined with union-find. */
#include "digest_group.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/utf8.h"

/* Bigrams of the words every report of the masses uses (who reported, that it is asked to be
** solved, when): they say nothing of the subject, in a small day as in a large one. */
static const char *const stop_tokens[] = {
    "反映", "民反", "众反", "网民", "网友", "市民", "居民", "群众", "村民", "家长", "有关",
    "相关", "部门", "问题", "希望", "建议", "近日", "日前", "最近", "目前", "表示", "存在",
    "情况", "出现", "没有", "已经", "一些", "部分", "多个", "多名", "留言", "政府", "尽快",
    "解决", "处理", "要求", "及时", "导致", "造成", "影响", "严重", "一直", "记者", "了解",
    "据了", "据悉", "有网", "有市", "有居", "称所", "民称", "友称", "引发", "关注", "投诉",
    "呼吁", "认为", "我们", "他们", "进行", NULL};

struct interner {
  char *pool;
  size_t pool_len, pool_cap;
  size_t *off;   /* token id -> offset in pool */
  uint32_t *len; /* token id -> length */
  int ntok, cap; /* ids in use, room in off/len */
  int *slot;     /* hash slot -> id + 1 (0: empty) */
  size_t nslots; /* a power of two */
  bool failed;
};

static uint64_t fnv(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

static bool grow_slots(struct interner *t) {
  size_t ns = t->nslots ? t->nslots * 2 : 1024;
  int *slot = calloc(ns, sizeof *slot);
  if (!slot) return false;
  for (int id = 0; id < t->ntok; id++) {
    size_t h = (size_t)fnv(t->pool + t->off[id], t->len[id]) & (ns - 1);
    while (slot[h]) h = (h + 1) & (ns - 1);
    slot[h] = id + 1;
  }
  free(t->slot);
  t->slot = slot;
  t->nslots = ns;
  return true;
}

/* The id of token s[0..n), a new one when unseen; -1 when memory runs out. */
static int intern(struct interner *t, const char *s, size_t n) {
  if (t->failed) return -1;
  if ((size_t)(t->ntok + 1) * 2 > t->nslots && !grow_slots(t)) return t->failed = true, -1;
  size_t h = (size_t)fnv(s, n) & (t->nslots - 1);
  while (t->slot[h]) {
    int id = t->slot[h] - 1;
    if (t->len[id] == n && !memcmp(t->pool + t->off[id], s, n)) return id;
    h = (h + 1) & (t->nslots - 1);
  }
  if (t->ntok == t->cap) {
    int cap = t->cap ? t->cap * 2 : 1024;
    size_t *off = realloc(t->off, (size_t)cap * sizeof *off);
    if (off) t->off = off;
    uint32_t *len = realloc(t->len, (size_t)cap * sizeof *len);
    if (len) t->len = len;
    if (!off || !len) return t->failed = true, -1;
    t->cap = cap;
  }
  if (t->pool_len + n > t->pool_cap) {
    size_t cap = (t->pool_cap ? t->pool_cap * 2 : 16384) + n;
    char *pool = realloc(t->pool, cap);
    if (!pool) return t->failed = true, -1;
    t->pool = pool;
    t->pool_cap = cap;
  }
  memcpy(t->pool + t->pool_len, s, n);
  t->off[t->ntok] = t->pool_len;
  t->len[t->ntok] = (uint32_t)n;
  t->pool_len += n;
  t->slot[h] = t->ntok + 1;
  return t->ntok++;
}

/* The ids of one text while it is being cut. */
struct ids {
  struct interner *t;
  int *v;
  int n, cap;
  bool failed;
};

static void add_token(const char *tok, size_t n, void *arg) {
  struct ids *x = arg;
  int id = intern(x->t, tok, n);
  if (id < 0) {
    x->failed = true;
    return;
  }
  if (x->n == x->cap) {
    int cap = x->cap ? x->cap * 2 : 64;
    int *v = realloc(x->v, (size_t)cap * sizeof *v);
    if (!v) {
      x->failed = true;
      return;
    }
    x->v = v;
    x->cap = cap;
  }
  x->v[x->n++] = id;
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* Sorts and removes repeats; returns the new count. */
static int distinct(int *v, int n) {
  if (n < 2) return n;
  qsort(v, (size_t)n, sizeof *v, cmp_int);
  int k = 0;
  for (int i = 0; i < n; i++)
    if (!k || v[k - 1] != v[i]) v[k++] = v[i];
  return k;
}

/* The edges found: pairs of texts over the threshold. */
struct edges {
  int *a, *b;
  int n, cap;
};

static bool add_edge(struct edges *e, int a, int b) {
  if (e->n == e->cap) {
    int cap = e->cap ? e->cap * 2 : 1024;
    int *na = realloc(e->a, (size_t)cap * sizeof *na);
    if (na) e->a = na;
    int *nb = realloc(e->b, (size_t)cap * sizeof *nb);
    if (nb) e->b = nb;
    if (!na || !nb) return false;
    e->cap = cap;
  }
  e->a[e->n] = a;
  e->b[e->n++] = b;
  return true;
}

/* Texts in the order they are tried as centres: most neighbours, then the greatest sum of
** similarities, then the first. The degrees and sums come with the call (qsort_r), not through
** globals: two requests group at once on two threads. */
struct star_keys {
  const int *deg;
  const double *sum;
};
static int cmp_star(const void *x, const void *y, void *arg) {
  const struct star_keys *k = arg;
  int i = *(const int *)x, j = *(const int *)y;
  if (k->deg[i] != k->deg[j]) return k->deg[j] - k->deg[i];
  if (k->sum[i] != k->sum[j]) return k->sum[i] < k->sum[j] ? 1 : -1;
  return i - j;
}

struct order {
  int root, size, first;
};

static int cmp_order(const void *a, const void *b) {
  const struct order *x = a, *y = b;
  if (x->size != y->size) return y->size - x->size;
  return x->first - y->first;
}

struct kwscore {
  int tok;
  double score;
};

static int cmp_kw(const void *a, const void *b) {
  const struct kwscore *x = a, *y = b;
  if (x->score != y->score) return x->score < y->score ? 1 : -1;
  return x->tok - y->tok;
}

void digest_grouping_free(struct digest_grouping *g) {
  free(g->group_of);
  free(g->groups);
  memset(g, 0, sizeof *g);
}

bool digest_group_texts(const char *const *texts, int n, double threshold,
                        struct digest_grouping *out) {
  memset(out, 0, sizeof *out);
  if (n < 0) return false;
  struct interner t = {0};
  /* the stop tokens take the first ids */
  int nstop = 0;
  while (stop_tokens[nstop] && intern(&t, stop_tokens[nstop], strlen(stop_tokens[nstop])) >= 0)
    nstop++;
  int **tok = calloc((size_t)n + 1, sizeof *tok);
  int *ntok = calloc((size_t)n + 1, sizeof *ntok);
  bool ok = tok && ntok;
  /* 1. the distinct tokens of each text */
  for (int i = 0; ok && i < n; i++) {
    struct ids x = {.t = &t};
    const char *s = texts[i] ? texts[i] : "";
    utf8_tokens(s, strlen(s), add_token, &x);
    if (x.failed) {
      free(x.v);
      ok = false;
      break;
    }
    ntok[i] = distinct(x.v, x.n);
    tok[i] = x.v;
  }
  int V = t.ntok;
  int *df = ok ? calloc((size_t)V + 1, sizeof *df) : NULL;
  double *w = ok ? calloc((size_t)V + 1, sizeof *w) : NULL;
  double *norm = ok ? calloc((size_t)n + 1, sizeof *norm) : NULL;
  int *pstart = ok ? calloc((size_t)V + 2, sizeof *pstart) : NULL;
  ok = ok && df && w && norm && pstart;
  /* 2. document frequencies, weights, norms; postings of the tokens that can join texts */
  int maxdf = n / 4 > 4 ? n / 4 : 4;
  if (ok) {
    for (int i = 0; i < n; i++)
      for (int k = 0; k < ntok[i]; k++) df[tok[i][k]]++;
    for (int v = 0; v < V; v++)
      w[v] = v < nstop || df[v] > maxdf || !df[v] ? 0 : log(1.0 + (double)n / df[v]);
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int k = 0; k < ntok[i]; k++)
        if (df[tok[i][k]] >= 2) s += w[tok[i][k]] * w[tok[i][k]];
      norm[i] = sqrt(s);
    }
    for (int v = 0; v < V; v++) pstart[v + 1] = pstart[v] + (df[v] >= 2 && w[v] > 0 ? df[v] : 0);
  }
  int *post = ok ? malloc(((size_t)(pstart[V]) + 1) * sizeof *post) : NULL;
  int *fill = ok ? calloc((size_t)V + 1, sizeof *fill) : NULL;
  double *acc = ok ? calloc((size_t)n + 1, sizeof *acc) : NULL;
  int *shared = ok ? calloc((size_t)n + 1, sizeof *shared) : NULL;
  int *touched = ok ? malloc(((size_t)n + 1) * sizeof *touched) : NULL;
  int *center = ok ? malloc(((size_t)n + 1) * sizeof *center) : NULL;
  int *deg = ok ? calloc((size_t)n + 2, sizeof *deg) : NULL;
  double *simsum = ok ? calloc((size_t)n + 1, sizeof *simsum) : NULL;
  struct edges e = {0};
  ok = ok && post && fill && acc && shared && touched && center && deg && simsum;
  if (ok) {
    for (int i = 0; i < n; i++)
      for (int k = 0; k < ntok[i]; k++) {
        int v = tok[i][k];
        if (pstart[v + 1] > pstart[v]) post[pstart[v] + fill[v]++] = i;
      }
    /* 3. for each text, the weight it shares with every later text */
    for (int i = 0; i < n; i++) {
      int nt = 0;
      for (int k = 0; k < ntok[i]; k++) {
        int v = tok[i][k];
        double w2 = w[v] * w[v];
        for (int p = pstart[v]; p < pstart[v + 1]; p++) {
          int j = post[p];
          if (j <= i) continue;
          if (!shared[j]++) touched[nt++] = j;
          acc[j] += w2;
        }
      }
      for (int k = 0; k < nt; k++) {
        int j = touched[k];
        double sim = norm[i] > 0 && norm[j] > 0 ? acc[j] / (norm[i] * norm[j]) : 0;
        int common = shared[j];
        acc[j] = 0;
        shared[j] = 0;
        if (common < 2 || sim + 1e-12 < threshold) continue;
        simsum[i] += sim;
        simsum[j] += sim;
        deg[i]++, deg[j]++;
        if (!add_edge(&e, i, j)) ok = false;
      }
    }
  }
  /* 4. stars: the text with the most neighbours is a centre and takes its neighbours not yet
  ** taken; then the next untaken text in that order. Every member is like its centre, so
  ** groups do not chain from one subject to another through texts between them. */
  int *adj = ok ? malloc(((size_t)e.n * 2 + 1) * sizeof *adj) : NULL;
  int *astart = ok ? calloc((size_t)n + 2, sizeof *astart) : NULL;
  int *byrank = ok ? malloc(((size_t)n + 1) * sizeof *byrank) : NULL;
  ok = ok && adj && astart && byrank;
  if (ok) {
    for (int i = 0; i < n; i++) astart[i + 1] = astart[i] + deg[i];
    memset(deg, 0, ((size_t)n + 1) * sizeof *deg);
    for (int k = 0; k < e.n; k++) {
      adj[astart[e.a[k]] + deg[e.a[k]]++] = e.b[k];
      adj[astart[e.b[k]] + deg[e.b[k]]++] = e.a[k];
    }
    for (int i = 0; i < n; i++) byrank[i] = i, center[i] = -1;
    struct star_keys keys = {deg, simsum};
    qsort_r(byrank, (size_t)n, sizeof *byrank, cmp_star, &keys);
    for (int r = 0; r < n; r++) {
      int c = byrank[r];
      if (center[c] >= 0) continue;
      center[c] = c;
      for (int k = astart[c]; k < astart[c + 1]; k++)
        if (center[adj[k]] < 0) center[adj[k]] = c;
    }
  }
  free(adj);
  free(astart);
  free(byrank);
  free(e.a);
  free(e.b);
  /* 5. groups, biggest first, each represented by its centre; keywords */
  struct order *ord = ok ? calloc((size_t)n + 1, sizeof *ord) : NULL;
  int *gidx = ok ? malloc(((size_t)n + 1) * sizeof *gidx) : NULL;
  out->group_of = ok ? malloc(((size_t)n + 1) * sizeof *out->group_of) : NULL;
  ok = ok && ord && gidx && out->group_of;
  int ng = 0;
  if (ok) {
    for (int i = 0; i < n; i++) gidx[i] = -1;
    for (int i = 0; i < n; i++) {
      int r = center[i];
      if (gidx[r] < 0) {
        gidx[r] = ng;
        ord[ng++] = (struct order){.root = r, .size = 0, .first = i};
      }
      ord[gidx[r]].size++;
    }
    qsort(ord, (size_t)ng, sizeof *ord, cmp_order);
    for (int g = 0; g < ng; g++) gidx[ord[g].root] = g;
    out->groups = calloc((size_t)ng + 1, sizeof *out->groups);
    ok = out->groups != NULL;
  }
  if (ok) {
    out->n = n;
    out->ngroups = ng;
    for (int g = 0; g < ng; g++) out->groups[g].rep = -1;
    for (int i = 0; i < n; i++) {
      int g = gidx[center[i]];
      struct digest_group *G = &out->groups[g];
      out->group_of[i] = g;
      G->size++;
      G->rep = center[i];
    }
    /* keywords: within a group, a token scores its weight times the members holding it;
    ** fill[] (reused) counts members per token, members listed by group */
    int *members = malloc(((size_t)n + 1) * sizeof *members),
        *mstart = calloc((size_t)ng + 2, sizeof *mstart);
    struct kwscore *ks = malloc(((size_t)V + 1) * sizeof *ks);
    ok = members && mstart && ks;
    if (ok) {
      for (int i = 0; i < n; i++) mstart[out->group_of[i] + 1]++;
      for (int g = 0; g < ng; g++) mstart[g + 1] += mstart[g];
      int *pos = calloc((size_t)ng + 1, sizeof *pos);
      ok = pos != NULL;
      for (int i = 0; ok && i < n; i++)
        members[mstart[out->group_of[i]] + pos[out->group_of[i]]++] = i;
      free(pos);
      memset(fill, 0, ((size_t)V + 1) * sizeof *fill);
      for (int g = 0; ok && g < ng; g++) {
        int nk = 0;
        for (int m = mstart[g]; m < mstart[g + 1]; m++) {
          int i = members[m];
          for (int k = 0; k < ntok[i]; k++) {
            int v = tok[i][k];
            if (w[v] <= 0) continue;
            if (!fill[v]++) ks[nk++] = (struct kwscore){.tok = v};
          }
        }
        int size = mstart[g + 1] - mstart[g];
        int kept = 0;
        for (int k = 0; k < nk; k++) {
          int v = ks[k].tok;
          /* in a group, a keyword is held by two members at least */
          if (size < 2 || fill[v] >= 2) ks[kept++] = (struct kwscore){v, w[v] * fill[v]};
          fill[v] = 0;
        }
        qsort(ks, (size_t)kept, sizeof *ks, cmp_kw);
        struct digest_group *G = &out->groups[g];
        for (int k = 0; k < kept && G->nkw < DIGEST_KEYWORDS; k++) {
          int v = ks[k].tok;
          if (t.len[v] >= sizeof G->kw[0]) continue;
          memcpy(G->kw[G->nkw], t.pool + t.off[v], t.len[v]);
          G->kw[G->nkw++][t.len[v]] = 0;
        }
      }
    }
    free(members);
    free(mstart);
    free(ks);
  }
  for (int i = 0; tok && i < n; i++) free(tok[i]);
  free(tok);
  free(ntok);
  free(df);
  free(w);
  free(norm);
  free(pstart);
  free(post);
  free(fill);
  free(acc);
  free(shared);
  free(touched);
  free(center);
  free(deg);
  free(simsum);
  free(ord);
  free(gidx);
  free(t.pool);
  free(t.off);
  free(t.len);
  free(t.slot);
  if (!ok || t.failed) {
    digest_grouping_free(out);
    return false;
  }
  return true;
}
