// src/i18n/messages/report.ts: social-conditions reports (社情民意信息): the console's pages (list,
// review queue, writing, detail with its actions, versions and their differences, statistics,
// settings), the dashboard figure, and the member's phone pages (report.m).
import { defineMessages } from '../index';

export default defineMessages({
  zh: {
    report: {
      nav: {
        group: '社情民意', list: '信息列表', new: '撰写信息', review: '信息审核', stats: '信息统计', settings: '信息工作设置',
        detail: '信息详情', edit: '修改信息',
      },
      cat: {
        economy: '经济建设', politics: '政治建设', culture: '文化建设', society: '社会建设', ecology: '生态文明建设', rural: '乡村振兴',
        education: '教育科技', health: '医疗卫生', ethnic: '民族宗教', other: '其他',
      },
      authorKind: { member: '委员个人', collective: '集体报送' },
      collectiveKind: { party: '党派', sector: '界别', special_committee: '专门委员会', group: '界别活动组' },
      field: {
        title: '标题', category: '类别', body: '正文', bodyLength: '字数', urgent: '紧急', author: '报送人', authorKind: '报送方式',
        member: '报送委员', collectiveKind: '报送单位类别', collective: '报送单位', committee: '所属政协', status: '状态',
        createdAt: '撰写时间', submittedAt: '报送时间', decidedAt: '审核时间', acceptedAt: '受理时间', accepted: '已受理',
        acceptedHint: '信息工作部门已受理，正在审核', notAccepted: '已报送，等待受理', decisionNote: '审核意见', returnNote: '修改意见',
        mergedInto: '合并入', activity: '来源活动', proposal: '来源提案', files: '附件', note: '说明',
        adoptionLevel: '采用级别', adoptedBy: '采用单位', adoptedOn: '采用日期', instructionLevel: '批示级别', leaderName: '批示领导',
        leaderTitle: '领导职务', instructionText: '批示内容', givenOn: '批示日期',
      },
      list: {
        search: '搜索标题和正文（如“冷链”）', new: '撰写信息', urgentOnly: '只看紧急', year: '报送年度',
        reviewIntro: '待审核的信息：采用、退回修改、不予采用，或与同一主题的信息合并。',
      },
      review: { queue: '待审核 {n} 件' },
      detail: {
        text: '信息正文', bodyLength: '共 {n} 字', files: '附件', noFiles: '没有附件', adoptions: '采用情况', noAdoptions: '尚未登记采用',
        instructions: '领导批示', noInstructions: '没有领导批示', merged: '合并入本条的信息', bulletins: '编入刊物', versions: '修改版本', timeline: '处理过程',
        noTimeline: '没有记录', edit: '修改', delete: '删除草稿', deleted: '草稿已删除', backToList: '返回信息列表', system: '系统',
        urgentTag: '紧急', filesN: '{n} 个附件', newVersion: '形成新版本',
      },
      versions: {
        version: '版本', n: '第 {n} 版', current: '当前', replaced: '被修改', compare: '比较', byLine: '按行', byChar: '按字',
        counts: '增加 {ins} {unit}，删除 {del} {unit}', unitLine: '行', unitChar: '字', same: '两个版本的内容相同', pickTwo: '请选择两个不同的版本', only: '正文尚未修改过，只有一个版本',
      },
      // the words of timeline events that are no action of the server's table report.action (GET
      // /api/v1/labels: the actions' words come from there)
      action: {
        create: '撰写', edit: '修改', files: '更换附件', convert: '由提案转来', bulletin: '编发报送',
      },
      done: {
        submit: '已报送', accept: '已受理', withdraw: '已撤回', return: '已退回修改', adopt: '已采用', reject: '已不予采用', merge: '已合并',
        'record-adoption': '采用情况已登记', 'record-instruction': '领导批示已登记',
      },
      confirm: {
        submit: '报送后由信息工作部门审核。确定报送吗？', deleteDraft: '确定删除这份草稿吗？删除后不能恢复。',
      },
      input: {
        notePlaceholder: '说明（可不填）', returnNote: '修改意见', rejectReason: '不予采用的理由', into: '合并入的信息',
        intoHint: '输入标题搜索本政协待审核或已采用的信息', adoptedByHint: '如：省政协办公厅《社情民意》', leaderTitleHint: '如：省委常委',
        confirm: '确定',
      },
      form: {
        newTitle: '撰写社情民意信息', editTitle: '修改社情民意信息', basics: '基本信息', text: '正文', saveDraft: '保存草稿', saveSubmit: '保存并报送',
        saved: '草稿已保存', memberSelf: '本人（{name}）', count: '正文 {n} / {max} 字', over: '超出 {n} 字',
        titleHint: '一事一报，如“关于农村冷链物流短板的情况反映”', bodyHint: '反映的情况、分析和建议，一事一报，简明扼要',
        urgentHint: '需要尽快报送的紧急信息', activityHint: '由哪次履职活动了解到的情况（可不填）', uploadFiles: '上传附件', filesHint: '至多 10 个',
        collectiveHint: '集体报送由党派、界别、专委会或界别活动组提出，由工作人员录入', notEditable: '这条信息当前不能修改。',
        officeEdit: '信息工作部门编辑：修改标题或正文会保留修改前的版本，并通知报送人。', versionHint: '修改标题或正文会保留修改前的版本',
      },
      stats: {
        submitted: '报送', adopted: '采用', adoptedAbove: '上级采用', sentUp: '报送上级',
        instructions: '领导批示', urgent: '紧急', adoptionRate: '采用率', byMonth: '按月份', bySector: '按界别', byMember: '按委员',
        byGroup: '按界别活动组', top: '前 {n} 个', export: '导出 Excel',
        allYears: '全部年度', member: '委员', sector: '界别', name: '名称',
      },
      settings: {
        intro: '可由本级政协自行设置，未设置的沿用上级政协或默认值。', inherit: '沿用上级', own: '本级设置', inherited: '沿用 {name}',
        default: '默认值 {n}', body_max: '正文字数上限', hint: '取值 {min}–{max}',
      },
      widget: { title: '今年社情民意信息', total: '{year} 年共报送 {n} 件' },
      m: {
        tile: '社情民意', mine: '我的社情民意', write: '写信息', writeShort: '写信息', edit: '修改信息', report: '信息详情',
        none: '还没有社情民意信息', pickCategory: '选择类别', toRevise: '待我修改', all: '全部',
      },
    },
  },
  en: {
    report: {
      nav: {
        group: 'Reports', list: 'All reports', new: 'Write a report', review: 'Review', stats: 'Report statistics', settings: 'Report settings',
        detail: 'Report', edit: 'Edit report',
      },
      cat: {
        economy: 'Economy', politics: 'Politics', culture: 'Culture', society: 'Society', ecology: 'Ecology', rural: 'Rural revitalisation',
        education: 'Education and science', health: 'Health', ethnic: 'Ethnic and religious affairs', other: 'Other',
      },
      authorKind: { member: 'By a member', collective: 'Collective' },
      collectiveKind: { party: 'Party', sector: 'Sector', special_committee: 'Special committee', group: 'Activity group' },
      field: {
        title: 'Title', category: 'Category', body: 'Text', bodyLength: 'Characters', urgent: 'Urgent', author: 'Reported by',
        authorKind: 'Reported as', member: 'Member', collectiveKind: 'Collective kind', collective: 'Collective', committee: 'Committee',
        status: 'State', createdAt: 'Written', submittedAt: 'Submitted', decidedAt: 'Reviewed', acceptedAt: 'Accepted', accepted: 'Accepted',
        acceptedHint: 'The office accepted it and is reviewing it', notAccepted: 'Submitted, waiting to be accepted', decisionNote: 'Review note',
        returnNote: 'What to revise', mergedInto: 'Merged into', activity: 'Source activity', proposal: 'Source proposal', files: 'Attachments',
        note: 'Note', adoptionLevel: 'Level', adoptedBy: 'Adopted by', adoptedOn: 'Adopted on', instructionLevel: 'Level',
        leaderName: 'Leader', leaderTitle: 'Leader\'s title', instructionText: 'Instruction', givenOn: 'Given on',
      },
      list: {
        search: 'Search titles and texts', new: 'Write a report', urgentOnly: 'Urgent only', year: 'Year submitted',
        reviewIntro: 'Reports waiting for review: adopt, return for revision, reject, or merge with others on the same subject.',
      },
      review: { queue: '{n} waiting' },
      detail: {
        text: 'Text', bodyLength: '{n} characters', files: 'Attachments', noFiles: 'No attachments', adoptions: 'Adoptions',
        noAdoptions: 'No adoption recorded yet', instructions: 'Leaders\' instructions', noInstructions: 'No instructions',
        merged: 'Reports merged into this one', bulletins: 'In bulletins', versions: 'Versions', timeline: 'Timeline', noTimeline: 'Nothing recorded', edit: 'Edit',
        delete: 'Delete draft', deleted: 'Draft deleted', backToList: 'Back to the list', system: 'System', urgentTag: 'Urgent',
        filesN: '{n} attachments', newVersion: 'new version',
      },
      versions: {
        version: 'Version', n: 'v{n}', current: 'current', replaced: 'Replaced', compare: 'Compare', byLine: 'By line', byChar: 'By character',
        counts: '{ins} {unit} inserted, {del} deleted', unitLine: 'lines', unitChar: 'characters', same: 'The two versions are the same', pickTwo: 'Pick two different versions',
        only: 'The text has not been changed: one version',
      },
      action: {
        create: 'Written', edit: 'Edited', files: 'Attachments changed', convert: 'Made from a proposal', bulletin: 'In a bulletin sent up',
      },
      done: {
        submit: 'Submitted', accept: 'Accepted for review', withdraw: 'Withdrawn', return: 'Returned for revision', adopt: 'Adopted', reject: 'Rejected', merge: 'Merged',
        'record-adoption': 'Adoption recorded', 'record-instruction': 'Instruction recorded',
      },
      confirm: {
        submit: 'The information office reviews it once submitted. Submit it?', deleteDraft: 'Delete this draft? It cannot be restored.',
      },
      input: {
        notePlaceholder: 'Note (optional)', returnNote: 'What to revise', rejectReason: 'Reason for rejecting', into: 'Merge into',
        intoHint: 'Search the submitted or adopted reports of the committee by title', adoptedByHint: 'e.g. the provincial office\'s bulletin',
        leaderTitleHint: 'e.g. member of the provincial standing committee', confirm: 'Confirm',
      },
      form: {
        newTitle: 'Write a report', editTitle: 'Edit report', basics: 'Basics', text: 'Text', saveDraft: 'Save draft', saveSubmit: 'Save and submit',
        saved: 'Draft saved', memberSelf: 'Myself ({name})', count: 'Text {n} / {max} characters', over: '{n} over',
        titleHint: 'One issue per report', bodyHint: 'What is happening, why it matters, what should be done: one issue, briefly',
        urgentHint: 'To be sent on quickly', activityHint: 'The activity where you learnt of it (optional)', uploadFiles: 'Upload',
        filesHint: 'at most 10', collectiveHint: 'A collective report of a party, sector, special committee or activity group, entered by staff',
        notEditable: 'This report cannot be edited now.',
        officeEdit: 'Editing as the information office: a new title or text keeps the old one as a version and tells the author.',
        versionHint: 'A new title or text keeps the old one as a version',
      },
      stats: {
        submitted: 'Submitted', adopted: 'Adopted', adoptedAbove: 'Adopted above', sentUp: 'Sent up',
        instructions: 'Instructions', urgent: 'Urgent', adoptionRate: 'Adoption rate', byMonth: 'By month', bySector: 'By sector',
        byMember: 'By member', byGroup: 'By activity group', top: 'top {n}', export: 'Export to Excel',
        allYears: 'All years', member: 'Member', sector: 'Sector', name: 'Name',
      },
      settings: {
        intro: 'A committee may set its own value; otherwise the nearest committee above or the default applies.', inherit: 'Inherit',
        own: 'Set here', inherited: 'From {name}', default: 'Default {n}', body_max: 'Most characters of a report\'s text', hint: '{min}–{max}',
      },
      widget: { title: 'Reports this year', total: '{n} submitted in {year}' },
      m: {
        tile: 'Reports', mine: 'My reports', write: 'Write a report', writeShort: 'Write', edit: 'Edit report', report: 'Report',
        none: 'No reports yet', pickCategory: 'Category', toRevise: 'To revise', all: 'All',
      },
    },
  },
});
