// src/i18n/messages/audit.ts: the audit log page.
import { defineMessages } from '../index';

export default defineMessages({
  zh: {
    audit: {
      verify: '校验审计链', ok: '审计链完整：共 {n} 条记录，带密钥的哈希链与链头校验通过。', broken: '审计链在第 {id} 条记录处断开（此前 {n} 条完整），记录可能被篡改！',
      headSays: '链头记有 {head} 条记录，实际可校验的为 {n} 条。', head: '链头：{n} 条，最后哈希 {hash}（可另行留存，以便发现整库回滚）',
      legacy: '其中 {n} 条为启用密钥前的旧记录，按原哈希校验。',
      export: '导出', exportJob: '导出审计日志', search: '检索', clear: '清除条件', ip: '地址', from: '开始日期', to: '结束日期',
      text: '内容包含…',
      entity: '对象类型', entityId: '对象编号', at: '时间', user: '操作人', action: '操作', committee: '所属政协',
      field: '字段', before: '修改前', after: '修改后', noData: '无记录内容',
      actions: {
        create: '新建', update: '修改', delete: '删除', login: '登录', login_failed: '登录失败', logout: '退出登录', export: '导出',
        password: '改密码', revoke: '吊销', disable: '停用', init: '初始化', import: '导入', seal: '封存链头',
      },
      entities: {
        member: '委员', committee: '政协', sector: '界别', party: '党派', special_committee: '专委会', group: '界别活动组',
        unit: '承办单位', user: '用户', session: '会话', api_token: 'API 令牌', proposal: '提案', report: '社情民意信息',
        activity: '活动', station: '工作站（室）', request: '群众诉求', settings: '设置', audit_log: '审计日志', audit: '审计日志',
        members: '委员名册', proposals: '提案', reports: '社情民意信息', bulletins: '刊物', digests: '网络社情摘要',
        'rule-sets': '积分规则', compliance: '联系群众统计',
      },
    },
  },
  en: {
    audit: {
      verify: 'Verify the chain', ok: 'The audit chain holds: {n} entries, the keyed chain and its head verified.', broken: 'The audit chain breaks at entry {id} ({n} before it hold): records may have been tampered with!',
      headSays: 'The head counts {head} entries; {n} can be verified.', head: 'Head: {n} entries, last hash {hash} (keep it elsewhere to notice a rollback of the whole database)',
      legacy: '{n} of them are from before the key and are checked with the old hash.',
      export: 'Export', exportJob: 'Audit log export', search: 'Search', clear: 'Clear', ip: 'Address', from: 'From', to: 'To',
      text: 'Containing…',
      entity: 'Record type', entityId: 'Record id', at: 'Time', user: 'User', action: 'Action', committee: 'Committee',
      field: 'Field', before: 'Before', after: 'After', noData: 'No record data',
      actions: {
        create: 'Create', update: 'Update', delete: 'Delete', login: 'Log in', login_failed: 'Failed login', logout: 'Log out', export: 'Export',
        password: 'Password', revoke: 'Revoke', disable: 'Disable', init: 'Initialise', import: 'Import', seal: 'Seal the head',
      },
      entities: {
        member: 'Member', committee: 'Committee', sector: 'Sector', party: 'Party', special_committee: 'Special committee', group: 'Activity group',
        unit: 'Handling unit', user: 'User', session: 'Session', api_token: 'API token', proposal: 'Proposal', report: 'Report',
        activity: 'Activity', station: 'Station', request: 'Request', settings: 'Settings', audit_log: 'Audit log', audit: 'Audit log',
        members: 'Roster', proposals: 'Proposals', reports: 'Reports', bulletins: 'Bulletins', digests: 'Digests',
        'rule-sets': 'Points rules', compliance: 'Contact statistics',
      },
    },
  },
});
