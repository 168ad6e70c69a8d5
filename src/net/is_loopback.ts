/**
 * Whether a host name is the local machine: `localhost`, `127.0.0.0/8` or
 * `[::1]`, also written with a trailing dot (`localhost.`) or, for
 * `127.0.0.0/8`, as an IPv4-mapped IPv6 address (`[::ffff:127.0.0.1]`,
 * which `URL` writes `[::ffff:7f00:1]`). Plain HTTP is allowed only to these,
 * and a proxy never carries a request to them.
 *
 * @module
 */

/** Whether `hostname` (as `URL.hostname` gives it) is a loopback host. */
export function isLoopbackHost(hostname: string): boolean {
  // A trailing dot names the same host (`URL` keeps it on names, drops it from IPv4 addresses).
  const host = hostname.toLowerCase().replace(/(?<=[^.])\.$/, "");
  if (host === "localhost" || host === "[::1]" || host === "::1") return true;
  const mapped = /^\[?::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}\]?$/.exec(host);
  if (mapped) return parseInt(mapped[1], 16) >> 8 === 127;
  const octets = host.split(".");
  return octets.length === 4 && octets[0] === "127" &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}
