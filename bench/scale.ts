// `pnpm bench [--duration 15] [--rounds 2] [--warmup 5] [--connections 100,1000] [--sessions 100000]
//             [--stage-turns 3000] [--no-build] [--skip-memory] [--profile]`
//
// How far one Statecraft server goes, against a floor: the product (the built bundle runtime-server/dist/server.js,
// Redis session store, its own key prefix, rate limits off, LOG_LEVEL=warn, and otherwise its production defaults: with
// Redis that is a cluster primary with one worker per core), the same bundle as one plain process (WORKERS=0), and a
// baseline (bench/baseline-server.mjs: the same Fastify and ioredis in one process, one route doing one pipelined
// HGETALL + HSET + EXPIRE and answering a small JSON) run as child processes on this machine and this Redis, and
// autocannon (as a library, in this process) drives them with the same traffic: every connection loops over tickets
// conversations (bench/conversations.ts, Chinese and English; book, change, cancel), each with a uid of its own, one
// turn per request (autocannon's `requests` array, one entry per turn, `setupRequest` picking a fresh uid and script
// when a connection starts a conversation). Phases: a warm-up, then at each connection count `--rounds` rounds (the
// servers in turn, the order reversed every round), added up per server.
// A benchmark, not a test: it asserts nothing, and prints
//   1. the load table (requests/s, p50/p95/p99/max latency, errors, non-2xx; product/baseline ratio),
//   2. the per-stage cost of one turn measured in-process (bench/stage-costs.ts),
//   3. memory: the product's RSS (primary and workers) before and after creating --sessions sessions over HTTP (one
//      turn each, 200 connections), Redis MEMORY USAGE of idle session keys and the sizes of their hash fields,
// writes docs/performance-latency.svg (latency percentiles vs connections), and ends with one JSON line.
// --profile instead runs the product alone (one process) under --cpu-prof at the first connection count and prints
// where its CPU time goes, by source file (through the bundle's source map) and by function.
// --what-if instead compares, at each connection count, the product as built with variants that change one thing
// (VARIANTS: one process; Node's default listen backlog; no ioredis auto-pipelining; Node's round-robin cluster
// scheduling), given as an environment variable or as one line changed in a bundle built to a temporary directory.
//
// Uses REDIS_URL (default redis://127.0.0.1:6379); every key it writes is under a prefix of its own, expires within an
// hour and is deleted at the end (SCAN + UNLINK).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type RequestSpec, type Result } from 'autocannon';
import { Redis } from 'ioredis';
import { WORKER_V8_FLAGS } from '../runtime-server/src/cluster.ts';
import { DEFAULT_COMPRESS_ABOVE } from '../runtime-server/src/store/field-compression.ts';
import { freePort } from '../runtime-server/test/processes.ts';
import { CONVERSATIONS, TURNS_PER_CONVERSATION } from './conversations.ts';
import { deleteKeys, measureStageCosts, STAGE_LABELS, STAGES, type StageCosts } from './stage-costs.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const SERVER_BUNDLE = join(ROOT, 'runtime-server/dist/server.js');
const BASELINE = join(HERE, 'baseline-server.mjs');
const CHART = join(ROOT, 'docs/performance-latency.svg');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BOT = 'tickets';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '100,1000' },
    sessions: { type: 'string', default: '100000' },
    'stage-turns': { type: 'string', default: '3000' },
    'no-build': { type: 'boolean', default: false },
    'skip-memory': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'what-if': { type: 'boolean', default: false },
  },
});
const DURATION_S = Number(args.duration);
/**
 * The measured time of each server at each connection count is split into this many rounds, taken in turn
 * (product, one process, baseline, then the reverse order, …), and the rounds are added up: this VM's speed drifts
 * by tens of percent within minutes, and one long phase per server would put the drift into the ratio.
 */
const ROUNDS = Math.max(1, Math.round(Number(args.rounds)));
const WARMUP_S = Number(args.warmup);
const CONNECTIONS = args.connections.split(',').map(Number);
const SESSIONS = Number(args.sessions);
const STAGE_TURNS = Number(args['stage-turns']);
const runId = randomBytes(3).toString('hex');
const PRODUCT_PREFIX = `scbench:${runId}:`;
const BASELINE_PREFIX = `scbase:${runId}:`;
const started = performance.now();
const log = (message: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);

// ---------------------------------------------------------------------------------------------------------------
// Child processes

interface Server {
  /** `product`: as configured for production (Redis, cluster workers by default); `product-1p`: WORKERS=0. */
  name: 'product' | 'product-1p' | 'baseline';
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startServer(name: Server['name'], script: string, env: Record<string, string>, nodeFlags: string[] = []): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeFlags, script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const keep = (d: Buffer) => (text = (text + d.toString()).slice(-16_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const server: Server = {
    name,
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => text,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} server exited with ${child.exitCode}:\n${text}`);
    if (await fetch(`${server.url}/readyz`).then((r) => r.ok, () => false)) return server;
    await sleep(100);
  }
  await server.stop();
  throw new Error(`${name} server not ready within 90 s:\n${text}`);
}

/** A process and its children (a cluster primary and its workers), from /proc. */
function processTree(pid: number): number[] {
  const pids = [pid];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/** Resident set size now and at its peak (VmHWM), in bytes, summed over the process and its children, from /proc. */
function rssOf(pid: number): { rss: number; peak: number } {
  let rss = 0;
  let peak = 0;
  for (const p of processTree(pid)) {
    const status = readFileSync(`/proc/${p}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    rss += kb('VmRSS');
    peak += kb('VmHWM');
  }
  return { rss, peak };
}

/** CPU time (user + system) a process and its children have used, in ms, from /proc/<pid>/stat. */
function cpuMsOf(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Linux's count of connections dropped because a listen queue was full (TcpExt ListenOverflows), machine-wide. */
function listenOverflows(): number {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const header = lines.find((l) => l.startsWith('TcpExt:'))!.split(/\s+/);
    const values = lines.filter((l) => l.startsWith('TcpExt:'))[1]!.split(/\s+/);
    return Number(values[header.indexOf('ListenOverflows')]);
  } catch {
    return NaN;
  }
}

/** Other benchmarks or busy processes on this machine (read from /proc; nothing is touched). */
function busyNeighbours(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (/nlu-baseline|bench:nlu|autocannon|vitest|playwright/.test(cmd) && !cmd.includes('bench/scale.ts')) found.push(`${pid} ${cmd.slice(0, 100)}`);
    } catch {
      // gone
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Load

let uidCounter = 0;

export interface Phase {
  server: Server['name'];
  connections: number;
  /** Completed requests per second over the phase. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Connection errors and timeouts (autocannon's `errors`, which counts timeouts too). */
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: number;
  /** Conversations that reached their last turn, and of those how many ended with the expected action (product). */
  conversationsFinished: number;
  conversationsOk: number;
  /** Server CPU ms per request, Redis CPU ms per request, load generator CPU ms per request. */
  serverCpuUsPerReq: number;
  redisCpuUsPerReq: number;
  clientCpuUsPerReq: number;
  /** Connection attempts the kernel dropped because the server's accept queue was full, during the phase. */
  listenOverflows: number;
  /** Errors by kind (error code or message), e.g. "request timed out", "ECONNRESET". */
  errorKinds: Record<string, number>;
  /** Responses slower than 2 s, and how many of them answered the first request of a new connection. */
  slow: number;
  slowFirstOnConnection: number;
  /** Measured seconds, and every response's latency (sorted), so that rounds can be added up (`mergeRounds`). */
  durationS: number;
  latencies: Float64Array;
}

/** One phase from several rounds of the same server at the same connection count: totals added, percentiles over all. */
export function mergeRounds(rounds: Phase[]): Phase {
  const [first] = rounds;
  if (!first) throw new Error('no rounds to merge');
  if (rounds.length === 1) return first;
  const sum = (f: (p: Phase) => number) => rounds.reduce((n, p) => n + f(p), 0);
  const completed = sum((p) => p.latencies.length);
  const perRequest = (f: (p: Phase) => number) => sum((p) => f(p) * p.latencies.length) / Math.max(1, completed);
  const latencies = new Float64Array(completed);
  let at = 0;
  for (const p of rounds) {
    latencies.set(p.latencies, at);
    at += p.latencies.length;
  }
  latencies.sort();
  const errorKinds: Record<string, number> = {};
  for (const p of rounds) for (const [kind, n] of Object.entries(p.errorKinds)) errorKinds[kind] = (errorKinds[kind] ?? 0) + n;
  const durationS = sum((p) => p.durationS);
  return {
    server: first.server,
    connections: first.connections,
    rps: completed / durationS,
    ...latencySummary(latencies),
    errors: sum((p) => p.errors),
    timeouts: sum((p) => p.timeouts),
    non2xx: sum((p) => p.non2xx),
    requests: sum((p) => p.requests),
    conversationsFinished: sum((p) => p.conversationsFinished),
    conversationsOk: sum((p) => p.conversationsOk),
    serverCpuUsPerReq: perRequest((p) => p.serverCpuUsPerReq),
    redisCpuUsPerReq: perRequest((p) => p.redisCpuUsPerReq),
    clientCpuUsPerReq: perRequest((p) => p.clientCpuUsPerReq),
    listenOverflows: sum((p) => p.listenOverflows),
    errorKinds,
    slow: sum((p) => p.slow),
    slowFirstOnConnection: sum((p) => p.slowFirstOnConnection),
    durationS,
    latencies,
  };
}

function percentileOf(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

function latencySummary(sorted: Float64Array): Pick<Phase, 'p50' | 'p95' | 'p99' | 'max'> {
  return {
    p50: percentileOf(sorted, 50),
    p95: percentileOf(sorted, 95),
    p99: percentileOf(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : NaN,
  };
}

async function redisCpuMs(admin: Redis): Promise<number> {
  const info = await admin.info('cpu');
  const value = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return (value('used_cpu_sys') + value('used_cpu_user')) * 1000;
}

/** The requests array: one entry per turn; the first picks a fresh uid and a script for the connection's next conversation. */
function conversationRequests(tag: string, check: boolean, tally: { finished: number; ok: number }, finishedUids?: string[]) {
  return Array.from({ length: TURNS_PER_CONVERSATION }, (_, turn) => ({
    method: 'POST',
    path: '/v1/chat',
    setupRequest(request: RequestSpec, context: Record<string, unknown>) {
      if (turn === 0) {
        const n = uidCounter++;
        context.uid = `${tag}-${runId}-${n}`;
        context.script = n % CONVERSATIONS.length;
      }
      const script = CONVERSATIONS[context.script as number]!;
      request.body = JSON.stringify({ uid: context.uid, text: script.turns[turn] });
      return request;
    },
    ...(turn === TURNS_PER_CONVERSATION - 1
      ? {
          onResponse(status: number, body: string, context: Record<string, unknown>) {
            tally.finished++;
            const script = CONVERSATIONS[context.script as number]!;
            if (status === 200 && (!check || body.includes(`"name":"${script.finalAction}"`))) {
              tally.ok++;
              if (finishedUids && finishedUids.length < 5000) finishedUids.push(context.uid as string);
            }
          },
        }
      : {}),
  }));
}

async function drive(server: Server, connections: number, durationS: number, admin: Redis, finishedUids?: string[]): Promise<Phase> {
  const tally = { finished: 0, ok: 0 };
  const latencies: number[] = [];
  const cpuBefore = cpuMsOf(server.child.pid!);
  const redisBefore = await redisCpuMs(admin);
  const clientBefore = process.cpuUsage();
  const overflowsBefore = listenOverflows();
  const instance = autocannon({
    url: server.url,
    connections,
    duration: durationS,
    timeout: 10,
    headers: { 'content-type': 'application/json' },
    requests: conversationRequests(`${server.name === 'product-1p' ? 's' : server.name[0]}${connections}`, server.name !== 'baseline', tally, finishedUids),
  });
  let slow = 0;
  let slowFirstOnConnection = 0;
  instance.on('response', (client: { reqsMade?: number }, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    if (responseTime > 2000) {
      slow++;
      if (client.reqsMade === 1) slowFirstOnConnection++;
    }
  });
  const errorKinds: Record<string, number> = {};
  instance.on('reqError', (error: Error & { code?: string }) => {
    const kind = error.code ?? error.message;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  });
  const result: Result = await instance;
  const clientCpu = process.cpuUsage(clientBefore);
  const serverCpuMs = cpuMsOf(server.child.pid!) - cpuBefore;
  const redisMs = (await redisCpuMs(admin)) - redisBefore;
  const sorted = Float64Array.from(latencies).sort();
  const requests = result.requests.total;
  const completed = latencies.length;
  return {
    server: server.name,
    connections,
    rps: completed / result.duration,
    ...latencySummary(sorted),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    requests,
    conversationsFinished: tally.finished,
    conversationsOk: tally.ok,
    serverCpuUsPerReq: (serverCpuMs * 1000) / Math.max(1, completed),
    redisCpuUsPerReq: (redisMs * 1000) / Math.max(1, completed),
    clientCpuUsPerReq: (clientCpu.user + clientCpu.system) / Math.max(1, completed),
    listenOverflows: listenOverflows() - overflowsBefore,
    errorKinds,
    slow,
    slowFirstOnConnection,
    durationS: result.duration,
    latencies: sorted,
  };
}

/** Creates `count` sessions, one turn each, over HTTP with 200 connections; returns requests/s and failures. */
async function createSessions(server: Server, count: number): Promise<{ seconds: number; rps: number; failed: number }> {
  let n = 0;
  const openers = CONVERSATIONS.map((c) => c.turns[0]!);
  const t = performance.now();
  const result: Result = await autocannon({
    url: server.url,
    connections: 200,
    amount: count,
    timeout: 20,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        path: '/v1/chat',
        setupRequest(request: RequestSpec) {
          const i = n++;
          request.body = JSON.stringify({ uid: `m-${runId}-${i}`, text: openers[i % openers.length] });
          return request;
        },
      },
    ],
  });
  const seconds = (performance.now() - t) / 1000;
  return { seconds, rps: result['2xx'] / seconds, failed: result.errors + result.non2xx };
}

// ---------------------------------------------------------------------------------------------------------------
// Redis sizes

interface SessionSizes {
  sampled: number;
  /** Mean MEMORY USAGE (bytes) of the sampled keys. */
  memoryUsage: number;
  /** Mean stored length (bytes) of each hash field. */
  fields: Record<string, number>;
}

async function sessionSizes(admin: Redis, keys: string[]): Promise<SessionSizes> {
  const fields = ['snapshot', 'slots', 'orders', 'turns', 'flow', 'locale', 'turn', 'rev'];
  let usage = 0;
  let sampled = 0;
  const lengths: Record<string, number> = Object.fromEntries(fields.map((f) => [f, 0]));
  for (const key of keys) {
    const pipeline = admin.pipeline();
    pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    for (const f of fields) pipeline.hstrlen(key, f);
    const results = (await pipeline.exec()) ?? [];
    const bytes = results[0]?.[1] as number | null;
    if (!bytes) continue;
    sampled++;
    usage += bytes;
    fields.forEach((f, i) => (lengths[f]! += Number(results[i + 1]?.[1] ?? 0)));
  }
  return {
    sampled,
    memoryUsage: sampled ? usage / sampled : NaN,
    fields: Object.fromEntries(fields.map((f) => [f, sampled ? lengths[f]! / sampled : NaN])),
  };
}

async function usedMemory(admin: Redis): Promise<number> {
  const info = await admin.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN);
}

// ---------------------------------------------------------------------------------------------------------------
// Output

const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const SERVER_ORDER = ['product', 'product-1p', 'baseline'] as const;
let productWorkers = 0;
const SERVER_LABELS: Record<Server['name'], string> = {
  get product() {
    return `product (${productWorkers} workers)`;
  },
  'product-1p': 'product (1 process)',
  baseline: 'baseline',
};

function loadTable(phases: Phase[]): string {
  const rows: string[][] = [];
  for (const connections of CONNECTIONS) {
    const baseline = phases.find((p) => p.server === 'baseline' && p.connections === connections);
    for (const name of SERVER_ORDER) {
      const p = phases.find((q) => q.server === name && q.connections === connections);
      if (!p) continue;
      rows.push([
        String(connections), SERVER_LABELS[p.server], fmt(p.rps, 0), fmt(p.p50), fmt(p.p95), fmt(p.p99), fmt(p.max),
        `${p.errors}${p.timeouts ? ` (${p.timeouts} timeouts)` : ''}`, String(p.non2xx),
        p.server !== 'baseline' && baseline ? `${fmt(p.rps / baseline.rps, 2)}×` : '',
        fmt(p.serverCpuUsPerReq, 0), fmt(p.redisCpuUsPerReq, 0),
      ]);
    }
  }
  return table(
    ['conns', 'server', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', 'rps ratio', 'server CPU µs/req', 'Redis CPU µs/req'],
    rows,
  );
}

function stageTable(costs: StageCosts): string {
  const keys = [...STAGES.slice(0, 5), 'onnxRun', ...STAGES.slice(5), 'sum', 'handle'] as const;
  return table(
    ['stage', 'mean µs', 'p50 µs'],
    keys.map((k) => [STAGE_LABELS[k], fmt(costs.meanUs[k], 1), k in costs.p50Us ? fmt(costs.p50Us[k as keyof StageCosts['p50Us']], 1) : '']),
  );
}

/** Latency percentiles vs connections, both servers, log-scale y; plain SVG written here (no tools). */
export function latencySvg(phases: Phase[], subtitle: string, workers = productWorkers): string {
  productWorkers = workers;
  const W = 720;
  const H = 440;
  const m = { left: 70, right: 190, top: 56, bottom: 56 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const values = phases.flatMap((p) => [p.p50, p.p95, p.p99]).filter((v) => Number.isFinite(v) && v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const y = (v: number) => m.top + ph - ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * ph;
  const conns = [...CONNECTIONS].sort((a, b) => a - b);
  const x = (c: number) => m.left + (conns.length === 1 ? pw / 2 : (conns.indexOf(c) / (conns.length - 1)) * pw * 0.8 + pw * 0.1);
  const colors = { p50: '#2b8a3e', p95: '#e67700', p99: '#c92a2a' } as const;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${m.left}" y="24" font-size="16" font-weight="bold">POST /v1/chat latency vs connections</text>`,
    `<text x="${m.left}" y="42" fill="#555">${escapeXml(subtitle)}</text>`,
  ];
  for (let e = Math.log10(lo); e <= Math.log10(hi) + 1e-9; e++) {
    for (const k of [1, 2, 5]) {
      const v = k * 10 ** e;
      if (v < lo || v > hi) continue;
      const yy = y(v).toFixed(1);
      out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${yy}" y2="${yy}" stroke="${k === 1 ? '#ccc' : '#eee'}"/>`);
      out.push(`<text x="${m.left - 8}" y="${yy}" text-anchor="end" dominant-baseline="middle" fill="#333">${v >= 1 ? v : v.toPrecision(1)}</text>`);
    }
  }
  out.push(`<text transform="translate(20 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle" fill="#333">latency, ms (log scale)</text>`);
  out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${m.top + ph}" y2="${m.top + ph}" stroke="#333"/>`);
  for (const c of conns) {
    out.push(`<text x="${x(c).toFixed(1)}" y="${m.top + ph + 20}" text-anchor="middle" fill="#333">${c}</text>`);
  }
  out.push(`<text x="${m.left + pw / 2}" y="${H - 12}" text-anchor="middle" fill="#333">concurrent connections</text>`);
  let legendY = m.top + 10;
  for (const server of SERVER_ORDER) {
    for (const pct of ['p50', 'p95', 'p99'] as const) {
      const points = conns
        .map((c) => phases.find((p) => p.server === server && p.connections === c))
        .filter((p): p is Phase => !!p && Number.isFinite(p[pct]) && p[pct] > 0)
        .map((p) => [x(p.connections), y(p[pct]), p[pct]] as const);
      const dash = server === 'baseline' ? ' stroke-dasharray="6 4"' : server === 'product-1p' ? ' stroke-dasharray="2 3"' : '';
      if (points.length > 1) {
        out.push(`<polyline fill="none" stroke="${colors[pct]}" stroke-width="2"${dash} points="${points.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`);
      }
      for (const [a, b, v] of points) {
        out.push(server === 'product'
          ? `<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="4" fill="${colors[pct]}"><title>${server} ${pct} ${v.toFixed(1)} ms</title></circle>`
          : server === 'product-1p'
          ? `<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="4" fill="#fff" stroke="${colors[pct]}" stroke-width="2"><title>${SERVER_LABELS[server]} ${pct} ${v.toFixed(1)} ms</title></circle>`
          : `<rect x="${(a - 4).toFixed(1)}" y="${(b - 4).toFixed(1)}" width="8" height="8" fill="#fff" stroke="${colors[pct]}" stroke-width="2"><title>${server} ${pct} ${v.toFixed(1)} ms</title></rect>`);
        // Values beside the product's points (right) and the baseline's (left); the one-process series has only its
        // tooltip, or the nine labels would pile up on each other.
        if (server !== 'product-1p') {
          const right = server === 'product';
          out.push(`<text x="${(right ? a + 8 : a - 8).toFixed(1)}" y="${(b + 3).toFixed(1)}" text-anchor="${right ? 'start' : 'end'}" font-size="10" fill="${colors[pct]}" stroke="#fff" stroke-width="3" paint-order="stroke">${v < 10 ? v.toFixed(1) : v.toFixed(0)}</text>`);
        }
      }
      const lx = m.left + pw + 20;
      out.push(`<line x1="${lx}" x2="${lx + 30}" y1="${legendY}" y2="${legendY}" stroke="${colors[pct]}" stroke-width="2"${dash}/>`);
      out.push(`<text x="${lx + 38}" y="${legendY}" dominant-baseline="middle">${server === 'product-1p' ? '1 process' : server} ${pct}</text>`);
      legendY += 20;
    }
    legendY += 8;
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// ---------------------------------------------------------------------------------------------------------------
// CPU profile summary (--profile)

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

/** Self time by source file and by function, over the samples taken between `fromUs` and `toUs` (monotonic clock). */
function summarizeProfile(file: string, window: { fromUs: number; toUs: number }): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number };
  const selfUs = new Map<number, number>();
  // V8 stamps samples with the monotonic clock, like process.hrtime: keep the ones inside the measured phase.
  let t = profile.startTime;
  let inWindow = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < window.fromUs || t > window.toUs) return;
    inWindow++;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  if (inWindow === 0) throw new Error('no profile sample falls inside the measured phase');
  const idleIds = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const idleUs = [...idleIds].reduce((s, id) => s + (selfUs.get(id) ?? 0), 0);
  for (const id of idleIds) selfUs.delete(id);
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  let map: SourceMap | undefined;
  try {
    map = new SourceMap(JSON.parse(readFileSync(`${SERVER_BUNDLE}.map`, 'utf8')));
  } catch {
    map = undefined;
  }
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    let where = url ? url.replace(/^file:\/\//, '') : `(${functionName || 'native'})`;
    if (url.endsWith('dist/server.js') && map && lineNumber >= 0) {
      const entry = map.findEntry(lineNumber, columnNumber) as { originalSource?: string };
      if (entry.originalSource) where = resolve(dirname(SERVER_BUNDLE), entry.originalSource.replace(/^file:\/\//, ''));
    }
    where = where.includes('node_modules/')
      ? `npm:${where.split('node_modules/').pop()!.split('/').slice(0, where.split('node_modules/').pop()!.startsWith('@') ? 2 : 1).join('/')}`
      : where.startsWith('/') ? relative(ROOT, where) : where;
    if (where.startsWith('node:')) where = 'node: (core JS)';
    if (where.length > 70) where = `${where.slice(0, 67)}...`;
    byFile.set(where, (byFile.get(where) ?? 0) + us);
    const fn = `${(functionName || '(anonymous)').slice(0, 60)}  ${where.startsWith('npm:') || where.startsWith('(') ? where : basename(where)}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => [k, `${((v / total) * 100).toFixed(1)}%`]);
  return [
    `CPU profile of the product's main thread during the measured phase: busy ${(total / 1e6).toFixed(1)} s, idle ${(idleUs / 1e6).toFixed(1)} s; ` +
      'shares are of the busy time (self time; ONNX Runtime\'s own threads are not in a JS profile):',
    table(['where (source file or package)', 'self'], top(byFile, 25)),
    '',
    table(['function', 'self'], top(byFunction, 30)),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// What-if variant (--what-if)

interface SourcePatch {
  /** Source file (path ending) to change in the bundle. */
  file: RegExp;
  from: string;
  to: string;
}

/**
 * The variants --what-if compares with the product as built: each changes one thing, as an environment variable or as
 * one line in a bundle built to a temporary directory (nothing under runtime-server/ changes).
 */
const VARIANTS: { label: string; env?: Record<string, string>; patches?: SourcePatch[] }[] = [
  { label: 'one process (WORKERS=0)', env: { WORKERS: '0' } },
  { label: "listen backlog 511 (Node's default)", env: { LISTEN_BACKLOG: '511' } },
  {
    label: 'without enableAutoPipelining',
    patches: [{ file: /store[\\/]redis-store\.ts$/, from: 'enableAutoPipelining: true,', to: 'enableAutoPipelining: false,' }],
  },
  {
    label: "round-robin cluster (Node's default)",
    patches: [{ file: /src[\\/]cluster\.ts$/, from: 'cluster.schedulingPolicy = cluster.SCHED_NONE;', to: 'cluster.schedulingPolicy = cluster.SCHED_RR;' }],
  },
];

/**
 * Bundles the server like runtime-server/build.mjs, into a temporary directory, with `patches` applied to the source
 * as it is bundled (an esbuild onLoad hook); runtime-server/ stays as it is. The externals resolve through a
 * node_modules link to runtime-server/node_modules.
 */
async function buildVariant(dir: string, patches: SourcePatch[]): Promise<string> {
  const { build } = await import('esbuild');
  const applied = new Set<SourcePatch>();
  await build({
    absWorkingDir: join(ROOT, 'runtime-server'),
    entryPoints: { server: 'src/server.ts', 'train-worker': 'src/bots/train-worker.ts' },
    outdir: dir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: ['fastify', 'ioredis', 'onnxruntime-node', '@fastify/static', 'pino'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
    plugins: [{
      name: 'what-if',
      setup(b) {
        b.onLoad({ filter: /runtime-server[\\/]src[\\/].*\.ts$/ }, (a) => {
          let source = readFileSync(a.path, 'utf8');
          for (const patch of patches.filter((p) => p.file.test(a.path))) {
            if (!source.includes(patch.from)) continue;
            source = source.replace(patch.from, patch.to);
            applied.add(patch);
          }
          return { contents: source, loader: 'ts' };
        });
      },
    }],
  });
  const missing = patches.filter((p) => !applied.has(p));
  if (missing.length) throw new Error(`--what-if: source changed, cannot find ${missing.map((p) => JSON.stringify(p.from)).join(', ')}`);
  symlinkSync(join(ROOT, 'runtime-server/node_modules'), join(dir, 'node_modules'), 'dir');
  return join(dir, 'server.js');
}

// ---------------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const admin = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  await admin.ping().catch((err: unknown) => {
    throw new Error(`Redis at ${REDIS_URL} does not answer: ${err instanceof Error ? err.message : String(err)}`);
  });
  const redisVersion = /^redis_version:(\S+)/m.exec(await admin.info('server'))?.[1] ?? '?';
  const neighbours = busyNeighbours();
  log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Redis ${redisVersion} at ${REDIS_URL}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (neighbours.length) log(`other benchmarks/tests running on this machine (figures will be noisy):\n  ${neighbours.join('\n  ')}`);

  if (!args['no-build']) {
    log('building runtime-server/dist/server.js');
    const build = spawnSync(process.execPath, ['build.mjs'], { cwd: join(ROOT, 'runtime-server'), stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'scbench-data-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'scbench-prof-'));
  const servers: Server[] = [];
  const cleanup = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    const deleted = (await deleteKeys(admin, PRODUCT_PREFIX)) + (await deleteKeys(admin, BASELINE_PREFIX));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}-1p`, { recursive: true, force: true });
    return deleted;
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  const productEnv = {
    REDIS_URL, REDIS_PREFIX: PRODUCT_PREFIX, RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_UID: '0', LOG_LEVEL: 'warn',
    DATA_DIR: dataDir, EDITOR_TOKEN: randomBytes(16).toString('hex'), SESSION_TTL_SECONDS: '3600', NODE_ENV: 'production',
  };

  try {
    if (args.profile) {
      // One plain process (WORKERS=0): a cluster would write one profile per worker, each with half the load.
      log('--profile: the product alone, one process (WORKERS=0), under --cpu-prof');
      const product = await startServer('product', SERVER_BUNDLE, { ...productEnv, WORKERS: '0' }, [...WORKER_V8_FLAGS, '--cpu-prof', '--cpu-prof-dir', profileDir]);
      servers.push(product);
      await drive(product, CONNECTIONS[0]!, WARMUP_S, admin);
      const fromUs = Number(process.hrtime.bigint() / 1000n);
      const phase = await drive(product, CONNECTIONS[0]!, DURATION_S, admin);
      const toUs = Number(process.hrtime.bigint() / 1000n);
      log(`product at ${phase.connections} connections under the profiler: ${fmt(phase.rps, 0)} req/s, p99 ${fmt(phase.p99)} ms`);
      await product.stop();
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) throw new Error(`no .cpuprofile written:\n${product.output()}`);
      console.log(summarizeProfile(join(profileDir, file), { fromUs, toUs }));
      console.log(`(profile kept at ${join(profileDir, file)}; open it in Chrome DevTools → Performance)`);
      await cleanup();
      return;
    }

    if (args['what-if']) {
      const variantDir = mkdtempSync(join(tmpdir(), 'scbench-variant-'));
      try {
        const bundles: [string, string, Record<string, string>][] = [['as built', SERVER_BUNDLE, {}]];
        for (const [i, variant] of VARIANTS.entries()) {
          const bundle = variant.patches?.length ? await buildVariant(join(variantDir, String(i)), variant.patches) : SERVER_BUNDLE;
          bundles.push([variant.label, bundle, variant.env ?? {}]);
        }
        log(`--what-if: the product as built vs ${VARIANTS.map((v) => v.label).join(' / ')} (one at a time)`);
        const rows: string[][] = [];
        for (const [label, bundle, env] of bundles) {
          // The bundle finds flows/ and editor/dist relative to itself; a variant lives elsewhere, so say where.
          const server = await startServer('product', bundle, { ...productEnv, ...env, BOTS_DIR: join(ROOT, 'flows'), EDITOR_DIR: join(ROOT, 'editor/dist') }, WORKER_V8_FLAGS);
          servers.push(server);
          await drive(server, CONNECTIONS[0]!, WARMUP_S, admin);
          for (const connections of CONNECTIONS) {
            await sleep(1000);
            const p = await drive(server, connections, DURATION_S, admin);
            log(`  ${label} @${connections}: ${fmt(p.rps, 0)} req/s, p99 ${fmt(p.p99)} ms, errors ${p.errors + p.non2xx} ${JSON.stringify(p.errorKinds)}, server CPU ${fmt(p.serverCpuUsPerReq, 0)} µs/req`);
            rows.push([label, String(connections), fmt(p.rps, 0), fmt(p.p50), fmt(p.p99), String(p.errors + p.non2xx), String(p.listenOverflows), fmt(p.serverCpuUsPerReq, 0), fmt(p.redisCpuUsPerReq, 0)]);
          }
          await server.stop();
          servers.splice(servers.indexOf(server), 1);
        }
        console.log(table(['product', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'errors + non-2xx', 'accept-queue overflows', 'server CPU µs/req', 'Redis CPU µs/req'], rows));
      } finally {
        rmSync(variantDir, { recursive: true, force: true });
      }
      await cleanup();
      return;
    }

    // 1. Per-stage costs, in-process, before any server competes for the CPU.
    log(`per-stage cost: ${STAGE_TURNS} turns in-process (training the tickets models first)`);
    const stages = await measureStageCosts({ redisUrl: REDIS_URL, turns: STAGE_TURNS });
    log(`stage costs measured (bot loaded in ${fmt(stages.loadMs / 1000)} s: compiled, models trained or opened from the model cache, warmed up)`);

    // 2. Both servers.
    // The product as it runs in production (Redis, so WORKERS defaults to one worker per core), the same bundle as one
    // plain process (WORKERS=0), and the baseline, which is one process.
    log('starting the product (dist/server.js, default workers), the product as one process (WORKERS=0) and the baseline (bench/baseline-server.mjs)');
    const [product, single, baseline] = await Promise.all([
      startServer('product', SERVER_BUNDLE, productEnv),
      // With the V8 flag `npm start` gives a single process (cluster workers get it from their primary).
      startServer('product-1p', SERVER_BUNDLE, { ...productEnv, WORKERS: '0', DATA_DIR: `${dataDir}-1p` }, WORKER_V8_FLAGS),
      startServer('baseline', BASELINE, { REDIS_URL, REDIS_PREFIX: BASELINE_PREFIX, TTL_SECONDS: '3600', NODE_ENV: 'production' }),
    ]);
    servers.push(product, single, baseline);
    // /readyz answers once the first worker listens; the others finish loading their models a moment later.
    await sleep(8000);
    productWorkers = processTree(product.child.pid!).length - 1;
    const rssIdle = rssOf(product.child.pid!);
    log(`product: a primary and ${productWorkers} workers, RSS after start ${mb(rssIdle.rss)} (all processes); one process: ${mb(rssOf(single.child.pid!).rss)}`);

    // 3. Load: warm-up, then each connection count, every server.
    for (const server of [product, single, baseline]) {
      log(`warm-up ${server.name}: ${WARMUP_S} s at ${CONNECTIONS[0]} connections`);
      await drive(server, CONNECTIONS[0]!, WARMUP_S, admin);
    }
    const phases: Phase[] = [];
    const finishedUids: string[] = [];
    const roundS = DURATION_S / ROUNDS;
    for (const connections of CONNECTIONS) {
      const rounds = new Map<Server, Phase[]>([[product, []], [single, []], [baseline, []]]);
      for (let round = 0; round < ROUNDS; round++) {
        // ABC, CBA, ABC, …: a drift of the machine's speed during the rounds weighs the same on every server.
        const order = round % 2 === 0 ? [product, single, baseline] : [baseline, single, product];
        for (const server of order) {
          await sleep(1000);
          log(`${server.name}: ${connections} connections for ${fmt(roundS)} s, round ${round + 1} of ${ROUNDS} (load average ${loadavg()[0]!.toFixed(2)})`);
          const part = await drive(server, connections, roundS, admin, server === product ? finishedUids : undefined);
          rounds.get(server)!.push(part);
          log(`  ${fmt(part.rps, 0)} req/s, p99 ${fmt(part.p99)} ms, errors ${part.errors + part.non2xx}`);
        }
      }
      for (const server of [product, single, baseline]) {
        const phase = mergeRounds(rounds.get(server)!);
        phases.push(phase);
        log(`${server.name} at ${connections} connections, ${ROUNDS} rounds added up: ${fmt(phase.rps, 0)} req/s, ` +
          `p50 ${fmt(phase.p50)} / p95 ${fmt(phase.p95)} / p99 ${fmt(phase.p99)} / max ${fmt(phase.max)} ms, ` +
          `errors ${phase.errors}${phase.errors ? ` ${JSON.stringify(phase.errorKinds)}` : ''}, non-2xx ${phase.non2xx}, accept-queue overflows ${phase.listenOverflows}` +
          (server !== baseline ? `, conversations ending as scripted ${phase.conversationsOk}/${phase.conversationsFinished}` : ''));
      }
    }
    const rssAfterLoad = rssOf(product.child.pid!);

    // 4. Redis size of idle sessions: conversations the load phases finished (4 turns: booked, changed or refunded).
    const sampleKeys = finishedUids.filter((_, i) => i % Math.max(1, Math.floor(finishedUids.length / 1000)) === 0).slice(0, 1000)
      .map((uid) => `${PRODUCT_PREFIX}${BOT}:${uid}`);
    const finishedSizes = await sessionSizes(admin, sampleKeys);
    log(`idle 4-turn sessions: MEMORY USAGE ${fmt(finishedSizes.memoryUsage, 0)} bytes (mean of ${finishedSizes.sampled} keys)`);

    // 5. Memory: the product's RSS after SESSIONS more sessions (one turn each, over HTTP).
    let memory: {
      created: number; seconds: number; rps: number; failed: number; rssBefore: number; rssAfter: number; rssPeak: number;
      usedBefore: number; usedAfter: number; oneTurn: SessionSizes;
    } | undefined;
    if (!args['skip-memory']) {
      await sleep(1000);
      const usedBefore = await usedMemory(admin);
      const rssBefore = rssOf(product.child.pid!).rss;
      log(`memory: creating ${SESSIONS} sessions over HTTP (one turn each, 200 connections)`);
      const made = await createSessions(product, SESSIONS);
      await sleep(1000);
      const after = rssOf(product.child.pid!);
      const usedAfter = await usedMemory(admin);
      const oneTurnKeys = Array.from({ length: 500 }, (_, i) => `${PRODUCT_PREFIX}${BOT}:m-${runId}-${Math.floor((i * SESSIONS) / 500)}`);
      const oneTurn = await sessionSizes(admin, oneTurnKeys);
      memory = { created: SESSIONS, ...made, rssBefore, rssAfter: after.rss, rssPeak: after.peak, usedBefore, usedAfter, oneTurn };
      log(`  ${fmt(made.seconds)} s (${fmt(made.rps, 0)} sessions/s, ${made.failed} failed); product RSS ${mb(rssBefore)} → ${mb(after.rss)} (peak ${mb(after.peak)})`);
    }

    const deleted = await cleanup();
    log(`servers stopped; ${deleted} benchmark keys deleted`);

    // ---- Report
    const at = (server: Server['name'], c: number) => phases.find((p) => p.server === server && p.connections === c);
    const c0 = CONNECTIONS[0]!;
    const cN = CONNECTIONS[CONNECTIONS.length - 1]!;
    const p100 = at('product', c0);
    const b100 = at('baseline', c0);
    const pN = at('product', cN);
    const s100 = at('product-1p', c0);
    console.log('');
    console.log(`Load: ${DURATION_S} s per server and connection count (${ROUNDS} rounds of ${fmt(roundS)} s, servers taken in turn, ` +
      `order reversed every round) after a ${WARMUP_S} s warm-up; ${CONVERSATIONS.length} scripted conversations ` +
      `(zh/en book, change, cancel; ${TURNS_PER_CONVERSATION} turns, a fresh uid each); latency in ms; errors = connection errors + timeouts.`);
    console.log(loadTable(phases));
    for (const p of phases.filter((q) => q.server !== 'baseline')) {
      console.log(`${SERVER_LABELS[p.server]} at ${p.connections} connections: ${p.conversationsOk} of ${p.conversationsFinished} finished conversations ended with the scripted action (charge/refund).`);
    }
    console.log(`connection attempts dropped by a full accept queue (kernel TcpExt ListenOverflows, machine-wide): ${phases.map((p) => `${p.server}@${p.connections} ${p.listenOverflows}`).join(', ')}`);
    console.log(`responses slower than 2 s (of them, the first request on a new connection): ${phases.map((p) => `${p.server}@${p.connections} ${p.slow} (${p.slowFirstOnConnection})`).join(', ')}`);
    for (const p of phases.filter((q) => q.errors > 0)) console.log(`errors of ${p.server}@${p.connections}: ${JSON.stringify(p.errorKinds)}`);
    console.log(`load generator (autocannon, this process) CPU µs/req: ${phases.map((p) => `${p.server}@${p.connections} ${fmt(p.clientCpuUsPerReq, 0)}`).join(', ')}`);
    console.log('');
    console.log(`Per-stage cost of one turn, in-process, ${stages.turns} turns of the same conversations (after ${400} warm-up turns):`);
    console.log(stageTable(stages));
    console.log('');
    console.log('Memory:');
    console.log(`  product RSS: ${mb(rssIdle.rss)} after start, ${mb(rssAfterLoad.rss)} after the load phases (peak ${mb(rssAfterLoad.peak)})` +
      (memory ? `, ${mb(memory.rssAfter)} after ${memory.created} more sessions (peak ${mb(memory.rssPeak)})` : ''));
    if (memory) {
      console.log(`  ${memory.created} sessions created over HTTP in ${fmt(memory.seconds)} s (${fmt(memory.rps, 0)}/s, 200 connections, one turn each: the first line of a script; ${memory.failed} failed)`);
      console.log(`  Redis used_memory grew ${mb(memory.usedAfter - memory.usedBefore)}: ${fmt((memory.usedAfter - memory.usedBefore) / memory.created, 0)} bytes per one-turn session (key, hash, expiry and allocator overhead)`);
      console.log(`  MEMORY USAGE of idle one-turn sessions: ${fmt(memory.oneTurn.memoryUsage, 0)} bytes (mean of ${memory.oneTurn.sampled}); fields: ${fieldList(memory.oneTurn)}`);
    }
    console.log(`  MEMORY USAGE of idle finished 4-turn sessions: ${fmt(finishedSizes.memoryUsage, 0)} bytes (mean of ${finishedSizes.sampled}); fields: ${fieldList(finishedSizes)}`);
    const long = stages.longSession;
    console.log(`  MEMORY USAGE of one long session (every script twice on one uid: ${long.turns} turns, ${long.historyKept} kept in history, ${long.orders} orders): ` +
      `${fmt(long.memoryUsage, 0)} bytes; fields: ${Object.entries(long.fields).map(([f, v]) => `${f} ${v}`).join(', ')}`);
    console.log(`  its fields over ${DEFAULT_COMPRESS_ABOVE} bytes are stored deflated: ${fmt(long.packUs)} µs to pack them per turn, ${fmt(long.unpackUs)} µs to unpack (in-process, fastest of 5 rounds)`);
    console.log('');
    console.log('Targets:');
    const ratio100 = p100 && b100 ? p100.rps / b100.rps : NaN;
    const errorsN = pN ? pN.errors + pN.non2xx : NaN;
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(`  product ≥ 0.5× baseline req/s at ${c0} connections: ${fmt(ratio100, 2)}× with ${productWorkers} workers — ${verdict(ratio100 >= 0.5)}; ` +
      `as one process ${fmt((s100?.rps ?? NaN) / (b100?.rps ?? NaN), 2)}×`);
    console.log(`  product p99 ≤ 25 ms at ${c0} connections: ${fmt(p100?.p99 ?? NaN)} ms — ${verdict((p100?.p99 ?? Infinity) <= 25)}`);
    console.log(`  zero errors at ${cN} connections: ${errorsN} (errors + non-2xx) — ${verdict(errorsN === 0)}`);
    console.log(`  ≤ 2 KB of Redis per idle session: ${kb(finishedSizes.memoryUsage)} (finished 4-turn session) — ${verdict(finishedSizes.memoryUsage <= 2048)}; ` +
      `a long session (${long.historyKept}-turn history, ${long.orders} orders) takes ${kb(long.memoryUsage)} — ${verdict(long.memoryUsage <= 2048)}`);

    const subtitle = `${cpus().length} cores, ${DURATION_S} s per point, ${new Date().toISOString().slice(0, 10)}; product (${productWorkers} workers) solid, 1 process dotted, baseline dashed`;
    writeFileSync(CHART, latencySvg(phases, subtitle));
    console.log(`chart: ${relative(ROOT, CHART)}`);
    console.log(`total time ${fmt((performance.now() - started) / 1000)} s`);

    const summary = {
      ratio100: round(ratio100, 3),
      productRps100: round(p100?.rps ?? NaN, 0),
      baselineRps100: round(b100?.rps ?? NaN, 0),
      p99ms100: round(p100?.p99 ?? NaN, 2),
      errors1000: errorsN,
      redisBytesPerSession: round(finishedSizes.memoryUsage, 0),
      connections: CONNECTIONS,
      productWorkers,
      ratio100SingleProcess: round((s100?.rps ?? NaN) / (b100?.rps ?? NaN), 3),
      singleProcessRps100: round(s100?.rps ?? NaN, 0),
      singleProcessP99ms100: round(s100?.p99 ?? NaN, 2),
      singleProcessErrors1000: (() => {
        const p = at('product-1p', cN);
        return p ? p.errors + p.non2xx : null;
      })(),
      ratio1000: round((pN?.rps ?? NaN) / (at('baseline', cN)?.rps ?? NaN), 3),
      productRps1000: round(pN?.rps ?? NaN, 0),
      baselineRps1000: round(at('baseline', cN)?.rps ?? NaN, 0),
      p99ms1000: round(pN?.p99 ?? NaN, 1),
      baselineP99ms100: round(b100?.p99 ?? NaN, 2),
      conversationsOk: phases.filter((p) => p.server !== 'baseline').reduce((s, p) => s + p.conversationsOk, 0),
      conversationsFinished: phases.filter((p) => p.server !== 'baseline').reduce((s, p) => s + p.conversationsFinished, 0),
      redisBytesPerOneTurnSession: memory ? round(memory.oneTurn.memoryUsage, 0) : null,
      redisBytesLongSession: round(stages.longSession.memoryUsage, 0),
      redisUsedMemoryPerSession: memory ? round((memory.usedAfter - memory.usedBefore) / memory.created, 0) : null,
      serverRssMB: { start: round(rssIdle.rss / 2 ** 20, 1), afterLoad: round(rssAfterLoad.rss / 2 ** 20, 1), after100k: memory ? round(memory.rssAfter / 2 ** 20, 1) : null },
      stageMeanUs: Object.fromEntries(Object.entries(stages.meanUs).map(([k, v]) => [k, round(v, 1)])),
      loadAverage: round(loadavg()[0]!, 2),
      neighbours: neighbours.length,
      totalSeconds: round((performance.now() - started) / 1000, 0),
    };
    console.log(JSON.stringify(summary));
  } finally {
    await cleanup().catch(() => undefined);
    if (!args.profile) rmSync(profileDir, { recursive: true, force: true });
    admin.disconnect();
  }
}

function fieldList(sizes: SessionSizes): string {
  return Object.entries(sizes.fields).map(([f, v]) => `${f} ${fmt(v, 0)}`).join(', ');
}

function round(v: number, digits: number): number | null {
  return Number.isFinite(v) ? Number(v.toFixed(digits)) : null;
}

// Runs as a script; imported (to redraw the chart from a run's figures), it only provides its functions.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exit(1);
  },
);
