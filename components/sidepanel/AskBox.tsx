import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';

interface Props {
  value: string;
  onChange: (v: string) => void;
  onSubmit: () => void;
  onStop: () => void;
  onRecall: () => string | null;
  streaming: boolean;
  disabled: boolean;
  placeholder: string;
  /** The textarea, for the panel to focus it (selection quoted, new thread, "/"). */
  inputRef?: RefObject<HTMLTextAreaElement | null>;
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
  inputRef,
}: Props) {
  const ownRef = useRef<HTMLTextAreaElement>(null);
  const ref = inputRef ?? ownRef;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight + 2, 200)}px`;
  }, [value, ref]);
  // Escape stops a streaming answer wherever the focus is in the panel.
  useEffect(() => {
    if (!streaming) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
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
        const el = e.currentTarget;
        requestAnimationFrame(() => el.setSelectionRange(el.value.length, el.value.length));
      }
    }
  };

  return (
    <form
      className="ask-box"
      aria-label="Ask a question"
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
          Enter to ask · Shift+Enter new line · Esc stops · ↑ last question
        </span>
        {streaming ? (
          <button
            type="button"
            data-testid="stop-button"
            className="stop"
            onClick={onStop}
            aria-keyshortcuts="Escape"
          >
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
