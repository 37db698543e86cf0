import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  OBSIDIAN_URI_MAX_LENGTH,
  obsidianNewUri,
  obsidianNoteFromFile,
  obsidianPath,
  planObsidianExport,
} from '../../../lib/export/obsidian';
import { markdownFile, turnToMarkdown } from '../../../lib/export/markdown-export';
import { PAPER, sampleTurn } from './export-sample';

function params(uri: string): URLSearchParams {
  expect(uri.startsWith('obsidian://new?')).toBe(true);
  return new URLSearchParams(uri.slice('obsidian://new?'.length));
}

describe('obsidianNewUri', () => {
  it('encodes vault, folder/name path and content', () => {
    const content = '# Q & A?\n\n$x^2$ #tag 100% [1](https://arxiv.org/abs/1706.03762) é 🧪 + =';
    const uri = obsidianNewUri({
      vault: 'My Vault',
      folder: 'Research/Papers',
      name: 'Attention: all?',
      content,
    });
    expect(uri).toMatch(
      /^obsidian:\/\/new\?vault=My%20Vault&file=Research%2FPapers%2FAttention%20all&content=/,
    );
    expect(uri).not.toMatch(/[ \n#]/);
    const p = params(uri);
    expect(p.get('vault')).toBe('My Vault');
    expect(p.get('file')).toBe('Research/Papers/Attention all');
    expect(p.get('content')).toBe(content);
  });

  it('round-trips any content', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (content) => {
        expect(
          params(obsidianNewUri({ vault: 'v', folder: '', name: 'n', content })).get('content'),
        ).toBe(content);
      }),
    );
  });

  it('leaves out an empty vault (Obsidian then uses the last one) and cleans the folder', () => {
    const uri = obsidianNewUri({
      vault: ' ',
      folder: '../Antigravity//notes/./',
      name: 'a#b[c]|d^e',
      content: 'x',
    });
    const p = params(uri);
    expect(p.has('vault')).toBe(false);
    expect(p.get('file')).toBe('Antigravity/notes/a b c d e');
    expect(obsidianPath('', 'CON')).toBe('_CON');
  });

  it('survives lone surrogates in the content', () => {
    expect(() =>
      obsidianNewUri({ vault: 'v', folder: '', name: 'n', content: 'a\ud800b' }),
    ).not.toThrow();
  });
});

describe('planObsidianExport', () => {
  const note = {
    vault: 'Vault',
    folder: 'Antigravity',
    name: 'Short note',
    content: 'A short answer.',
  };

  it('puts a short note in the URI', () => {
    const plan = planObsidianExport(note);
    expect(plan.copyToClipboard).toBeUndefined();
    expect(plan.message).toBeUndefined();
    expect(params(plan.uri).get('content')).toBe('A short answer.');
  });

  it('sends a long note through the clipboard with a message', () => {
    const content = turnToMarkdown(sampleTurn(), PAPER, { timeZone: 'UTC' });
    expect(obsidianNewUri({ ...note, content }).length).toBeGreaterThan(OBSIDIAN_URI_MAX_LENGTH);
    const plan = planObsidianExport({ ...note, content });
    expect(plan.copyToClipboard).toBe(content);
    expect(plan.message).toMatch(/copied to the clipboard/);
    const p = params(plan.uri);
    expect(p.has('content')).toBe(false);
    expect(p.has('clipboard')).toBe(true);
    expect(p.get('file')).toBe('Antigravity/Short note');
    expect(plan.uri.length).toBeLessThanOrEqual(OBSIDIAN_URI_MAX_LENGTH);
  });

  it('switches exactly at the limit', () => {
    const uri = obsidianNewUri(note);
    expect(planObsidianExport(note, uri.length).copyToClipboard).toBeUndefined();
    expect(planObsidianExport(note, uri.length - 1).copyToClipboard).toBe(note.content);
  });
});

describe('obsidianNoteFromFile', () => {
  it('sends the .md file (front matter included) under the same name', () => {
    const file = markdownFile({ turn: sampleTurn({ question: 'Short?' }) }, PAPER, {
      timeZone: 'UTC',
    });
    const note = obsidianNoteFromFile(file, 'Vault', 'Antigravity');
    expect(note.name).toBe('2402.11650 Short');
    expect(note.content.startsWith('---\ntitle: "Short?"\n')).toBe(true);
    const plan = planObsidianExport(note);
    expect(plan.copyToClipboard).toBe(file.content);
    expect(params(plan.uri).get('file')).toBe('Antigravity/2402.11650 Short');
  });
});
