/* src/account/user.h: accounts as records (create, change, disable), for the API and the CLI. */
#ifndef LVZHI_USER_H
#define LVZHI_USER_H
#include <jansson.h>
#include "entity/entity.h"

extern const struct entity user_entity;

/* The JSON of a logged-in user for GET /session: id, username, display_name, role, role_label,
** committee (id, name, level), member_id, unit_id, permissions. */
json_t *user_session_json(struct db *db, const struct user *u);

/* Sets a user's password (after the rules), ends its sessions and revokes its API tokens.
** Returns NULL on success, else a Chinese message. */
const char *user_set_password(struct db *db, int64_t user_id, const char *password);

/* 三员分立 through the API (ctx->user set; the command line may do anything): refuses with 403
** forbidden, ctx->err set, to give an account (new: id 0) the role named (NULL: unchanged) when
** it is admin, security_admin or audit_admin, to change or delete an account (id) that holds
** one of those, and to change one's own role. */
bool user_officer_guard(struct entity_ctx *ctx, int64_t id, const char *role);

#endif
