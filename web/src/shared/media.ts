// src/shared/media.ts: whether the screen is phone-narrow, reactive.
import { ref } from 'vue';

const query = typeof window !== 'undefined' ? window.matchMedia('(max-width: 768px)') : null;
export const narrow = ref(query ? query.matches : false);
query?.addEventListener('change', (e) => { narrow.value = e.matches; });
