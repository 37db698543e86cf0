/**
 * Counted nouns in English: `countOf(1, 'paper')` is "1 paper", `countOf(1234, 'paper')` is
 * "1,234 papers". `noun(n, 'paper')` is the word alone, for text that sets the number apart.
 */
export function noun(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${noun(n, one, many)}`;
}
