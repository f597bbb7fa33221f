/**
 * Photos for reports and commands: a file input that opens the phone's camera
 * (`capture="environment"`), each picture uploaded at once (`POST /api/v1/attachments`, raw
 * body) and kept as the id to cite; thumbnails load from the platform (`/api/v1/attachments/{id}`).
 * Large camera pictures are scaled down in the page first, so a phone on a weak network sends
 * hundreds of kilobytes, not ten megabytes.
 */
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { attachmentsApi } from '../api/endpoints.ts';
import { Field } from '../components/Field.tsx';
import { useWorkProblem } from './problem.tsx';

/** Most photos on one report or command (the server takes 20). */
export const MAX_PHOTOS = 20;
/** Pictures above this many bytes are scaled down before upload. */
const SCALE_ABOVE_BYTES = 1_500_000;
/** Longest side after scaling, px. */
const MAX_SIDE = 1600;
/** The body types the upload route parses (src/cases/attachment-routes.ts); others go as octet-stream. */
const UPLOAD_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

/** A JPEG no longer than {@link MAX_SIDE} on its longest side, or the file as it is when scaling fails or is not needed. */
export async function shrink(file: File): Promise<Blob> {
  if (file.size <= SCALE_ABOVE_BYTES || !/^image\/(jpeg|png|webp)$/.test(file.type) || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    return blob && blob.size < file.size ? blob : file;
  } catch {
    return file;
  }
}

/** Uploads one picked file; answers the attachment id. */
export async function uploadPhoto(file: File): Promise<string> {
  const body = await shrink(file);
  // A file without a type (some phones) or of a type the platform does not take as a body (a
  // HEIC picture) goes as octet-stream: the server reads the real type from the bytes and, if it
  // refuses it, says which types it takes (ATTACHMENT_TYPE) instead of a bare 415.
  const typed = UPLOAD_TYPES.has(body.type) ? body : new Blob([body], { type: 'application/octet-stream' });
  const name = body === file ? file.name : file.name.replace(/\.\w+$/, '') + '.jpg';
  return (await attachmentsApi.upload(typed, name || 'photo')).id;
}

/** Thumbnails of photos by attachment id, each opening the full picture. */
export function PhotoThumbs({ ids, onRemove }: { ids: readonly string[]; onRemove?: (id: string) => void }) {
  const { t } = useTranslation();
  if (ids.length === 0) return null;
  return (
    <ul className="photo-thumbs">
      {ids.map((id, i) => (
        <li key={id}>
          <a href={attachmentsApi.url(id)} target="_blank" rel="noreferrer">
            <img src={attachmentsApi.url(id)} alt={t('case.photos.alt', { n: i + 1 })} loading="lazy" />
          </a>
          {onRemove && (
            <button type="button" className="photo-remove" aria-label={t('case.photos.remove', { n: i + 1 })} onClick={() => onRemove(id)}>
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Props of {@link PhotoInput}. */
export interface PhotoInputProps {
  label: string;
  value: readonly string[];
  onChange: (ids: string[]) => void;
  /** A message from the form's own check or the server (`attachments`). */
  error?: string | null;
  /** Tells the form an upload is running (so it waits before sending). */
  onBusy?: (busy: boolean) => void;
}

/** Picks photos (camera on a phone), uploads each at once, shows them; the value is the list of ids. */
export function PhotoInput({ label, value, onChange, error, onBusy }: PhotoInputProps) {
  const { t } = useTranslation();
  const problem = useWorkProblem();
  const [uploading, setUploading] = useState(0);
  const [failed, setFailed] = useState<unknown>(null);
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const files = [...(input.files ?? [])].slice(0, MAX_PHOTOS - value.length);
    input.value = '';
    if (files.length === 0) return;
    setFailed(null);
    setUploading((n) => n + files.length);
    onBusy?.(true);
    const ids = [...value];
    for (const file of files) {
      try {
        ids.push(await uploadPhoto(file));
        onChange([...ids]);
      } catch (err) {
        setFailed(err);
      } finally {
        setUploading((n) => n - 1);
      }
    }
    onBusy?.(false);
  };
  const shown = error ?? (failed ? problem.text(failed) : null);
  return (
    <div className="photo-input">
      <Field label={label} error={shown} hint={uploading > 0 ? t('case.photos.uploading', { count: uploading }) : t('case.photos.hint')}>
        {(p) => (
          <input
            {...p}
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            disabled={value.length >= MAX_PHOTOS}
            onChange={(e) => void pick(e)}
          />
        )}
      </Field>
      <PhotoThumbs ids={value} onRemove={(id) => onChange(value.filter((x) => x !== id))} />
    </div>
  );
}
