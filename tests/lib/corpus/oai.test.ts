import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOaiResponse } from '@/lib/corpus/oai';
import { FIXTURES } from './corpus-helpers';

const oai = (f: string) => readFileSync(path.join(FIXTURES, 'arxiv-api/oai-pmh', f), 'utf8');

describe('parseOaiResponse', () => {
  it('reads a ListRecords page (metadataPrefix arXiv)', () => {
    const page = parseOaiResponse(oai('ListRecords_hep-th_3.xml'), 9);
    expect(page.error).toBeUndefined();
    expect(page.resumptionToken).toBeNull();
    expect(page.records.map((r) => r.id)).toEqual(['1412.8323', '1507.07790', '1607.01710']);
    expect(page.records[1]).toEqual({
      id: '1507.07790',
      version: null,
      title: 'Relativistic quantum dynamics of vector bosons in an Aharonov-Bohm potential',
      authors: ['Luis B. Castro', 'Edilberto O. Silva'],
      abstract: expect.stringMatching(
        /^The Aharonov-Bohm \(AB\) problem for vector bosons .* conditions for the occurrence of bound states\.$/,
      ),
      categories: ['hep-th', 'math-ph', 'math.MP', 'quant-ph'],
      primaryCategory: 'hep-th',
      published: '2015-07-28',
      updated: '2016-03-04',
      doi: '10.1088/1751-8121/aa9c53',
      journalRef: 'J. Phys. A: Math. Theor. 51 (2018) 035201',
      comments: '7 pages',
      origin: 'harvest',
      addedAt: 9,
    });
    expect(page.records[0]?.authors).toEqual(['Philipp A Hoehn']);
    expect(parseOaiResponse(oai('ListRecords_hep-ex_3.xml')).records).toHaveLength(3);
  });

  it('reads GetRecord responses, old-style ids included', () => {
    expect(parseOaiResponse(oai('oai_arxiv_1706.03762.xml')).records[0]).toMatchObject({
      id: '1706.03762',
      title: 'Attention Is All You Need',
      primaryCategory: 'cs.CL',
    });
    expect(parseOaiResponse(oai('oai_arxiv_hep-th_9711200.xml')).records[0]?.id).toBe(
      'hep-th/9711200',
    );
  });

  it('reports what is not an OAI-PMH page instead of throwing', () => {
    const rate = readFileSync(path.join(FIXTURES, 'arxiv-api/atom/rate_exceeded.txt'), 'utf8');
    expect(parseOaiResponse(rate).error).toEqual({
      code: 'notOai',
      message: expect.stringMatching(/Rate exceeded/),
    });
    const full = oai('ListRecords_hep-th_3.xml');
    const cut = parseOaiResponse(full.slice(0, Math.floor(full.length / 2)));
    expect(cut.error?.code).toBe('badXml');
    expect(cut.records).toEqual([]);
    expect(parseOaiResponse('').error?.code).toBe('notOai');
  });

  it('reads OAI errors, resumption tokens and deleted records (protocol shapes from the OAI-PMH 2.0 spec)', () => {
    // Written here after the OAI-PMH 2.0 specification's examples (section 3.6 and 3.5):
    // no licensed recording of these shapes exists in the fixtures.
    const error = `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2002-05-01T19:20:30Z</responseDate>
<request verb="ListRecords">http://oaipmh.arxiv.org/oai</request>
<error code="badResumptionToken">The value of the resumptionToken argument is invalid or expired.</error></OAI-PMH>`;
    expect(parseOaiResponse(error).error).toEqual({
      code: 'badResumptionToken',
      message: 'The value of the resumptionToken argument is invalid or expired.',
    });
    const page = `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2002-06-01T19:20:30Z</responseDate>
<request verb="ListRecords" metadataPrefix="arXiv" set="physics:hep-th">http://oaipmh.arxiv.org/oai</request>
<ListRecords>
<record><header status="deleted"><identifier>oai:arXiv.org:hep-th/9901001</identifier><datestamp>2002-01-01</datestamp></header></record>
<resumptionToken expirationDate="2002-06-01T23:20:00Z" completeListSize="6" cursor="0">xxx45abttyz</resumptionToken>
</ListRecords></OAI-PMH>`;
    const p = parseOaiResponse(page);
    expect(p).toMatchObject({
      deleted: ['hep-th/9901001'],
      resumptionToken: 'xxx45abttyz',
      completeListSize: 6,
      cursor: 0,
    });
    const last = page.replace(
      /<resumptionToken[^]*<\/resumptionToken>/,
      '<resumptionToken completeListSize="6" cursor="5"/>',
    );
    expect(parseOaiResponse(last)).toMatchObject({
      resumptionToken: null,
      completeListSize: 6,
      cursor: 5,
    });
  });
});
