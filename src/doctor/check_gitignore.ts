/**
 * Doctor: `.env` is git-ignored when the working directory is a git
 * repository, as far as omn's permission set lets it look.
 *
 * @module
 */
import { join } from "node:path";
import type { DoctorCheck } from "./doctor_check.ts";

function patternRegExp(pattern: string): RegExp {
  const body = pattern.replace(/^\//, "").replace(/^\*\*\//, "");
  let source = "";
  for (const character of body) {
    if (character === "*") source += "[^/]*";
    else if (character === "?") source += "[^/]";
    else source += character.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether the lines of a `.gitignore` ignore the file `name` at its top
 * level: the last matching pattern wins, `!` negates, `#` starts a comment.
 * A subset of git's rules (no character classes, no patterns with a `/`
 * in the middle), which is all that `.env` patterns use. Pure.
 *
 * @example
 * ```ts
 * import { gitignoreIgnores } from "./check_gitignore.ts";
 * gitignoreIgnores("node_modules/\n.env*\n", ".env"); // true
 * gitignoreIgnores(".env\n!.env\n", ".env"); // false
 * ```
 */
export function gitignoreIgnores(text: string, name: string): boolean {
  let ignored = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(?<!\\)\s+$/, "");
    if (line === "" || line.startsWith("#")) continue;
    const negated = line.startsWith("!");
    const pattern = negated ? line.slice(1) : line;
    // Directory-only patterns (`x/`) and patterns with a `/` inside never match a top-level file.
    if (pattern.endsWith("/") || /\/./.test(pattern.replace(/^\//, "").replace(/^\*\*\//, ""))) {
      continue;
    }
    if (patternRegExp(pattern).test(name)) ignored = !negated;
  }
  return ignored;
}

/** Options of {@linkcode checkGitignore}: the permission query, injectable for tests. */
export interface CheckGitignoreOptions {
  /** Whether the process may read a path; `Deno.permissions.querySync` by default. */
  canRead?: (path: string) => boolean;
}

const CHECK_BY_HAND = "check by hand: git check-ignore -q .env && echo ignored";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * Looks for `./.git` and reads `./.gitignore` when the process may read
 * them. omn's permission set grants reading only `./.env` and the config
 * directory, so under it this item is `unknown`, with the command to check
 * by hand; the set is not widened for it (reading `./.git` would expose
 * the repository, and `git check-ignore` knows rules omn would not).
 */
export async function checkGitignore(
  cwd: string,
  options: CheckGitignoreOptions = {},
): Promise<DoctorCheck> {
  const canRead = options.canRead ??
    ((path: string) => Deno.permissions.querySync({ name: "read", path }).state === "granted");
  const git = join(cwd, ".git");
  const gitignore = join(cwd, ".gitignore");
  const dotenv = join(cwd, ".env");
  const dotenvNote = canRead(dotenv) && await exists(dotenv) ? " (./.env exists here)" : "";
  if (!canRead(git) || !canRead(gitignore)) {
    return {
      id: "gitignore",
      status: "unknown",
      detail:
        `omn's permission set lets it read only ./.env and its config directory, so it cannot see ./.git or ./.gitignore${dotenvNote}`,
      fix: CHECK_BY_HAND,
    };
  }
  if (!(await exists(git))) {
    return {
      id: "gitignore",
      status: "pass",
      detail: `the working directory is not the top of a git repository (no ./.git)${dotenvNote}`,
    };
  }
  let text = "";
  try {
    text = await Deno.readTextFile(gitignore);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (gitignoreIgnores(text, ".env")) {
    return { id: "gitignore", status: "pass", detail: `./.gitignore ignores .env${dotenvNote}` };
  }
  return {
    id: "gitignore",
    status: dotenvNote ? "fail" : "warn",
    detail: `./.gitignore does not ignore .env${dotenvNote}: a key in it could be committed`,
    fix: `echo .env >> .gitignore${dotenvNote ? "; if it was committed, rotate its keys" : ""}`,
  };
}
