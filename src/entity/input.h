/* src/entity/input.h: the checks of a write's JSON body that no field table describes (the
** bodies of workflow actions and of module-specific writes). Each takes the member by name,
** answers the value, and on bad input sets ctx->err to 422 invalid_field naming the member, with
** a message in both languages; the caller returns false and nothing is written. */
#ifndef LVZHI_ENTITY_INPUT_H
#define LVZHI_ENTITY_INPUT_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "entity.h"

/* Whether in is a JSON object; else 422 invalid "请求体应为 JSON 对象". */
bool input_object(struct entity_ctx *ctx, json_t *in);

/* Whether in holds no member but those named (NULL-terminated); else 422 naming the first
** unknown member and the ones allowed. */
bool input_only(struct entity_ctx *ctx, json_t *in, const char *const *names);

/* Sets 422 invalid_field for the unknown member key (names, when not NULL, lists those allowed). */
void input_unknown(struct entity_ctx *ctx, const char *key, const char *const *names);

/* Member name as text: "" when absent or null and not required; NULL with 422 when required
** and empty, not text, holding a NUL, or over max characters (0: no limit). zh names the member
** in messages ("签发人"). */
const char *input_text(struct entity_ctx *ctx, json_t *in, const char *name, bool required, int max,
                       const char *zh);

/* Whether text (the value of member name, already read) has at most max characters; else 422
** invalid_field naming name: "<zh>共 N 字，超过 M 字的上限". For limits that are settings, checked
** on every path that writes the text. */
bool input_fits(struct entity_ctx *ctx, const char *name, const char *text, int64_t max,
                const char *zh);

/* Member name as one of the values of the label table t: "" when absent or null and not
** required; NULL with 422 naming the values and their words ("采用级别应为 local（本级采用）、
** province（省级采用）、national（全国政协采用）之一": label_choices). */
const char *input_enum(struct entity_ctx *ctx, json_t *in, const char *name, const struct label *t,
                       bool required, const char *zh);

/* Member name as a date "YYYY-MM-DD"; today in CST when absent or null; NULL with 422. */
const char *input_date(struct entity_ctx *ctx, json_t *in, const char *name);

/* Member name as an integer in [min, max] into *out; false with 422 (absent included). */
bool input_int(struct entity_ctx *ctx, json_t *in, const char *name, int64_t min, int64_t max,
               int64_t *out, const char *zh);

/* Member name as a list of distinct positive ids, from min to max of them (absent or null: the
** empty list, refused when min > 0), into out (room for max) and *n; false with 422. */
bool input_ids(struct entity_ctx *ctx, json_t *in, const char *name, int min, int max, int64_t *out,
               int *n, const char *zh);

/* Member name as true or false into *out; false with 422 (absent included). */
bool input_bool(struct entity_ctx *ctx, json_t *in, const char *name, bool *out);

#endif
