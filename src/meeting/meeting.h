/* src/meeting/meeting.h: meetings (会议, issue 19) as other modules see them: the record, who
** sees it, its kinds and states. A meeting belongs to a committee; it is planned in draft, its
** notice goes to every invitee (notified), it is held (in_session: sign-in, speeches, votes),
** closed (attendance counted, documents withdrawn when marked so, points earned) and archived.
**
** Files of the module: meeting.c (the record, visibility, detail, list, timeline),
** meeting_flow.c (the states and the workflow table with its effects), meeting_http.c (the
** routes of the record and its steps), meeting_rules.c (the rules of procedure, apart from any
** storage); the parts of a meeting each have their own file (invitees and leave, agenda and
** documents, sittings and sign-in, speeches, votes) and their own route table in main.c's module
** table. */
#ifndef LVZHI_MEETING_H
#define LVZHI_MEETING_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "base/label.h"
#include "entity/entity.h"

/* The states of a meeting, as stored (index = the label table meeting_states). */
enum meeting_state {
  MS_DRAFT,      /* 筹备中: staff plan it; invitees do not see it yet */
  MS_NOTIFIED,   /* 已通知: the notice went out; invitees reply and ask for leave */
  MS_IN_SESSION, /* 进行中: sign-in, speeches, votes */
  MS_CLOSED,     /* 已闭会: attendance final, points earned */
  MS_ARCHIVED,   /* 已归档 */
  MS__COUNT
};

/* The actions of a meeting's workflow (index = meeting_flow's table). */
enum meeting_action { MA_NOTIFY, MA_OPEN, MA_CLOSE, MA_ARCHIVE, MA__COUNT };

extern const struct label meeting_states[]; /* "meeting.state" */
extern const struct label meeting_kinds[];  /* plenary 全体会议 … other 其他会议 */
extern const struct label meeting_roles[]; /* an invitee's part: member 委员, attendee 列席 … */
extern const struct label meeting_replies[]; /* pending 未回复, attend 参加, decline 不参加 */
extern const struct label meeting_vote_kinds[]; /* motion 表决, election 选举 (meeting_vote.c) */
extern const struct entity meeting_entity;
extern const struct flow meeting_flow;

/* The columns of a meeting the rules need. */
struct meeting_row {
  int64_t id, committee_id, organiser_id;
  const char *path, *title, *kind;
  int64_t starts_at, ends_at;
  enum meeting_state state;
};

/* Loads meeting id into m (in ctx's arena); false with ctx->err 404 when there is none. */
bool meeting_load(struct entity_ctx *ctx, int64_t id, struct meeting_row *m);

/* Whether the caller manages meeting m: meeting.manage with the meeting's committee in scope (the
** system always). */
bool meeting_is_manager(struct entity_ctx *ctx, const struct meeting_row *m);

/* Whether the caller may see meeting id: staff and readers with its committee in scope; a member
** account, or an account invited by name, when it is invited and the meeting is no longer a
** draft. Everyone else gets 404 from the router. */
bool meeting_visible(struct entity_ctx *ctx, int64_t id);

/* The caller's invitation to meeting id: its row id in meeting_invitees and its role (member,
** attendee, staff), or 0 when the caller is not invited. */
int64_t meeting_invitee_of(struct entity_ctx *ctx, int64_t meeting_id, const char **role);

/* The meeting's detail: the record, its labels, the committee's and the organiser's names, the
** counts of invitees and their replies and of leave, the caller's own part ("mine") and the
** actions the caller may take. NULL with ctx->err 404. */
json_t *meeting_detail(struct entity_ctx *ctx, int64_t id);

/* The meeting's timeline: {"items": [{at, action, from_status, to_status, note, user_name}]}. */
json_t *meeting_timeline(struct entity_ctx *ctx, int64_t id);

/* Appends an event to the meeting's timeline inside the caller's transaction (data is taken). */
bool meeting_event(struct entity_ctx *ctx, int64_t id, const char *action, const char *note,
                   json_t *data);

/* Takes the write lock of meeting id and loads it into m, inside the caller's transaction: a
** part's write that depends on the meeting's state (an invitee added only before it closes, a
** vote cast only while it is in session) takes it first and checks m->state after. False with
** ctx->err (404, or 500). */
bool meeting_lock(struct entity_ctx *ctx, int64_t id, struct meeting_row *m);

/* Sets 409 wrong_state with the meeting's state in the message ("…（当前状态：已闭会）"). */
void meeting_wrong_state(struct entity_ctx *ctx, const struct meeting_row *m, const char *zh,
                         const char *en);

/* The words of a timeline event's action (a workflow action's, or one of meeting_events_labels:
** 创建, 邀请, 请假 …; the name itself when neither knows it). */
const char *meeting_event_label(const char *action, bool en);
extern const struct label meeting_event_labels[]; /* "meeting.event" */

/* Posts the meeting's notice to the accounts of its invitees after invitee row after_invitee (0:
** all), inside the caller's transaction; never to the caller. False on a database error. */
bool meeting_send_notice(struct entity_ctx *ctx, const struct meeting_row *m,
                         int64_t after_invitee);

/* Invites the members or accounts the body names (meeting_invitee.c: by committee, standing
** members, sector, group, special committee, or lists) under the meeting's lock, until it
** closes: {"added", "total"}; NULL with ctx->err. */
json_t *meeting_invite(struct entity_ctx *ctx, int64_t id, json_t *in);

/* The invitees of meeting id with their replies, seats and latest leave, filtered by role, reply
** and name: {"items", "total", "offset"}; NULL with ctx->err (422 for a bad filter). */
json_t *meeting_invitees(struct entity_ctx *ctx, int64_t id, const char *role, const char *reply,
                         const char *q, int64_t offset, int64_t limit);

/* Removes invitee row invitee of meeting id before the meeting opens. False with ctx->err. */
bool meeting_uninvite(struct entity_ctx *ctx, int64_t id, int64_t invitee);

/* The caller's reply to the notice ({"reply": "attend"|"decline"}) while the meeting is notified
** or in session. False with ctx->err (404 when the caller is not invited). */
bool meeting_reply(struct entity_ctx *ctx, int64_t id, json_t *in);

/* The name of a meeting (for other modules' references): its title; NULL when there is none. */
const char *meeting_title(struct entity_ctx *ctx, int64_t id);

#endif
