/**
 * The built-in model catalogue: ids, context lengths and list prices in US
 * dollars per million tokens (input, output, cached input), as published by
 * each provider in 2025. Prices change: `omn models --refresh` adds the
 * provider's live list of ids, and the provider's own page is the authority.
 *
 * @module
 */

/** One model of the catalogue. */
export interface CatalogModel {
  provider: string;
  id: string;
  /** Context window in tokens. */
  context: number;
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
  /** USD per million cached input tokens, where the provider prices them apart. */
  cachedInput?: number;
}

type Row = [id: string, context: number, input: number, output: number, cachedInput?: number];

const ROWS: Record<string, Row[]> = {
  openai: [
    ["gpt-5", 400_000, 1.25, 10, 0.125],
    ["gpt-5-mini", 400_000, 0.25, 2, 0.025],
    ["gpt-4.1", 1_047_576, 2, 8, 0.5],
    ["gpt-4.1-mini", 1_047_576, 0.4, 1.6, 0.1],
    ["gpt-4.1-nano", 1_047_576, 0.1, 0.4, 0.025],
    ["gpt-4o", 128_000, 2.5, 10, 1.25],
    ["gpt-4o-mini", 128_000, 0.15, 0.6, 0.075],
    ["o3", 200_000, 2, 8, 0.5],
    ["o4-mini", 200_000, 1.1, 4.4, 0.275],
  ],
  anthropic: [
    ["claude-opus-4-1", 200_000, 15, 75, 1.5],
    ["claude-sonnet-4-5", 200_000, 3, 15, 0.3],
    ["claude-sonnet-4-0", 200_000, 3, 15, 0.3],
    ["claude-haiku-4-5", 200_000, 1, 5, 0.1],
    ["claude-3-5-haiku-latest", 200_000, 0.8, 4, 0.08],
  ],
  gemini: [
    ["gemini-2.5-pro", 1_048_576, 1.25, 10, 0.31],
    ["gemini-2.5-flash", 1_048_576, 0.3, 2.5, 0.075],
    ["gemini-2.5-flash-lite", 1_048_576, 0.1, 0.4, 0.025],
    ["gemini-2.0-flash", 1_048_576, 0.1, 0.4, 0.025],
  ],
  vertex: [
    ["gemini-2.5-pro", 1_048_576, 1.25, 10, 0.31],
    ["gemini-2.5-flash", 1_048_576, 0.3, 2.5, 0.075],
    ["gemini-2.0-flash", 1_048_576, 0.15, 0.6],
  ],
  bedrock: [
    ["anthropic.claude-sonnet-4-20250514-v1:0", 200_000, 3, 15, 0.3],
    ["anthropic.claude-3-5-haiku-20241022-v1:0", 200_000, 0.8, 4, 0.08],
    ["amazon.nova-pro-v1:0", 300_000, 0.8, 3.2],
    ["amazon.nova-lite-v1:0", 300_000, 0.06, 0.24],
    ["meta.llama3-1-70b-instruct-v1:0", 128_000, 0.72, 0.72],
  ],
  azure: [
    ["gpt-4.1", 1_047_576, 2, 8, 0.5],
    ["gpt-4o", 128_000, 2.5, 10, 1.25],
    ["gpt-4o-mini", 128_000, 0.15, 0.6, 0.075],
  ],
  mistral: [
    ["mistral-large-latest", 128_000, 2, 6],
    ["mistral-medium-latest", 128_000, 0.4, 2],
    ["mistral-small-latest", 128_000, 0.1, 0.3],
    ["codestral-latest", 256_000, 0.3, 0.9],
  ],
  xai: [
    ["grok-4", 256_000, 3, 15, 0.75],
    ["grok-3", 131_072, 3, 15, 0.75],
    ["grok-3-mini", 131_072, 0.3, 0.5, 0.075],
  ],
  perplexity: [
    ["sonar", 127_072, 1, 1],
    ["sonar-pro", 200_000, 3, 15],
    ["sonar-reasoning", 127_072, 1, 5],
  ],
  openrouter: [
    ["openai/gpt-4o-mini", 128_000, 0.15, 0.6],
    ["anthropic/claude-sonnet-4.5", 1_000_000, 3, 15],
    ["google/gemini-2.5-flash", 1_048_576, 0.3, 2.5],
  ],
  ollama: [
    ["llama3.2", 128_000, 0, 0],
    ["qwen2.5-coder", 32_768, 0, 0],
  ],
  mock: [
    ["mock-1", 8_192, 0, 0],
    ["mock-code", 8_192, 0, 0],
    ["mock-error", 8_192, 0, 0],
  ],
};

/** One row of the catalogue as a model. */
function catalogModel(provider: string, [id, context, input, output, cachedInput]: Row) {
  return { provider, id, context, input, output, cachedInput };
}

let catalog: readonly CatalogModel[] | undefined;

/**
 * Every model of the catalogue, made on first use: an ask looks up one
 * model ({@linkcode findModel}), and building them all cost it about 0.3 ms.
 */
export function catalogModels(): readonly CatalogModel[] {
  return catalog ??= Object.entries(ROWS).flatMap(([provider, rows]) =>
    rows.map((row) => catalogModel(provider, row))
  );
}

/** The catalogue entry of a model, if omn knows it. */
export function findModel(provider: string, id: string): CatalogModel | undefined {
  const row = Object.hasOwn(ROWS, provider)
    ? ROWS[provider].find(([rowId]) => rowId === id)
    : undefined;
  return row === undefined ? undefined : catalogModel(provider, row);
}

/**
 * The cost in USD of one request, or `null` when the model is not in the
 * catalogue. Cached input tokens are priced at the cached rate where the
 * provider has one.
 */
export function costUsd(
  provider: string,
  modelId: string,
  usage: { inputTokens: number; outputTokens: number; cachedInputTokens: number },
): number | null {
  const model = findModel(provider, modelId);
  if (!model) return null;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const cost = (usage.inputTokens - cached) * model.input +
    cached * (model.cachedInput ?? model.input) +
    usage.outputTokens * model.output;
  return Number((cost / 1e6).toFixed(8));
}
