/**
 * What omn says of a reply chunk the AI SDK's schema refused (its
 * `TypeValidationError`): the first thing wrong with it, as a field path and
 * the schema's reason (`usage.prompt_tokens: Invalid input: expected number,
 * received string`), instead of the SDK's message, which quotes the whole
 * chunk and dumps every issue of every branch of the schema.
 *
 * @module
 */

interface Issue {
  code?: unknown;
  path?: unknown;
  message?: unknown;
  errors?: unknown;
}

function isIssue(value: unknown): value is Issue {
  return typeof value === "object" && value !== null;
}

/**
 * The first leaf issue: of a union, its first branch's (the chunk's schema
 * comes before the error frame's), followed down.
 */
function firstLeaf(issues: unknown, path: unknown[] = [], depth = 0): Issue | undefined {
  if (!Array.isArray(issues) || depth > 8) return undefined;
  const issue = issues.find(isIssue);
  if (issue === undefined) return undefined;
  const here = [...path, ...(Array.isArray(issue.path) ? issue.path : [])];
  if (issue.code === "invalid_union" && Array.isArray(issue.errors)) {
    const inner = firstLeaf(issue.errors[0], here, depth + 1);
    if (inner !== undefined) return inner;
  }
  return { ...issue, path: here };
}

/**
 * The first problem of a refused chunk (`path: reason`), or undefined when
 * the error carries no schema issues.
 */
export function unreadableChunkProblem(error: unknown): string | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  const issues = isIssue(cause) ? (cause as { issues?: unknown }).issues : undefined;
  const leaf = firstLeaf(issues);
  if (leaf === undefined || typeof leaf.message !== "string") return undefined;
  const path = (leaf.path as unknown[]).map(String).join(".");
  return path === "" ? leaf.message : `${path}: ${leaf.message}`;
}
