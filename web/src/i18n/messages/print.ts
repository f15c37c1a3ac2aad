// src/i18n/messages/print.ts: the print buttons (打印) of the console: the proposal form and its
// notices, the roster, a quarter's duty bulletin; the staff check of self-logged activities.
import { defineMessages } from '../index';

export default defineMessages({
  zh: {
    print: {
      button: '打印', proposal: '提案单', filingNotice: '立案通知书', assignmentNotice: '交办通知书',
      roster: '打印名册（PDF）', rosterJob: '正在生成打印名册', bulletin: '打印履职通报', bulletinJob: '正在生成季度履职通报',
      proposalJob: '正在生成{what}', q1: '第一季度', q2: '第二季度', q3: '第三季度', q4: '第四季度',
    },
  },
  en: {
    print: {
      button: 'Print', proposal: 'Proposal form', filingNotice: 'Filing notice', assignmentNotice: 'Assignment notice',
      roster: 'Print roster (PDF)', rosterJob: 'Making the printed roster', bulletin: 'Print duty bulletin', bulletinJob: 'Making the quarter\'s duty bulletin',
      proposalJob: 'Making the {what}', q1: 'First quarter', q2: 'Second quarter', q3: 'Third quarter', q4: 'Fourth quarter',
    },
  },
});
