// src/shared/job.ts: following a job (GET /api/v1/jobs/{id}) until it ends, for the console's
// JobProgress and ExportDialog and the mobile pages' exports.
import { onUnmounted, ref, watch, type Ref } from 'vue';
import { api, ApiError, type Job } from '@/api';

/**
 * Polls the job id() every interval ms until it is done or failed, calling onEnd once then.
 * A new id starts again; the polling stops with the component. job is the latest answer,
 * error the latest failure to read it (polling goes on unless the job is gone: 401, 403, 404).
 */
export function useJob(id: () => number | null, interval: number, onEnd?: (j: Job) => void): { job: Ref<Job | null>; error: Ref<string> } {
  const job = ref<Job | null>(null);
  const error = ref('');
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let round = 0;

  async function poll(mine: number) {
    timer = null;
    const n = id();
    if (stopped || mine !== round || !n) return;
    try {
      const j = await api.get<Job>(`/api/v1/jobs/${n}`);
      if (stopped || mine !== round) return;
      job.value = j;
      error.value = '';
      if (j.status === 'done' || j.status === 'failed') return onEnd?.(j);
    } catch (e) {
      if (mine !== round) return;
      error.value = (e as Error).message;
      if (e instanceof ApiError && (e.status === 404 || e.status === 403 || e.status === 401)) return;
    }
    timer = setTimeout(() => poll(mine), interval);
  }

  watch(id, () => {
    if (timer) clearTimeout(timer);
    job.value = null;
    error.value = '';
    poll(++round);
  }, { immediate: true });
  onUnmounted(() => {
    stopped = true;
    if (timer) clearTimeout(timer);
  });
  return { job, error };
}
