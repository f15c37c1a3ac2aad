/* src/http/server.c: h2o glue. One event loop per thread, each with its own listening socket
** (SO_REUSEPORT) and its own database connection; every request gets an arena, a route, the
** router's checks, and one access-log line. */
#include "server.h"
#include <arpa/inet.h>
#include <errno.h>
#include <h2o.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "assets.h"
#include "auth/secret.h"
#include "auth/session.h"
#include "base/buf.h"
#include "framing.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "job/job.h"
#include "metrics.h"
#include "notify/notify.h"
#include "request.h"
#include "router.h"
#include "sse.h"

struct loop_thread {
  h2o_context_t ctx; /* first: a request's conn->ctx leads back here */
  h2o_accept_ctx_t accept_ctx;
  struct app *app;
  struct db *db;
  int index, fd;
  h2o_socket_t *listener;
  struct buf log;
  struct sse_hub *sse;
  uint64_t next_id;
  pthread_t tid;
};

struct lvzhi_handler {
  h2o_handler_t super;
  struct app *app;
};

static double mono_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void flush_log(struct loop_thread *t) {
  if (!t->log.len) return;
  fwrite(t->log.data, 1, t->log.len, stdout);
  fflush(stdout);
  t->log.len = 0;
}

static void add_security_headers(h2o_req_t *req) {
  static const struct {
    const char *n, *v;
  } h[] = {
      {"content-security-policy",
       "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline';"
       " connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"},
      {"x-content-type-options", "nosniff"},
      {"x-frame-options", "DENY"},
      {"referrer-policy", "same-origin"},
  };
  for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
    h2o_add_header_by_str(&req->pool, &req->res.headers, h[i].n, strlen(h[i].n), 1, NULL, h[i].v,
                          strlen(h[i].v));
}

static void peer_ip(h2o_req_t *req, char *out, size_t len) {
  struct sockaddr_storage ss;
  socklen_t sl = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&ss);
  out[0] = 0;
  if (sl && getnameinfo((struct sockaddr *)&ss, sl, out, (socklen_t)len, NULL, 0, NI_NUMERICHOST))
    out[0] = 0;
}

/* Behind a trusted proxy (its address in the `trusted-proxies` list), the client is the last
** address the proxy appended to X-Forwarded-For; otherwise the socket's peer. */
static void client_ip(struct request *rq, const char *trusted) {
  if (!trusted || !*trusted || !*rq->ip) return;
  size_t n = strlen(rq->ip);
  bool from_proxy = false;
  for (const char *p = trusted; *p;) {
    const char *e = strchr(p, ',');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    while (len && *p == ' ') p++, len--;
    while (len && p[len - 1] == ' ') len--;
    if (len == n && !memcmp(p, rq->ip, n)) from_proxy = true;
    if (!e) break;
    p = e + 1;
  }
  const char *xff = from_proxy ? request_header(rq, "x-forwarded-for") : NULL;
  if (!xff) return;
  const char *last = strrchr(xff, ',');
  last = last ? last + 1 : xff;
  while (*last == ' ') last++;
  size_t len = strcspn(last, " ");
  if (len && len < sizeof rq->ip) {
    memcpy(rq->ip, last, len);
    rq->ip[len] = 0;
  }
}

static const char *cookie_value(struct request *rq, const char *name) {
  const char *c = request_header(rq, "cookie");
  if (!c) return NULL;
  size_t nl = strlen(name);
  for (const char *p = c; p && *p;) {
    while (*p == ' ' || *p == ';') p++;
    if (!strncmp(p, name, nl) && p[nl] == '=') {
      const char *v = p + nl + 1, *e = strchr(v, ';');
      return arena_strndup(rq->arena, v, e ? (size_t)(e - v) : strlen(v));
    }
    p = strchr(p, ';');
  }
  return NULL;
}

/* Finds the account behind the request: a bearer token or the session cookie. With cached, a
** ROUTE_AUTH_CONFIRM route may take the cookie session from the thread's session cache
** unconfirmed (rq->auth_gen); its handler confirms it. False when a database error kept the
** account from being read (then no account is set, and the request must not be answered 401). */
static bool authenticate(struct request *rq, bool *cookie_auth, bool cached) {
  *cookie_auth = false;
  rq->auth_gen = 0;
  rq->user = NULL;
  const char *auth = request_header(rq, "authorization");
  int64_t now = time_now();
  if (auth && !strncasecmp(auth, "Bearer ", 7)) {
    rq->user = token_user(rq->db, rq->arena, auth + 7, now);
    return rq->user || !session_lookup_failed();
  }
  const char *tok = cookie_value(rq, SESSION_COOKIE);
  if (tok) {
    if (cached && (rq->route->flags & ROUTE_AUTH_CONFIRM) && !strcmp(rq->method, "GET"))
      rq->user = session_user_cached(rq->db, rq->arena, tok, now, &rq->auth_gen);
    else
      rq->user = session_user(rq->db, rq->arena, tok, now);
    *cookie_auth = rq->user != NULL;
    /* an unconfirmed session is trusted for nothing the router would refuse: a refusal is
    ** answered from a session read now */
    if (rq->auth_gen &&
        (rq->user->must_change_password || !access_role_has(rq->user->role, rq->route->perm)))
      rq->user = session_user(rq->db, rq->arena, tok, now), rq->auth_gen = 0,
      *cookie_auth = rq->user != NULL;
    return rq->user || !session_lookup_failed();
  }
  return true;
}

/* The answer to a request whose account could not be read for a database error. */
static void reply_auth_unavailable(struct request *rq) {
  reply_error(rq, ERR_UNAVAILABLE, NULL, "数据库暂时不可用，请稍后重试（您仍处于登录状态）",
              "The database is unavailable for the moment; try again (you are still signed in)");
}

/* Parses the JSON body of a ROUTE_JSON route; replies 400/415 and returns false if unusable. */
static bool read_json_body(struct request *rq) {
  if (!rq->body || rq->body_len == 0) {
    reply_error(rq, ERR_BAD_JSON, NULL, "请求体不能为空，应为 JSON 对象",
                "The request body must be a JSON object");
    return false;
  }
  if (!media_type_is(request_header(rq, "content-type"), "application/json")) {
    reply_error(rq, ERR_UNSUPPORTED_MEDIA_TYPE, NULL, "请求体应为 application/json",
                "The body must be application/json");
    return false;
  }
  json_error_t err;
  rq->json = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &err);
  if (!rq->json) {
    char zh[300], en[300];
    snprintf(zh, sizeof zh, "JSON 格式错误（第 %d 行第 %d 列）：%s", err.line, err.column,
             err.text);
    snprintf(en, sizeof en, "Malformed JSON at line %d, column %d: %s", err.line, err.column,
             err.text);
    reply_error_with(rq, ERR_BAD_JSON, NULL, zh, en,
                     json_pack("{s:i,s:i}", "line", err.line, "column", err.column));
    return false;
  }
  if (!json_is_object(rq->json)) {
    reply_error(rq, ERR_BAD_JSON, NULL, "请求体应为 JSON 对象", "The body must be a JSON object");
    return false;
  }
  return true;
}

/* h2o 2.2 frames an HTTP/1 body by the first Content-Length (Transfer-Encoding over it) and
** keeps neither among req->headers, so a duplicate goes unseen and the rest of the body would
** be read as the next request. While a request is handled its head is still at the start of the
** connection's input buffer (h2o consumes it after the response): it is checked again there. */
static enum framing request_framing(h2o_req_t *req) {
  if (req->version >= 0x200 || !req->conn->callbacks->get_socket) return FRAMING_OK;
  h2o_socket_t *sock = req->conn->callbacks->get_socket(req->conn);
  if (!sock || !sock->input) return FRAMING_OK;
  const char *b = sock->input->bytes;
  size_t n = sock->input->size, ml = req->input.method.len, pl = req->input.path.len;
  /* only a buffer that starts with this request's line ("POST /path ") */
  if (n < ml + pl + 2 || memcmp(b, req->input.method.base, ml) || b[ml] != ' ' ||
      memcmp(b + ml + 1, req->input.path.base, pl) || b[ml + 1 + pl] != ' ')
    return FRAMING_OK;
  return framing_check(b, n);
}

static int on_req(h2o_handler_t *self, h2o_req_t *req) {
  struct lvzhi_handler *h = (struct lvzhi_handler *)self;
  struct loop_thread *t = (struct loop_thread *)req->conn->ctx;
  double t0 = mono_now();
  struct arena arena;
  arena_init(&arena);
  struct request rq = {.arena = &arena, .db = t->db, .app = h->app, .h2o = req, .query = ""};
  snprintf(rq.id, sizeof rq.id, "%02x%014llx", t->index, (unsigned long long)++t->next_id);
  rq.method = arena_strndup(&arena, req->method.base, req->method.len);
  size_t plen = req->path_normalized.len;
  rq.path = arena_strndup(&arena, req->path_normalized.base, plen);
  if (req->query_at != SIZE_MAX)
    rq.query = arena_strndup(&arena, req->path.base + req->query_at + 1,
                             req->path.len - req->query_at - 1);
  peer_ip(req, rq.ip, sizeof rq.ip);
  client_ip(&rq, h->app->trusted_proxies);
  const char *al = request_header(&rq, "accept-language");
  rq.lang = al && !strncasecmp(al, "en", 2) ? LANG_EN : LANG_ZH;
  if (req->entity.base) {
    rq.body = arena_strndup(&arena, req->entity.base, req->entity.len);
    rq.body_len = req->entity.len;
  }
  add_security_headers(req);
  h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-request-id"), 0, NULL,
                        h2o_strdup(&req->pool, rq.id, SIZE_MAX).base, strlen(rq.id));

  size_t header_bytes = req->path.len;
  for (size_t i = 0; i < req->headers.size; i++)
    header_bytes += req->headers.entries[i].name->len + req->headers.entries[i].value.len + 4;
  char allow[64];
  enum router_result rr = ROUTER_NOT_FOUND;
  if (request_framing(req) != FRAMING_OK) {
    /* the bytes after this request cannot be trusted to start the next one: close */
    req->http1_is_persistent = 0;
    reply_error(&rq, ERR_BAD_REQUEST, NULL,
                "请求的长度不明确（Content-Length 重复，或与 Transfer-Encoding 同时出现）",
                "Ambiguous request length (Content-Length repeated, or with Transfer-Encoding)");
  } else if (memchr(req->path_normalized.base, 0, plen)) {
    reply_error(&rq, ERR_BAD_REQUEST, NULL, "地址中不能有空字符（%00）",
                "The path must not contain a NUL character (%00)");
  } else if (header_bytes > h->app->max_header) {
    reply_error(&rq, ERR_HEADERS_TOO_LARGE, NULL, "请求头过大", "Request headers too large");
  } else if ((rr = router_match(&rq, rq.method, rq.path, allow, sizeof allow)) ==
             ROUTER_NOT_FOUND) {
    bool get = !strcmp(rq.method, "GET") || !strcmp(rq.method, "HEAD");
    if (!get || !assets_serve(&rq))
      reply_error(&rq, ERR_NOT_FOUND, NULL, "没有这个地址", "No such resource");
  } else if (rr == ROUTER_BAD_METHOD) {
    reply_header(&rq, "allow", allow);
    reply_error(&rq, ERR_METHOD_NOT_ALLOWED, NULL, "不支持此请求方法", "Method not allowed");
  } else {
    bool cookie_auth = false,
         authed = rq.route->perm != PERM_PUBLIC || !strncmp(rq.path, "/api/", 5);
    bool read = !authed || authenticate(&rq, &cookie_auth, true);
    for (int pass = 0; pass < 2; pass++) {
      if (!read) {
        reply_auth_unavailable(&rq);
        break;
      }
      if (router_check(&rq, cookie_auth) && request_query_check(&rq) &&
          (!(rq.route->flags & ROUTE_JSON) || read_json_body(&rq))) {
        if (!pass && !strncmp(rq.path, "/api/", 5)) reply_header(&rq, "cache-control", "no-store");
        rq.route->handler(&rq);
        /* the handler found the cached session stale: read it again and start over */
        if (!rq.status && rq.auth_retry && pass == 0) {
          rq.auth_retry = false;
          rq.ctx = NULL; /* the record engine's context holds the stale user */
          read = authenticate(&rq, &cookie_auth, false);
          continue;
        }
        if (!rq.status) {
          log_error("handler for %s %s did not reply", rq.route->method, rq.route->pattern);
          reply_db_error(&rq);
        }
      }
      break;
    }
  }
  if (rq.json) json_decref(rq.json);
  /* no statement or transaction outlives its request (an open one keeps an old snapshot) */
  if (db_settle(t->db)) log_error("%s %s left the database connection busy", rq.method, rq.path);
  double dt = mono_now() - t0;
  metrics_observe(h->app->metrics, rr == ROUTER_FOUND ? rq.route : NULL, rq.status, dt);
  if (h->app->access_log) {
    char ts[32];
    time_iso(time_now(), ts);
    buf_printf(&t->log, "%s %s %s %s %s %d %.2fms %s\n", ts, rq.id, rq.ip, rq.method, rq.path,
               rq.status, dt * 1000, rq.user ? rq.user->username : "-");
    if (t->log.len > 16384) flush_log(t);
  }
  arena_free(&arena);
  return 0;
}

/* h2o answers some requests itself, before on_req runs: a body over max-body-mb (413), a broken
** Content-Length or chunked body (400), an Expect other than 100-continue (417). It answers in
** plain text; this filter (on the host's paths) rewrites such an answer, one without the
** x-request-id that every answer of on_req carries, into the API's error envelope. */
struct envelope_ostream {
  h2o_ostream_t super;
  h2o_iovec_t body;
  bool sent;
};

static void envelope_send(h2o_ostream_t *self, h2o_req_t *req, h2o_iovec_t *bufs, size_t n,
                          h2o_send_state_t state) {
  struct envelope_ostream *o = (struct envelope_ostream *)self;
  (void)bufs;
  bool body = n && !o->sent;
  o->sent |= body;
  h2o_ostream_send_next(self, req, body ? &o->body : NULL, body ? 1 : 0, state);
}

static void envelope_setup(h2o_filter_t *self, h2o_req_t *req, h2o_ostream_t **slot) {
  (void)self;
  int status = req->res.status;
  if (status >= 400 &&
      h2o_find_header_by_str(&req->res.headers, H2O_STRLIT("x-request-id"), -1) < 0) {
    enum err e = ERR_INTERNAL;
    const char *zh = NULL, *en = NULL;
    if (status == 413) {
      e = ERR_BODY_TOO_LARGE;
      zh = "请求体超过允许的大小（max-body-mb）";
      en = "The request body is larger than allowed (max-body-mb)";
    } else if (status == 400) {
      e = ERR_BAD_REQUEST;
      zh = "请求格式错误（Content-Length 或分块编码无效）";
      en = "Malformed request (invalid Content-Length or chunked encoding)";
    } else if (status == 417) {
      e = ERR_EXPECTATION_FAILED;
      zh = "只支持 Expect: 100-continue";
      en = "Only Expect: 100-continue is supported";
    } else {
      for (int i = 1; i < ERR__COUNT; i++)
        if (err_status((enum err)i) == status) {
          e = (enum err)i;
          break;
        }
      zh = err_text(e);
      en = req->res.reason;
    }
    ssize_t al = h2o_find_header(&req->headers, H2O_TOKEN_ACCEPT_LANGUAGE, -1);
    bool english = al >= 0 && req->headers.entries[al].value.len >= 2 &&
                   !strncasecmp(req->headers.entries[al].value.base, "en", 2);
    json_t *j =
        json_pack("{s:{s:s,s:s}}", "error", "code", err_code(e), "message", english ? en : zh);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (text) {
      struct envelope_ostream *o = (struct envelope_ostream *)h2o_add_ostream(req, sizeof *o, slot);
      o->super.do_send = envelope_send;
      o->body = h2o_strdup(&req->pool, text, SIZE_MAX);
      o->sent = false;
      free(text);
      req->res.content_length = o->body.len;
      memset(&req->res.headers, 0, sizeof req->res.headers);
      h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL,
                     H2O_STRLIT("application/json; charset=utf-8"));
      add_security_headers(req);
      slot = &o->super.next;
    }
  }
  h2o_setup_next_ostream(req, slot);
}

static void on_accept(h2o_socket_t *listener, const char *err) {
  if (err) return;
  struct loop_thread *t = listener->data;
  h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
  if (sock) h2o_accept(&t->accept_ctx, sock);
}

/* Opens a listening socket on addr ("host:port"). With share, SO_REUSEPORT: each loop thread
** has its own socket on the one port. Without it (a probe), the socket is only bound, and the
** bind fails with EADDRINUSE while any other socket listens there. -1 on failure (errno). */
static int open_listener(const char *addr, bool share) {
  char host[256];
  const char *colon = strrchr(addr, ':');
  if (!colon || colon == addr || (size_t)(colon - addr) >= sizeof host) return -1;
  memcpy(host, addr, (size_t)(colon - addr));
  host[colon - addr] = 0;
  char *h = host;
  if (*h == '[') { /* [::1]:8080 */
    h++;
    h[strlen(h) - 1] = 0;
  }
  struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
  struct addrinfo *ai;
  if (getaddrinfo(h, colon + 1, &hints, &ai)) return -1;
  int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) ||
      (share && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on)) ||
      bind(fd, ai->ai_addr, ai->ai_addrlen) || (share && listen(fd, SOMAXCONN))) {
    int e = errno;
    if (fd >= 0) close(fd);
    freeaddrinfo(ai);
    errno = e;
    return -1;
  }
  freeaddrinfo(ai);
  return fd;
}

static h2o_globalconf_t globalconf;

static void *loop_main(void *arg) {
  struct loop_thread *t = arg;
  h2o_context_init(&t->ctx, h2o_evloop_create(), &globalconf);
  t->accept_ctx.ctx = &t->ctx;
  t->accept_ctx.hosts = globalconf.hosts;
  t->listener = h2o_evloop_socket_create(t->ctx.loop, t->fd, H2O_SOCKET_FLAG_DONT_READ);
  t->listener->data = t;
  h2o_socket_read_start(t->listener, on_accept);
  t->sse = sse_hub_create(t->ctx.loop);
  sse_hub_bind(t->sse);
  db_listen(t->db, NOTIFY_CHANNEL); /* events raised on other nodes */
  double last_flush = mono_now();
  while (!atomic_load(&t->app->stopping)) {
    h2o_evloop_run(t->ctx.loop, sse_hub_wait_ms(t->sse, 200));
    sse_hub_poll(t->sse, t->db);
    double now = mono_now();
    if (now - last_flush > 0.5) {
      flush_log(t);
      metrics_set_cached_statements(t->app->metrics, t->index, db_cached_statements(t->db));
      last_flush = now;
    }
  }
  /* stop accepting; connections close after the response in hand (HTTP/2 gets GOAWAY); let
  ** the loop finish the requests and writes it has */
  h2o_socket_read_stop(t->listener);
  h2o_socket_close(t->listener);
  h2o_context_request_shutdown(&t->ctx);
  double until = mono_now() + 1.0;
  while (mono_now() < until) h2o_evloop_run(t->ctx.loop, 50);
  flush_log(t);
  /* the loop's event hub; h2o's context and loop stay to the process's end, since connections
  ** still open may hold them (h2o_context_dispose asserts that none is left) */
  sse_hub_bind(NULL);
  sse_hub_free(t->sse);
  return NULL;
}

static struct app *signal_app;
static void on_signal(int sig) {
  (void)sig;
  if (signal_app) atomic_store(&signal_app->stopping, 1);
}

bool app_configure(struct app *app, const struct conf *conf) {
  memset(app, 0, sizeof *app);
  app->conf = conf;
  app->db_url = conf_get(conf, "db", "var/lvzhi.db");
  app->listen = conf_get(conf, "listen", "127.0.0.1:8080");
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  /* on PostgreSQL a loop thread waits for each statement's round trip: twice as many threads
  ** as cores keep the cores busy meanwhile (the member read measured a third faster) */
  bool pg = !strncmp(app->db_url, "postgres", 8);
  long dflt = (cores > 0 ? cores : 1) * (pg ? 2 : 1);
  app->threads = (int)conf_int(conf, "threads", dflt > 64 ? 64 : dflt);
  if (app->threads < 1 || app->threads > 64) {
    fprintf(stderr, "lvzhi: threads 应在 1 到 64 之间\n");
    return false;
  }
  app->max_body = (size_t)conf_int(conf, "max-body-mb", 32) * 1024 * 1024;
  app->max_header = (size_t)conf_int(conf, "max-header-kb", 32) * 1024;
  app->session_hours = (int)conf_int(conf, "session-hours", 12);
  app->cookie_secure = conf_bool(conf, "cookie-secure", false);
  app->access_log = conf_bool(conf, "access-log", true);
  app->trusted_proxies = conf_get(conf, "trusted-proxies", "");
  return secret_load(conf, app->db_url, false, app->secret);
}

int server_run(struct app *app) {
  /* The loop threads share the port through SO_REUSEPORT, which would as well let another
  ** process (a second lvzhi serve on another database) share it and take half the requests.
  ** A probe bound without SO_REUSEPORT fails while anyone listens there: then do not start. */
  int probe = open_listener(app->listen, false);
  if (probe < 0) {
    if (errno == EADDRINUSE)
      fprintf(stderr,
              "lvzhi: 地址 %s 已被其他进程占用（是否已有一个 lvzhi serve 在运行？），不启动。"
              "请先停止那个进程，或用 --listen 换一个端口\n",
              app->listen);
    else
      fprintf(stderr, "lvzhi: 无法监听 %s: %s\n", app->listen, strerror(errno));
    return 1;
  }
  close(probe);
  h2o_config_init(&globalconf);
  globalconf.max_request_entity_size = app->max_body;
  globalconf.server_name = h2o_iovec_init(H2O_STRLIT("lvzhi"));
  h2o_hostconf_t *host =
      h2o_config_register_host(&globalconf, h2o_iovec_init(H2O_STRLIT("default")), 65535);
  h2o_pathconf_t *path = h2o_config_register_path(host, "/", 0);
  struct lvzhi_handler *h = (struct lvzhi_handler *)h2o_create_handler(path, sizeof *h);
  h->super.on_req = on_req;
  h->app = app;
  h2o_pathconf_t *envelope_paths[] = {path, &host->fallback_path};
  for (size_t i = 0; i < 2; i++)
    h2o_create_filter(envelope_paths[i], sizeof(h2o_filter_t))->on_setup_ostream = envelope_setup;

  app->metrics = metrics_create(app->threads + 1);
  struct loop_thread *threads = calloc((size_t)app->threads, sizeof *threads);
  for (int i = 0; i < app->threads; i++) {
    struct loop_thread *t = &threads[i];
    t->app = app;
    t->index = i;
    char *err = NULL;
    t->db = db_open(app->db_url, &err);
    if (!t->db) {
      fprintf(stderr, "lvzhi: 无法打开数据库: %s\n", err ? err : "?");
      free(err);
      return 1;
    }
    t->fd = open_listener(app->listen, true);
    if (t->fd < 0) {
      fprintf(stderr, "lvzhi: 无法监听 %s: %s\n", app->listen, strerror(errno));
      return 1;
    }
  }
  signal_app = app;
  struct sigaction sa = {.sa_handler = on_signal};
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  /* notifications posted on any thread wake this process's event streams */
  notify_on_post(sse_wake);
  struct job_env job_env = {.db_url = app->db_url, .secret = app->secret};
  struct job_runner *jobs = job_runner_start(&job_env);
  for (int i = 0; i < app->threads; i++)
    pthread_create(&threads[i].tid, NULL, loop_main, &threads[i]);
  log_info("lvzhi 正在监听 http://%s （%d 个线程，数据库 %s）", app->listen, app->threads,
           app->db_url);
  for (int i = 0; i < app->threads; i++) pthread_join(threads[i].tid, NULL);
  job_runner_stop(jobs);
  for (int i = 0; i < app->threads; i++) {
    db_close(threads[i].db);
    buf_free(&threads[i].log);
  }
  free(threads);
  metrics_free(app->metrics);
  app->metrics = NULL;
  h2o_config_dispose(&globalconf);
  log_info("lvzhi 已停止");
  return 0;
}
