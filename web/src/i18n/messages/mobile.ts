// src/i18n/messages/mobile.ts: the members' mobile pages.
import { defineMessages } from '../index';

export default defineMessages({
  zh: {
    m: {
      tagline: '委员履职 · 随时随地', usernameHint: '请输入用户名', toConsole: '机关工作人员请使用电脑端',
      home: '首页', profile: '我的', hello: '您好，{name}', soon: '敬请期待', soonShort: '即将开放',
      soonText: '该功能即将开放，敬请期待', basic: '基本信息', duty: '履职信息', account: '登录账号', loading: '加载中…',
      noMember: '此账号没有关联委员档案。机关工作人员请使用电脑端。', logoutConfirm: '确定退出登录吗？',
      tiles: { activities: '我的活动', proposals: '我的提案', points: '我的积分', profile: '我的档案' },
    },
  },
  en: {
    m: {
      tagline: 'Your duties, wherever you are', usernameHint: 'Your username', toConsole: 'Staff: use the desktop console',
      home: 'Home', profile: 'Me', hello: 'Hello, {name}', soon: 'Coming soon', soonShort: 'soon',
      soonText: 'This is coming soon', basic: 'Personal', duty: 'Duties', account: 'Account', loading: 'Loading…',
      noMember: 'This account has no member record. Staff: use the desktop console.', logoutConfirm: 'Log out now?',
      tiles: { activities: 'My activities', proposals: 'My proposals', points: 'My points', profile: 'My record' },
    },
  },
});
