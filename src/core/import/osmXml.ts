// OSM XML reader (.osm, .osm.xml, .osm.xml.gz): streams the text through saxes in bounded
// chunks into an OsmCollector; refuses DOCTYPEs (entity declarations) and non-OSM roots.

import { SaxesParser } from 'saxes';
import { ImportError, type ImportLimits } from './limits.ts';
import type { ImportReport } from './report.ts';
import type { RawCity } from './raw.ts';
import { OsmCollector, type OsmMember } from './osmCollector.ts';
import { TEXT_CHUNK_BYTES, Utf8ChunkDecoder, gunzipChunks, isGzip } from './bytes.ts';

/** Text read before the root element must appear (an OSM file has a short prolog). */
const MAX_PROLOG_CHARS = 1024 * 1024;

type Kind = 'node' | 'way' | 'relation';

export function parseOsmXml(bytes: Uint8Array, file: string, limits: ImportLimits, report: ImportReport): RawCity {
  const collector = new OsmCollector(file, limits, report);
  const parser = new SaxesParser({ fileName: file, position: true });

  let depth = 0;
  let rootSeen = false;
  let prologChars = 0;
  let prologTail = '';
  let kind: Kind | null = null;
  let skip = false;
  let id = 0;
  let lat = NaN;
  let lon = NaN;
  let tags: Map<string, string> | null = null;
  let refs: number[] = [];
  let members: OsmMember[] = [];

  const where = () => ({ file, line: parser.line, column: parser.column });

  parser.on('doctype', () => {
    throw new ImportError('XML DOCTYPE is not accepted (OSM files have none; entity declarations could expand without bound)', where());
  });
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (depth === 0) {
      if (tag.name !== 'osm') throw new ImportError(`not OSM XML: the root element is <${tag.name}>, expected <osm>`, where());
      rootSeen = true;
    } else if (depth === 1 && (tag.name === 'node' || tag.name === 'way' || tag.name === 'relation')) {
      kind = tag.name;
      id = Number(a.id);
      skip = a.action === 'delete' || a.visible === 'false' || !Number.isSafeInteger(id);
      if (!Number.isSafeInteger(id)) report.add('osmElementsSkippedBadId');
      lat = Number(a.lat);
      lon = Number(a.lon);
      tags = null;
      refs = [];
      members = [];
    } else if (depth === 2 && kind !== null) {
      if (tag.name === 'tag') {
        if (a.k !== undefined && a.v !== undefined) (tags ??= new Map()).set(a.k, a.v);
      } else if (tag.name === 'nd' && kind === 'way') {
        const ref = Number(a.ref);
        if (Number.isSafeInteger(ref)) refs.push(ref);
        else report.add('osmWayRefsSkippedBad');
      } else if (tag.name === 'member' && kind === 'relation') {
        const ref = Number(a.ref);
        const type = a.type;
        if (Number.isSafeInteger(ref) && (type === 'node' || type === 'way' || type === 'relation')) {
          members.push({ type, ref, role: a.role ?? '' });
        }
      }
    }
    depth++;
  });
  parser.on('closetag', () => {
    depth--;
    if (depth === 1 && kind !== null) {
      if (!skip) {
        if (kind === 'node') collector.addNode(id, lon, lat, tags);
        else if (kind === 'way') collector.addWay(id, refs, tags);
        else collector.addRelation(id, members, tags);
      }
      kind = null;
    }
  });

  const feed = (text: string) => {
    if (!rootSeen) {
      // Refuse a DOCTYPE before saxes buffers it (it reports one only once it is complete).
      const probe = prologTail + text.slice(0, MAX_PROLOG_CHARS);
      if (probe.includes('<!DOCTYPE')) {
        throw new ImportError('XML DOCTYPE is not accepted (OSM files have none; entity declarations could expand without bound)', { file });
      }
      prologTail = probe.slice(-16);
      prologChars += text.length;
    }
    try {
      parser.write(text);
    } catch (e) {
      if (e instanceof ImportError) throw e;
      throw new ImportError(`malformed XML: ${stripPrefix((e as Error).message, file)}`, where());
    }
    if (!rootSeen && prologChars > MAX_PROLOG_CHARS) {
      throw new ImportError(`not OSM XML: no root element within the first ${MAX_PROLOG_CHARS} characters`, { file });
    }
  };

  const decoder = new Utf8ChunkDecoder();
  if (isGzip(bytes)) {
    gunzipChunks(bytes, file, limits, (chunk) => decoder.push(chunk, feed));
  } else {
    for (let p = 0; p < bytes.length; p += TEXT_CHUNK_BYTES) decoder.push(bytes.subarray(p, p + TEXT_CHUNK_BYTES), feed);
  }
  decoder.end(feed);
  if (!rootSeen) throw new ImportError('not OSM XML: no <osm> root element', { file });
  try {
    parser.close();
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(`truncated or malformed XML: ${stripPrefix((e as Error).message, file)}`, where());
  }
  return collector.finish();
}

/** saxes prefixes messages with "file:line:column: "; ImportError adds its own location. */
function stripPrefix(message: string, file: string): string {
  return message.startsWith(file) ? message.replace(/^.*?:\d+:\d+: /, '') : message;
}
