import { attentionPaper } from '../tests/lib/answer/helpers';
import { matchingPassages } from '../lib/answer/retrieval-only';
import { tokenize } from '../lib/corpus/tokenize';
const p = attentionPaper();
const q = 'Why are the dot products scaled by the square root of d_k?';
console.log(tokenize(q));
const r = matchingPassages(p, q, []);
for (const x of r.paper) console.log(x.section, '|', x.text.slice(0, 200), '\n', tokenize(x.text).length);
