// src/views/dashboard/palette.ts: the dashboard's colours.
export const PALETTE = ['#c62828', '#f9a825', '#1565c0', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457',
  '#4e342e', '#546e7a', '#9e9d24', '#283593'];
