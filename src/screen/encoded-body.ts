/**
 * A JSON answer serialized once, with its ETag and, on demand, its gzip encoding: the screen's
 * layers are large (6,500 community polygons, 100,000 device points) and polled, so they are
 * cached as bytes, compressed at most once, and answered 304 when nothing changed.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCb, constants } from 'node:zlib';

const gzip = promisify(gzipCb);

/** Bodies smaller than this are sent as they are: compressing them saves less than it costs. */
export const MIN_GZIP_BYTES = 2048;

/** One serialized answer. */
export class EncodedBody {
  readonly json: string;
  readonly contentType: string;
  /** A weak ETag (the gzip form is the same representation). */
  readonly etag: string;
  /** UTF-8 bytes of `json`. */
  readonly bytes: number;
  #gzipped: Promise<Buffer> | null = null;

  constructor(json: string, contentType = 'application/json; charset=utf-8') {
    this.json = json;
    this.contentType = contentType;
    this.bytes = Buffer.byteLength(json);
    this.etag = `W/"${createHash('sha1').update(json).digest('base64url').slice(0, 22)}"`;
  }

  /** The gzip encoding (computed once, off the event loop, level 6). */
  gzip(): Promise<Buffer> {
    this.#gzipped ??= gzip(this.json, { level: constants.Z_DEFAULT_COMPRESSION });
    return this.#gzipped;
  }
}
