/**
 * One line per request for `-v` / `--log-level debug` (and the log file):
 * what was asked of whom, what came back and how long it took, so that a
 * slow or failing run can be understood without a proxy. The line holds no
 * secret: the URL is shown as host and path with every query value masked,
 * and the caller's sink redacts what it writes.
 *
 * @example
 * ```ts
 * formatRequestLine({
 *   provider: "openai", method: "POST", host: "api.openai.com", path: "/v1/chat/completions",
 *   status: 200, bytes: 2048, firstByteMs: 310, totalMs: 1250, retries: ["429"],
 * });
 * // "request openai POST api.openai.com/v1/chat/completions: 200, 2048 bytes, first byte 310 ms, total 1.3 s, 1 retry (429)"
 * ```
 *
 * @module
 */
import { formatWait } from "./describe_retry.ts";

/** What one request came to. */
export interface RequestRecord {
  provider: string;
  method: string;
  host: string;
  /** The path, with the query's values masked (`?api-version=***`). */
  path: string;
  /** The final status; absent when no response came. */
  status?: number;
  /** Bytes of the response body received. */
  bytes: number;
  /** From the request to the first byte of the body; absent when none came. */
  firstByteMs?: number;
  /** From the request to the end of the body (or the failure). */
  totalMs: number;
  /** The reason of each retry ("429", "a dropped connection"…). */
  retries: string[];
  /** How it failed, when it did (one line). */
  error?: string;
}

/** Host and path of a URL, every query value masked (keys kept: they say what was asked). */
export function describeTarget(input: string | URL): { host: string; path: string } {
  const url = new URL(input);
  const query = [...url.searchParams.keys()].map((name) => `${encodeURIComponent(name)}=***`);
  return { host: url.host, path: `${url.pathname}${query.length ? `?${query.join("&")}` : ""}` };
}

/** The line of a request record. */
export function formatRequestLine(record: RequestRecord): string {
  const parts = [
    record.status === undefined ? "no response" : String(record.status),
    `${record.bytes} bytes`,
  ];
  if (record.firstByteMs !== undefined) parts.push(`first byte ${formatWait(record.firstByteMs)}`);
  parts.push(`total ${formatWait(record.totalMs)}`);
  const count = record.retries.length;
  parts.push(
    count === 0
      ? "no retry"
      : `${count} ${count === 1 ? "retry" : "retries"} (${record.retries.join(", ")})`,
  );
  const failure = record.error ? `; failed: ${record.error}` : "";
  return `request ${record.provider} ${record.method} ${record.host}${record.path}: ${
    parts.join(", ")
  }${failure}`;
}

/** Options of {@linkcode createRequestLog}. */
export interface RequestLogOptions {
  provider: string;
  /** Told once per request, when its body ends, fails or is cancelled. */
  write: (record: RequestRecord) => void;
  /** The clock in milliseconds; `performance.now` by default. */
  now?: () => number;
}

/** A logging fetch, and where the retrying layer reports each retry. */
export interface RequestLog {
  fetch: typeof fetch;
  /** Counts a retry against every request in flight. */
  noteRetry(reason: string): void;
}

/** Wraps a fetch so that each request ends with one {@linkcode RequestRecord}. */
export function createRequestLog(underlying: typeof fetch, options: RequestLogOptions): RequestLog {
  const now = options.now ?? (() => performance.now());
  const inFlight = new Set<string[]>();
  const logged = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const started = now();
    const retries: string[] = [];
    inFlight.add(retries);
    let written = false;
    const write = (fields: Partial<RequestRecord> & { bytes: number }) => {
      if (written) return;
      written = true;
      inFlight.delete(retries);
      options.write({
        provider: options.provider,
        method,
        ...describeTarget(url),
        totalMs: Math.round(now() - started),
        retries,
        ...fields,
      });
    };
    let response: Response;
    try {
      response = await underlying(input, init);
    } catch (error) {
      write({ bytes: 0, error: oneLine(error) });
      throw error;
    }
    const status = response.status;
    if (!response.body) {
      write({ status, bytes: 0 });
      return response;
    }
    const reader = response.body.getReader();
    let bytes = 0;
    let firstByteMs: number | undefined;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          write({ status, bytes, firstByteMs, error: oneLine(error) });
          controller.error(error);
          return;
        }
        if (next.done) {
          write({ status, bytes, firstByteMs });
          controller.close();
          return;
        }
        firstByteMs ??= Math.round(now() - started);
        bytes += next.value.byteLength;
        controller.enqueue(next.value);
      },
      async cancel(reason) {
        write({ status, bytes, firstByteMs, error: "cancelled before the end" });
        await reader.cancel(reason).catch(() => {});
      },
    }, { highWaterMark: 0 });
    return new Response(body, {
      status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return {
    fetch: logged as typeof fetch,
    noteRetry(reason) {
      for (const retries of inFlight) retries.push(reason);
    },
  };
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").slice(0, 200);
}
