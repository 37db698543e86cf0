import path from 'node:path';
import { Harness } from '../tests/bench/lib/context';
import group from '../tests/bench/groups/answer';
const corpus = process.argv[2]!;
const args = process.argv.slice(3);
const h = new Harness(path.resolve('.'), corpus, args, (m) => console.log(m));
try {
  const rows = await group.run(h.asContext());
  console.log(JSON.stringify(rows, null, 1));
} catch (e) {
  console.error(e);
} finally {
  await h.dispose();
}
