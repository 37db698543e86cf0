/**
 * Models offered in the options page. The list is a fallback: "Test connection"
 * asks the configured server for its current models (GET /v1/models) and the
 * options page offers those, so a retired model never stays stuck here.
 */
export interface ModelInfo {
  id: string;
  label: string;
  /** USD per million tokens: input, output. Cache reads cost 0.1x input, writes 1.25x. */
  price: { input: number; output: number };
}

export const KNOWN_MODELS: ModelInfo[] = [
  {
    id: 'claude-haiku-5-5',
    label: 'Claude Haiku 5.5 (fast, default)',
    price: { input: 1, output: 5 },
  },
  { id: 'claude-sonnet-5-5', label: 'Claude Sonnet 5.5', price: { input: 3, output: 15 } },
  { id: 'claude-opus-5-5', label: 'Claude Opus 5.5', price: { input: 5, output: 25 } },
];

/** The current fast model: the default until the user chooses another. */
export const DEFAULT_MODEL = 'claude-haiku-5-5';

/**
 * The model of the retrieval calls (search queries, rating): the current fast (Haiku) model of
 * the list, used even when the answer model is a larger one.
 */
export const DEFAULT_RETRIEVAL_MODEL: string =
  KNOWN_MODELS.find((m) => m.id.includes('haiku'))?.id ?? DEFAULT_MODEL;

/** Price of a model; unknown models are priced by family, then like the default. */
export function modelPrice(model: string): ModelInfo['price'] {
  const exact = KNOWN_MODELS.find((m) => m.id === model);
  if (exact) return exact.price;
  const family = ['opus', 'sonnet', 'haiku'].find((f) => model.includes(f));
  const byFamily = family && KNOWN_MODELS.find((m) => m.id.includes(family));
  return (byFamily || KNOWN_MODELS[0]!).price;
}
