/* src/base/log.h: operator messages on standard error, with a level and a CST timestamp. */
#ifndef LVZHI_LOG_H
#define LVZHI_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Sets the lowest level that is written (default LOG_INFO). */
void log_set_level(enum log_level l);

/* Writes one line: "2026-03-31T23:30:00+08:00 INFO message". */
void log_msg(enum log_level l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
