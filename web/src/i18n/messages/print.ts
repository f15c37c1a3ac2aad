// src/i18n/messages/print.ts: the print buttons (打印) of the console: the proposal form and its
// notices, the roster, a quarter's duty bulletin; the staff check of self-logged activities.
import { defineMessages } from '../index';

export default defineMessages({
  zh: {
    reply: {
      file: '答复函', fileHint: '上传加盖公章的答复函（PDF、Word 或图片）', leader: '签发领导', contactName: '联系人', contactPhone: '联系电话',
      heldOn: '沟通日期', way: '沟通方式', content: '沟通情况', communications: '办前沟通', letter: '答复函', signedBy: '签发领导',
      contact: '联系人', noCommunication: '尚未记录办前沟通',
    },
    check: {
      title: '活动审核', pending: '待审核', approved: '审核通过', returned: '已退回', loggedBy: '记录人', empty: '没有待审核的活动',
      note: '审核意见', state: '审核状态',
    },
    print: {
      button: '打印', proposal: '提案单', filingNotice: '立案通知书', assignmentNotice: '交办通知书',
      roster: '打印名册（PDF）', rosterJob: '正在生成打印名册', bulletin: '打印履职通报', bulletinJob: '正在生成季度履职通报',
      proposalJob: '正在生成{what}', q1: '第一季度', q2: '第二季度', q3: '第三季度', q4: '第四季度',
    },
  },
  en: {
    reply: {
      file: 'Answer letter', fileHint: 'Upload the sealed answer letter (PDF, Word or an image)', leader: 'Signed by', contactName: 'Contact person', contactPhone: 'Contact phone',
      heldOn: 'Date', way: 'Way', content: 'What was discussed', communications: 'Communication before handling', letter: 'Answer letter', signedBy: 'Signed by',
      contact: 'Contact', noCommunication: 'No communication recorded yet',
    },
    check: {
      title: 'Activity checks', pending: 'Awaiting the check', approved: 'Approved', returned: 'Returned', loggedBy: 'Logged by', empty: 'No activity awaits a check',
      note: 'Note', state: 'Check',
    },
    print: {
      button: 'Print', proposal: 'Proposal form', filingNotice: 'Filing notice', assignmentNotice: 'Assignment notice',
      roster: 'Print roster (PDF)', rosterJob: 'Making the printed roster', bulletin: 'Print duty bulletin', bulletinJob: 'Making the quarter\'s duty bulletin',
      proposalJob: 'Making the {what}', q1: 'First quarter', q2: 'Second quarter', q3: 'Third quarter', q4: 'Fourth quarter',
    },
  },
});
