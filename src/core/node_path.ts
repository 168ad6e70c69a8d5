/**
 * The functions of `node:path` that omn uses, for the bundle: the build
 * points every `import { … } from "node:path"` here
 * (scripts/commander_imports.ts), because loading Deno's `node:path` loads
 * its Windows half, its error and assertion modules and `util` (measured:
 * about a quarter of a bare `deno run` on every start, `omn --help` and
 * `omn redact` included).
 *
 * On POSIX systems these are Node's POSIX algorithms (lib/path.js, MIT),
 * written out; `tests/core/node_path_test.ts` checks them against
 * `node:path` on a corpus of awkward paths. On Windows every function is
 * `node:path`'s own, loaded on first use, as is `win32` everywhere.
 *
 * @module
 */

/** The functions of a path module this file provides. */
export interface PathFunctions {
  sep: string;
  delimiter: string;
  normalize(path: string): string;
  join(...paths: string[]): string;
  resolve(...paths: string[]): string;
  relative(from: string, to: string): string;
  dirname(path: string): string;
  basename(path: string, suffix?: string): string;
  extname(path: string): string;
  isAbsolute(path: string): boolean;
}

const SLASH = 47; // "/"
const DOT = 46; // "."

function validateString(value: unknown, name: string): asserts value is string {
  if (typeof value !== "string") {
    throw new TypeError(`The "${name}" argument must be of type string. Received ${typeof value}`);
  }
}

/** Resolves `.` and `..` segments of a path without its root (Node's `normalizeString`). */
function normalizeString(path: string, allowAboveRoot: boolean): string {
  let result = "";
  let lastSegmentLength = 0;
  let lastSlash = -1;
  let dots = 0;
  let code = 0;
  for (let index = 0; index <= path.length; ++index) {
    if (index < path.length) code = path.charCodeAt(index);
    else if (code === SLASH) break;
    else code = SLASH;
    if (code === SLASH) {
      if (lastSlash === index - 1 || dots === 1) {
        // an empty or "." segment
      } else if (dots === 2) {
        if (
          result.length < 2 || lastSegmentLength !== 2 ||
          result.charCodeAt(result.length - 1) !== DOT ||
          result.charCodeAt(result.length - 2) !== DOT
        ) {
          if (result.length > 2) {
            const lastSlashIndex = result.lastIndexOf("/");
            if (lastSlashIndex === -1) {
              result = "";
              lastSegmentLength = 0;
            } else {
              result = result.slice(0, lastSlashIndex);
              lastSegmentLength = result.length - 1 - result.lastIndexOf("/");
            }
            lastSlash = index;
            dots = 0;
            continue;
          } else if (result.length !== 0) {
            result = "";
            lastSegmentLength = 0;
            lastSlash = index;
            dots = 0;
            continue;
          }
        }
        if (allowAboveRoot) {
          result += result.length > 0 ? "/.." : "..";
          lastSegmentLength = 2;
        }
      } else {
        if (result.length > 0) result += `/${path.slice(lastSlash + 1, index)}`;
        else result = path.slice(lastSlash + 1, index);
        lastSegmentLength = index - lastSlash - 1;
      }
      lastSlash = index;
      dots = 0;
    } else if (code === DOT && dots !== -1) {
      ++dots;
    } else {
      dots = -1;
    }
  }
  return result;
}

/**
 * Whether `normalize` returns `path` as it is: no empty segment (`//`), no
 * `.` segment but a lone `.`, and no `..` segment but those that start a
 * relative path (which it keeps). A few searches instead of a pass over
 * every character: every path omn builds goes through `join`.
 */
function isNormal(path: string): boolean {
  return !path.includes("//") && !path.includes("/./") && !path.includes("/../") &&
    !path.endsWith("/.") && !path.endsWith("/..") && !path.startsWith("./");
}

/** Node's `path.posix`, for the functions omn uses. */
export const posixPath: PathFunctions = {
  sep: "/",
  delimiter: ":",

  resolve(...paths: string[]): string {
    let resolved = "";
    let absolute = false;
    for (let index = paths.length - 1; index >= -1 && !absolute; index--) {
      const path = index >= 0 ? paths[index] : Deno.cwd();
      validateString(path, `paths[${index}]`);
      if (path.length === 0) continue;
      resolved = `${path}/${resolved}`;
      absolute = path.charCodeAt(0) === SLASH;
    }
    resolved = normalizeString(resolved, !absolute);
    if (absolute) return `/${resolved}`;
    return resolved.length > 0 ? resolved : ".";
  },

  normalize(path: string): string {
    validateString(path, "path");
    if (path.length === 0) return ".";
    if (isNormal(path)) return path;
    const absolute = path.charCodeAt(0) === SLASH;
    const trailingSeparator = path.charCodeAt(path.length - 1) === SLASH;
    let normalized = normalizeString(path, !absolute);
    if (normalized.length === 0) {
      if (absolute) return "/";
      return trailingSeparator ? "./" : ".";
    }
    if (trailingSeparator) normalized += "/";
    return absolute ? `/${normalized}` : normalized;
  },

  isAbsolute(path: string): boolean {
    validateString(path, "path");
    return path.length > 0 && path.charCodeAt(0) === SLASH;
  },

  join(...paths: string[]): string {
    if (paths.length === 0) return ".";
    let joined: string | undefined;
    for (const path of paths) {
      validateString(path, "path");
      if (path.length > 0) joined = joined === undefined ? path : `${joined}/${path}`;
    }
    if (joined === undefined) return ".";
    return posixPath.normalize(joined);
  },

  relative(from: string, to: string): string {
    validateString(from, "from");
    validateString(to, "to");
    if (from === to) return "";
    from = posixPath.resolve(from);
    to = posixPath.resolve(to);
    if (from === to) return "";
    const fromStart = 1;
    const fromEnd = from.length;
    const fromLength = fromEnd - fromStart;
    const toStart = 1;
    const toLength = to.length - toStart;
    const length = fromLength < toLength ? fromLength : toLength;
    let lastCommonSeparator = -1;
    let index = 0;
    for (; index < length; index++) {
      const fromCode = from.charCodeAt(fromStart + index);
      if (fromCode !== to.charCodeAt(toStart + index)) break;
      else if (fromCode === SLASH) lastCommonSeparator = index;
    }
    if (index === length) {
      if (toLength > length) {
        if (to.charCodeAt(toStart + index) === SLASH) return to.slice(toStart + index + 1);
        if (index === 0) return to.slice(toStart + index);
      } else if (fromLength > length) {
        if (from.charCodeAt(fromStart + index) === SLASH) lastCommonSeparator = index;
        else if (index === 0) lastCommonSeparator = 0;
      }
    }
    let out = "";
    for (index = fromStart + lastCommonSeparator + 1; index <= fromEnd; ++index) {
      if (index === fromEnd || from.charCodeAt(index) === SLASH) {
        out += out.length === 0 ? ".." : "/..";
      }
    }
    return `${out}${to.slice(toStart + lastCommonSeparator)}`;
  },

  dirname(path: string): string {
    validateString(path, "path");
    if (path.length === 0) return ".";
    const hasRoot = path.charCodeAt(0) === SLASH;
    let end = -1;
    let matchedSlash = true;
    for (let index = path.length - 1; index >= 1; --index) {
      if (path.charCodeAt(index) === SLASH) {
        if (!matchedSlash) {
          end = index;
          break;
        }
      } else {
        matchedSlash = false;
      }
    }
    if (end === -1) return hasRoot ? "/" : ".";
    if (hasRoot && end === 1) return "//";
    return path.slice(0, end);
  },

  basename(path: string, suffix?: string): string {
    if (suffix !== undefined) validateString(suffix, "ext");
    validateString(path, "path");
    let start = 0;
    let end = -1;
    let matchedSlash = true;
    if (suffix !== undefined && suffix.length > 0 && suffix.length <= path.length) {
      if (suffix === path) return "";
      let suffixIndex = suffix.length - 1;
      let firstNonSlashEnd = -1;
      for (let index = path.length - 1; index >= 0; --index) {
        const code = path.charCodeAt(index);
        if (code === SLASH) {
          if (!matchedSlash) {
            start = index + 1;
            break;
          }
        } else {
          if (firstNonSlashEnd === -1) {
            matchedSlash = false;
            firstNonSlashEnd = index + 1;
          }
          if (suffixIndex >= 0) {
            if (code === suffix.charCodeAt(suffixIndex)) {
              if (--suffixIndex === -1) end = index;
            } else {
              suffixIndex = -1;
              end = firstNonSlashEnd;
            }
          }
        }
      }
      if (start === end) end = firstNonSlashEnd;
      else if (end === -1) end = path.length;
      return path.slice(start, end);
    }
    for (let index = path.length - 1; index >= 0; --index) {
      if (path.charCodeAt(index) === SLASH) {
        if (!matchedSlash) {
          start = index + 1;
          break;
        }
      } else if (end === -1) {
        matchedSlash = false;
        end = index + 1;
      }
    }
    if (end === -1) return "";
    return path.slice(start, end);
  },

  extname(path: string): string {
    validateString(path, "path");
    let startDot = -1;
    let startPart = 0;
    let end = -1;
    let matchedSlash = true;
    let preDotState = 0;
    for (let index = path.length - 1; index >= 0; --index) {
      const code = path.charCodeAt(index);
      if (code === SLASH) {
        if (!matchedSlash) {
          startPart = index + 1;
          break;
        }
        continue;
      }
      if (end === -1) {
        matchedSlash = false;
        end = index + 1;
      }
      if (code === DOT) {
        if (startDot === -1) startDot = index;
        else if (preDotState !== 1) preDotState = 1;
      } else if (startDot !== -1) {
        preDotState = -1;
      }
    }
    if (
      startDot === -1 || end === -1 || preDotState === 0 ||
      (preDotState === 1 && startDot === end - 1 && startDot === startPart + 1)
    ) {
      return "";
    }
    return path.slice(startDot, end);
  },
};

/** Node's `process`, as Deno defines it on `globalThis` (its modules are loaded on first use). */
function nodePath(): PathFunctions & { posix: PathFunctions; win32: PathFunctions } {
  return (globalThis as unknown as {
    process: { getBuiltinModule(name: string): ReturnType<typeof nodePath> };
  }).process.getBuiltinModule("node:path");
}

const onWindows = Deno.build.os === "windows";

/** `node:path`'s `win32`, loaded on first use. */
export const win32: PathFunctions = new Proxy({} as PathFunctions, {
  get: (_, key) => Reflect.get(nodePath().win32, key),
});

/** Node's `path.posix`. */
export const posix: PathFunctions = posixPath;

/** `node:path` of this system: Node's POSIX algorithms, or on Windows `node:path` itself. */
const native: PathFunctions = onWindows
  ? new Proxy({} as PathFunctions, { get: (_, key) => Reflect.get(nodePath(), key) })
  : posixPath;

/** `path.sep` of this system. */
export const sep: string = onWindows ? "\\" : "/";
/** `path.delimiter` of this system. */
export const delimiter: string = onWindows ? ";" : ":";

/** `path.normalize`. */
export function normalize(path: string): string {
  return native.normalize(path);
}
/** `path.join`. */
export function join(...paths: string[]): string {
  return native.join(...paths);
}
/** `path.resolve`. */
export function resolve(...paths: string[]): string {
  return native.resolve(...paths);
}
/** `path.relative`. */
export function relative(from: string, to: string): string {
  return native.relative(from, to);
}
/** `path.dirname`. */
export function dirname(path: string): string {
  return native.dirname(path);
}
/** `path.basename`. */
export function basename(path: string, suffix?: string): string {
  return native.basename(path, suffix);
}
/** `path.extname`. */
export function extname(path: string): string {
  return native.extname(path);
}
/** `path.isAbsolute`. */
export function isAbsolute(path: string): boolean {
  return native.isAbsolute(path);
}
