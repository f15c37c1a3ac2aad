/* src/base/errors.c: the table of the API's error codes (see errors.h). */
#include "errors.h"
#include <string.h>

static const struct {
  const char *code;
  int status;
  const char *zh;
} table[ERR__COUNT] = {
    [ERR_NONE] = {"", 200, ""},
    [ERR_BAD_JSON] = {"bad_json", 400, "请求体不是合法的 JSON"},
    [ERR_EMPTY_BODY] = {"empty_body", 400, "缺少 JSON 请求体"},
    [ERR_BAD_REQUEST] = {"bad_request", 400, "请求格式错误（报文分帧、路径等）"},
    [ERR_UNAUTHENTICATED] = {"unauthenticated", 401, "未登录或会话已过期"},
    [ERR_BAD_CREDENTIALS] = {"bad_credentials", 401, "用户名或密码错误"},
    [ERR_CSRF_FAILED] = {"csrf_failed", 403, "缺少或错误的 CSRF 令牌"},
    [ERR_FORBIDDEN] = {"forbidden", 403, "无权执行此操作"},
    [ERR_FORBIDDEN_SCOPE] = {"forbidden_scope", 403, "超出本账号的政协范围"},
    [ERR_TOKEN_SCOPE] = {"token_scope", 403, "API 令牌不能执行此操作（只读令牌，或须登录后操作）"},
    [ERR_PASSWORD_EXPIRED] = {"password_expired", 403, "密码已过期，须先修改密码"},
    [ERR_NOT_FOUND] = {"not_found", 404, "记录不存在或不可见"},
    [ERR_METHOD_NOT_ALLOWED] = {"method_not_allowed", 405, "不支持该请求方法"},
    [ERR_CONFLICT] = {"conflict", 409, "与已有记录冲突，或记录已被他人修改"},
    [ERR_WRONG_STATE] = {"wrong_state", 409, "当前状态不允许此操作"},
    [ERR_IN_USE] = {"in_use", 409, "仍被其他记录引用，不能删除"},
    [ERR_WINDOW_CLOSED] = {"window_closed", 409, "期限已过"},
    [ERR_NO_SESSION] = {"no_session", 409, "没有可编号的届次会议"},
    [ERR_NOT_READY] = {"not_ready", 409, "所需内容尚未就绪"},
    [ERR_NOT_COUNTERSIGNED] = {"not_countersigned", 409, "会办单位尚未会签"},
    [ERR_NOT_CERTIFIED] = {"not_certified", 409, "尚未认定"},
    [ERR_ALREADY_SUBMITTED] = {"already_submitted", 409, "已提交"},
    [ERR_ALREADY_CERTIFIED] = {"already_certified", 409, "已认定"},
    [ERR_CHECKLIST_INCOMPLETE] = {"checklist_incomplete", 409, "标准清单尚未完成"},
    [ERR_BEYOND_LIMIT] = {"beyond_limit", 409, "超出规定的上限"},
    [ERR_LIMIT_REACHED] = {"limit_reached", 409, "已达上限"},
    [ERR_CERTIFIED] = {"certified", 409, "已认定，不能再改"},
    [ERR_HEADERS_TOO_LARGE] = {"headers_too_large", 413, "请求头过大"},
    [ERR_BODY_TOO_LARGE] = {"body_too_large", 413, "请求体超过允许的大小"},
    [ERR_UNSUPPORTED_MEDIA_TYPE] = {"unsupported_media_type", 415, "请求体须为 application/json"},
    [ERR_EXPECTATION_FAILED] = {"expectation_failed", 417, "不支持的 Expect 请求头"},
    [ERR_INVALID] = {"invalid", 422, "请求体格式不对"},
    [ERR_INVALID_FIELD] = {"invalid_field", 422, "字段不合要求（field 指明）"},
    [ERR_INVALID_ROWS] = {"invalid_rows", 422, "导入的行有错误（逐行列出）"},
    [ERR_TOO_LARGE] = {"too_large", 422, "内容过大，无法这样处理"},
    [ERR_TOO_MANY_ATTEMPTS] = {"too_many_attempts", 429, "尝试次数过多，请稍后再试"},
    [ERR_INTERNAL] = {"internal", 500, "服务器内部错误"},
    [ERR_UNAVAILABLE] = {"unavailable", 503, "数据库不可用"},
};

const char *err_code(enum err e) { return e >= 0 && e < ERR__COUNT ? table[e].code : "internal"; }

int err_status(enum err e) { return e >= 0 && e < ERR__COUNT ? table[e].status : 500; }

const char *err_text(enum err e) { return e >= 0 && e < ERR__COUNT ? table[e].zh : ""; }

enum err err_parse(const char *code) {
  for (int i = 1; code && i < ERR__COUNT; i++)
    if (!strcmp(table[i].code, code)) return (enum err)i;
  return ERR_NONE;
}
