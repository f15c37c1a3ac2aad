/* src/http/server.h: the lvzhi HTTP server: h2o event loops, one per thread. */
#ifndef LVZHI_SERVER_H
#define LVZHI_SERVER_H
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include "base/conf.h"

struct metrics;

/* What every thread of the server shares; set up before the threads start, then read-only
** except for the stop flag and the metrics' atomic counters. */
struct app {
  const struct conf *conf;
  const char *db_url;
  const char *listen; /* "127.0.0.1:8080" */
  int threads;
  size_t max_body;   /* bytes; larger bodies get 413 */
  size_t max_header; /* bytes of path and headers; more gets 413 */
  int session_hours;
  bool cookie_secure;
  bool access_log;
  const char *trusted_proxies; /* "127.0.0.1, 10.0.0.5": whose X-Forwarded-For is believed */
  unsigned char secret[32];    /* encrypts ID numbers, keys their lookup hashes */
  struct metrics *metrics;
  atomic_int stopping; /* set by the signal handler, read by every loop thread (lock-free) */
};

/* Fills app from conf (listen, threads, max-body, ...) and loads the secret key. Returns false
** with a message on stderr when something is wrong. */
bool app_configure(struct app *app, const struct conf *conf);

/* Runs the server until SIGTERM or SIGINT; in-flight requests finish first. Returns an exit
** status for main. */
int server_run(struct app *app);

#endif
