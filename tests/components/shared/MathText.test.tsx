// @vitest-environment happy-dom
import '../sidepanel/quiet-katex';
import { afterEach, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { MathText } from '../../../components/shared/MathText';

afterEach(cleanup);

it('renders the LaTeX of a title with KaTeX and escapes everything else', () => {
  const { container } = render(
    <MathText text={'The Large $N$ Limit <b>of</b> $\\mathcal{N}=4$ & more'} />,
  );
  const span = container.firstElementChild!;
  expect(span.querySelectorAll('.katex')).toHaveLength(2);
  expect(span.querySelector('b')).toBeNull();
  expect(span.textContent).toContain('<b>of</b>');
  expect(span.textContent).toContain('& more');
  expect(span.textContent).not.toContain('$N$');
});

it('leaves unclosed dollars and escaped dollars as text', () => {
  const { container } = render(<MathText text={'Costs \\$5 and $x is open'} />);
  expect(container.querySelector('.katex')).toBeNull();
  expect(container.textContent).toBe('Costs $5 and $x is open');
});
