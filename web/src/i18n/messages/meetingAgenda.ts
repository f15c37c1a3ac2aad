// src/i18n/messages/meetingAgenda.ts: a meeting's agenda, documents and speeches (issue 19, part
// B): the console's 议程与材料 and 大会发言 tabs, and the member's phone pages for the documents
// (the reader) and registering a speech.
import { defineMessages } from '../index';

export default defineMessages({
  zh: {
    meetingAgenda: {
      title: '会议议程', seq: '序号', item: '议题', presenter: '报告人', sitting: '会次', documents: '材料数',
      add: '添加议题', edit: '修改议题', remove: '删除', up: '上移', down: '下移', none: '尚无议题',
      removeConfirm: '删除议题“{title}”？其下的材料保留。', saved: '已保存', closed: '会议已闭会，议程和材料不能再修改',
    },
    meetingDoc: {
      title: '会议材料', name: '材料名称', item: '所属议题', noItem: '（不属于议题）', version: '版本', file: '文件',
      internal: '内部材料', withdrawAfterClose: '闭会后撤回', withdrawn: '已撤回', readers: '已读人数', add: '添加材料',
      newVersion: '上传新版本', note: '版本说明', chooseFile: '选择文件', uploading: '正在上传…', reads: '阅读记录',
      readersTitle: '已打开', notRead: '尚未打开', times: '次数', firstAt: '首次', lastAt: '最近', open: '打开',
      versions: '历史版本', none: '尚无材料', internalHint: '内部材料只给参会人员和会务工作人员；PDF 打开时每页带有阅读人姓名和时间的水印。',
    },
    meetingSpeech: {
      title: '大会发言', member: '委员', sector: '界别', kind: '类别', speechTitle: '发言题目', summary: '发言摘要',
      status: '状态', seq: '顺序', minutes: '时长（分钟）', select: '选定', notSelect: '不选', start: '开始计时', stop: '结束计时',
      speaking: '正在发言', up: '上移', down: '下移', none: '尚无发言', started: '开始', ended: '结束',
      stats: '发言按界别统计（{year}年）', count: '篇数', share: '占比', total: '合计 {n} 篇', oral: '口头', written: '书面',
    },
    meetingM: {
      documents: '会议材料', speech: '大会发言', reader: '材料阅读', stamping: '正在生成带水印的文件…', openFile: '打开',
      internalTag: '内部', withdrawnGone: '材料已撤回', noDocs: '暂无会议材料', myRead: '已读 {n} 次',
      register: '报名发言', oral: '口头发言', written: '书面发言', file: '书面发言文件', submit: '提交', withdraw: '撤回',
      mine: '我的发言', noSpeech: '尚未报名发言', withdrawConfirm: '撤回这个发言？', submitted: '已提交', notMember: '只有以委员身份受邀的委员可以报名发言',
    },
  },
  en: {
    meetingAgenda: {
      title: 'Agenda', seq: 'No.', item: 'Item', presenter: 'Presenter', sitting: 'Sitting', documents: 'Documents',
      add: 'Add item', edit: 'Edit item', remove: 'Remove', up: 'Up', down: 'Down', none: 'No items yet',
      removeConfirm: 'Remove the item “{title}”? Its documents stay.', saved: 'Saved', closed: 'The meeting is closed: its agenda and documents are fixed',
    },
    meetingDoc: {
      title: 'Documents', name: 'Title', item: 'Item', noItem: '(no item)', version: 'Version', file: 'File',
      internal: 'Internal', withdrawAfterClose: 'Withdraw after the meeting', withdrawn: 'Withdrawn', readers: 'Readers', add: 'Add document',
      newVersion: 'Upload a new version', note: 'Version note', chooseFile: 'Choose a file', uploading: 'Uploading…', reads: 'Reads',
      readersTitle: 'Opened', notRead: 'Not opened yet', times: 'Times', firstAt: 'First', lastAt: 'Last', open: 'Open',
      versions: 'Versions', none: 'No documents yet', internalHint: 'Internal documents are for the invitees and the staff only; a PDF opens with the reader’s name and the time on every page.',
    },
    meetingSpeech: {
      title: 'Speeches', member: 'Member', sector: 'Sector', kind: 'Kind', speechTitle: 'Title', summary: 'Summary',
      status: 'Status', seq: 'Order', minutes: 'Minutes', select: 'Select', notSelect: 'Set aside', start: 'Start', stop: 'Stop',
      speaking: 'Speaking', up: 'Up', down: 'Down', none: 'No speeches yet', started: 'Started', ended: 'Ended',
      stats: 'Speeches by sector ({year})', count: 'Speeches', share: 'Share', total: '{n} in all', oral: 'Oral', written: 'Written',
    },
    meetingM: {
      documents: 'Meeting documents', speech: 'Speech', reader: 'Document', stamping: 'Making your stamped copy…', openFile: 'Open',
      internalTag: 'Internal', withdrawnGone: 'The document was withdrawn', noDocs: 'No documents yet', myRead: 'Read {n} times',
      register: 'Register a speech', oral: 'Oral speech', written: 'Written speech', file: 'Written speech file', submit: 'Submit', withdraw: 'Withdraw',
      mine: 'My speeches', noSpeech: 'No speech registered yet', withdrawConfirm: 'Withdraw this speech?', submitted: 'Submitted', notMember: 'Only members invited as members register speeches',
    },
  },
});
