/**
 * Time limits on slow and idle clients, which Deno.serve does not have: a client that opens a
 * connection and sends nothing, or sends its request headers a byte at a time (slowloris), would
 * hold a connection open for ever. The guard accepts the connections itself and relays their
 * bytes to the HTTP server on a loopback port, closing a connection when
 *   - a request's headers are not complete (blank line seen) `headers` ms after their first byte;
 *   - no byte has moved either way for `idle` ms (a silent client, an idle keep-alive connection,
 *     or a client that stopped reading its answer).
 * A slow but steady download keeps moving bytes, so it is never cut.
 * The site is GET/HEAD only (other methods get 405): bytes after a blank line are taken as the
 * next request's head, so a request body would have to look like one in time too.
 */

/** Bounds on slow and idle clients, in ms. */
export interface ClientTimeouts {
  /** From a request's first byte to the blank line that ends its headers. */
  headers: number;
  /** With no byte moving in either direction. */
  idle: number;
}

export const DEFAULT_CLIENT_TIMEOUTS: Readonly<ClientTimeouts> = { headers: 15_000, idle: 60_000 };

/** The end of a request's head. */
const BLANK_LINE = [13, 10, 13, 10];

/** One relayed connection and its clocks. */
class Relay {
  lastActivity = Date.now();
  /** When the request head being read began; undefined between requests. */
  headStarted: number | undefined;
  /** How much of BLANK_LINE the last bytes matched. */
  matched = 0;
  closed = false;

  constructor(readonly client: Deno.Conn, readonly upstream: Deno.Conn) {}

  /** Follows the client's bytes through request heads. */
  fromClient(chunk: Uint8Array): void {
    for (const byte of chunk) {
      this.headStarted ??= Date.now();
      if (byte === BLANK_LINE[this.matched]) this.matched++;
      else this.matched = byte === 13 ? 1 : 0;
      if (this.matched === BLANK_LINE.length) {
        this.headStarted = undefined;
        this.matched = 0;
      }
    }
  }

  /** Why this connection should be closed now, if it should. */
  expired(now: number, timeouts: ClientTimeouts): string | undefined {
    if (this.headStarted !== undefined && now - this.headStarted > timeouts.headers) {
      return "request headers too slow";
    }
    if (now - this.lastActivity > timeouts.idle) return "idle";
    return undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const conn of [this.client, this.upstream]) {
      try {
        conn.close();
      } catch { /* already closed by the other side */ }
    }
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array, onProgress: () => void) {
  let offset = 0;
  while (offset < bytes.length) {
    offset += await conn.write(bytes.subarray(offset));
    onProgress();
  }
}

/** Copies `from` to `to` until either side ends; `onChunk` sees each chunk first. */
async function pump(
  relay: Relay,
  from: Deno.Conn,
  to: Deno.Conn,
  onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  const buffer = new Uint8Array(64 * 1024);
  const touch = () => relay.lastActivity = Date.now();
  try {
    while (!relay.closed) {
      const n = await from.read(buffer);
      if (n === null) break;
      touch();
      const chunk = buffer.subarray(0, n);
      onChunk(chunk);
      await writeAll(to, chunk, touch);
    }
  } catch {
    // A reset or a close by the other pump or by the clock: the relay ends either way.
  }
}

/** A running guard: `close()` stops accepting and closes every relayed connection. */
export interface ConnectionGuard {
  close(): Promise<void>;
}

/**
 * Accepts connections on `listener` and relays each to the HTTP server at 127.0.0.1:`upstreamPort`
 * under `timeouts`; `onExpire` hears of every connection closed by a clock.
 */
export function guardConnections(
  listener: Deno.Listener,
  upstreamPort: number,
  timeouts: ClientTimeouts = DEFAULT_CLIENT_TIMEOUTS,
  onExpire: (reason: string) => void = () => {},
): ConnectionGuard {
  for (const [name, ms] of Object.entries(timeouts)) {
    if (!(Number.isFinite(ms) && ms > 0)) {
      throw new RangeError(`timeouts.${name} must be a positive number of ms, got ${ms}`);
    }
  }
  const relays = new Set<Relay>();
  const running = new Set<Promise<void>>();
  // One clock for all connections, ticking several times per bound so a close is never late by
  // more than a fraction of it.
  const tick = Math.max(20, Math.min(timeouts.headers, timeouts.idle) / 5);
  const clock = setInterval(() => {
    const now = Date.now();
    for (const relay of relays) {
      const reason = relay.expired(now, timeouts);
      if (reason) {
        relay.close();
        onExpire(reason);
      }
    }
  }, tick);

  async function serveConnection(client: Deno.Conn): Promise<void> {
    let upstream: Deno.Conn;
    try {
      upstream = await Deno.connect({ hostname: "127.0.0.1", port: upstreamPort });
    } catch {
      client.close();
      return;
    }
    // Bytes go on at once: with Nagle's algorithm a relayed small answer waited for the peer's
    // delayed ACK, some 40 ms a request.
    for (const conn of [client, upstream]) (conn as Deno.TcpConn).setNoDelay(true);
    const relay = new Relay(client, upstream);
    relays.add(relay);
    const toServer = pump(relay, client, upstream, (chunk) => relay.fromClient(chunk)).then(() => {
      // The client finished sending: let the server see the end, and still answer.
      if (!relay.closed) (upstream as Deno.TcpConn).closeWrite().catch(() => relay.close());
    });
    // The server's side ending (it closed, or the client stopped taking bytes) ends the relay.
    await pump(relay, upstream, client, () => {});
    relay.close();
    await toServer;
    relays.delete(relay);
  }

  const accepting = (async () => {
    try {
      for await (const client of listener) {
        const done = serveConnection(client);
        running.add(done);
        done.finally(() => running.delete(done));
      }
    } catch {
      // The listener was closed.
    }
  })();

  return {
    async close() {
      clearInterval(clock);
      try {
        listener.close();
      } catch { /* closed already */ }
      await accepting;
      for (const relay of relays) relay.close();
      await Promise.allSettled([...running]);
    },
  };
}
