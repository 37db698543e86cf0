import { attentionPaper, retrieveFromFixture } from '../tests/lib/answer/helpers';
const p = attentionPaper();
const s = await retrieveFromFixture('How does multi-head attention work?', p, 8);
for (const x of s) console.log(x.id, x.similarity.toFixed(3), x.primaryCategory, x.title.slice(0, 60));
