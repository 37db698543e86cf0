import { describe, expect, it } from 'vitest';
import { foldAccents, stem, termCounts, titleKey, tokenize } from '@/lib/corpus/tokenize';

describe('tokenize', () => {
  it('keeps hyphenated terms whole and also indexes their parts', () => {
    const t = tokenize('Measuring the b-quark mass with state-of-the-art methods');
    expect(t).toContain('b-quark');
    expect(t).toContain('quark');
    expect(t).toContain('state-of-the-art');
    expect(t).toContain('state');
    expect(t).toContain('art');
    // the stop words inside the compound are not indexed alone
    expect(t).not.toContain('of');
    expect(t).not.toContain('the');
    expect(tokenize('the $b$-quark and $n$-point functions')).toEqual(
      expect.arrayContaining(['b-quark', 'quark', 'n-point', 'point', 'function']),
    );
  });

  it('keeps group names like SU(3) and U(1) as terms', () => {
    expect(tokenize('An SU(3) gauge theory with a U(1) factor')).toEqual(
      expect.arrayContaining(['su(3)', 'u(1)', 'gauge', 'theory', 'factor']),
    );
    expect(tokenize('$U(1)_{B-L}$ gauge boson')).toEqual(
      expect.arrayContaining(['u(1)_b-l', 'u(1)']),
    );
  });

  it('turns LaTeX commands and simple math into terms', () => {
    expect(tokenize('the coupling $\\alpha_s$ and $x^2$ terms')).toEqual(
      expect.arrayContaining(['alpha', 'x^2', 'coupling', 'term']),
    );
    expect(tokenize('$\\mathcal{O}(\\epsilon)$ corrections')).toEqual(['epsilon', 'correction']);
    // the same term whether written in math or as a word
    expect(tokenize('$\\alpha$')).toEqual(tokenize('alpha'));
    // relations and formatting are not terms
    expect(tokenize('$m_{Z} \\sim 5.5$ TeV')).not.toContain('sim');
  });

  it('keeps acronyms even when they spell a stop word, but not in all-caps titles', () => {
    expect(tokenize('IT security at the LHC and QCD')).toEqual(['it', 'security', 'lhc', 'qcd']);
    expect(tokenize('it is what it is')).toEqual([]);
    // A title in capitals has no acronyms: its stop words go.
    expect(tokenize('ON THE THEORY OF THE QUARK MODEL')).toEqual(['theory', 'quark', 'model']);
  });

  it('folds plurals, accents (Unicode and LaTeX) and case the same way on both sides', () => {
    expect(tokenize('Networks')).toEqual(tokenize('network'));
    expect(tokenize('studies of processes')).toEqual(['study', 'process']);
    expect(tokenize('Schr\\"odinger')).toEqual(tokenize('Schrödinger'));
    expect(tokenize('Schrödinger')).toEqual(['schrodinger']);
    expect(foldAccents("Bal\\'azs")).toBe('Balazs');
    expect(stem('analysis')).toBe('analysis');
    expect(stem('gas')).toBe('gas');
  });

  it('drops numbers alone and single letters, keeps alphanumerics', () => {
    expect(tokenize('In 2017 we trained GPT-4 and T5 on 3D data, 28.4 BLEU')).toEqual(
      expect.arrayContaining(['gpt-4', 'gpt', 't5', '3d', 'data', 'bleu', 'trained']),
    );
    expect(tokenize('In 2017 we trained')).toEqual(['trained']);
  });

  it('counts term frequencies', () => {
    expect(termCounts('quark quarks gluon')).toEqual(
      new Map([
        ['quark', 2],
        ['gluon', 1],
      ]),
    );
  });

  it('never throws on odd input and is deterministic', () => {
    for (const s of [
      '',
      '$',
      '$$',
      '\\',
      '}{',
      '$\\frac{',
      '((((',
      'a'.repeat(10000),
      '\u0000\uFFFD',
    ]) {
      expect(() => tokenize(s)).not.toThrow();
      expect(tokenize(s)).toEqual(tokenize(s));
    }
  });
});

describe('titleKey', () => {
  it('ignores case, punctuation, accents and LaTeX markup', () => {
    expect(titleKey('Attention Is All You Need.')).toBe('attention is all you need');
    expect(titleKey('  attention is ALL you need ')).toBe('attention is all you need');
    expect(titleKey('$\\mathcal{N}=4$ Super Yang--Mills')).toBe(titleKey('N=4 super Yang-Mills'));
    expect(titleKey('Schr\\"{o}dinger operators')).toBe('schrodinger operators');
  });
});
