/* src/cli/cli.h: the operator's command line: parsed arguments and shared helpers. */
#ifndef LVZHI_CLI_H
#define LVZHI_CLI_H
#include <stdbool.h>
#include <stdint.h>
#include "base/conf.h"

struct db;

#define CLI_MAX_ARGS 16

struct cli {
  struct conf conf;               /* file, then environment, then flags */
  const char *args[CLI_MAX_ARGS]; /* positional arguments after the command */
  int nargs;
  bool help;
};

/* Opens the configured database and, when migrate is set, brings its schema up to date without
** the key (a migration that must seal data then fails: use cli_open_db_key); prints the reason
** and returns NULL on failure. */
struct db *cli_open_db(struct cli *c, bool migrate);

/* Loads the installation key into key (made when create_key is set and there is none yet), then
** opens the database and brings its schema up to date with it. NULL after printing the reason. */
struct db *cli_open_db_key(struct cli *c, bool create_key, unsigned char *key);

/* A progress bar on standard error when it is a terminal (nothing otherwise). */
void cli_progress(int64_t done, int64_t total, const char *stage);

/* A flag's value from the configuration (flags included). */
const char *cli_opt(struct cli *c, const char *key, const char *dflt);

int cmd_init(struct cli *c);
int cmd_migrate(struct cli *c);
int cmd_demo(struct cli *c);
int cmd_user(struct cli *c);
int cmd_import(struct cli *c);
int cmd_export(struct cli *c);
int cmd_backup(struct cli *c);
int cmd_restore(struct cli *c);
int cmd_check(struct cli *c);
int cmd_migrate_data(struct cli *c);
int cmd_routes(struct cli *c);

/* lvzhi errors: the API's error codes with their HTTP status and meaning, one a line. */
int cmd_errors(struct cli *c);

#endif
