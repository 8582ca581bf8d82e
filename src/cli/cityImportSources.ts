// Node side of `npm run city:import`: reads the --osm/--roads/--lamps/--signals/--communes
// paths into the importer's file list, refusing anything over the size limit before reading it.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { ImportError, type ImportFile, type ImportRole } from '../core/import/index.ts';
import { checkInputSize, resolveLimits, type ImportLimits } from '../core/import/limits.ts';

export type ImportSourcePaths = Partial<Record<ImportRole, string | readonly string[]>>;

const ROLES: readonly ImportRole[] = ['osm', 'roads', 'lamps', 'signals', 'communes'];

/** Reads every given path (in role order) as { name, bytes, role }; names are base names. */
export function readImportSources(paths: ImportSourcePaths, limits: Partial<ImportLimits> = {}): ImportFile[] {
  const l = resolveLimits(limits);
  const files: ImportFile[] = [];
  for (const role of ROLES) {
    const given = paths[role];
    if (given === undefined) continue;
    for (const path of typeof given === 'string' ? [given] : given) files.push({ name: basename(path), bytes: readLimited(path, l), role });
  }
  return files;
}

/** The whole file, after checking from its size (not its content) that it is within the limit. */
export function readLimited(path: string, limits: ImportLimits): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImportError(code === 'ENOENT' ? 'no such file' : `cannot open (${code ?? (e as Error).message})`, { file: path });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ImportError('not a regular file', { file: path });
    checkInputSize(path, st.size, limits);
    const bytes = new Uint8Array(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, bytes, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    if (off < st.size) throw new ImportError(`file shrank while being read (${off} of ${st.size} bytes)`, { file: path });
    return bytes;
  } finally {
    closeSync(fd);
  }
}
