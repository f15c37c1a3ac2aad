// src/i18n/messages/audit.ts: the audit log page.
import { defineMessages } from '../index';

export default defineMessages({
  zh: {
    audit: {
      verify: '校验审计链', ok: '审计链完整：共 {n} 条记录，哈希链校验通过。', broken: '审计链在第 {id} 条记录处断开（共 {n} 条），记录可能被篡改！',
      entity: '对象类型', entityId: '对象编号', at: '时间', user: '操作人', action: '操作', committee: '所属政协',
      field: '字段', before: '修改前', after: '修改后', noData: '无记录内容',
      actions: { create: '新建', update: '修改', delete: '删除', login: '登录', password: '改密码', revoke: '吊销', disable: '停用', init: '初始化', import: '导入' },
      entities: {
        member: '委员', committee: '政协', sector: '界别', party: '党派', special_committee: '专委会', group: '界别活动组',
        unit: '承办单位', user: '用户', session: '会话', api_token: 'API 令牌',
      },
    },
  },
  en: {
    audit: {
      verify: 'Verify the chain', ok: 'The audit chain holds: {n} entries verified.', broken: 'The audit chain breaks at entry {id} (of {n}): records may have been tampered with!',
      entity: 'Record type', entityId: 'Record id', at: 'Time', user: 'User', action: 'Action', committee: 'Committee',
      field: 'Field', before: 'Before', after: 'After', noData: 'No record data',
      actions: { create: 'Create', update: 'Update', delete: 'Delete', login: 'Log in', password: 'Password', revoke: 'Revoke', disable: 'Disable', init: 'Initialise', import: 'Import' },
      entities: {
        member: 'Member', committee: 'Committee', sector: 'Sector', party: 'Party', special_committee: 'Special committee', group: 'Activity group',
        unit: 'Handling unit', user: 'User', session: 'Session', api_token: 'API token',
      },
    },
  },
});
