// src/i18n/messages/meeting.ts: the meetings' pages (会议, issue 19): the console's list, form and
// detail with its tabs, the leave to decide, and the phone's my meetings and one meeting. The words
// of states, kinds, roles, replies and leave states are the server's label tables, not here.
export default {
  zh: {
    meeting: {
      nav: { group: '会议', list: '会议列表', new: '新建会议', detail: '会议详情', edit: '修改会议', leaves: '请假审批', mine: '我的会议' },
      field: {
        title: '会议名称', kind: '会议类别', committee: '所属政协', term: '届次', session: '会次', venue: '会议地点',
        startsAt: '开始时间', endsAt: '结束时间', notice: '会议通知', seatRows: '座位排数', seatCols: '每排座位数',
        status: '状态', organiser: '组织者', name: '姓名', role: '参会身份', reply: '回复', seat: '座位', leave: '请假',
        reason: '请假事由', note: '审批意见', member: '委员', meeting: '会议', askedAt: '申请时间', decidedBy: '审批人',
        sector: '界别',
      },
      list: { search: '按会议名称搜索', new: '新建会议', todo: '待办', empty: '暂无会议' },
      todo: { reply: '会议通知待确认', documents: '有未阅材料', votes: '待表决' },
      form: { newTitle: '新建会议', editTitle: '修改会议', save: '保存', saved: '已保存', created: '会议已创建' },
      tab: { basic: '基本信息', invitees: '参会人员', leave: '请假', seats: '座位', agenda: '议程与材料', signin: '签到', speeches: '大会发言', votes: '表决' },
      detail: {
        timeline: '会议过程', noTimeline: '暂无记录', system: '系统', edit: '修改', delete: '删除', deleted: '会议已删除',
        confirmDelete: '删除这个筹备中的会议及其参会人员？', backToList: '返回会议列表', counts: '参会情况',
        countsText: '委员 {members} 人，列席 {attendees} 人，工作人员 {staff} 人；参加 {attend}，不参加 {decline}，未回复 {pending}；请假待审批 {leave_requested}，已准假 {leave_approved}',
        soon: '即将提供',
      },
      done: { notify: '会议通知已发出', open: '会议已开始', close: '会议已闭会', archive: '会议已归档' },
      invite: {
        add: '添加参会人员', by: '添加方式', committee: '本级全体委员', standing: '常委', sector: '按界别', group: '按活动组',
        special: '按专委会', list: '指定委员', accounts: '指定账号', added: '已添加 {n} 人', remove: '移除', removed: '已移除',
        confirmRemove: '移除{name}？', filterReply: '按回复筛选', search: '按姓名搜索',
      },
      leave: {
        approve: '批准', refuse: '不批准', withdraw: '撤回', approved: '已批准请假', refused: '已不批准请假',
        notePrompt: '审批意见', noteRequired: '请填写不批准的理由', none: '暂无请假申请', filter: '按状态筛选',
      },
      seat: {
        auto: '自动排座', by: '排座方式', print: '打印座位图', hall: '会场', rows: '排', cols: '座/排', front: '主席台',
        seated: '已安排 {n} 人', unseated: '未安排座位', save: '保存座位', saved: '座位已保存', done: '已排座',
        rowN: '第{n}排', noSeats: '请先设定会场的排数和每排座位数', chart: '座位图',
      },
      m: {
        tile: '我的会议', mine: '我的会议', none: '暂无会议', notice: '会议通知', attend: '参加', decline: '不参加',
        replied: '已回复：{r}', askLeave: '请假', leaveReason: '请假事由', leavePlaceholder: '请说明不能参加的原因',
        send: '提交', sentLeave: '请假申请已提交', withdrawn: '请假已撤回', myLeave: '我的请假', documents: '会议材料',
        signin: '扫码签到', votes: '表决', seat: '我的座位', seatText: '第 {row} 排第 {no} 座', when: '时间', where: '地点',
        confirmWithdraw: '撤回这份请假申请？', all: '全部会议',
      },
    },
  },
  en: {
    meeting: {
      nav: { group: 'Meetings', list: 'Meetings', new: 'New meeting', detail: 'Meeting', edit: 'Edit meeting', leaves: 'Leave to decide', mine: 'My meetings' },
      field: {
        title: 'Title', kind: 'Kind', committee: 'Committee', term: 'Term', session: 'Session', venue: 'Venue',
        startsAt: 'Starts', endsAt: 'Ends', notice: 'Notice', seatRows: 'Rows of seats', seatCols: 'Seats per row',
        status: 'State', organiser: 'Organiser', name: 'Name', role: 'Part', reply: 'Reply', seat: 'Seat', leave: 'Leave',
        reason: 'Reason', note: 'Note', member: 'Member', meeting: 'Meeting', askedAt: 'Asked', decidedBy: 'Decided by',
        sector: 'Sector',
      },
      list: { search: 'Search by title', new: 'New meeting', todo: 'To do', empty: 'No meetings' },
      todo: { reply: 'Notices to confirm', documents: 'Documents to read', votes: 'Votes to cast' },
      form: { newTitle: 'New meeting', editTitle: 'Edit meeting', save: 'Save', saved: 'Saved', created: 'Meeting created' },
      tab: { basic: 'Details', invitees: 'Invitees', leave: 'Leave', seats: 'Seats', agenda: 'Agenda', signin: 'Sign-in', speeches: 'Speeches', votes: 'Votes' },
      detail: {
        timeline: 'Timeline', noTimeline: 'Nothing yet', system: 'System', edit: 'Edit', delete: 'Delete', deleted: 'Meeting deleted',
        confirmDelete: 'Delete this meeting being prepared and its invitees?', backToList: 'Back to the meetings', counts: 'Attendance',
        countsText: '{members} members, {attendees} attendees, {staff} staff; {attend} attending, {decline} not, {pending} no reply; leave: {leave_requested} to decide, {leave_approved} approved',
        soon: 'Coming soon',
      },
      done: { notify: 'Notice sent', open: 'Meeting opened', close: 'Meeting closed', archive: 'Meeting archived' },
      invite: {
        add: 'Add invitees', by: 'Add by', committee: 'All members of the committee', standing: 'Standing members', sector: 'Sector',
        group: 'Activity group', special: 'Special committee', list: 'Members', accounts: 'Accounts', added: '{n} added',
        remove: 'Remove', removed: 'Removed', confirmRemove: 'Remove {name}?', filterReply: 'Reply', search: 'Search by name',
      },
      leave: {
        approve: 'Approve', refuse: 'Refuse', withdraw: 'Withdraw', approved: 'Leave approved', refused: 'Leave refused',
        notePrompt: 'Note', noteRequired: 'Say why it is refused', none: 'No leave requests', filter: 'State',
      },
      seat: {
        auto: 'Assign seats', by: 'Order', print: 'Print the seat chart', hall: 'Hall', rows: 'rows', cols: 'seats/row', front: 'Podium',
        seated: '{n} seated', unseated: 'Without a seat', save: 'Save seat', saved: 'Seat saved', done: 'Seats assigned',
        rowN: 'Row {n}', noSeats: 'Set the rows and seats per row first', chart: 'Seat chart',
      },
      m: {
        tile: 'My meetings', mine: 'My meetings', none: 'No meetings', notice: 'Notice', attend: 'Attend', decline: 'Decline',
        replied: 'Replied: {r}', askLeave: 'Ask for leave', leaveReason: 'Reason', leavePlaceholder: 'Why you cannot attend',
        send: 'Send', sentLeave: 'Leave asked', withdrawn: 'Leave withdrawn', myLeave: 'My leave', documents: 'Documents',
        signin: 'Sign in', votes: 'Votes', seat: 'My seat', seatText: 'Row {row}, seat {no}', when: 'When', where: 'Where',
        confirmWithdraw: 'Withdraw this request?', all: 'All meetings',
      },
    },
  },
};
