// src/i18n/messages/common.ts: the shell's strings: navigation, header, lists, errors, login.
import { defineMessages } from '../index';

export default defineMessages({
  zh: {
    app: { name: '履职平台', tagline: '政协委员履职服务与机关工作平台' },
    nav: {
      home: '首页', dashboard: '数据看板', memberGroup: '委员管理', members: '委员名册', memberImport: '名册导入',
      org: '组织机构', committees: '政协组织', sectors: '界别', specialCommittees: '专门委员会', groups: '界别活动组',
      parties: '党派', units: '承办单位', system: '系统管理', users: '用户账号', roles: '角色权限', audit: '审计日志', jobs: '后台任务',
    },
    header: { committee: '当前政协', language: '语言', logout: '退出登录', toggleMenu: '展开或收起菜单' },
    common: {
      back: '返回', retry: '重试', committee: '所属政协', select: '请选择', save: '保存', saved: '已保存', created: '已创建',
      deleted: '已删除', delete: '删除', cancel: '取消', confirmDelete: '确定删除{what}“{name}”吗？删除后不能恢复。',
      yes: '是', no: '否', new: '新建', edit: '编辑', actions: '操作', searchName: '按名称搜索', allCommittees: '全部政协（本级及下级）',
      reset: '清除筛选', refresh: '刷新', createdAt: '创建时间', updatedAt: '更新时间',
    },
    wait: { waited: '已等 {n} 天', left: '剩 {n} 天', dueToday: '今天到期', overdue: '逾期 {n} 天' },
    list: { total: '共 {n} 条', perPage: '{n} 条/页', prev: '上一页', next: '下一页', page: '第 {n} 页', empty: '没有符合条件的记录',
      pages: '共 {n} 页', jump: '前往', jumpPage: '页' },
    error: {
      forbiddenTitle: '没有权限', forbiddenText: '您的账号没有执行此操作的权限。',
      forbiddenRole: '您的角色（{role}）不能查看这个页面。如需使用，请联系系统管理员。',
      notFoundTitle: '未找到', notFoundText: '记录不存在，或不在您的管辖范围内。', noSuchPage: '没有这个页面。', loadFailed: '加载失败',
      network: '无法连接服务器，请检查网络', upload: '上传失败，请检查网络',
    },
    login: { title: '登录', username: '用户名', password: '密码', submit: '登录', toMobile: '委员请使用手机端登录' },
    profile: {
      title: '个人设置', changePassword: '修改密码', current: '当前密码', new: '新密码', confirm: '确认新密码',
      mismatch: '两次输入的新密码不一致', changed: '密码已修改，请重新登录',
    },
    notify: { title: '通知', readAll: '全部已读', empty: '暂无通知', more: '加载更多' },
    job: {
      status: { queued: '排队中', running: '进行中', done: '已完成', failed: '失败' },
      loading: '正在获取任务进度…', download: '下载结果文件 {name}', failed: '任务失败', none: '暂无任务', export: '导出',
      kind: '任务类型', created: '提交时间', progress: '进度', one: '任务详情', title: '任务 #{id}',
      kinds: {
        member_import: '委员名册导入', member_export: '委员名册导出', compliance_remind: '履职要求提醒', points_recompute: '重新计算积分',
        points_remind: '积分排名靠后提醒', proposal_pdf: '提案 PDF', proposal_export: '提案导出', bulletin_file: '刊物文件',
        digest_file: '摘要文件', duty_file: '履职档案', report_stats: '社情民意信息统计', rollup_export: '联系群众统计导出',
      },
      result: {
        imported: '已导入', total: '总数', rows: '行数', short: '未达标委员', notified: '已发送提醒', already: '本季度已提醒过',
        without_account: '没有账号', members: '委员', entries: '积分记录', year: '年度', bottom: '排名靠后委员',
      },
    },
  },
  en: {
    app: { name: 'lvzhi', tagline: 'Duty performance platform for CPPCC committees' },
    nav: {
      home: 'Home', dashboard: 'Dashboard', memberGroup: 'Members', members: 'Member roster', memberImport: 'Import roster',
      org: 'Organisation', committees: 'Committees', sectors: 'Sectors', specialCommittees: 'Special committees', groups: 'Activity groups',
      parties: 'Parties', units: 'Handling units', system: 'System', users: 'User accounts', roles: 'Roles', audit: 'Audit log', jobs: 'Background jobs',
    },
    header: { committee: 'Committee', language: 'Language', logout: 'Log out', toggleMenu: 'Show or hide the menu' },
    common: {
      back: 'Back', retry: 'Retry', committee: 'Committee', select: 'Select', save: 'Save', saved: 'Saved', created: 'Created',
      deleted: 'Deleted', delete: 'Delete', cancel: 'Cancel', confirmDelete: 'Delete {what} “{name}”? This cannot be undone.',
      yes: 'Yes', no: 'No', new: 'New', edit: 'Edit', actions: 'Actions', searchName: 'Search by name', allCommittees: 'All committees (and below)',
      reset: 'Clear filters', refresh: 'Refresh', createdAt: 'Created', updatedAt: 'Updated',
    },
    wait: { waited: 'waited {n} d', left: '{n} d left', dueToday: 'due today', overdue: '{n} d overdue' },
    list: { total: '{n} in all', perPage: '{n} / page', prev: 'Previous', next: 'Next', page: 'Page {n}', empty: 'Nothing matches',
      pages: '{n} pages', jump: 'Go to', jumpPage: '' },
    error: {
      forbiddenTitle: 'Not allowed', forbiddenText: 'Your account may not do this.',
      forbiddenRole: 'Your role ({role}) cannot open this page. Ask an administrator if you need it.',
      notFoundTitle: 'Not found', notFoundText: 'The record does not exist or is outside your scope.', noSuchPage: 'There is no such page.',
      loadFailed: 'Could not load', network: 'Cannot reach the server; check the network', upload: 'The upload failed; check the network',
    },
    login: { title: 'Log in', username: 'Username', password: 'Password', submit: 'Log in', toMobile: 'Members: use the mobile pages' },
    profile: {
      title: 'My account', changePassword: 'Change password', current: 'Current password', new: 'New password', confirm: 'Repeat new password',
      mismatch: 'The two new passwords differ', changed: 'Password changed; please log in again',
    },
    notify: { title: 'Notifications', readAll: 'Mark all read', empty: 'No notifications', more: 'Load more' },
    job: {
      status: { queued: 'Queued', running: 'Running', done: 'Done', failed: 'Failed' },
      loading: 'Getting the job’s progress…', download: 'Download the result {name}', failed: 'The job failed', none: 'No jobs yet',
      export: 'Export',
      kind: 'Kind', created: 'Submitted', progress: 'Progress', one: 'Job', title: 'Job #{id}',
      kinds: {
        member_import: 'Roster import', member_export: 'Roster export', compliance_remind: 'Quota reminders',
        points_recompute: 'Points recompute', points_remind: 'Bottom-of-ranking reminders', proposal_pdf: 'Proposal PDF',
        proposal_export: 'Proposals export', bulletin_file: 'Bulletin file', digest_file: 'Digest file', duty_file: 'Duty file',
        report_stats: 'Report statistics', rollup_export: 'Contact statistics export',
      },
      result: {
        imported: 'imported', total: 'total', rows: 'rows', short: 'falling short', notified: 'reminded', already: 'reminded before',
        without_account: 'no account', members: 'members', entries: 'entries', year: 'year', bottom: 'at the bottom',
      },
    },
  },
});
