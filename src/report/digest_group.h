/* src/report/digest_group.h: the grouping of a day's items by subject that the daily digest
** (《网络社情摘要》) suggests. Each text is cut into the tokens the search uses (CJK bigrams,
** ASCII words: utf8_tokens); a token weighs log(1 + n / df) where df is how many of the n texts
** hold it, and tokens held by more than a quarter of the texts (and by more than 4) are left
** out as carrying no subject, as are the bigrams of words every such text uses (反映, 网民,
** 希望, 尽快解决 …: the list in digest_group.c), which small days hold too few times to tell.
** Two texts are as similar as the cosine of their weighted token sets counting only the tokens
** some other text of the day holds too (a token no other text holds says nothing about
** grouping, and in short texts such tokens would drown the shared ones); pairs sharing two
** tokens at least and at least threshold similar are neighbours (one shared bigram is a
** coincidence more often than a subject). Groups are stars: the text with the most neighbours
** is a centre and takes its neighbours not yet taken, then the next untaken text; every member
** is like its centre, so a group does not chain from one subject to another through texts in
** between. Pairs are found through the lists of texts holding each token, so the work grows
** with the pairs that share a token, not with every pair. */
#ifndef LVZHI_DIGEST_GROUP_H
#define LVZHI_DIGEST_GROUP_H
#include <stdbool.h>

#define DIGEST_KEYWORDS 5

/* The threshold the suggestion uses when none is asked for: on make bench's made-up day of
** 2,000 items on 76 subjects it keeps 98 % of the items with their subject's majority. */
#define DIGEST_THRESHOLD 0.35

/* One group: its size, its representative (its centre; a lone text itself) and its keywords
** (the words its members share that stand free on both sides, not bigrams cut across words:
** digest_group.c; the most held first, at most DIGEST_KEYWORDS, each NUL-terminated). */
struct digest_group {
  int size, rep, nkw;
  char kw[DIGEST_KEYWORDS][32];
};

/* The grouping of n texts: group_of[i] is the index into groups of text i; groups run from the
** biggest, ties by their first text. */
struct digest_grouping {
  int n, ngroups;
  int *group_of;
  struct digest_group *groups;
};

/* Groups texts[0..n) (NUL-terminated UTF-8) at threshold (0 < threshold <= 1). Returns false
** only when memory runs out; out is then empty. */
bool digest_group_texts(const char *const *texts, int n, double threshold,
                        struct digest_grouping *out);

/* One subject the stars split in two, joined (digest_group_texts calls it once its groups have
** their keywords, then finds their keywords again): a group sharing two keywords or more and its
** first keyword with a bigger group joins it, when that group has joined none itself. The groups
** are ordered again (biggest first, ties by their first text), each keeping the representative
** of its biggest part; keywords of joined groups are left empty for the caller to find again.
** Returns how many groups were joined, -1 when memory runs out (g unchanged). */
int digest_merge_split(struct digest_grouping *g);

/* Frees what digest_group_texts allocated. */
void digest_grouping_free(struct digest_grouping *g);

#endif
