import { connect } from 'node:net';

export interface HostPort {
  host: string;
  port: number;
}

/** Parses "host:port" (or "[v6]:port"); throws with the offending text when it is not one. */
export function parseHostPort(text: string, what: string): HostPort {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(text.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || !match[1] || !(port > 0 && port < 65536)) {
    throw new Error(`${what}: expected host:port, got "${text}"`);
  }
  return { host: match[1], port };
}

/** Resolves whether a TCP connection to host:port is accepted within timeoutMs. */
export function canConnect({ host, port }: HostPort, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** Reads a port number from the environment, falling back to a default. */
export function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port >= 65536) {
    throw new Error(`${name} must be a TCP port number, got "${raw}"`);
  }
  return port;
}
