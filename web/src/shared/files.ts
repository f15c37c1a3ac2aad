// src/shared/files.ts: uploaded files (POST /api/v1/files): the bytes as the body, the name
// percent-encoded in X-Filename, the committee the file belongs to in ?committee_id= (a studio's
// evidence and an activity's photos go to the record's committee, so that whoever sees the
// record sees the file). Used by the console and the phone pages.
import { upload, withQuery } from '@/api';

/** A stored file as the API describes it. */
export interface StoredFile {
  id: number;
  filename: string;
  size: number;
  content_type: string;
  committee_id?: number;
  created_at?: string;
  url: string;
}

/** Uploads one file; resolves with the stored file, rejects with ApiError (413 too large…). */
export async function uploadFile(file: Blob, name: string, committeeId?: number | null,
  onProgress?: (percent: number) => void): Promise<StoredFile> {
  const type = file.type || 'application/octet-stream';
  const r = await upload(withQuery('/api/v1/files', { committee_id: committeeId || undefined }), file, type, onProgress,
    { 'X-Filename': encodeURIComponent(name) });
  return r.body as StoredFile;
}

/** The URL that shows or downloads a file. */
export const fileUrl = (f: { id: number; url?: string }) => f.url || `/api/v1/files/${f.id}`;

/** Whether a stored file is a picture the browser shows. */
export const isImage = (f: { content_type?: string; filename?: string }) =>
  /^image\/(png|jpe?g|gif|webp|bmp)/i.test(f.content_type || '') || /\.(png|jpe?g|gif|webp|bmp)$/i.test(f.filename || '');

/** "12.3 KB" */
export function fileSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
