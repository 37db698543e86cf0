// @vitest-environment happy-dom
/**
 * A badge's action (a reference's "+ add", which fetches from arXiv's export API) runs only on a
 * real click: a page script's synthetic click does nothing (issue 18, finding 3).
 */
import { describe, expect, it, vi } from 'vitest';
import { Badge } from '@/entrypoints/arxiv.content/ui/badge';

function addBadge(onActivate: () => void): Badge {
  const badge = new Badge({
    arxivId: '1706.03762',
    kind: 'reference-badge',
    variant: 'add',
    label: '+ add',
    ariaLabel: 'Add arXiv:1706.03762 to your corpus',
    onActivate,
  });
  document.body.append(badge.host);
  return badge;
}

describe('badge actions', () => {
  it('"+ add" ignores a page script’s click and runs on a real one', () => {
    const run = vi.fn();
    const button = addBadge(run).element as HTMLButtonElement;
    expect(button.tagName).toBe('BUTTON');
    button.click();
    button.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(run).not.toHaveBeenCalled();
    const real = new MouseEvent('click', { bubbles: true });
    Object.defineProperty(real, 'isTrusted', { value: true });
    button.dispatchEvent(real);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
