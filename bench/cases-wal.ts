/**
 * What the cases bench's loops write to the SQLite write-ahead log: frames (one per page written)
 * and commits, read from the log file itself. Each frame's header says whether it ends a commit
 * (a non-zero database size), and frames belong to the log's current generation while their salts
 * match the header's (https://www.sqlite.org/fileformat.html#the_write_ahead_log).
 */
import fs from 'node:fs';

/** Frames and commit frames in a WAL file, and the pages the frames wrote (a page may repeat). */
export interface WalCount {
  frames: number;
  commits: number;
  pages: number[];
}

/** Counts the current generation's frames and commits in the WAL file `file`. */
export function countWal(file: string): WalCount {
  const buf = fs.readFileSync(file);
  if (buf.length < 32) return { frames: 0, commits: 0, pages: [] };
  const pageSize = buf.readUInt32BE(8);
  const salt1 = buf.readUInt32BE(16);
  const salt2 = buf.readUInt32BE(20);
  let frames = 0;
  let commits = 0;
  const pages: number[] = [];
  for (let at = 32; at + 24 + pageSize <= buf.length; at += 24 + pageSize) {
    if (buf.readUInt32BE(at + 8) !== salt1 || buf.readUInt32BE(at + 12) !== salt2) break;
    frames++;
    pages.push(buf.readUInt32BE(at));
    if (buf.readUInt32BE(at + 4) !== 0) commits++;
  }
  return { frames, commits, pages };
}
