import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const NO_REACT = 'lib/ is plain TypeScript: React belongs in components/.';
const INDEX_ONLY =
  "From outside a lib folder, import its index (e.g. '../corpus'), not its files: add the name to the folder's index.ts if it is public.";
/**
 * What other code may import besides a folder's index: each folder's zod schemas (the contracts
 * between contexts), and every file of the folders that are libraries of independent modules
 * (arxiv: one extractor per page kind, kept apart for the content script's bundle; export,
 * render, cli). The one deep import that stays is the v3 migration's (lib/db/schema.ts).
 */
const PUBLIC_FILES = ['*/schema', 'arxiv/*', 'export/*', 'render/*', 'cli/*'];

const ONE_WRITER =
  'The corpus has one writer context (the offscreen document in Chrome, the background page in Firefox): the worker writes through lib/background/corpus-writer.ts, a page asks the background (a message, or a job such as restore-backup). See lib/offscreen/README.md.';
/**
 * The corpus's write functions, refused outside its writer context (lib/corpus itself, the jobs
 * runner, the offscreen handlers, and the library backup's import that the runner calls).
 */
const CORPUS_WRITES = [
  {
    group: ['**/corpus', '**/corpus/*', '@/lib/corpus', '@/lib/corpus/*'],
    importNames: [
      'upsertPapers',
      'commitUpsert',
      'savePaperFromPage',
      'removePapers',
      'removeCategory',
      'clearCorpus',
      'refreshNorms',
      'compactIndex',
      'resumeIndexRebuild',
      'resumeTitleHashes',
      'importCorpusBackup',
      'importKaggleSnapshot',
      'harvestQuery',
      'harvestOai',
    ],
    message: ONE_WRITER,
  },
  {
    group: ['**/export/library-backup', '@/lib/export/library-backup'],
    importNames: ['importLibrary'],
    message: ONE_WRITER,
  },
];
const WRITER_CONTEXT = [
  'lib/corpus/**/*.ts',
  'lib/jobs/**/*.ts',
  'lib/offscreen/**/*.ts',
  'lib/export/library-backup.ts',
];
const LIB_PATTERNS = [
  { group: ['react', 'react-dom', 'react/*', '@/components/*'], message: NO_REACT },
  { group: ['../*/*', ...PUBLIC_FILES.map((f) => `!../${f}`)], message: INDEX_ONLY },
  {
    group: ['@/lib/*/*', ...PUBLIC_FILES.map((f) => `!@/lib/${f}`)],
    message: INDEX_ONLY,
  },
];

export default tseslint.config(
  { ignores: ['node_modules', '.output', '.wxt', '.bench', 'tests/fixtures', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['components/**/*.tsx', 'entrypoints/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // lib/ is plain TypeScript: never React. From outside a lib folder, import its index only.
    // Outside the corpus's writer context, none of its write functions.
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...LIB_PATTERNS, ...CORPUS_WRITES] }],
    },
  },
  {
    // The writer context (flat config: this rule's options replace the ones above).
    files: WRITER_CONTEXT,
    rules: { 'no-restricted-imports': ['error', { patterns: LIB_PATTERNS }] },
  },
  {
    files: ['components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/lib/*/*', ...PUBLIC_FILES.map((f) => `!@/lib/${f}`)],
              message: INDEX_ONLY,
            },
            ...CORPUS_WRITES,
          ],
        },
      ],
    },
  },
);
