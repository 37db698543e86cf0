/**
 * The folder boundaries of lib/ are kept, not only declared: ESLint refuses an import of a lib
 * folder's internals from outside it (the rule in eslint.config.js, run here on fixture code),
 * and no two lib folders import each other at run time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RULE = 'no-restricted-imports';

async function restricted(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('ESLint: from outside a lib folder, only its index', () => {
  it('refuses a lib file importing another folder’s internals', async () => {
    const found = await restricted(
      'lib/badges/boundary-fixture.ts',
      "import { readIndexMeta } from '../corpus/indexer';\nexport const x = readIndexMeta;\n",
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/import its index/);
  });

  it('refuses a component importing a lib folder’s internals', async () => {
    const found = await restricted(
      'components/sidepanel/BoundaryFixture.tsx',
      "import { listThreads } from '@/lib/db/threads';\nexport const x = listThreads;\n",
    );
    expect(found).toHaveLength(1);
  });

  it('allows the index, a folder’s schema, and files of the same folder', async () => {
    const code = [
      "import { search } from '../corpus';",
      "import { Turn } from '../answer/schema';",
      "import { parseArxivId } from '../arxiv/id';",
      "import { rank } from './rank';",
      'export const x = [search, Turn, parseArxivId, rank];',
      '',
    ].join('\n');
    expect(await restricted('lib/badges/boundary-fixture.ts', code)).toEqual([]);
  });

  it('still keeps React out of lib/', async () => {
    const found = await restricted(
      'lib/badges/boundary-fixture.ts',
      "import { useState } from 'react';\nexport const x = useState;\n",
    );
    expect(found).toHaveLength(1);
  });
});

describe('ESLint: the corpus has one writer context', () => {
  it('refuses a corpus write function in the worker’s code', async () => {
    const found = await restricted(
      'lib/background/writer-fixture.ts',
      "import { search, upsertPapers } from '../corpus';\nexport const x = [search, upsertPapers];\n",
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/one writer context/);
  });

  it('refuses a page restoring a backup or clearing the corpus itself', async () => {
    const code = [
      "import { clearCorpus, exportCorpusStream, importCorpusBackup } from '@/lib/corpus';",
      "import { exportLibrary, importLibrary } from '@/lib/export/library-backup';",
      'export const x = [clearCorpus, exportCorpusStream, importCorpusBackup, exportLibrary, importLibrary];',
      '',
    ].join('\n');
    const found = await restricted('components/options/WriterFixture.tsx', code);
    // clearCorpus, importCorpusBackup, importLibrary: the exports (reads) pass.
    expect(found).toHaveLength(3);
    expect(found.every((m) => /one writer context/.test(m))).toBe(true);
    expect(await restricted('entrypoints/welcome/writer-fixture.ts', code)).toHaveLength(3);
  });

  it('refuses a deep import of the store from another lib folder as well', async () => {
    const found = await restricted(
      'lib/fulltext/writer-fixture.ts',
      "import { upsertPapers } from '../corpus/store';\nexport const x = upsertPapers;\n",
    );
    expect(found.some((m) => /one writer context/.test(m))).toBe(true);
  });

  it('allows them in the writer context: jobs, offscreen handlers, the corpus itself', async () => {
    const code = [
      "import { upsertPapers, clearCorpus } from '../corpus';",
      "import { importLibrary } from '../export/library-backup';",
      'export const x = [upsertPapers, clearCorpus, importLibrary];',
      '',
    ].join('\n');
    expect(await restricted('lib/jobs/writer-fixture.ts', code)).toEqual([]);
    expect(await restricted('lib/offscreen/writer-fixture.ts', code)).toEqual([]);
    expect(
      await restricted(
        'lib/corpus/writer-fixture.ts',
        "import { upsertPapers } from './store';\nexport const x = upsertPapers;\n",
      ),
    ).toEqual([]);
  });
});

/** Run-time imports between lib folders (type-only imports are erased and do not count). */
function folderGraph(): Map<string, Map<string, string[]>> {
  const lib = path.join(root, 'lib');
  const graph = new Map<string, Map<string, string[]>>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.ts')) scan(file);
    }
  };
  const folderOf = (abs: string) =>
    path.relative(lib, abs).split(path.sep)[0]!.replace(/\.ts$/, '');
  const scan = (file: string) => {
    const src = readFileSync(file, 'utf8');
    const from = folderOf(file);
    for (const m of src.matchAll(/^(?:import|export)(\s+type\b)?[^;]*?from\s+'(\.[^']*)'/gms)) {
      if (m[1]) continue;
      const to = folderOf(path.resolve(path.dirname(file), m[2]!));
      if (to === from || to.startsWith('..')) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      edges.set(to, [...(edges.get(to) ?? []), path.relative(root, file)]);
      graph.set(from, edges);
    }
  };
  walk(lib);
  return graph;
}

describe('lib folders', () => {
  it('form no import cycle at run time', () => {
    const graph = folderGraph();
    // The v3 migration is written out in lib/db/schema.ts: lib/db runs no corpus code.
    expect(graph.get('db')?.get('corpus')).toBeUndefined();

    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (node: string, trail: string[]) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(' -> '));
        return;
      }
      state.set(node, 'open');
      for (const next of graph.get(node)?.keys() ?? []) visit(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
