// src/i18n/messages/bulletin.ts: the publications made from social-conditions reports (issue 8
// part 2): bulletins 《社情民意》 (list, editor, sign-off, sending up, files) and the daily digest
// 《网络社情摘要》 (a day's items, the suggested grouping, digests).
import { defineMessages } from '../index';

export default defineMessages({
  zh: {
    bulletin: {
      nav: {
        group: '社情民意刊物', bulletins: '《社情民意》', bulletin: '刊物', items: '网络社情', suggest: '建议分组',
        digests: '《网络社情摘要》', digest: '摘要',
      },
      defaultTitle: '社情民意',
      yearN: '{n} 年',
      numberOf: '{year}年第{n}期',
      field: {
        label: '刊物', title: '刊名', committee: '所属政协', year: '年度', status: '状态', number: '期号', itemCount: '篇数',
        editor: '责任编辑', note: '编者按', signer: '签发人', signedAt: '签发时间', sentAt: '报送时间', sentOn: '报送日期',
        targets: '报送单位', createdAt: '创建时间', author: '署名', originalTitle: '原标题', reportTitle: '信息标题', category: '类别',
        adoptedAt: '采用时间', itemTitle: '标题', itemBody: '刊发正文', day: '日期', text: '内容', source: '来源', url: '链接',
        inDigest: '编入摘要', issuedAt: '印发时间', digestTitle: '摘要名称',
      },
      list: {
        intro: '《社情民意》由已采用的社情民意信息编辑而成，签发后编号，报送全国政协、省政协、党委和政府。',
        new: '新建刊物', create: '创建并编辑', created: '已创建刊物草稿',
      },
      detail: { backToList: '返回刊物列表', noNumber: '签发时编号' },
      editor: {
        head: '刊头', items: '刊发信息（{n} 篇）', unsaved: '有未保存的修改', noItems: '没有刊发信息',
        noItemsEdit: '还没有刊发信息：从下方“可选信息”中加入。', openReport: '查看原信息', up: '上移', down: '下移', remove: '移出',
        candidates: '可选信息', candidatesHint: '本级及下级已采用、尚未编入本级刊物的信息', filterCandidates: '按标题或署名筛选',
        noCandidates: '没有可选的信息', add: '加入', urgent: '紧急', signHint: '签发后本期获得期号；如需修改，可退回草稿（期号保留）。',
      },
      // the buttons that are no action of the server's tables bulletin.action and digest.action
      // (GET /api/v1/labels: the actions' words come from there)
      action: { delete: '删除', pdf: '下载 PDF', docx: '下载 Word', regroup: '保存分组' },
      confirm: {
        ok: '确定', reopen: '退回草稿后可以修改，期号保留。确定退回吗？', delete: '确定删除这期刊物草稿吗？',
        deleteDigest: '确定删除这期摘要草稿吗？其中的条目将回到未编入状态。', issue: '印发后将编号，分组不能再修改。确定印发吗？',
        leave: '有修改尚未保存，确定离开吗？',
      },
      done: {
        save: '已保存', sign: '已签发', reopen: '已退回草稿', send: '已报送', delete: '已删除', issue: '已印发', regroup: '分组已保存',
      },
      items: {
        intro: '每天收集的网络社情条目。编入摘要前可以修改或删除；点“建议分组”按相似度自动归类后生成摘要。',
        new: '添加条目', edit: '修改条目', added: '已添加条目', empty: '这一天还没有条目', prevDay: '前一天', nextDay: '后一天',
        today: '今天', open: '打开', inDigest: '已编入', notInDigest: '未编入', suggest: '建议分组（{n} 条未编入）',
        sourceHint: '如：人民网领导留言板、微博', confirmDelete: '确定删除条目“{title}”吗？',
      },
      suggest: {
        intro: '系统按汉字二元组的相似度把当天未编入摘要的条目分组，可以移动条目、修改主题、拆分或合并分组后生成摘要。',
        threshold: '相似度阈值', again: '重新分组', create: '生成摘要（{n} 条）', empty: '这一天没有未编入摘要的条目。',
        toItems: '返回条目',
      },
      groups: {
        subject: '主题', count: '{n} 条', keywords: '关键词', split: '拆分所选', mergeInto: '合并到…', moveTo: '移到…',
        newGroup: '新分组', leaveOut: '不编入', left: '未编入的条目（{n}）', putInto: '编入…', none: '没有分组',
        untitled: '分组 {n}',
      },
      digest: {
        intro: '《网络社情摘要》按天编辑，印发时按年度编号。', created: '已生成摘要草稿', noNumber: '印发时编号', defaultTitle: '网络社情摘要',
        backToList: '返回摘要列表', groups: '分组（{n}）', regroupHint: '草稿可调整分组；未编入的条目保存后回到当天的条目中。',
      },
      // the phone's pages for members (mobile/modules/bulletins.ts)
      m: {
        tile: '社情民意刊物', bulletin: '刊物', digest: '网络社情摘要', reports: '{n} 篇', items: '{n} 条', more: '加载更多',
        none: { bulletins: '还没有签发的《社情民意》', digests: '还没有印发的《网络社情摘要》' },
      },
    },
  },
  en: {
    bulletin: {
      nav: {
        group: 'Bulletins', bulletins: 'Social-conditions bulletins', bulletin: 'Bulletin', items: 'Network items',
        suggest: 'Suggested grouping', digests: 'Network digests', digest: 'Digest',
      },
      defaultTitle: '社情民意',
      yearN: '{n}',
      numberOf: 'No. {n}, {year}',
      field: {
        label: 'Issue', title: 'Title', committee: 'Committee', year: 'Year', status: 'Status', number: 'Number', itemCount: 'Items',
        editor: 'Editor', note: 'Editor’s note', signer: 'Signed off by', signedAt: 'Signed off', sentAt: 'Sent up', sentOn: 'Date sent',
        targets: 'Sent to', createdAt: 'Created', author: 'By', originalTitle: 'Original title', reportTitle: 'Report', category: 'Category',
        adoptedAt: 'Adopted', itemTitle: 'Title', itemBody: 'Text as printed', day: 'Day', text: 'Text', source: 'Source', url: 'Link',
        inDigest: 'In digest', issuedAt: 'Issued', digestTitle: 'Digest title',
      },
      list: {
        intro: 'Bulletins are edited from adopted reports, numbered when signed off, and sent up to the national and provincial committees, the Party committee and the government.',
        new: 'New bulletin', create: 'Create and edit', created: 'Draft bulletin created',
      },
      detail: { backToList: 'Back to the bulletins', noNumber: 'Numbered when signed off' },
      editor: {
        head: 'Masthead', items: 'Reports in this issue ({n})', unsaved: 'Unsaved changes', noItems: 'No reports in this issue',
        noItemsEdit: 'No reports yet: add some from the candidates below.', openReport: 'Open the report', up: 'Up', down: 'Down',
        remove: 'Remove', candidates: 'Candidates', candidatesHint: 'adopted reports of this committee and below in no bulletin of it yet',
        filterCandidates: 'Filter by title or author', noCandidates: 'No candidates', add: 'Add', urgent: 'Urgent',
        signHint: 'Signing off gives the issue its number; reopening it for changes keeps the number.',
      },
      action: { delete: 'Delete', pdf: 'Download PDF', docx: 'Download Word', regroup: 'Save grouping' },
      confirm: {
        ok: 'OK', reopen: 'Reopen the issue for changes? It keeps its number.', delete: 'Delete this draft bulletin?',
        deleteDigest: 'Delete this draft digest? Its items go back to the day’s items.',
        issue: 'Issuing numbers the digest and fixes its groups. Issue it?', leave: 'There are unsaved changes. Leave anyway?',
      },
      done: {
        save: 'Saved', sign: 'Signed off', reopen: 'Reopened as draft', send: 'Sent up', delete: 'Deleted', issue: 'Issued',
        regroup: 'Grouping saved',
      },
      items: {
        intro: 'Items collected from the net each day. They can be edited or deleted until put in a digest; “Suggested grouping” sorts them by similarity to make the digest.',
        new: 'Add item', edit: 'Edit item', added: 'Item added', empty: 'No items on this day', prevDay: 'Previous day', nextDay: 'Next day',
        today: 'Today', open: 'Open', inDigest: 'In a digest', notInDigest: 'Not yet', suggest: 'Suggested grouping ({n} not in a digest)',
        sourceHint: 'e.g. a leaders’ message board, Weibo', confirmDelete: 'Delete the item “{title}”?',
      },
      suggest: {
        intro: 'The day’s items not yet in a digest, grouped by how alike their Chinese character pairs are. Move items, rename subjects, split or merge groups, then create the digest.',
        threshold: 'Similarity threshold', again: 'Group again', create: 'Create digest ({n} items)', empty: 'No items of this day are waiting for a digest.',
        toItems: 'Back to the items',
      },
      groups: {
        subject: 'Subject', count: '{n} items', keywords: 'Keywords', split: 'Split off checked', mergeInto: 'Merge into…', moveTo: 'Move to…',
        newGroup: 'New group', leaveOut: 'Leave out', left: 'Items left out ({n})', putInto: 'Put into…', none: 'No groups',
        untitled: 'Group {n}',
      },
      digest: {
        intro: 'Digests are made day by day and numbered by year when issued.', created: 'Draft digest created', noNumber: 'Numbered when issued', defaultTitle: '网络社情摘要',
        backToList: 'Back to the digests', groups: 'Groups ({n})', regroupHint: 'A draft can be regrouped; items left out go back to the day’s items when saved.',
      },
      m: {
        tile: 'Bulletins', bulletin: 'Bulletin', digest: 'Network digest', reports: '{n} reports', items: '{n} items', more: 'Load more',
        none: { bulletins: 'No bulletin signed off yet', digests: 'No network digest issued yet' },
      },
    },
  },
});
