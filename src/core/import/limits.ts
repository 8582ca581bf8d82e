// Size and count limits every importer enforces, and the one error type they throw:
// an ImportError says what is wrong and where (file, byte offset, line, feature index).

export interface ImportLimits {
  /** Largest input file accepted, as given (compressed or not). */
  maxInputBytes: number;
  /** Largest decompressed size of a gzip file, or of a PBF blob stream in total. */
  maxDecompressedBytes: number;
  /** Most elements in one file: OSM nodes + ways + relations, or GeoJSON features. */
  maxElements: number;
  /**
   * Largest GeoJSON text (after gunzip), checked before decoding and while gunzipping:
   * JSON.parse turns text into objects several times its size.
   */
  maxJsonBytes: number;
  /**
   * Most arrays and objects in one JSON text, counted by a byte scan before JSON.parse: each
   * costs V8 40-65 bytes, so 160 MiB of "{}," would otherwise become 56 million objects (~4 GB).
   */
  maxJsonContainers: number;
  /** Most coordinate positions in one GeoJSON file, and road points of one import in total. */
  maxCoordinates: number;
}

const MIB = 1024 * 1024;

/**
 * Why the counts are below 16,777,216 (2^24): that is V8's most entries in a Map or Set. The
 * OSM collector indexes nodes and ways by id in Maps and the city builder interns road vertices
 * in one, so a larger input would die with a raw "RangeError: Map maximum size exceeded"
 * instead of an ImportError naming the limit.
 *
 * maxJsonBytes: the real files are far smaller (Montpellier's lamps 4 MB, the Dijon roads
 * 4.3 MiB uncompressed). With maxJsonContainers, JSON.parse makes at most ~2 GB of objects
 * (24 million arrays or objects at 40-65 bytes, plus the numbers the text can hold).
 */
export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = {
  maxInputBytes: 512 * MIB,
  maxDecompressedBytes: 512 * MIB,
  maxElements: 15_000_000,
  maxJsonBytes: 160 * MIB,
  maxJsonContainers: 24_000_000,
  maxCoordinates: 15_000_000,
};

export function resolveLimits(limits: Partial<ImportLimits> = {}): ImportLimits {
  return { ...DEFAULT_IMPORT_LIMITS, ...limits };
}

/** Where in the input a problem is; every part optional. */
export interface ImportLocation {
  file?: string;
  byteOffset?: number;
  line?: number;
  column?: number;
  featureIndex?: number;
  /** e.g. "way 123" */
  element?: string;
}

export class ImportError extends Error {
  readonly location: ImportLocation;

  constructor(message: string, location: ImportLocation = {}) {
    super(formatLocation(location) + message);
    this.name = 'ImportError';
    this.location = location;
  }
}

function formatLocation(l: ImportLocation): string {
  const parts: string[] = [];
  if (l.line !== undefined) parts.push(`line ${l.line}${l.column !== undefined ? `:${l.column}` : ''}`);
  if (l.byteOffset !== undefined) parts.push(`byte ${l.byteOffset}`);
  if (l.featureIndex !== undefined) parts.push(`feature #${l.featureIndex}`);
  if (l.element !== undefined) parts.push(l.element);
  const where = parts.join(', ');
  if (l.file && where) return `${l.file} (${where}): `;
  if (l.file) return `${l.file}: `;
  return where ? `(${where}) ` : '';
}

export function formatBytes(bytes: number): string {
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

export function checkInputSize(name: string, sizeBytes: number, limits: ImportLimits): void {
  if (sizeBytes > limits.maxInputBytes) {
    throw new ImportError(
      `file is ${formatBytes(sizeBytes)} (${sizeBytes} bytes), above the import limit of ${formatBytes(limits.maxInputBytes)}`,
      { file: name },
    );
  }
}
