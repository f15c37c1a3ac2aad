// src/i18n/messages/member.ts: members, roster import and export, the dashboard.
import { defineMessages } from '../index';

export default defineMessages({
  zh: {
    member: {
      noun: '委员', name: '姓名', gender: '性别', ethnicity: '民族', birth_date: '出生日期', id_number: '身份证号',
      committee: '所属政协', sector: '界别', party: '党派', special_committee: '专委会', group: '界别活动组',
      is_standing: '常委', standing: '常委', links: { title: '相关记录：', proposals: '提案', reports: '社情民意', activities: '履职活动', points: '履职积分' },
      term: '届次', termN: '第 {n} 届', occupation: '工作单位及职务', phone: '手机号', status: '状态',
      age: '{n} 岁', masked: '已隐去', idMaskedHint: '保持掩码则不修改', searchByName: '输入委员姓名搜索', idPlaceholder: '委员编号（由办公厅提供）',
      birth_year: '出生年份', yearN: '{n} 年', ageThisYear: '今年 {n} 岁', reveal: '显示',
      revealHint: '显示完整的身份证号（会记入审计日志）',
      new: '新建委员', import: '导入名册', export: '导出', exportCsv: '导出 CSV', exportXlsx: '导出 Excel（XLSX）',
      exportCsvWhole: '导出 CSV（含完整身份证号）', exportXlsxWhole: '导出 Excel（含完整身份证号）', exportWhole: '导出完整身份证号',
      exportWholeConfirm: '导出的文件将含有所列委员的完整身份证号。这次导出会记入审计日志，请妥善保管文件。',
      exportJob: '正在导出名册', moreFilters: '更多筛选',
      standingOnly: '仅常委', notStanding: '非常委', backToList: '返回名册',
      newTitle: '新建委员', editTitle: '编辑委员', detailTitle: '委员详情',
    },
    import: {
      title: '导入委员名册', step1: '下载模板', step2: '选择文件', step3: '导入',
      intro: '按模板填写名册（UTF-8 编码的 CSV；Excel 请“另存为 CSV”）。全部行无误才会导入；有错误时不导入任何委员，并列出每个错误所在的行和列。',
      template: '下载名册模板', drop: '点击选择或把 CSV 文件拖到这里', hint: '大文件（超过 1 MB）会在后台导入，并显示进度',
      submit: '开始导入', converted: '文件不是 UTF-8 编码，已按 GBK（GB18030）转换后上传。', jobTitle: '后台导入进度',
      done: '已导入 {n} 名委员', fixRows: '共 {n} 处错误，请改正后重新导入：',
      line: '行号', column: '列', columnNo: '第 {n} 列', reason: '原因',
    },
    dashboard: {
      total: '委员总数', activeMembers: '在任委员', byLevel: '各级委员', byGender: '性别构成', byAge: '年龄结构',
      byParty: '党派构成', bySector: '界别分布', unavailable: '统计服务暂不可用', noData: '暂无数据', empty: '没有可显示的图表',
    },
  },
  en: {
    member: {
      noun: 'member', name: 'Name', gender: 'Gender', ethnicity: 'Ethnicity', birth_date: 'Date of birth', id_number: 'ID number',
      committee: 'Committee', sector: 'Sector', party: 'Party', special_committee: 'Special committee', group: 'Activity group',
      is_standing: 'Standing', standing: 'Standing', links: { title: 'Records:', proposals: 'Proposals', reports: 'Reports', activities: 'Activities', points: 'Duty points' },
      term: 'Term', termN: 'Term {n}', occupation: 'Employer and post', phone: 'Mobile', status: 'Status',
      age: 'aged {n}', masked: 'masked', idMaskedHint: 'Keep the mask to leave it unchanged', searchByName: 'Search by member name', idPlaceholder: 'Member number (from the secretariat)',
      birth_year: 'Year of birth', yearN: '{n}', ageThisYear: '{n} this year', reveal: 'Reveal',
      revealHint: 'Show the whole ID number (recorded in the audit log)',
      new: 'New member', import: 'Import roster', export: 'Export', exportCsv: 'Export CSV', exportXlsx: 'Export Excel (XLSX)',
      exportCsvWhole: 'Export CSV with whole ID numbers', exportXlsxWhole: 'Export Excel with whole ID numbers', exportWhole: 'Export whole ID numbers',
      exportWholeConfirm: 'The file will hold the whole ID numbers of the members listed. The export is recorded in the audit log; keep the file safe.',
      exportJob: 'Exporting the roster', moreFilters: 'More filters',
      standingOnly: 'Standing only', notStanding: 'Not standing', backToList: 'Back to roster',
      newTitle: 'New member', editTitle: 'Edit member', detailTitle: 'Member',
    },
    import: {
      title: 'Import a roster', step1: 'Get the template', step2: 'Choose the file', step3: 'Import',
      intro: 'Fill in the template (CSV in UTF-8; in Excel use “Save as CSV”). Nothing is imported unless every row is right; otherwise each wrong row and column is listed.',
      template: 'Download the template', drop: 'Click to choose, or drop a CSV file here', hint: 'Large files (over 1 MB) are imported in the background with a progress bar',
      submit: 'Import', converted: 'The file was not UTF-8; it was converted from GBK (GB18030) before upload.', jobTitle: 'Background import',
      done: '{n} members imported', fixRows: '{n} errors; fix them and import again:',
      line: 'Line', column: 'Column', columnNo: 'column {n}', reason: 'Reason',
    },
    dashboard: {
      total: 'Members', activeMembers: 'serving members', byLevel: 'By level', byGender: 'By gender', byAge: 'By age',
      byParty: 'By party', bySector: 'By sector', unavailable: 'Statistics are not available yet', noData: 'No data', empty: 'No charts to show',
    },
  },
});
