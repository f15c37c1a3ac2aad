// src/i18n/messages/org.ts: the organisation model, accounts and roles.
import { defineMessages } from '../index';

export default defineMessages({
  zh: {
    org: {
      committee: '政协', sector: '界别', party: '党派', specialCommittee: '专门委员会', group: '界别活动组', unit: '承办单位',
      searchCommittee: '搜索政协名称或行政区划', addChild: '添加下级',
    },
    field: {
      name: '名称', nameEn: '英文名称', committee: '所属政协', sort: '排序', sectorKind: '类别', shortName: '简称',
      leadKind: '负责单位类别', lead: '负责单位', leadSpecialCommittee: '负责专委会', leadParty: '负责党派', unitKind: '单位类别',
      contact: '联系人', phone: '联系电话', level: '层级', region: '行政区划', parent: '上级政协',
    },
    hint: {
      sort: '数字小的排在前面', sectorCommittee: '留空表示全国通用界别；创建后不能修改',
      username: '3–32 位小写字母、数字、点、下划线或连字符；创建后不能修改', password: '至少 8 位，含两类字符；编辑时留空表示不修改',
    },
    enum: {
      gender: { male: '男', female: '女' },
      status: { active: '在任', suspended: '暂停', resigned: '辞去', deceased: '去世' },
      level: { national: '全国', province: '省级', city: '市级', county: '县级' },
      leadKind: { special_committee: '专委会', party: '民主党派', federation: '工商联' },
      unitKind: { government: '政府部门', party: '党委部门', court: '法院', procuratorate: '检察院', people_org: '人民团体', enterprise: '企事业单位', other: '其他' },
      role: { admin: '系统管理员', security_admin: '安全管理员', audit_admin: '审计管理员', secretariat: '办公厅', committee_staff: '专委会工作人员', proposal_office: '提案委', handling_unit: '承办单位', member: '委员', viewer: '只读用户', organiser: '组织者' },
      organiserKind: { group: '界别活动组', special_committee: '专委会', party: '党派' },
    },
    user: {
      noun: '用户', username: '用户名', display_name: '显示名称', password: '密码', passwordKeep: '留空则不修改', role: '角色',
      committee: '所属政协', member: '关联委员', unit: '关联承办单位', disabled: '已停用', link: '关联', enabledOnly: '仅启用', disabledOnly: '仅停用',
      organiserKind: '所组织的类别', organiserGroup: '所组织的界别活动组', organiserSpecialCommittee: '所组织的专委会', organiserParty: '所组织的党派',
      organiserHint: '组织者只看到、只组织该组织的成员（本政协中属于它的委员）；界别活动组和专委会须属于账号所属的政协',
    },
    role: {
      intro: '角色决定账号能做什么；账号所属的政协决定它能看到哪些记录（本级及下级）。系统管理员、安全管理员、审计管理员三员分立，各由一人担任，不得兼任；这三种账号只能在服务器上用 lvzhi user 命令管理。',
      duties: '职责', accounts: '账号数',
      desc: {
        admin: '系统管理员：管理全部政协的组织机构、业务数据与系统设置；不管理账号，不查看审计日志。',
        security_admin: '安全管理员：新建账号、分配角色、重置密码、停用账号；不查看业务数据。',
        audit_admin: '审计管理员：查看、检索、导出审计日志并校验审计链；不能修改任何数据。',
        secretariat: '政协机关办公厅：维护本级及下级的组织机构和委员名册，导入导出名册，查看统计。',
        committee_staff: '专委会工作人员：组织本专委会联系的委员开展活动，查看相关委员。',
        proposal_office: '提案委员会：审查、交办和督办提案。',
        handling_unit: '承办单位：办理交办的提案并答复。',
        member: '政协委员：在手机端查看本人信息，记录履职活动、提交提案和社情民意。',
        viewer: '只读用户：查看名册与统计，不能修改。',
        organiser: '组织者：负责一个界别活动组、专委会或党派，查看其成员及其履职活动和履职要求完成情况，为成员安排活动、登记出勤、提醒未达标的成员；看不到其他委员，不看身份证号、提案、社情民意和全委统计。',
      },
    },
  },
  en: {
    org: {
      committee: 'committee', sector: 'sector', party: 'party', specialCommittee: 'special committee', group: 'activity group', unit: 'handling unit',
      searchCommittee: 'Search by name or region', addChild: 'Add below',
    },
    field: {
      name: 'Name', nameEn: 'English name', committee: 'Committee', sort: 'Order', sectorKind: 'Kind', shortName: 'Short name',
      leadKind: 'Led by', lead: 'Leading body', leadSpecialCommittee: 'Leading special committee', leadParty: 'Leading party', unitKind: 'Kind',
      contact: 'Contact', phone: 'Phone', level: 'Level', region: 'Region', parent: 'Parent committee',
    },
    hint: {
      sort: 'Smaller numbers come first', sectorCommittee: 'Empty: a national sector. Cannot change once created',
      username: '3–32 lower-case letters, digits, dots, underscores or hyphens; fixed once created',
      password: 'At least 8 characters of two kinds; leave empty to keep when editing',
    },
    enum: {
      gender: { male: 'Male', female: 'Female' },
      status: { active: 'Serving', suspended: 'Suspended', resigned: 'Resigned', deceased: 'Deceased' },
      level: { national: 'National', province: 'Province', city: 'City', county: 'County' },
      leadKind: { special_committee: 'Special committee', party: 'Democratic party', federation: 'Federation of Industry & Commerce' },
      unitKind: { government: 'Government', party: 'Party organ', court: 'Court', procuratorate: 'Procuratorate', people_org: 'People’s organisation', enterprise: 'Enterprise / institution', other: 'Other' },
      role: { admin: 'Administrator', security_admin: 'Security administrator', audit_admin: 'Audit administrator', secretariat: 'Secretariat', committee_staff: 'Special committee staff', proposal_office: 'Proposals office', handling_unit: 'Handling unit', member: 'Member', viewer: 'Read-only', organiser: 'Organiser' },
      organiserKind: { group: 'Activity group', special_committee: 'Special committee', party: 'Party' },
    },
    user: {
      noun: 'user', username: 'Username', display_name: 'Display name', password: 'Password', passwordKeep: 'Leave empty to keep', role: 'Role',
      committee: 'Committee', member: 'Linked member', unit: 'Linked handling unit', disabled: 'Disabled', link: 'Linked to', enabledOnly: 'Enabled only', disabledOnly: 'Disabled only',
      organiserKind: 'Organises a', organiserGroup: 'Activity group organised', organiserSpecialCommittee: 'Special committee organised', organiserParty: 'Party organised',
      organiserHint: 'An organiser sees and organises only that body’s members (the members of its committee in it); a group or special committee must be of the account’s committee',
    },
    role: {
      intro: 'A role says what an account may do; its committee says which records it sees (that committee and those below). The system, security and audit administrators are three separate people; no account holds two of these roles, and their accounts are managed only on the server with lvzhi user.',
      duties: 'Duties', accounts: 'Accounts',
      desc: {
        admin: 'System administrator: keeps every committee’s organisation, the records and the settings; neither the accounts nor the audit log.',
        security_admin: 'Security administrator: creates accounts, assigns roles, resets passwords, disables accounts; reads no records.',
        audit_admin: 'Audit administrator: reads, searches and exports the audit log and verifies its chain; changes nothing.',
        secretariat: 'The general office: keeps the organisation and rosters of its committee and those below, imports and exports rosters, reads statistics.',
        committee_staff: 'Special committee staff: organises the activities of the members their committee leads.',
        proposal_office: 'Proposals committee: reviews, assigns and supervises proposals.',
        handling_unit: 'A government department: handles assigned proposals and replies.',
        member: 'A CPPCC member: uses the mobile pages for their own record, activities, proposals and reports.',
        viewer: 'Read-only: reads rosters and statistics, changes nothing.',
        organiser: 'Organiser: runs one activity group, special committee or party: reads its members, their activities and quotas, plans activities for them, records attendance and reminds those falling short; sees no other member, no ID numbers, proposals, reports or committee statistics.',
      },
    },
  },
});
