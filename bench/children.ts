/**
 * Starts a bench server (bare-server.ts or app-server.ts) in its own Node process on a free
 * 127.0.0.1 port, waits until it answers, and stops it again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export type Server = Readonly<{
  name: string;
  url: string;
  /** The JSON line the server printed once it was listening. */
  hello: Record<string, unknown>;
}>;

/** Every child started and not yet exited, ready or not, so that stopAll() leaves none behind. */
const running = new Set<ChildProcess>();

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function firstLine(child: ChildProcess, name: string, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error(`${name}: no stdout`));
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`${name} exited (${code}) before it was ready:\n${stderr()}`)),
    );
  });
}

/** Polls GET /health until it answers 200, for at most timeoutMs. */
async function waitUntilAnswering(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (!running.has(child)) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}

export async function startServer(
  name: string,
  file: string,
  env: Record<string, string> = {},
): Promise<Server> {
  const port = await freePort();
  // A child gets a database URL only when it is given one explicitly.
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [file], {
    env: { ...inherited, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const hello = JSON.parse(await firstLine(child, name, () => stderr)) as Record<string, unknown>;
    await waitUntilAnswering(url, 30_000);
    return { name, url, hello };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
