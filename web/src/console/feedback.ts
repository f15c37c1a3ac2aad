// src/console/feedback.ts: how the console tells a person what went wrong or right.
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError } from '@/api';
import { t } from '@/i18n';

/** Shows an API error as a message (a 401 has already sent the user to the login page). */
export function showError(e: unknown) {
  if (e instanceof ApiError) {
    if (e.status === 401) return;
    const text = e.status === 403 ? `${t('error.forbiddenTitle')}：${e.message}` : e.message;
    ElMessage({ type: 'error', message: text, showClose: true, duration: 6000, grouping: true });
    return;
  }
  if ((e as Error)?.name === 'AbortError') return;
  ElMessage({ type: 'error', message: String((e as Error)?.message || e), showClose: true });
}

export function showOk(message: string) {
  ElMessage({ type: 'success', message, grouping: true });
}
