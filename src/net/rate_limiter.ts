/**
 * Client-side rate limits shared by every `omn` process of the user: token
 * buckets (requests per minute and tokens per minute, see
 * `token_bucket.ts`) per provider and key fingerprint, kept in
 * `rate_limits.json` in the config directory.
 *
 * Each reservation takes the exclusive lock `rate_limits.lock` (waited for
 * a bounded time, `with_file_lock.ts`), opens the state file (created 0600,
 * never through a link), reads it, reserves, writes it back and unlocks, so
 * concurrent processes serialise and a shell loop of `omn ask` is held to
 * the same limits as one `omn batch`. Inside one process reservations are
 * queued before the file lock is taken. The file holds provider ids, key
 * fingerprints (`fp:` and 12 hex digits), bucket levels and times: never a
 * key. A damaged state file (a crash in the middle of a write) is started
 * afresh, which at worst allows one more burst.
 *
 * @example
 * ```ts
 * import { acquire } from "./rate_limiter.ts";
 * await acquire({
 *   dir: "/home/ada/.omnimancer",
 *   provider: "openai",
 *   fingerprint: "fp:0123456789ab",
 *   limits: { requestsPerMinute: 50, tokensPerMinute: 40_000 },
 *   tokens: 1200,
 * });
 * // …send the request
 * ```
 *
 * @module
 */
import { join } from "node:path";
import { ensurePrivateDir } from "../config/ensure_private_dir.ts";
import { checkPrivatePath, currentUid } from "../config/file_security.ts";
import { PROVIDER_ID_PATTERN } from "../config/config_constants.ts";
import { openPrivateFile } from "../config/open_private_file.ts";
import { type FileLockOptions, withFileLock } from "../config/with_file_lock.ts";
import {
  type Bucket,
  credit,
  isBucketFull,
  isLimited,
  type RateLimits,
  reserveRequest,
} from "./token_bucket.ts";
import { type Clock, SYSTEM_CLOCK } from "../core/clock.ts";

export type { RateLimits } from "./token_bucket.ts";

/** The state file's name in the config directory. */
export const RATE_LIMIT_STATE_FILE = "rate_limits.json";

/** The lock file that serialises changes of the state file (see `with_file_lock.ts`). */
export const RATE_LIMIT_LOCK_FILE = "rate_limits.lock";

/** What a rate-limited request is: whose bucket, which limits, how many tokens. */
export interface RateLimitRequest {
  /** Provider id (`openai`, or a custom provider's id). */
  provider: string;
  /** The key's fingerprint (`fp:` and 12 hex digits), or `none` for a provider without a key. */
  fingerprint: string;
  /** The limits; an absent or 0 limit means none. */
  limits: RateLimits;
  /** The tokens the request is expected to use (prompt and reply); default 0. */
  tokens?: number;
  /** Stops the wait (the reservation is given back) and rejects with its reason. */
  signal?: AbortSignal;
}

/** Options of {@linkcode acquire} and {@linkcode settle}: a request and the config directory. */
export interface AcquireOptions extends RateLimitRequest {
  /** The config directory, where the state file lives. */
  dir: string;
  /** The command's clock; the real one by default. */
  clock?: Clock;
}

/** Options of the {@linkcode RateLimiter} constructor. */
export interface RateLimiterOptions {
  /**
   * The wall clock in epoch ms (shared between processes) and the sleep of
   * the waits for a turn: the command's clock (`CliContext.clock`), the real
   * one by default.
   */
  clock?: Clock;
  /** How long to wait for `rate_limits.lock` and the clock of that wait; injectable for tests. */
  lock?: Pick<FileLockOptions, "waitMs" | "now" | "sleep">;
}

interface StoredBucket extends Bucket {
  per_minute: number;
}

interface StoredEntry {
  requests?: StoredBucket;
  tokens?: StoredBucket;
}

interface State {
  version: 1;
  buckets: Record<string, StoredEntry>;
}

const FINGERPRINT_PATTERN = /^(fp:[0-9a-f]{12}|none)$/;

/**
 * The rate limits of one config directory. Keep one per directory for the
 * whole run ({@linkcode acquire} does), so that reservations of one process
 * queue in memory before they contend for the file lock.
 */
export class RateLimiter {
  /** The state file. */
  readonly path: string;
  readonly #dir: string;
  readonly #clock: Clock;
  readonly #lock: Pick<FileLockOptions, "waitMs" | "now" | "sleep">;
  #queue: Promise<unknown> = Promise.resolve();
  #checked: Promise<void> | undefined;

  constructor(dir: string, options: RateLimiterOptions = {}) {
    this.#dir = dir;
    this.path = join(dir, RATE_LIMIT_STATE_FILE);
    this.#clock = options.clock ?? SYSTEM_CLOCK;
    this.#lock = options.lock ?? {};
  }

  /**
   * Reserves one request and its tokens, then waits until the reservation
   * falls due. Returns at once when no limit is set, without touching the
   * state file.
   *
   * @throws {TypeError} when the fingerprint or provider is malformed (a
   * guard against a key being passed where its fingerprint belongs).
   * @throws the signal's reason when it aborts the wait.
   */
  async acquire(request: RateLimitRequest): Promise<void> {
    const { requestsPerMinute, tokensPerMinute } = request.limits;
    if (!isLimited(requestsPerMinute) && !isLimited(tokensPerMinute)) return;
    request.signal?.throwIfAborted();
    const tokens = Math.max(0, request.tokens ?? 0);
    let waitMs = 0;
    await this.#update(request, (entry, now) => {
      const reserved = reserveRequest(entry, request.limits, tokens, now);
      waitMs = reserved.waitMs;
      const next: StoredEntry = { ...entry };
      if (reserved.pair.requests) {
        next.requests = { ...reserved.pair.requests, per_minute: requestsPerMinute! };
      }
      if (reserved.pair.tokens) {
        next.tokens = { ...reserved.pair.tokens, per_minute: tokensPerMinute! };
      }
      return next;
    });
    if (waitMs === 0) return;
    try {
      await this.#clock.sleep(waitMs, request.signal);
    } catch (error) {
      await this.#giveBack(request, 1, tokens).catch(() => {});
      throw error;
    }
  }

  /**
   * Corrects the token bucket once a request's real usage is known:
   * `tokens` is the real count minus the count given to
   * {@linkcode RateLimiter.acquire} (negative gives tokens back).
   */
  async settle(request: RateLimitRequest & { tokens: number }): Promise<void> {
    if (request.tokens === 0 || !isLimited(request.limits.tokensPerMinute)) return;
    await this.#giveBack(request, 0, -request.tokens);
  }

  async #giveBack(request: RateLimitRequest, requests: number, tokens: number): Promise<void> {
    const { requestsPerMinute, tokensPerMinute } = request.limits;
    await this.#update(request, (entry, now) => {
      const next: StoredEntry = { ...entry };
      if (requests !== 0 && isLimited(requestsPerMinute)) {
        next.requests = {
          ...credit(entry.requests, requestsPerMinute, requests, now),
          per_minute: requestsPerMinute,
        };
      }
      if (tokens !== 0 && isLimited(tokensPerMinute)) {
        next.tokens = {
          ...credit(entry.tokens, tokensPerMinute, tokens, now),
          per_minute: tokensPerMinute,
        };
      }
      return next;
    });
  }

  /** Changes one entry of the state file under the in-process queue and the file lock. */
  #update(
    request: RateLimitRequest,
    change: (entry: StoredEntry, now: number) => StoredEntry,
  ): Promise<void> {
    if (!PROVIDER_ID_PATTERN.test(request.provider)) {
      throw new TypeError(`Cannot rate-limit provider "${request.provider}": not a provider id`);
    }
    if (!FINGERPRINT_PATTERN.test(request.fingerprint)) {
      throw new TypeError(
        'Cannot rate-limit a request: expected a key fingerprint ("fp:" and 12 hex digits) or "none"',
      );
    }
    const key = `${request.provider} ${request.fingerprint}`;
    const run = this.#queue.then(async () => {
      await this.#check();
      await withFileLock(join(this.#dir, RATE_LIMIT_LOCK_FILE), async () => {
        const opened = await openPrivateFile(this.path, {
          access: "readWrite",
          create: true,
          label: "rate-limit state",
        });
        using file = opened!.file;
        const state = await readState(file);
        const now = this.#clock.now();
        state.buckets[key] = change(state.buckets[key] ?? {}, now);
        prune(state, now);
        await writeState(file, state);
      }, { ...this.#lock, label: "rate-limit" });
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Creates the directory if needed and checks it and the state file once per limiter. */
  #check(): Promise<void> {
    this.#checked ??= (async () => {
      await ensurePrivateDir(this.#dir);
      const uid = await currentUid(this.#dir);
      await checkPrivatePath(this.#dir, { kind: "directory", uid });
      await checkPrivatePath(this.path, { kind: "file", uid, label: "rate-limit state" });
    })();
    return this.#checked;
  }
}

const limiters = new WeakMap<Clock, Map<string, RateLimiter>>();

/** The process's limiter for a config directory and a clock (the real one by default). */
export function rateLimiterFor(dir: string, clock: Clock = SYSTEM_CLOCK): RateLimiter {
  let byDir = limiters.get(clock);
  if (!byDir) {
    byDir = new Map();
    limiters.set(clock, byDir);
  }
  let limiter = byDir.get(dir);
  if (!limiter) {
    limiter = new RateLimiter(dir, { clock });
    byDir.set(dir, limiter);
  }
  return limiter;
}

/**
 * Waits until a request may be sent under the limits shared by every `omn`
 * process of the user (see the module doc). Interruptible by `signal`.
 */
export function acquire(options: AcquireOptions): Promise<void> {
  return rateLimiterFor(options.dir, options.clock).acquire(options);
}

/** Tells the limits a request's real token count: `tokens` is real minus estimated. */
export function settle(options: AcquireOptions & { tokens: number }): Promise<void> {
  return rateLimiterFor(options.dir, options.clock).settle(options);
}

async function readState(file: Deno.FsFile): Promise<State> {
  await file.seek(0, Deno.SeekMode.Start);
  const text = await new Response(readAll(file)).text();
  try {
    const parsed = JSON.parse(text);
    if (parsed?.version === 1 && typeof parsed.buckets === "object" && parsed.buckets !== null) {
      const buckets: Record<string, StoredEntry> = {};
      for (const [key, entry] of Object.entries(parsed.buckets as Record<string, unknown>)) {
        const valid = validEntry(entry);
        if (valid) buckets[key] = valid;
      }
      return { version: 1, buckets };
    }
  } catch {
    // Empty or damaged: started afresh (see the module doc).
  }
  return { version: 1, buckets: {} };
}

function readAll(file: Deno.FsFile): ReadableStream<Uint8Array> {
  const buffer = new Uint8Array(16 * 1024);
  return new ReadableStream({
    async pull(controller) {
      const count = await file.read(buffer);
      if (count === null) controller.close();
      else controller.enqueue(buffer.slice(0, count));
    },
  });
}

function validBucket(value: unknown): StoredBucket | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { level, updated, per_minute } = value as Record<string, unknown>;
  if (
    typeof level !== "number" || !Number.isFinite(level) ||
    typeof updated !== "number" || !Number.isFinite(updated) ||
    typeof per_minute !== "number" || !(per_minute > 0)
  ) return undefined;
  return { level, updated, per_minute };
}

function validEntry(value: unknown): StoredEntry | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const entry: StoredEntry = {};
  const requests = validBucket(record.requests);
  const tokens = validBucket(record.tokens);
  if (requests) entry.requests = requests;
  if (tokens) entry.tokens = tokens;
  return entry.requests || entry.tokens ? entry : undefined;
}

/** Drops the entries whose buckets have all refilled: forgetting them changes nothing. */
function prune(state: State, now: number): void {
  for (const [key, entry] of Object.entries(state.buckets)) {
    const buckets = [entry.requests, entry.tokens].filter((bucket) => bucket !== undefined);
    if (buckets.every((bucket) => isBucketFull(bucket, bucket.per_minute, now))) {
      delete state.buckets[key];
    }
  }
}

async function writeState(file: Deno.FsFile, state: State): Promise<void> {
  const bytes = new TextEncoder().encode(`${JSON.stringify(state)}\n`);
  await file.seek(0, Deno.SeekMode.Start);
  let written = 0;
  while (written < bytes.length) written += await file.write(bytes.subarray(written));
  await file.truncate(bytes.length);
}
