// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { SourceScore } from '../../../components/sidepanel/SourceScore';
import { formatUsage } from '../../../components/sidepanel/turn-format';
import type { Source } from '../../../lib/corpus/schema';

afterEach(cleanup);

const base: Source = {
  id: '1306.4664',
  title: 'Efficient Two-Stage Group Testing Algorithms for Genetic Screening',
  authors: [],
  abstract: '',
  primaryCategory: 'cs.DS',
  categories: ['cs.DS'],
  similarity: 0.23,
};

describe('SourceScore', () => {
  it('shows the model’s rating as relevance, with its reason on hover', () => {
    render(<SourceScore source={{ ...base, rating: 7, reason: 'Pooled tests for screening.' }} />);
    const el = screen.getByTestId('source-score');
    expect(el.dataset.kind).toBe('relevance');
    expect(el.textContent).toContain('70%');
    expect(el.textContent).toContain('relevance');
    expect(el.title).toMatch(/rated this paper 7\/10/);
    expect(el.title).toContain('Pooled tests for screening.');
    expect(screen.getByRole('meter').getAttribute('aria-label')).toBe('Relevance');
  });

  it('falls back to the lexical similarity, labelled as such', () => {
    render(<SourceScore source={base} />);
    const el = screen.getByTestId('source-score');
    expect(el.dataset.kind).toBe('similarity');
    expect(el.textContent).toContain('23%');
    expect(el.title).toMatch(/no model rated it/);
  });

  it('the footer’s cost includes the retrieval calls', () => {
    const usage = {
      inputTokens: 1000,
      outputTokens: 100,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0.01,
    };
    const retrievalUsage = {
      inputTokens: 500,
      outputTokens: 50,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0.002,
    };
    expect(formatUsage({ usage, retrievalUsage })).toBe('1,500 in · 150 out · ~$0.012');
  });
});
