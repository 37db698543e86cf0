/** "Keep exploring": the answer's suggested next questions, each asked with one click. */
export function FollowUps({
  turnId,
  questions,
  onAsk,
}: {
  turnId: string;
  questions: string[];
  onAsk: (q: string) => void;
}) {
  return (
    <section className="followups" aria-labelledby={`fu-${turnId}`}>
      <h3 id={`fu-${turnId}`}>Keep exploring</h3>
      <ul>
        {questions.map((q) => (
          <li key={q}>
            <button type="button" data-testid="followup" onClick={() => onAsk(q)}>
              {q}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
