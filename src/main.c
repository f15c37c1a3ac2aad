/* src/main.c: the lvzhi module table and command table. Each command takes --db PATH|URL and
** --config FILE; settings come from the file, then LVZHI_* environment variables, then flags. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth/secret.h"
#include "auth/audit.h"
#include "base/label.h"
#include "base/module.h"
#include "cli/cli.h"
#include "db/db.h"
#include "entity/flow.h"
#include "entity/record_ref.h"
#include "file/file.h"
#include "http/router.h"
#include "http/server.h"
#include "job/job.h"
#include "workbench/workbench.h"

#define LVZHI_VERSION "0.1.0"

/* What each module exports for the table below (defined in its own files). */
extern const struct route system_routes[], account_routes[], org_routes[], member_routes[],
    job_routes[], notify_routes[], stats_routes[], file_routes[], contact_routes[],
    proposal_routes[], points_routes[], report_routes[], bulletin_routes[], workbench_routes[],
    meeting_routes[], meeting_invitee_routes[], meeting_agenda_routes[], meeting_document_routes[],
    meeting_speech_routes[], meeting_sitting_routes[], meeting_screen_routes[],
    meeting_vote_routes[], meeting_leave_routes[], meeting_seat_routes[],
    meeting_workbench_routes[];
extern const struct job_kind system_job_kinds[], member_job_kinds[], contact_job_kinds[],
    points_job_kinds[], proposal_job_kinds[], report_job_kinds[], bulletin_job_kinds[],
    meeting_document_jobs[], meeting_vote_job_kinds[], meeting_seat_job_kinds[];
extern const struct job_schedule contact_schedules[], proposal_schedules[], points_schedules[];
extern const struct label_table system_labels[], account_labels[], org_labels[], member_labels[],
    contact_labels[], proposal_labels[], points_labels[], report_labels[], bulletin_labels[],
    meeting_labels[], meeting_speech_labels[], meeting_sitting_labels[], meeting_vote_labels[],
    meeting_leave_labels[], meeting_seat_labels[];
extern const struct flow *const proposal_flows[],
    *const report_flows[], *const bulletin_flows[], *const contact_flows[], *const meeting_flows[];
extern const struct file_holder contact_file_holders[], proposal_file_holders[],
    report_file_holders[], meeting_document_file_holders[], meeting_speech_file_holders[];
extern const struct record_kind proposal_refs[], report_refs[], points_refs[], meeting_refs[];
extern const struct record_referrer contact_referrers[];
extern const struct workbench_entry proposal_workbench[], report_workbench[], contact_workbench[],
    notify_workbench[], meeting_workbench[];

/* Every module: the router gets its routes (matched in this order), the job queue its job
** kinds and scheduled tasks, GET /api/v1/labels its label tables and workflows, the file module
** its records that hold files, the reference checks its records others may refer to and its
** records that refer to others, the workbench its entries. A new module adds its line here. */
static const struct module modules[] = {
    {"system", system_routes, system_job_kinds, NULL, system_labels},
    {"account", account_routes, NULL, NULL, account_labels},
    {"org", org_routes, NULL, NULL, org_labels},
    {"member", member_routes, member_job_kinds, NULL, member_labels},
    {"job", job_routes, NULL, NULL},
    {"notify", notify_routes, NULL, NULL, .workbench = notify_workbench},
    {"workbench", workbench_routes, NULL, NULL},
    {"stats", stats_routes, NULL, NULL},
    {"file", file_routes, NULL, NULL},
    {"contact", contact_routes, contact_job_kinds, contact_schedules, contact_labels, contact_flows,
     contact_file_holders, NULL, contact_referrers, contact_workbench},
    {"proposal", proposal_routes, proposal_job_kinds, proposal_schedules, proposal_labels,
     proposal_flows, proposal_file_holders, proposal_refs, .workbench = proposal_workbench},
    {"points", points_routes, points_job_kinds, points_schedules, points_labels, NULL, NULL,
     points_refs},
    {"report", report_routes, report_job_kinds, NULL, report_labels, report_flows,
     report_file_holders, report_refs, .workbench = report_workbench},
    {"bulletin", bulletin_routes, bulletin_job_kinds, NULL, bulletin_labels, bulletin_flows},
    {"meeting", meeting_routes, NULL, NULL, meeting_labels, meeting_flows, NULL, meeting_refs},
    {"meeting.invitees", meeting_invitee_routes},
    {"meeting.agenda", meeting_agenda_routes},
    {"meeting.documents", meeting_document_routes, meeting_document_jobs, NULL, NULL, NULL,
     meeting_document_file_holders},
    {"meeting.speeches", meeting_speech_routes, NULL, NULL, meeting_speech_labels, NULL,
     meeting_speech_file_holders},
    {"meeting.sittings", meeting_sitting_routes, NULL, NULL, meeting_sitting_labels},
    {"meeting.screen", meeting_screen_routes},
    {"meeting.votes", meeting_vote_routes, meeting_vote_job_kinds, NULL, meeting_vote_labels},
    {"meeting.leave", meeting_leave_routes, NULL, NULL, meeting_leave_labels},
    {"meeting.seats", meeting_seat_routes, meeting_seat_job_kinds, NULL, meeting_seat_labels},
    {"meeting.workbench", meeting_workbench_routes, .workbench = meeting_workbench},
};

/* Hands each layer what it needs of every module (setup time, before any thread starts). */
static void modules_register(void) {
  for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++) {
    if (modules[i].routes) router_add(modules[i].routes);
    if (modules[i].jobs) job_kinds_add(modules[i].jobs);
    if (modules[i].schedules) job_schedules_add(modules[i].schedules);
    label_register_all(modules[i].labels);
    if (modules[i].files) file_holders_add(modules[i].files);
    if (modules[i].refs) record_kinds_add(modules[i].refs);
    if (modules[i].referrers) record_referrers_add(modules[i].referrers);
    if (modules[i].workbench) workbench_add(modules[i].workbench);
    for (int k = 0; modules[i].flows && modules[i].flows[k]; k++)
      flow_register_labels(modules[i].flows[k]);
  }
}

/* Migrates, loads the key (which also keys the audit chain) and seals the chain's head if an
** upgrade left it unsealed, then serves. */
static int cmd_serve(struct cli *c) {
  unsigned char key[SECRET_KEY_BYTES]; /* a migration may need it; app_configure loads it again */
  struct db *db = cli_open_db_key(c, false, key);
  if (!db) return 1;
  struct app app;
  bool ok = app_configure(&app, &c->conf);
  if (ok) {
    audit_set_key(app.secret);
    ok = audit_seal(db);
    if (!ok) fprintf(stderr, "lvzhi: 无法封存审计链头：%s\n", db_errmsg(db));
  }
  db_close(db);
  if (!ok) return 1;
  return server_run(&app);
}

static int cmd_version(struct cli *c) {
  (void)c;
  printf("lvzhi %s (SQLite, jansson, libsodium, libh2o)\n", LVZHI_VERSION);
  return 0;
}

struct command {
  const char *name;
  int (*run)(struct cli *c);
  const char *usage, *help;
};

static const struct command commands[] = {
    {"serve", cmd_serve, "serve [--listen HOST:PORT] [--threads N]",
     "启动服务器（HTTP API 与网页），直到收到 SIGTERM/SIGINT；进行中的请求会先完成。"},
    {"init", cmd_init,
     "init [--committee-name 名称] [--level province] [--admin NAME] [--security-admin NAME] "
     "[--audit-admin NAME]",
     "新建数据库：执行迁移，生成密钥，建立根政协和三员账号——系统管理员、安全管理员、审计管理员"
     "（随机密码只显示一次）。"},
    {"migrate", cmd_migrate, "migrate", "把数据库结构升级到当前版本。"},
    {"demo", cmd_demo, "demo [--seed N] [--scale N] [--contact 0] [--proposals 0] [--reports 0]",
     "向空数据库载入演示数据：甘肃式政协树（1 省 14 市 86 县）、委员，一年的联系群众活动、"
     "工作站（室）和群众诉求，本届会议的提案，以及社情民意信息；--scale 指定委员总数（提案约为其"
     " 100000/190000，社情民意信息约为其 60000/190000）；--contact 0、--proposals 0、--reports 0 "
     "不生成相应数据。"},
    {"user", cmd_user,
     "user add NAME --role ROLE [--committee ID] [--member ID] [--unit ID] [--organises "
     "group:ID|special_committee:ID|party:ID] [--password-stdin] | user passwd NAME "
     "[--password-stdin] | user list | user disable NAME",
     "管理用户账号。角色：admin（系统管理员） security_admin（安全管理员） "
     "audit_admin（审计管理员） "
     "secretariat committee_staff proposal_office handling_unit member "
     "viewer organiser（组织者，须用 --organises 指定所组织的本政协界别活动组、专委会或党派）。"
     "三员账号只在此管理。"},
    {"import", cmd_import, "import members FILE.csv [--as USERNAME]",
     "导入委员名册（全部成功才写入；有错误时逐行列出）。"},
    {"export", cmd_export,
     "export members [--format csv|xlsx] [--out FILE] [--committee ID] [--id-numbers "
     "masked|whole] [--as USERNAME]",
     "导出委员名册（CSV 为带 BOM 的 UTF-8，可直接用 Excel 打开）；身份证号默认脱敏，"
     "--id-numbers whole 导出完整号码并记入审计日志。"},
    {"backup", cmd_backup, "backup FILE [--backup-key-file KEYFILE]",
     "在线备份 SQLite 数据库（服务运行时也可执行）；给出备份密钥时备份文件加密。"},
    {"restore", cmd_restore, "restore FILE [--backup-key-file KEYFILE]",
     "用备份文件恢复数据库（请先停止服务）；加密的备份需给出备份密钥。"},
    {"check", cmd_check, "check", "检查数据库完整性并校验审计日志的哈希链。"},
    {"migrate-data", cmd_migrate_data, "migrate-data --from FILE.db --to postgresql://...",
     "把整个 SQLite 数据库复制到一个空的 PostgreSQL 数据库，并核对行数与审计日志哈希链。"},
    {"routes", cmd_routes, "routes", "列出全部 HTTP 路由及其所需权限。"},
    {"errors", cmd_errors, "errors", "列出 API 的全部错误码及其 HTTP 状态。"},
    {"version", cmd_version, "version", "显示版本。"},
};
#define NCOMMANDS (int)(sizeof commands / sizeof commands[0])

static void usage(FILE *f) {
  fprintf(f, "lvzhi 履职平台\n\n用法: lvzhi COMMAND [选项]\n\n命令:\n");
  for (int i = 0; i < NCOMMANDS; i++)
    fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].help);
  fprintf(f, "\n通用选项: --db PATH|URL  --config FILE  --help\n"
             "配置顺序：配置文件 < 环境变量 LVZHI_* < 命令行选项。\n");
}

static const char *const conf_keys[] = {"db",
                                        "listen",
                                        "threads",
                                        "max-body-mb",
                                        "max-header-kb",
                                        "session-hours",
                                        "cookie-secure",
                                        "access-log",
                                        "trusted-proxies",
                                        "secret-key",
                                        "secret-key-file",
                                        "backup-key",
                                        "backup-key-file",
                                        NULL};

/* Flags that take no value. */
static bool is_switch(const char *name) {
  return !strcmp(name, "password-stdin") || !strcmp(name, "help");
}

int main(int argc, char **argv) {
  if (sodium_init() < 0) {
    fputs("lvzhi: libsodium 初始化失败\n", stderr);
    return 1;
  }
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
      !strcmp(argv[1], "help")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const struct command *cmd = NULL;
  for (int i = 0; i < NCOMMANDS; i++)
    if (!strcmp(argv[1], commands[i].name)) cmd = &commands[i];
  if (!cmd) {
    fprintf(stderr, "lvzhi: 未知命令 “%s”\n\n", argv[1]);
    usage(stderr);
    return 2;
  }
  static struct cli c;
  /* flags first into a scratch list, so that --config is known before the file is read */
  struct conf flags = {0};
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (!strncmp(a, "--", 2) && a[2]) {
      const char *name = a + 2, *eq = strchr(name, '=');
      char key[64];
      snprintf(key, sizeof key, "%.*s", eq ? (int)(eq - name) : (int)strlen(name), name);
      if (eq)
        conf_set(&flags, key, eq + 1, "flag");
      else if (is_switch(key))
        conf_set(&flags, key, "1", "flag");
      else if (i + 1 < argc)
        conf_set(&flags, key, argv[++i], "flag");
      else {
        fprintf(stderr, "lvzhi: 选项 --%s 需要一个值\n", key);
        return 2;
      }
    } else if (c.nargs < CLI_MAX_ARGS)
      c.args[c.nargs++] = a;
  }
  const char *config = conf_get(&flags, "config", getenv("LVZHI_CONFIG"));
  if (config) {
    char err[256];
    if (!conf_load_file(&c.conf, config, err)) {
      fprintf(stderr, "lvzhi: %s\n", err);
      return 1;
    }
  }
  conf_load_env(&c.conf, conf_keys);
  for (int i = 0; i < flags.n; i++) conf_set(&c.conf, flags.key[i], flags.value[i], "flag");
  conf_free(&flags);
  if (conf_bool(&c.conf, "help", false)) {
    printf("用法: lvzhi %s\n\n%s\n\n通用选项: --db PATH|URL（默认 var/lvzhi.db） --config FILE\n",
           cmd->usage, cmd->help);
    return 0;
  }
  modules_register();
  int rc = cmd->run(&c);
  conf_free(&c.conf);
  return rc;
}
