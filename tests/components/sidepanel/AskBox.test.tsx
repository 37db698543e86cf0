// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { AskBox } from '../../../components/sidepanel/AskBox';

afterEach(cleanup);

function Harness({
  streaming = false,
  disabled = false,
  last = null as string | null,
  initial = '',
  onSubmit = (_v: string) => {},
  onStop = () => {},
}) {
  const [value, setValue] = useState(initial);
  return (
    <AskBox
      value={value}
      onChange={setValue}
      onSubmit={() => onSubmit(value)}
      onStop={onStop}
      onRecall={() => last}
      streaming={streaming}
      disabled={disabled}
      placeholder="Ask about this paper…"
    />
  );
}

const input = () => screen.getByTestId('question-input') as HTMLTextAreaElement;

describe('AskBox', () => {
  it('Enter sends the question', () => {
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} initial="What is attention?" />);
    const ev = fireEvent.keyDown(input(), { key: 'Enter' });
    expect(ev).toBe(false); // default prevented: no newline
    expect(onSubmit).toHaveBeenCalledWith('What is attention?');
  });

  it('Shift+Enter does not send (the textarea adds the line)', () => {
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} initial="Line one" />);
    const ev = fireEvent.keyDown(input(), { key: 'Enter', shiftKey: true });
    expect(ev).toBe(true); // not prevented: the browser inserts the newline
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('an empty or blank question is not sent; the Ask button is disabled', () => {
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} initial="   " />);
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(onSubmit).not.toHaveBeenCalled();
    expect((screen.getByTestId('ask-button') as HTMLButtonElement).disabled).toBe(true);
  });

  it('the Ask button sends', () => {
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} initial="Why?" />);
    fireEvent.click(screen.getByTestId('ask-button'));
    expect(onSubmit).toHaveBeenCalledWith('Why?');
  });

  it('↑ in an empty box recalls the last question; not when the box has text', () => {
    render(<Harness last="What replaces recurrence?" />);
    fireEvent.keyDown(input(), { key: 'ArrowUp' });
    expect(input().value).toBe('What replaces recurrence?');
    fireEvent.change(input(), { target: { value: 'my draft' } });
    fireEvent.keyDown(input(), { key: 'ArrowUp' });
    expect(input().value).toBe('my draft');
  });

  it('↑ with nothing asked yet leaves the box empty', () => {
    render(<Harness last={null} />);
    const ev = fireEvent.keyDown(input(), { key: 'ArrowUp' });
    expect(ev).toBe(true);
    expect(input().value).toBe('');
  });

  it('while streaming: a Stop button, Escape stops from anywhere, Enter does not send', () => {
    const onStop = vi.fn();
    const onSubmit = vi.fn();
    render(<Harness streaming onStop={onStop} onSubmit={onSubmit} initial="next question" />);
    expect(screen.queryByTestId('ask-button')).toBeNull();
    const stop = screen.getByTestId('stop-button');
    expect(stop.getAttribute('aria-keyshortcuts')).toBe('Escape');
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(onStop).toHaveBeenCalledTimes(1);
    fireEvent.click(stop);
    expect(onStop).toHaveBeenCalledTimes(2);
  });

  it('Escape does nothing when no answer streams', () => {
    const onStop = vi.fn();
    render(<Harness onStop={onStop} />);
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(onStop).not.toHaveBeenCalled();
  });

  it('is labelled and described for assistive technology; disabled off arXiv', () => {
    render(<Harness disabled />);
    expect(screen.getByLabelText('Your question about this paper')).toBe(input());
    expect(input().getAttribute('aria-describedby')).toBe('ask-help');
    expect(document.getElementById('ask-help')!.textContent).toContain('Shift+Enter');
    expect(input().disabled).toBe(true);
    expect(screen.getByRole('form', { name: 'Ask a question' })).toBeTruthy();
  });
});
