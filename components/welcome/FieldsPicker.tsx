import { useState } from 'react';
import { categoryByCode, searchCategories } from '@/lib/arxiv/taxonomy';

export type Period = '6' | '12' | '24' | 'all';

/** Step 2: categories from arXiv's taxonomy (searchable, with names) and a period. */
export function FieldsPicker({
  value,
  onChange,
  period,
  onPeriod,
}: {
  value: string[];
  onChange: (v: string[]) => void;
  period: Period;
  onPeriod: (p: Period) => void;
}) {
  const [query, setQuery] = useState('');
  const matches = searchCategories(query).slice(0, query ? 30 : 12);
  const toggle = (code: string) =>
    onChange(value.includes(code) ? value.filter((c) => c !== code) : [...value, code]);
  return (
    <section aria-labelledby="fields-h">
      <h2 id="fields-h">2. Your fields</h2>
      <div className="field">
        <label htmlFor="fields-search">Find arXiv categories</label>
        <input
          id="fields-search"
          data-testid="fields-search"
          placeholder="e.g. language, hep-th, algebraic geometry"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <ul className="fields" data-testid="fields-matches">
        {matches.map((c) => (
          <li key={c.code}>
            <label>
              <input
                type="checkbox"
                data-testid={`field-${c.code}`}
                checked={value.includes(c.code)}
                onChange={() => toggle(c.code)}
              />{' '}
              <code>{c.code}</code> {c.name} <span className="hint">({c.group})</span>
            </label>
          </li>
        ))}
      </ul>
      {value.length > 0 && (
        <p data-testid="fields-chosen">
          Chosen:{' '}
          {value.map((c) => (
            <button key={c} type="button" onClick={() => toggle(c)} title="Remove">
              {c} {categoryByCode(c)?.name ?? ''} ✕
            </button>
          ))}
        </p>
      )}
      <div className="field">
        <label htmlFor="fields-period">Papers from</label>
        <select
          id="fields-period"
          data-testid="fields-period"
          value={period}
          onChange={(e) => onPeriod(e.target.value as Period)}
        >
          <option value="6">the last 6 months</option>
          <option value="12">the last 12 months</option>
          <option value="24">the last 24 months</option>
          <option value="all">all time</option>
        </select>
      </div>
    </section>
  );
}
