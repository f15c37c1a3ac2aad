// src/i18n/messages/workbench.ts: the workbench (工作台): the page, its entries by key (the key
// of GET /api/v1/workbench's entries; an entry without words here shows the server's label),
// the notifications' pages.
import { defineMessages } from '../index';

export default defineMessages({
  zh: {
    workbench: {
      title: '工作台', intro: '此刻需要您处理的事项。点击数字打开对应的列表。', empty: '暂无待办事项',
      nothing: '当前没有待办', open: '查看', dashboard: '数据看板', loadFailed: '工作台加载失败',
      proposal: {
        review: '待审查提案', to_assign: '待交办提案', objected: '交办异议待处理', late_accept: '逾期未签收',
        reply_check: '答复待审核', near: '临近办理期限（15天内）', overdue: '超过办理期限',
        to_accept: '待签收', handling: '办理中', view_due: '会办意见待提交', reply_returned: '被退回的答复',
        cosign: '待确认联名',
      },
      report: { review: '待审核社情民意', to_edit: '待编发（已采用未编入刊物）' },
      contact: { activities_short: '本季度还需参加的履职活动', people_short: '全年还需联系的群众人数', overdue_requests: '超期诉求', clashes: '本周活动冲突',
        members_behind: '本季度未达履职要求的委员', reminders_due: '待发送的履职提醒' },
      notify: { unread: '未读通知' },
      filter: {
        label: '工作台筛选', objected: '交办异议待处理', late_accept: '逾期未签收', to_accept: '待签收', view_due: '会办意见待提交',
        reply_check: '答复待审核', reply_returned: '被退回的答复', cosign: '待我确认联名', near: '{n} 天内到期',
        unbulletined: '尚未编入本级刊物', overdue_requests: '超期诉求（受理后超过办结时限仍未办结）',
      },
      respondBy: '签收期限', daysLeft: '剩 {n} 天', daysOver: '超期 {n} 天', today: '今天到期',
    },
    notifyPage: { title: '全部通知', unreadOnly: '只看未读', readAll: '全部标为已读', more: '加载更多', all: '全部通知' },
  },
  en: {
    workbench: {
      title: 'Workbench', intro: 'What needs you now. Click a count to open its list.', empty: 'Nothing to do',
      nothing: 'Nothing waiting', open: 'Open', dashboard: 'Dashboard', loadFailed: 'The workbench did not load',
      proposal: {
        review: 'Proposals to review', to_assign: 'Proposals to assign', objected: 'Objections to assignments',
        late_accept: 'Not accepted in time', reply_check: 'Replies to check', near: 'Due within 15 days',
        overdue: 'Past the deadline', to_accept: 'To accept', handling: 'Being handled', view_due: 'Co-handling views to give',
        reply_returned: 'Replies returned', cosign: 'Co-signing to confirm',
      },
      report: { review: 'Reports to review', to_edit: 'Adopted, not yet in a bulletin' },
      contact: { activities_short: 'Activities still needed this quarter', people_short: 'People still to reach this year', overdue_requests: 'Overdue requests', clashes: 'Clashing activities this week',
        members_behind: 'Members behind their quota this quarter', reminders_due: 'Reminders to send' },
      notify: { unread: 'Unread notifications' },
      filter: {
        label: 'Workbench filter', objected: 'Objections to assignments', late_accept: 'Not accepted in time', to_accept: 'To accept',
        view_due: 'Views to give', reply_check: 'Replies to check', reply_returned: 'Replies returned', cosign: 'Waiting for my co-signature',
        near: 'Due within {n} days', unbulletined: 'Not yet in a bulletin of the committee', overdue_requests: 'Overdue requests (open past the days to close one)',
      },
      respondBy: 'Accept by', daysLeft: '{n} days left', daysOver: '{n} days over', today: 'Due today',
    },
    notifyPage: { title: 'All notifications', unreadOnly: 'Unread only', readAll: 'Mark all read', more: 'Load more', all: 'All notifications' },
  },
});
