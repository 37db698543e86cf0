import { useEffect, useRef, type KeyboardEvent } from 'react';

interface Props {
  value: string;
  onChange: (v: string) => void;
  onSubmit: () => void;
  onStop: () => void;
  onRecall: () => string | null;
  streaming: boolean;
  disabled: boolean;
  placeholder: string;
}

/** The question box: Enter sends, Shift+Enter adds a line, Escape stops, ↑ recalls the last question. */
export function AskBox({
  value,
  onChange,
  onSubmit,
  onStop,
  onRecall,
  streaming,
  disabled,
  placeholder,
}: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [value]);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && streaming) {
        e.preventDefault();
        onStop();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [streaming, onStop]);

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      if (!streaming && value.trim()) onSubmit();
    } else if (e.key === 'ArrowUp' && !value) {
      const last = onRecall();
      if (last) {
        e.preventDefault();
        onChange(last);
      }
    }
  };

  return (
    <form
      className="ask-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (!streaming && value.trim()) onSubmit();
      }}
    >
      <label htmlFor="question" className="visually-hidden">
        Your question about this paper
      </label>
      <textarea
        id="question"
        ref={ref}
        data-testid="question-input"
        value={value}
        rows={2}
        placeholder={placeholder}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby="ask-help"
      />
      <div className="ask-actions">
        <span id="ask-help" className="hint">
          Enter to ask · Shift+Enter new line · Esc stops
        </span>
        {streaming ? (
          <button type="button" data-testid="stop-button" className="stop" onClick={onStop}>
            Stop
          </button>
        ) : (
          <button
            type="submit"
            data-testid="ask-button"
            className="primary"
            disabled={disabled || !value.trim()}
          >
            Ask
          </button>
        )}
      </div>
    </form>
  );
}
