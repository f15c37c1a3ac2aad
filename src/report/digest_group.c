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

/* ---- keywords: the shared words of a group that are words ------------------------------------
** Bigrams cut across word boundaries (城区电动车 holds 区电, 电动车飞线 holds 车飞, 自来水水压
** holds 水水), so a group's keywords are not its bigrams but the strings of 2 to PHRASE_MAX
** ideographs its members share, kept only when they stand free on both sides: among their
** occurrences in the group's texts, either some occurrence begins (ends) a run of ideographs
** (punctuation, a digit or a letter beside it) or the ideographs before (after) them differ
** (accessor variety ≥ 2). A fragment such as 区电 always has 城 before it and 动 after it, so it
** is dropped, while 电动车 has 城区 or 的 before it and 飞线 or 充电 after it. The first and last
** bigram of a keyword must weigh something (not a stop bigram, not in most of the day's texts),
** so 尽快解决 or 网民反映 are never keywords. The most shared come first, the shorter first among
** as many holders (a word before the phrases it begins), and a keyword inside or around one
** already chosen is skipped. */
#define PHRASE_MAX  8   /* ideographs in a keyword, at most */
#define PHRASE_TEXT 900 /* bytes of a text looked at for keywords */

struct phrase {
  const char *s; /* in a member's text */
  int len;       /* bytes */
  int nchars;
  int support, last; /* members holding it; the last member counted */
  long lchar, rchar; /* the ideograph first seen before (after) it; -1 none yet */
  bool lfree, rfree;
  double w; /* the smaller of its first and last bigram's weights */
};

struct phrases {
  struct phrase *v;
  int n, cap;
  int *slot; /* index + 1 */
  size_t nslots;
  bool failed;
};

static struct phrase *phrase_at(struct phrases *p, const char *s, int len, int nchars) {
  if ((size_t)(p->n + 1) * 2 > p->nslots) {
    size_t ns = p->nslots ? p->nslots * 2 : 4096;
    int *slot = calloc(ns, sizeof *slot);
    if (!slot) return p->failed = true, NULL;
    for (int k = 0; k < p->n; k++) {
      size_t h = (size_t)fnv(p->v[k].s, (size_t)p->v[k].len) & (ns - 1);
      while (slot[h]) h = (h + 1) & (ns - 1);
      slot[h] = k + 1;
    }
    free(p->slot);
    p->slot = slot;
    p->nslots = ns;
  }
  size_t h = (size_t)fnv(s, (size_t)len) & (p->nslots - 1);
  while (p->slot[h]) {
    struct phrase *x = &p->v[p->slot[h] - 1];
    if (x->len == len && !memcmp(x->s, s, (size_t)len)) return x;
    h = (h + 1) & (p->nslots - 1);
  }
  if (p->n == p->cap) {
    int cap = p->cap ? p->cap * 2 : 1024;
    struct phrase *v = realloc(p->v, (size_t)cap * sizeof *v);
    if (!v) return p->failed = true, NULL;
    p->v = v;
    p->cap = cap;
  }
  p->slot[h] = p->n + 1;
  p->v[p->n] =
      (struct phrase){.s = s, .len = len, .nchars = nchars, .last = -1, .lchar = -1, .rchar = -1};
  return &p->v[p->n++];
}

/* The id of token s[0..n) when interned, else -1 (nothing added). */
static int lookup(const struct interner *t, const char *s, size_t n) {
  if (!t->nslots) return -1;
  size_t h = (size_t)fnv(s, n) & (t->nslots - 1);
  while (t->slot[h]) {
    int id = t->slot[h] - 1;
    if (t->len[id] == n && !memcmp(t->pool + t->off[id], s, n)) return id;
    h = (h + 1) & (t->nslots - 1);
  }
  return -1;
}

/* Notes one side of an occurrence: c is the ideograph beside it, -1 a run's end. */
static void note_side(long *first, bool *free_, long c) {
  if (c < 0)
    *free_ = true;
  else if (*first < 0)
    *first = c;
  else if (*first != c)
    *free_ = true;
}

/* Adds every string of 2..PHRASE_MAX ideographs of text (member m) to p. */
static void phrases_of(struct phrases *p, const char *text, int m) {
  size_t len = strlen(text);
  if (len > PHRASE_TEXT) len = PHRASE_TEXT;
  /* the ideographs of the text: start offsets, code points, and whether each begins a run */
  int off[PHRASE_TEXT + 1], clen[PHRASE_TEXT + 1];
  long cp[PHRASE_TEXT + 1];
  bool joined[PHRASE_TEXT + 1]; /* ideograph k follows ideograph k-1 directly */
  int nc = 0;
  bool prev_cjk = false;
  for (size_t i = 0; i < len;) {
    int n = 1;
    long c = utf8_decode(text + i, len - i, &n);
    if (i + (size_t)n > len) break;
    bool cjk = utf8_is_cjk(c);
    if (cjk) {
      off[nc] = (int)i, clen[nc] = n, cp[nc] = c, joined[nc] = prev_cjk;
      nc++;
    }
    prev_cjk = cjk;
    i += (size_t)n;
  }
  for (int a = 0; a < nc; a++) {
    for (int k = 2; k <= PHRASE_MAX && a + k <= nc; k++) {
      int b = a + k - 1; /* the last ideograph */
      if (!joined[b]) break;
      int bytes = off[b] + clen[b] - off[a];
      struct phrase *x = phrase_at(p, text + off[a], bytes, k);
      if (!x) return;
      if (x->last != m) x->support++, x->last = m;
      note_side(&x->lchar, &x->lfree, joined[a] ? cp[a - 1] : -1);
      note_side(&x->rchar, &x->rfree, b + 1 < nc && joined[b + 1] ? cp[b + 1] : -1);
    }
  }
}

static int cmp_phrase(const void *a, const void *b) {
  const struct phrase *x = *(struct phrase *const *)a, *y = *(struct phrase *const *)b;
  if (x->support != y->support) return y->support - x->support;
  if (x->nchars != y->nchars) return x->nchars - y->nchars;
  if (x->w != y->w) return x->w < y->w ? 1 : -1;
  int c = memcmp(x->s, y->s, (size_t)(x->len < y->len ? x->len : y->len));
  return c ? c : x->len - y->len;
}

static bool contains(const char *hay, int hn, const char *needle, int nn) {
  for (int i = 0; i + nn <= hn; i++)
    if (!memcmp(hay + i, needle, (size_t)nn)) return true;
  return false;
}

/* The keywords of group G from its members' texts (members[0..size)): the shared words above,
** then, when room is left, ASCII words held by two members. Returns false when memory runs
** out. */
static bool group_keywords(struct digest_group *G, const char *const *texts, const int *members,
                           int size, const struct interner *t, const double *w, int **tok,
                           const int *ntok, int *count) {
  struct phrases p = {0};
  for (int m = 0; m < size && !p.failed; m++) {
    const char *s = texts[members[m]];
    phrases_of(&p, s ? s : "", m);
  }
  int need = size < 2 ? 1 : 2;
  struct phrase **cand = p.failed ? NULL : malloc(((size_t)p.n + 1) * sizeof *cand);
  bool ok = !p.failed && cand;
  int nc = 0;
  for (int k = 0; ok && k < p.n; k++) {
    struct phrase *x = &p.v[k];
    if (x->support < need || !x->lfree || !x->rfree) continue;
    /* the first and the last bigram weigh something */
    int n1 = 1, n2 = 1;
    utf8_decode(x->s, (size_t)x->len, &n1);
    /* first bigram: the first two ideographs */
    int second = 1;
    utf8_decode(x->s + n1, (size_t)(x->len - n1), &second);
    int first_id = lookup(t, x->s, (size_t)(n1 + second));
    /* last bigram: the last two ideographs (find the start of the second to last) */
    int i = 0, prev = 0, last = 0;
    while (i < x->len) {
      utf8_decode(x->s + i, (size_t)(x->len - i), &n2);
      prev = last, last = i;
      i += n2;
    }
    int last_id = lookup(t, x->s + prev, (size_t)(x->len - prev));
    double w1 = first_id >= 0 ? w[first_id] : 0, w2 = last_id >= 0 ? w[last_id] : 0;
    if (w1 <= 0 || w2 <= 0) continue;
    x->w = w1 < w2 ? w1 : w2;
    cand[nc++] = x;
  }
  if (ok) {
    qsort(cand, (size_t)nc, sizeof *cand, cmp_phrase);
    for (int k = 0; k < nc && G->nkw < DIGEST_KEYWORDS; k++) {
      const struct phrase *x = cand[k];
      if ((size_t)x->len >= sizeof G->kw[0]) continue;
      bool near = false;
      for (int j = 0; j < G->nkw && !near; j++) {
        int kl = (int)strlen(G->kw[j]);
        near = contains(x->s, x->len, G->kw[j], kl) || contains(G->kw[j], kl, x->s, x->len);
      }
      if (near) continue;
      memcpy(G->kw[G->nkw], x->s, (size_t)x->len);
      G->kw[G->nkw++][x->len] = 0;
    }
    /* ASCII words held by two members (one for a lone item) */
    for (int m = 0; m < size; m++)
      for (int k = 0; k < ntok[members[m]]; k++) {
        int v = tok[members[m]][k];
        if (w[v] > 0 && (unsigned char)t->pool[t->off[v]] < 0x80) count[v]++;
      }
    for (int m = 0; m < size && G->nkw < DIGEST_KEYWORDS; m++)
      for (int k = 0; k < ntok[members[m]] && G->nkw < DIGEST_KEYWORDS; k++) {
        int v = tok[members[m]][k];
        if (count[v] < need || t->len[v] >= sizeof G->kw[0] || t->len[v] < 2) continue;
        count[v] = 0; /* once */
        memcpy(G->kw[G->nkw], t->pool + t->off[v], t->len[v]);
        G->kw[G->nkw++][t->len[v]] = 0;
      }
    for (int m = 0; m < size; m++)
      for (int k = 0; k < ntok[members[m]]; k++) count[tok[members[m]][k]] = 0;
  }
  free(cand);
  free(p.v);
  free(p.slot);
  return ok;
}

/* One subject the stars split in two (a later centre is never a neighbour of an earlier one, so
** the items of one subject that are like each other but not like the first centre make a group
** of their own): a group that shares two keywords or more with a bigger one (words of two
** ideographs at least, found by group_keywords) and the same first keyword (the word most of its
** members hold) joins it; only groups not joined themselves take others, so nothing chains. On
** make bench's day this joins 3 of 113 groups and keeps the purity (0.985). See digest_group.h. */
int digest_merge_split(struct digest_grouping *out) {
  int ng = out->ngroups, n = out->n, merged = 0;
  int *into = malloc(((size_t)ng + 1) * sizeof *into);
  if (!into) return -1;
  for (int g = 0; g < ng; g++) into[g] = g;
  for (int g = 0; g < ng; g++) {
    const struct digest_group *G = &out->groups[g];
    if (into[g] != g || G->nkw < 2) continue;
    for (int h = g + 1; h < ng; h++) {
      const struct digest_group *H = &out->groups[h];
      if (into[h] != h || H->nkw < 2) continue;
      int shared = 0;
      for (int a = 0; a < G->nkw; a++)
        for (int b = 0; b < H->nkw; b++)
          if (strlen(G->kw[a]) >= 6 && !strcmp(G->kw[a], H->kw[b])) shared++;
      if (shared >= 2 && !strcmp(G->kw[0], H->kw[0])) into[h] = g, merged++;
    }
  }
  if (!merged) {
    free(into);
    return 0;
  }
  struct order *ord = calloc((size_t)ng + 1, sizeof *ord);
  int *idx = malloc(((size_t)ng + 1) * sizeof *idx);
  struct digest_group *groups = calloc((size_t)(ng - merged) + 1, sizeof *groups);
  if (!ord || !idx || !groups) {
    free(into), free(ord), free(idx), free(groups);
    return -1;
  }
  for (int g = 0; g < ng; g++) ord[g] = (struct order){.root = g, .size = 0, .first = n};
  for (int i = 0; i < n; i++) {
    struct order *o = &ord[into[out->group_of[i]]];
    if (!o->size++) o->first = i;
  }
  int nr = 0;
  for (int g = 0; g < ng; g++)
    if (into[g] == g) ord[nr++] = ord[g];
  qsort(ord, (size_t)nr, sizeof *ord, cmp_order);
  for (int k = 0; k < nr; k++) {
    idx[ord[k].root] = k;
    groups[k].size = ord[k].size;
    groups[k].rep = out->groups[ord[k].root].rep;
  }
  for (int i = 0; i < n; i++) out->group_of[i] = idx[into[out->group_of[i]]];
  free(out->groups);
  out->groups = groups;
  out->ngroups = nr;
  free(into), free(ord), free(idx);
  return merged;
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
    /* keywords: the shared words of each group that are words (group_keywords); then one
    ** subject split in two is joined (digest_merge_split) and the keywords are found again */
    int *members = NULL, *mstart = NULL;
    for (int pass = 0; ok && pass < 2; pass++) {
      ng = out->ngroups;
      free(members);
      free(mstart);
      members = malloc(((size_t)n + 1) * sizeof *members);
      mstart = calloc((size_t)ng + 2, sizeof *mstart);
      ok = members && mstart;
      if (!ok) break;
      for (int i = 0; i < n; i++) mstart[out->group_of[i] + 1]++;
      for (int g = 0; g < ng; g++) mstart[g + 1] += mstart[g];
      int *pos = calloc((size_t)ng + 1, sizeof *pos);
      ok = pos != NULL;
      for (int i = 0; ok && i < n; i++)
        members[mstart[out->group_of[i]] + pos[out->group_of[i]]++] = i;
      free(pos);
      memset(fill, 0, ((size_t)V + 1) * sizeof *fill);
      for (int g = 0; ok && g < ng; g++) {
        out->groups[g].nkw = 0;
        ok = group_keywords(&out->groups[g], texts, members + mstart[g], mstart[g + 1] - mstart[g],
                            &t, w, tok, ntok, fill);
      }
      if (!ok || pass) break;
      int merged = digest_merge_split(out);
      if (merged < 0) ok = false;
      if (merged <= 0) break;
    }
    free(members);
    free(mstart);
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
