/**
 * arXiv OAI-PMH responses (https://oaipmh.arxiv.org/oai, metadataPrefix=arXiv), parsed with
 * fast-xml-parser (no DOM: runs in the MV3 service worker). ListRecords and GetRecord pages give
 * corpus records, the resumption token of the next page, and OAI errors. Never throws.
 */
import { XMLValidator } from 'fast-xml-parser';
import { parseArxivId } from '../arxiv/id';
import { arxivXmlParser, normalizeSpace, xmlText } from '../arxiv/atom';
import type { PaperRecord } from './schema';

export interface OaiPage {
  records: PaperRecord[];
  /** Base ids the repository reports as deleted. */
  deleted: string[];
  /** Token for the next page; null on the last page (or when there is a single page). */
  resumptionToken: string | null;
  completeListSize: number | null;
  cursor: number | null;
  /** An OAI-PMH error (`noRecordsMatch` means an empty result, not a failure). */
  error?: { code: string; message: string };
  /** Records that could not be read. */
  warnings: string[];
}

type XmlNode = Record<string, unknown>;

const parser = arxivXmlParser(['record', 'author', 'setSpec', 'error']);

const text = xmlText;

function nodes(v: unknown): XmlNode[] {
  if (Array.isArray(v)) return v.filter((x): x is XmlNode => !!x && typeof x === 'object');
  if (v && typeof v === 'object') return [v as XmlNode];
  return [];
}

function int(v: unknown): number | null {
  const s = text(v).trim();
  return /^\d+$/.test(s) ? Number(s) : null;
}

function empty(error: { code: string; message: string }): OaiPage {
  return {
    records: [],
    deleted: [],
    resumptionToken: null,
    completeListSize: null,
    cursor: null,
    error,
    warnings: [],
  };
}

/** One `<arXiv>` metadata element as a record. */
function recordOf(meta: XmlNode, now: number): PaperRecord | string {
  const parsed = parseArxivId(text(meta.id).trim());
  if (!parsed.ok) return `record skipped: ${parsed.error.message}`;
  const title = normalizeSpace(text(meta.title));
  if (!title) return `record ${parsed.id.base} skipped: no title`;
  const categories = normalizeSpace(text(meta.categories)).split(' ').filter(Boolean);
  const authors = nodes((meta.authors as XmlNode | undefined)?.author)
    .map((a) =>
      normalizeSpace(
        [text(a.forenames), text(a.keyname), text(a.suffix)].filter(Boolean).join(' '),
      ),
    )
    .filter(Boolean);
  const rec: PaperRecord = {
    id: parsed.id.base,
    version: parsed.id.version,
    title,
    authors,
    abstract: normalizeSpace(text(meta.abstract)),
    categories,
    primaryCategory: categories[0] ?? '',
    origin: 'harvest',
    addedAt: now,
  };
  const created = text(meta.created).trim();
  if (created) rec.published = created;
  const updated = text(meta.updated).trim();
  if (updated) rec.updated = updated;
  const doi = normalizeSpace(text(meta.doi));
  if (doi) rec.doi = doi;
  const jr = normalizeSpace(text(meta['journal-ref']));
  if (jr) rec.journalRef = jr;
  const comments = normalizeSpace(text(meta.comments));
  if (comments) rec.comments = comments;
  return rec;
}

export function parseOaiResponse(xml: string, now = Date.now()): OaiPage {
  const body = typeof xml === 'string' ? xml : '';
  if (!/<OAI-PMH[\s>]/.test(body)) {
    const snippet = normalizeSpace(body.replace(/<[^>]*>/g, ' ')).slice(0, 200);
    return empty({
      code: 'notOai',
      message: `The OAI-PMH server did not return OAI-PMH XML: ${snippet || '(empty response)'}`,
    });
  }
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    return empty({
      code: 'badXml',
      message: `The OAI-PMH response is cut short or not valid XML (line ${valid.err.line}: ${normalizeSpace(valid.err.msg)}).`,
    });
  }
  let doc: XmlNode;
  try {
    doc = parser.parse(body) as XmlNode;
  } catch (e) {
    return empty({
      code: 'badXml',
      message: `The OAI-PMH response is not valid XML: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  const root = (doc['OAI-PMH'] ?? {}) as XmlNode;
  const errors = nodes(root.error);
  if (errors.length) {
    const e = errors[0] as XmlNode;
    return empty({
      code: text(e['@_code']) || 'error',
      message: normalizeSpace(text(e)) || 'The OAI-PMH server reported an error.',
    });
  }
  const container = (root.ListRecords ?? root.GetRecord) as XmlNode | undefined;
  const page: OaiPage = {
    records: [],
    deleted: [],
    resumptionToken: null,
    completeListSize: null,
    cursor: null,
    warnings: [],
  };
  if (!container || typeof container !== 'object') {
    page.error = {
      code: 'noRecords',
      message: 'The OAI-PMH response has no ListRecords or GetRecord element.',
    };
    return page;
  }
  for (const r of nodes(container.record)) {
    const header = (r.header ?? {}) as XmlNode;
    if (text(header['@_status']) === 'deleted') {
      const id = parseArxivId(text(header.identifier).replace(/^oai:arXiv\.org:/i, ''));
      if (id.ok) page.deleted.push(id.id.base);
      continue;
    }
    const meta = (r.metadata as XmlNode | undefined)?.arXiv as XmlNode | undefined;
    if (!meta || typeof meta !== 'object') {
      page.warnings.push(
        `record ${text(header.identifier)} skipped: no arXiv metadata (metadataPrefix must be arXiv)`,
      );
      continue;
    }
    const rec = recordOf(meta, now);
    if (typeof rec === 'string') page.warnings.push(rec);
    else page.records.push(rec);
  }
  const tok = container.resumptionToken;
  if (tok !== undefined) {
    const t = text(tok).trim();
    page.resumptionToken = t || null;
    if (tok && typeof tok === 'object') {
      page.completeListSize = int((tok as XmlNode)['@_completeListSize']);
      page.cursor = int((tok as XmlNode)['@_cursor']);
    }
  }
  return page;
}
