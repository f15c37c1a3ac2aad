// src/i18n/messages/meetingVote.ts: a meeting's votes and elections (issue 19): the console's
// 表决与选举 tab and the phone's vote page. The words of kinds, states, choices and outcomes that
// come with each vote are the server's label tables; these are the pages' own.
import { defineMessages } from '../index';

export default defineMessages({
  zh: {
    meetingVote: {
      tab: '表决与选举',
      intro: '表决事项以全体委员过半数赞成为通过（不是出席人数的过半数）；选举采用无记名投票，每张选票所选人数不得多于应选名额。',
      new: '新建表决或选举', create: '创建', created: '已创建', none: '还没有表决事项',
      kind: '类别', motion: '表决事项', election: '选举', titleField: '事项', secret: '无记名投票', seats: '应选名额',
      candidates: '候选人', candidatesHint: '每行一位候选人（也可用顿号、逗号分隔）',
      form: { equal: '等额选举（候选人数等于应选名额）', competitive: '差额选举（候选人数多于应选名额）' },
      tooFew: '候选人数不能少于应选名额', alwaysSecret: '选举一律无记名投票',
      seatsOf: '应选 {seats} 名，候选人 {n} 名',
      action: { open: '开始表决', close: '结束表决' },
      confirm: {
        open: '开始《{title}》的表决？开始后参会委员即可在手机上投票。',
        close: '结束《{title}》的表决？已投票 {voted} 人（应到 {total} 人），结束后不能再投票，结果随即公布。',
      },
      done: { open: '已开始表决', close: '表决已结束，结果已写入' },
      notOpen: '尚未开始', opensInSession: '会议进行中才能开始表决',
      votedOf: '人已投票', openedAt: '开始于', closedAt: '结束于', presentAtOpen: '开始时出席 {n} 人',
      noRunningResult: '投票进行中，只显示已投票人数，结束后公布结果。',
      yes: '赞成', no: '反对', abstain: '弃权', notVoted: '未投票', blank: '空白票（不选任何人）',
      passedWhy: '赞成 {yes} 票，超过全体委员 {total} 人的半数',
      failedWhy: '赞成 {yes} 票，未超过全体委员 {total} 人的半数',
      ballotsLine: '收回选票 {ballots} 张，有效 {valid} 张（其中空白 {blank} 张），无效 {invalid} 张',
      candidate: '候选人', votes: '得票', outcome: '结果', pdf: '结果 PDF',
      m: {
        title: '表决', none: '暂无表决事项', seats: '应选 {n} 名', count: '已投票 {voted} / {total} 人',
        voted: '已投票', noVote: '您不参加本项表决（列席或工作人员）', markUpTo: '最多选 {n} 人；不选任何人为空白票。',
        castMarked: '投票（已选 {n} 人）', cast: '确认投票', confirm: '您的选择：{what}。投票后不能更改，确认投票吗？',
        done: '投票成功', ofAll: '全体委员 {n} 人', votes: '{n} 票',
      },
    },
  },
  en: {
    meetingVote: {
      tab: 'Votes and elections',
      intro: 'A motion passes with more than half of ALL members voting yes (not of those present); elections are by secret ballot, each ballot marking no more candidates than seats.',
      new: 'New vote or election', create: 'Create', created: 'Created', none: 'No votes yet',
      kind: 'Kind', motion: 'Motion', election: 'Election', titleField: 'Subject', secret: 'Secret ballot', seats: 'Seats',
      candidates: 'Candidates', candidatesHint: 'One candidate per line (or separated by commas)',
      form: { equal: 'As many candidates as seats', competitive: 'More candidates than seats' },
      tooFew: 'At least as many candidates as seats', alwaysSecret: 'Elections are always by secret ballot',
      seatsOf: '{seats} seats, {n} candidates',
      action: { open: 'Open the vote', close: 'Close the vote' },
      confirm: {
        open: 'Open the vote on "{title}"? Members then vote on their phones.',
        close: 'Close the vote on "{title}"? {voted} of {total} members have voted; no more ballots after it, and the result is published.',
      },
      done: { open: 'The vote is open', close: 'The vote is closed and its result written' },
      notOpen: 'Not open yet', opensInSession: 'A vote opens while the meeting is in session',
      votedOf: 'have voted', openedAt: 'Opened', closedAt: 'Closed', presentAtOpen: '{n} present at the opening',
      noRunningResult: 'While the vote is open only the number of ballots shows; the result comes at the close.',
      yes: 'Yes', no: 'No', abstain: 'Abstain', notVoted: 'Did not vote', blank: 'a blank ballot (no one marked)',
      passedWhy: '{yes} yes: more than half of all {total} members',
      failedWhy: '{yes} yes: not more than half of all {total} members',
      ballotsLine: '{ballots} ballots, {valid} valid ({blank} blank), {invalid} invalid',
      candidate: 'Candidate', votes: 'Votes', outcome: 'Outcome', pdf: 'Results PDF',
      m: {
        title: 'Votes', none: 'No votes yet', seats: '{n} seats', count: '{voted} of {total} have voted',
        voted: 'Voted', noVote: 'You do not vote on this (attendee or staff)', markUpTo: 'Mark at most {n}; none marked is a blank ballot.',
        castMarked: 'Vote ({n} marked)', cast: 'Vote', confirm: 'Your choice: {what}. A ballot cannot be changed. Vote now?',
        done: 'Your vote is counted', ofAll: 'of all {n} members', votes: '{n} votes',
      },
    },
  },
});
