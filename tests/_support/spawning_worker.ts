/**
 * A worker thread that starts child processes one after another until it is
 * terminated, as the end-to-end tests of another shard do in the same test
 * process: each child holds a copy of every open file of the process from
 * its start to its `exec`, the locks on them included.
 *
 * @module
 */

/** Starts the worker; dispose of the result to stop it. Resolves once the first child ran. */
export async function startSpawningWorker(): Promise<AsyncDisposable> {
  const worker = new Worker(new URL("./_spawning_worker_main.ts", import.meta.url).href, {
    type: "module",
  });
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(`The spawning worker failed: ${event.message}`));
    };
  });
  return { [Symbol.asyncDispose]: () => Promise.resolve(worker.terminate()) };
}
