/**
 * Up to three photos for a public report: each picked file is checked in the page first (JPEG,
 * PNG or WebP; a large camera picture scaled down in the page like the workbench's, then ≤ 5 MB —
 * the server checks the bytes again) and uploaded at once to
 * `POST /api/v1/public/photos`, which strips EXIF/XMP (the phone's GPS position) before keeping
 * it. Thumbnails show the local file (a blob: URL made in the page), not a second download.
 */
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { portalApi } from '../api/public-endpoints.ts';
import { Field } from '../components/Field.tsx';
import { shrink } from '../work/photos.tsx';
import { MAX_PHOTOS, photoProblem } from './report-model.ts';
import { usePortalProblem } from './problem.tsx';

/** One uploaded photo: the id the report cites and the local preview. */
export interface PickedPhoto {
  id: string;
  preview: string;
}

/** Props of {@link PublicPhotoInput}. */
export interface PublicPhotoInputProps {
  value: readonly PickedPhoto[];
  onChange: (photos: PickedPhoto[]) => void;
  /** A message from the server about `photos`. */
  error?: string | null;
  onBusy?: (busy: boolean) => void;
}

/** The file input (camera on a phone), the checks, the thumbnails with a remove button. */
export function PublicPhotoInput({ value, onChange, error, onBusy }: PublicPhotoInputProps) {
  const { t } = useTranslation();
  const problem = usePortalProblem();
  const [uploading, setUploading] = useState(0);
  const [refused, setRefused] = useState<string | null>(null);
  const [failed, setFailed] = useState<unknown>(null);

  // The previews are made in the page: free them when the form goes away (sent or left).
  const shownRef = useRef(value);
  useEffect(() => {
    shownRef.current = value;
  }, [value]);
  useEffect(() => () => shownRef.current.forEach((p) => URL.revokeObjectURL(p.preview)), []);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const files = [...(input.files ?? [])];
    input.value = '';
    setRefused(null);
    setFailed(null);
    const room = MAX_PHOTOS - value.length;
    if (files.length > room) setRefused(t('portal.photos.tooMany', { max: MAX_PHOTOS }));
    const picked = files.slice(0, Math.max(0, room));
    const typed = picked.filter((f) => photoProblem({ type: f.type, size: 0 }) === null);
    const wrongType = picked.find((f) => !typed.includes(f));
    if (wrongType) setRefused(t('portal.photos.badType', { name: wrongType.name }));
    if (typed.length === 0) return;
    setUploading((n) => n + typed.length);
    onBusy?.(true);
    const next = [...value];
    for (const file of typed) {
      try {
        // A large camera picture is scaled down in the page first; only what is still too large is refused.
        const body = await shrink(file);
        if (photoProblem({ type: body.type || file.type, size: body.size }) === 'size') {
          setRefused(t('portal.photos.tooLarge', { name: file.name }));
          continue;
        }
        const name = body === file ? file.name : file.name.replace(/\.\w+$/, '') + '.jpg';
        const { id } = await portalApi.uploadPhoto(body, name || 'photo');
        next.push({ id, preview: URL.createObjectURL(file) });
        onChange([...next]);
      } catch (err) {
        setFailed(err);
      } finally {
        setUploading((n) => n - 1);
      }
    }
    onBusy?.(false);
  };

  const shown = error ?? refused ?? (failed ? problem.text(failed) : null);
  const hint = uploading > 0 ? t('portal.photos.uploading', { count: uploading }) : t('portal.photos.hint', { max: MAX_PHOTOS });
  return (
    <div className="photo-input">
      <Field label={t('portal.photos.label')} error={shown} hint={hint}>
        {(p) => (
          <input
            {...p}
            type="file"
            accept="image/jpeg,image/png,image/webp"
            capture="environment"
            multiple
            disabled={value.length >= MAX_PHOTOS}
            onChange={(e) => void pick(e)}
          />
        )}
      </Field>
      {value.length > 0 && (
        <ul className="photo-thumbs">
          {value.map((photo, i) => (
            <li key={photo.id}>
              <img src={photo.preview} alt={t('case.photos.alt', { n: i + 1 })} />
              <button
                type="button"
                className="photo-remove"
                aria-label={t('case.photos.remove', { n: i + 1 })}
                onClick={() => {
                  URL.revokeObjectURL(photo.preview);
                  onChange(value.filter((x) => x.id !== photo.id));
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
