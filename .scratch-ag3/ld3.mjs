import { readFileSync } from 'node:fs';
import vm from 'node:vm';
const code = readFileSync('/tmp/ld-bundle.js', 'utf8');
const t0 = performance.now();
vm.runInThisContext(code);
console.log('bundled linkedom eval ms', (performance.now() - t0).toFixed(1), typeof globalThis.LD);
