import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
const r = await build({ stdin: { contents: "import { DOMParser } from 'linkedom'; (globalThis as any).LD = DOMParser;", resolveDir: process.cwd(), loader: 'ts' }, bundle: true, write: false, format: 'iife', platform: 'browser', minify: true, logLevel: 'silent' });
writeFileSync('/tmp/ld-bundle.js', r.outputFiles[0]!.text);
