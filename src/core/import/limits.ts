// Size and count limits every importer enforces, and the one error type they throw:
// an ImportError says what is wrong and where (file, byte offset, line, feature index).

export interface ImportLimits {
  /** Largest input file accepted, as given (compressed or not). */
  maxInputBytes: number;
  /** Largest decompressed size of a gzip file, or of a PBF blob stream in total. */
  maxDecompressedBytes: number;
  /** Most elements in one file: OSM nodes + ways + relations, or GeoJSON features. */
  maxElements: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = {
  maxInputBytes: 512 * MIB,
  maxDecompressedBytes: 512 * MIB,
  maxElements: 50_000_000,
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
