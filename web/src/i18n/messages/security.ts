// src/i18n/messages/security.ts: logging in safely: the last login, an expired password, the
// password rules, one's own sessions, and the security settings (等保 2.0 level 3).
import { defineMessages } from '../index';

export default defineMessages({
  zh: {
    security: {
      lastLogin: '上次登录：{at}，地址 {ip}',
      firstLogin: '这是该账号的首次登录',
      lastLoginLabel: '上次登录',
      expired: '您的密码已过期，请先修改密码，修改后才能使用其他功能。',
      expiresAt: '密码到期时间',
      never: '不过期',
      rules: '密码至少 8 个字符，须包含大写字母、小写字母、数字、其他符号中的至少三类，不能包含用户名，不能与当前密码相同。',
      sessions: '登录的设备',
      sessionsIntro: '本账号目前有效的会话。不认识的会话请立即结束，并修改密码。空闲 {n} 分钟没有操作的会话会自动结束。',
      created: '登录时间', lastSeen: '最近活动', ip: '地址', agent: '浏览器', current: '本设备',
      end: '结束', ended: '会话已结束', endConfirm: '结束这个会话吗？该设备需要重新登录。',
      endOthers: '退出其他所有设备', endOthersConfirm: '结束除本设备以外的全部会话吗？', endedOthers: '已结束 {n} 个会话',
      noOthers: '没有其他设备登录',
      nav: { settings: '安全设置' },
      settings: {
        intro: '登录与会话的安全要求（等保 2.0 三级）。按账号所属政协生效，下级未设置时沿用上级；空闲超时对设置之后登录的会话生效。',
        own: '本级设置', inherited: '沿用 {name}', default: '默认值 {n}', inherit: '沿用上级',
        session_idle_minutes: '会话空闲超时（分钟）', password_max_age_days: '密码有效期（天）',
        hint: {
          session_idle_minutes: '超过这么久没有操作，会话自动结束，需重新登录（{min}–{max}，默认 30）。',
          password_max_age_days: '密码使用超过这么多天后，登录时须先修改密码（{min}–{max}，0 为不过期）。',
        },
      },
      m: { changePassword: '修改密码', submit: '确认修改' },
    },
  },
  en: {
    security: {
      lastLogin: 'Last login: {at} from {ip}',
      firstLogin: 'This is the account’s first login',
      lastLoginLabel: 'Last login',
      expired: 'Your password has expired. Change it first; nothing else works until you do.',
      expiresAt: 'Password expires',
      never: 'Never',
      rules: 'At least 8 characters mixing three of: upper-case letters, lower-case letters, digits, other characters; not containing the user name; not the current password.',
      sessions: 'Signed-in devices',
      sessionsIntro: 'The account’s live sessions. End any you do not recognise and change your password. A session idle for {n} minutes ends by itself.',
      created: 'Signed in', lastSeen: 'Last active', ip: 'Address', agent: 'Browser', current: 'This device',
      end: 'End', ended: 'Session ended', endConfirm: 'End this session? That device will have to log in again.',
      endOthers: 'Sign out all other devices', endOthersConfirm: 'End every session but this one?', endedOthers: '{n} sessions ended',
      noOthers: 'No other device is signed in',
      nav: { settings: 'Security settings' },
      settings: {
        intro: 'Login and session requirements (MLPS 2.0 level 3). They apply by the account’s committee, inherited from above when not set; an idle timeout applies to sessions begun after it.',
        own: 'Set here', inherited: 'From {name}', default: 'Default {n}', inherit: 'Inherit',
        session_idle_minutes: 'Session idle timeout (minutes)', password_max_age_days: 'Password lifetime (days)',
        hint: {
          session_idle_minutes: 'A session without activity this long ends and must log in again ({min}–{max}, 30 by default).',
          password_max_age_days: 'A password older than this must be changed at login ({min}–{max}, 0 for never).',
        },
      },
      m: { changePassword: 'Change password', submit: 'Change' },
    },
  },
});
