// src/shared/fieldErrors.ts: the API's field errors (errors[] / field of a 422) kept by field
// name, for <el-form-item :error> or <van-field :error-message>.
import { reactive } from 'vue';
import { ApiError } from '@/api';

export function useFieldErrors() {
  const errors = reactive<Record<string, string>>({});
  return {
    errors,
    clear(field?: string) {
      if (field) delete errors[field];
      else for (const k of Object.keys(errors)) delete errors[k];
    },
    /**
     * Shows e's field errors at the fields; returns the messages of fields the form does not
     * have (known: the form's field names), so the caller can show them elsewhere.
     */
    apply(e: unknown, known?: string[]): string[] {
      for (const k of Object.keys(errors)) delete errors[k];
      if (!(e instanceof ApiError)) return [];
      const rest: string[] = [];
      for (const fe of e.errors) {
        if (!fe.field || (known && !known.includes(fe.field))) {
          rest.push(fe.field ? `${fe.field}: ${fe.message}` : fe.message);
          continue;
        }
        if (!errors[fe.field]) errors[fe.field] = fe.message;
      }
      return rest;
    },
  };
}
