/* src/org/settings_http.h: the two routes of a module's committee settings (settings.h), one
** pair of handlers for every module: the route's data is the module's setting_group. */
#ifndef LVZHI_SETTINGS_HTTP_H
#define LVZHI_SETTINGS_HTTP_H
#include <stdbool.h>
#include <stdint.h>
#include "http/request.h"
#include "http/router.h"
#include "settings.h"

/* GET: 200 with settings_json of committee {id} for the route's group. */
void settings_get_h(struct request *rq);

/* PUT: settings_update of committee {id}, then 200 with the settings in force; 422 unknown name
** or bad value, 403 outside the caller's scope. */
void settings_put_h(struct request *rq);

/* The router's check of {id}: a committee in the caller's scope or, when the route's group says
** ancestors_visible, one above it. */
bool settings_route_visible(struct request *rq, int64_t id);

/* The GET and PUT routes of a settings group at path; zh names the area ("提案工作"). */
#define SETTINGS_ROUTES(path, group, read_perm, write_perm, zh)                                    \
  {"GET", path, settings_get_h, read_perm, 0, settings_route_visible, zh "设置", group}, {         \
    "PUT", path, settings_put_h, write_perm, ROUTE_JSON, settings_route_visible, "修改" zh "设置", \
        group                                                                                      \
  }

#endif
