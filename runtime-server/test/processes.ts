// Real processes for the integration tests: the server entry (src/server.ts under tsx) and a private redis-server.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const serverEntry = join(repoRoot, 'runtime-server/src/server.ts');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Keeps the last `limit` characters a child wrote, for failure messages. */
function tail(child: ChildProcess, limit = 64 * 1024): () => string {
  let text = '';
  const add = (d: Buffer) => {
    text += d.toString();
    if (text.length > limit * 2) text = text.slice(-limit);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => text.slice(-limit);
}

/** Every line the child wrote at pino level error or fatal (50, 60), or to stderr, however long it ran. */
function errorLines(child: ChildProcess): () => string[] {
  const lines: string[] = [];
  let partial = '';
  child.stdout?.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) if (/"level":(50|60)\b/.test(line)) lines.push(line);
  });
  child.stderr?.on('data', (d: Buffer) => lines.push(d.toString()));
  return () => [...lines];
}

/** SIGTERM to the child's process group, SIGKILL if it has not exited after `graceMs`. */
async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote recently (stdout and stderr). */
  output(): string;
  /** Every error- or fatal-level log line and everything on stderr since the start. */
  errors(): string[];
  stop(): Promise<void>;
}

/** Starts `node --import tsx runtime-server/src/server.ts` on a free port and waits until /readyz answers 200. */
export async function startServerProcess(env: Record<string, string>, readyWithinMs = 60_000): Promise<ServerProcess> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' };
  // Its own process group, so stop() reaches everything it started.
  const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
    cwd: repoRoot,
    env: childEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = tail(child);
  const errors = errorLines(child);
  const url = `http://127.0.0.1:${port}`;
  const proc: ServerProcess = { url, child, output, errors, stop: () => stopGroup(child) };
  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) return proc;
    await sleep(100);
  }
  await proc.stop();
  throw new Error(`server not ready within ${readyWithinMs} ms:\n${output()}`);
}

/** True when something on `port` answers PING with +PONG. */
export function redisAnswers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
  });
}

export interface RedisProcess {
  port: number;
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL (a crash: no shutdown save) and wait for the exit. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `redis-server` on `port` with extra arguments and waits until it answers PING. */
export async function startRedisServer(port: number, args: string[] = []): Promise<RedisProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = tail(child, 16 * 1024);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const proc: RedisProcess = {
    port,
    url: `redis://127.0.0.1:${port}`,
    child,
    output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: () => stopGroup(child),
  };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${output()}`);
    if (await redisAnswers(port)) return proc;
    await sleep(50);
  }
  await proc.stop();
  throw new Error(`redis-server did not answer on ${port}:\n${output()}`);
}
