/* src/base/log.c: operator log lines, see log.h. */
#include "log.h"
#include <stdarg.h>
#include <stdio.h>
#include "timeutil.h"

static enum log_level min_level = LOG_INFO;
static const char *const names[] = {"DEBUG", "INFO", "WARN", "ERROR"};

void log_set_level(enum log_level l) { min_level = l; }

void log_msg(enum log_level l, const char *fmt, ...) {
  if (l < min_level) return;
  char ts[32], line[2048];
  time_iso(time_now(), ts);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  fprintf(stderr, "%s %s %s\n", ts, names[l], line);
}
