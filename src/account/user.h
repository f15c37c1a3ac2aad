/* src/account/user.h: accounts as records (create, change, disable), for the API and the CLI. */
#ifndef LVZHI_USER_H
#define LVZHI_USER_H
#include <jansson.h>
#include "auth/password.h"
#include "entity/entity.h"

extern const struct entity user_entity;

/* The JSON of a logged-in user for GET /session: id, username, display_name, role, role_label,
** committee (id, name, level), member_id, unit_id, permissions. */
json_t *user_session_json(struct db *db, const struct user *u);

/* Sets a user's password (after password_check's rules, with the account's name), notes when,
** ends its sessions and revokes its API tokens. Returns NULL on success, else the rule broken
** (or rule "internal" when the database or the hash failed). */
const struct password_fault *user_set_password(struct db *db, int64_t user_id,
                                               const char *password);

/* When the user's password was last set (its creation when never changed since the upgrade). */
int64_t user_password_set_at(struct db *db, int64_t user_id);

/* The security settings (GET/PUT /api/v1/committees/{id}/security-settings): the idle timeout
** of sessions (session_idle_minutes, 30) and the age at which a password must be changed
** (password_max_age_days, 0 = never), inherited down the committee tree. */
extern const struct setting_group account_security_settings;

/* What the security settings in force at a user's committee ask of a session begun at now:
** its idle timeout, when the password expires (0: never) and whether it has. */
struct account_policy {
  int64_t idle_seconds;
  int64_t password_expires_at;
  bool must_change_password;
};
struct account_policy account_policy(struct db *db, const struct user *u, int64_t now);

/* 三员分立 through the API (ctx->user set; the command line may do anything): refuses with 403
** forbidden, ctx->err set, to give an account (new: id 0) the role named (NULL: unchanged) when
** it is admin, security_admin or audit_admin, to change or delete an account (id) that holds
** one of those, and to change one's own role. */
bool user_officer_guard(struct entity_ctx *ctx, int64_t id, const char *role);

#endif
