// `pnpm bench:nlu [--data clinc150|smp2017] [--tier balanced] [--threshold auto|0..1] [--nlpjs-oos class|none]
//                 [--nlpjs-sentiment on|off] [--eval-dir DIR]`
//
// Statecraft's intent classifier side by side with nlp.js (node-nlp, pinned in bench/package.json): both trained on the
// same train split and scored on the same test split. Each system runs in its own child processes, one after the other,
// so that RSS is that system's alone and neither slows the other down. A benchmark, not a test: it asserts nothing.
//
// Statecraft goes through the eval CLI's own `evaluate()` (train, export ONNX, classify through onnxruntime-node with one
// thread) with the CLI's defaults: tier balanced, out-of-scope threshold `auto` (calibrated on held-out training rows;
// its second training run is counted in the training time); `--threshold 0` leaves only the learnt `oos` class.
// nlp.js gets the same training rows, `oos` ones included as an ordinary intent (--nlpjs-oos none leaves them out), with
// its default settings; its own below-threshold answer, `None` (score < 0.5), is counted as `oos`.
// Latency: every test utterance is classified one call at a time (after 50 warm-up calls), featurization included,
// in 3 passes of which the fastest is reported (the same for both systems; this VM's neighbours slow whole passes
// down; nlp.js's cache of prepared texts is emptied before each pass); "utt./s (1 per call)" is 10^6 / mean µs, one
// thread. "utt./s (16 per call)" is throughput when 16 utterances arrive together, as under load (Statecraft: one
// classifyMany call, how the server's micro-batcher runs concurrent turns; nlp.js has no batch call: 16 process() calls
// awaited together). Peak RSS includes training; serving RSS is the peak of a fresh process that only loads the
// trained model (nlp.js: its exported JSON; Statecraft: the ONNX bytes) and classifies the test split.
import { fork } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));
const DATASETS = {
  clinc150: { file: 'clinc150/train_val.jsonl', trainSplit: 'train', testSplit: 'val', lang: 'en', title: 'CLINC150 val (en, 150 intents + oos)' },
  smp2017: { file: 'smp2017/train_dev.jsonl', trainSplit: 'train', testSplit: 'dev', lang: 'zh', title: 'SMP2017 dev (zh, 31 labels)' },
} as const;
type DatasetName = keyof typeof DATASETS;
const SYSTEMS = ['nlpjs', 'statecraft'] as const;
type SystemName = (typeof SYSTEMS)[number];
type WorkerKind = SystemName | `${SystemName}-serve`;
const OOS = 'oos';
const WARM_UP = 50;
/** Utterances per call in the throughput column; the eval CLI's BATCH_SIZE (what the server's micro-batcher gathers). */
const BATCH = 16;

interface Options {
  datasets: DatasetName[];
  evalDir: string;
  tier: 'fast' | 'balanced' | 'accurate';
  /** Statecraft's out-of-scope threshold, as the eval CLI takes it (its default: auto, calibrated on training rows). */
  threshold: number | 'auto';
  nlpjsOos: 'class' | 'none';
  nlpjsSentiment: boolean;
  /** Where a training worker writes its model and a serving worker reads it. */
  modelFile: string;
}

/** What a child process reports; the parent scores and prints it. */
interface WorkerResult {
  system: SystemName;
  /** The row's name in the table. */
  label: string;
  trainExamples: number;
  testExamples: number;
  trainMs: number;
  /** Statecraft: the part of trainMs spent calibrating the out-of-scope threshold. */
  calibrationMs?: number;
  modelBytes: number;
  rssAfterImportBytes: number;
  peakRssBytes: number;
  /** Filled in by the parent from the serving worker. */
  servingPeakRssBytes?: number;
  /** Statecraft: scored by `evaluate()`. nlp.js: gold and predicted labels and per-call µs, scored by the parent. */
  scored?: {
    accuracy: number; inScopeAccuracy: number; oosRecall: number | null; macroF1: number; latencyUsMean: number; latencyUsP99: number;
    batchedUsPerUtterance: number;
  };
  raw?: { gold: string[]; predicted: string[]; micros: number[]; belowThreshold: number; batchedUsPerUtterance: number };
}

interface Row {
  dataset: DatasetName;
  system: string;
  accuracy: number;
  inScopeAccuracy: number;
  oosRecall: number | null;
  macroF1: number;
  trainS: number;
  calibrationS?: number;
  latencyUsMean: number;
  latencyUsP99: number;
  utterancesPerSecond: number;
  /** 16 utterances per call (Statecraft's classifyMany; nlp.js has no batch call, so 16 concurrent process() calls). */
  batchedUtterancesPerSecond: number;
  peakRssMiB: number;
  servingRssMiB: number;
  rssAfterImportMiB: number;
  modelMiB: number;
  trainExamples: number;
  testExamples: number;
  nlpjsNone?: number;
}

function parseOptions(args: string[]): Options & { worker?: WorkerKind } {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string', default: 'all' },
      'eval-dir': { type: 'string', default: join(HERE, '..', '..', 'shared', 'eval') },
      tier: { type: 'string', default: 'balanced' },
      threshold: { type: 'string', default: 'auto' },
      'nlpjs-oos': { type: 'string', default: 'class' },
      'nlpjs-sentiment': { type: 'string', default: 'on' },
      worker: { type: 'string' },
      'model-file': { type: 'string', default: '' },
    },
    strict: true,
  });
  const names = Object.keys(DATASETS) as DatasetName[];
  const datasets = values.data === 'all' ? names : names.filter((n) => n === values.data);
  if (datasets.length === 0) throw new Error(`--data must be one of ${names.join(', ')} or all`);
  if (!['fast', 'balanced', 'accurate'].includes(values.tier)) throw new Error('--tier must be fast, balanced or accurate');
  if (!['class', 'none'].includes(values['nlpjs-oos'])) throw new Error('--nlpjs-oos must be class or none');
  const threshold = values.threshold === 'auto' ? 'auto' : Number(values.threshold);
  if (threshold !== 'auto' && !(threshold >= 0 && threshold <= 1)) throw new Error('--threshold must be auto or a number from 0 to 1');
  if (!['on', 'off'].includes(values['nlpjs-sentiment'])) throw new Error('--nlpjs-sentiment must be on or off');
  const workers: string[] = SYSTEMS.flatMap((s) => [s, `${s}-serve`]);
  if (values.worker !== undefined && !workers.includes(values.worker)) throw new Error(`bad --worker ${values.worker}`);
  return {
    datasets,
    evalDir: resolve(values['eval-dir']),
    tier: values.tier as Options['tier'],
    threshold,
    nlpjsOos: values['nlpjs-oos'] as Options['nlpjsOos'],
    nlpjsSentiment: values['nlpjs-sentiment'] === 'on',
    modelFile: values['model-file'],
    ...(values.worker ? { worker: values.worker as WorkerKind } : {}),
  };
}

async function readSplits(file: string, trainSplit: string, testSplit: string) {
  const rows = (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; intent: string; split: string });
  return { train: rows.filter((r) => r.split === trainSplit), test: rows.filter((r) => r.split === testSplit) };
}

// ---------------------------------------------------------------------------------------------------- child processes

async function runNlpjs(dataset: DatasetName, options: Options): Promise<WorkerResult> {
  const require = createRequire(import.meta.url);
  const { NlpManager } = (await import('node-nlp')) as typeof import('node-nlp');
  // The metrics module alone (no imports of its own), not the engine: this process's RSS is nlp.js's.
  const { fastestPass, TIMING_PASSES } = await import('../engine/src/nlu/metrics.ts');
  const version = (require('node-nlp/package.json') as { version: string }).version;
  const rssAfterImportBytes = process.memoryUsage().rss;
  const d = DATASETS[dataset];
  const { train, test } = await readSplits(join(options.evalDir, d.file), d.trainSplit, d.testSplit);

  const manager = new NlpManager(nlpjsSettings(d.lang, options));
  const trainRows = options.nlpjsOos === 'class' ? train : train.filter((r) => r.intent !== OOS);
  const started = performance.now();
  for (const r of trainRows) manager.addDocument(d.lang, r.text, r.intent);
  await manager.train();
  const trainMs = performance.now() - started;
  const model = manager.export(true);
  const modelBytes = Buffer.byteLength(model);
  await writeFile(options.modelFile, model);

  for (const r of test.slice(0, WARM_UP)) await manager.process(d.lang, r.text);
  const predicted: string[] = [];
  let belowThreshold = 0;
  // Timed as the eval CLI times Statecraft: every test utterance one call at a time, TIMING_PASSES times, the fastest
  // pass kept (the first pass also collects the predictions).
  const passes: number[][] = [];
  for (let pass = 0; pass < TIMING_PASSES; pass++) {
    forgetPreparedTexts(manager);
    const micros: number[] = [];
    for (const r of test) {
      const t0 = process.hrtime.bigint();
      const result = await manager.process(d.lang, r.text);
      micros.push(Number(process.hrtime.bigint() - t0) / 1000);
      if (pass > 0) continue;
      if (result.intent === 'None') belowThreshold++;
      predicted.push(result.intent === 'None' ? OOS : result.intent);
    }
    passes.push(micros);
  }
  const micros = fastestPass(passes);
  // The batched column's counterpart: nlp.js has no batch call, so 16 process() calls at a time, awaited together.
  let batchedUsPerUtterance = Infinity;
  for (let pass = 0; pass < TIMING_PASSES; pass++) {
    forgetPreparedTexts(manager);
    const batchStart = process.hrtime.bigint();
    for (let i = 0; i < test.length; i += BATCH) await Promise.all(test.slice(i, i + BATCH).map((r) => manager.process(d.lang, r.text)));
    batchedUsPerUtterance = Math.min(batchedUsPerUtterance, Number(process.hrtime.bigint() - batchStart) / 1000 / test.length);
  }
  return {
    system: 'nlpjs',
    label: `nlp.js ${version}`,
    trainExamples: trainRows.length,
    testExamples: test.length,
    trainMs,
    modelBytes,
    rssAfterImportBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    raw: { gold: test.map((r) => r.intent), predicted, micros, belowThreshold, batchedUsPerUtterance },
  };
}

/**
 * nlp.js keeps each text's prepared tokens (normalised, tokenised, stemmed) for an hour (@nlpjs/nlu 4.27,
 * `defaultPipelinePrepare`), so a second pass over the same test texts would skip most of its work. Emptied before
 * every timed pass, so that each pass classifies texts it has not seen, as traffic does. (Statecraft caches nothing.)
 */
function forgetPreparedTexts(manager: unknown): void {
  type Nlu = { cache?: { results: Record<string, unknown> } };
  const managers = (manager as { nlp: { nluManager: { domainManagers: Record<string, { domains: Record<string, Nlu> }> } } }).nlp.nluManager.domainManagers;
  let cleared = 0;
  for (const domainManager of Object.values(managers)) {
    for (const nlu of Object.values(domainManager.domains)) {
      if (nlu.cache) {
        nlu.cache.results = {};
        cleared++;
      }
    }
  }
  if (cleared === 0) throw new Error('nlp.js: no per-text cache found to empty; has its internals changed?');
}

/** The settings the issue names; autoSave off only so that train() does not write model.nlp into the working directory. */
function nlpjsSettings(lang: string, options: Options): Record<string, unknown> {
  return { languages: [lang], forceNER: false, nlu: { log: false }, autoSave: false, ...(options.nlpjsSentiment ? {} : { calculateSentiment: false }) };
}

/** A process that only serves: loads the trained model and classifies the test split, for its peak RSS. */
async function serve(system: SystemName, dataset: DatasetName, options: Options): Promise<number> {
  const d = DATASETS[dataset];
  const { test } = await readSplits(join(options.evalDir, d.file), d.trainSplit, d.testSplit);
  if (system === 'nlpjs') {
    const { NlpManager } = (await import('node-nlp')) as typeof import('node-nlp');
    const manager = new NlpManager(nlpjsSettings(d.lang, options));
    manager.import(await readFile(options.modelFile, 'utf8'));
    for (const r of test) await manager.process(d.lang, r.text);
  } else {
    const { openOnnxClassifier } = await import('../runtime-server/src/bots/onnx-node.ts');
    // A Buffer is a Uint8Array: no second copy of the model.
    const classifier = await openOnnxClassifier(await readFile(options.modelFile));
    for (const r of test) await classifier.classify(r.text);
    await classifier.release();
  }
  return process.resourceUsage().maxRSS * 1024;
}

async function runStatecraft(dataset: DatasetName, options: Options): Promise<WorkerResult> {
  const { evaluate } = await import('../runtime-server/src/cli/eval.ts');
  const rssAfterImportBytes = process.memoryUsage().rss;
  const d = DATASETS[dataset];
  const data = join(options.evalDir, d.file);
  // The eval CLI's own pipeline; every test utterance is timed one call at a time (latencySamples ≥ test size), then in
  // calls of 16. It writes the model it evaluated for the serving process to load.
  const r = await evaluate({
    data,
    trainSplit: d.trainSplit,
    testSplit: d.testSplit,
    tier: options.tier,
    threshold: options.threshold,
    oosLabel: OOS,
    latencySamples: Number.MAX_SAFE_INTEGER,
    writeModel: options.modelFile,
  });
  if (r.batchSize !== BATCH) throw new Error(`the eval CLI batches ${r.batchSize} utterances per call; this bench says ${BATCH}`);
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  const threshold = r.thresholdSource === 'calibrated' ? `threshold ${r.threshold.toFixed(2)} calibrated` : `threshold ${r.threshold}`;
  return {
    system: 'statecraft',
    label: `Statecraft ${options.tier}, ${threshold}`,
    trainExamples: r.trainExamples,
    testExamples: r.testExamples,
    // Calibrating the out-of-scope threshold is a second training run; it is part of getting the model.
    trainMs: r.trainMs + r.calibrationMs,
    calibrationMs: r.calibrationMs,
    modelBytes: r.modelBytes,
    rssAfterImportBytes,
    peakRssBytes,
    scored: {
      accuracy: r.accuracy,
      inScopeAccuracy: r.inScopeAccuracy,
      oosRecall: r.oosRecall,
      macroF1: r.macroF1,
      latencyUsMean: r.latencyUsMean,
      latencyUsP99: r.latencyUsP99,
      batchedUsPerUtterance: r.batchedUsPerUtterance,
    },
  };
}

// ---------------------------------------------------------------------------------------------------- parent

function runWorker(worker: WorkerKind, dataset: DatasetName, options: Options): Promise<unknown> {
  const args = [
    '--worker', worker, '--data', dataset, '--eval-dir', options.evalDir, '--tier', options.tier, '--threshold', String(options.threshold),
    '--nlpjs-oos', options.nlpjsOos, '--nlpjs-sentiment', options.nlpjsSentiment ? 'on' : 'off', '--model-file', options.modelFile,
  ];
  return new Promise((resolvePromise, reject) => {
    // Same node and loader flags as this process (tsx); the child's own prints go to stderr, keeping stdout for results.
    const child = fork(fileURLToPath(import.meta.url), args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    child.stdout?.pipe(process.stderr);
    let result: unknown;
    child.on('message', (m) => (result = m));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 && result !== undefined ? resolvePromise(result) : reject(new Error(`${worker} on ${dataset} exited with ${code}`)),
    );
  });
}

async function toRow(dataset: DatasetName, w: WorkerResult): Promise<Row> {
  let s = w.scored;
  if (!s && w.raw) {
    const { scoreIntents, quantile } = await import('@statecraft/engine');
    const m = scoreIntents(w.raw.gold, w.raw.predicted, OOS);
    const mean = w.raw.micros.reduce((a, b) => a + b, 0) / w.raw.micros.length;
    s = { ...m, latencyUsMean: mean, latencyUsP99: quantile(w.raw.micros, 0.99), batchedUsPerUtterance: w.raw.batchedUsPerUtterance };
  }
  if (!s) throw new Error('worker returned no scores');
  const MiB = 1024 * 1024;
  return {
    dataset,
    system: w.label,
    accuracy: s.accuracy,
    inScopeAccuracy: s.inScopeAccuracy,
    oosRecall: s.oosRecall,
    macroF1: s.macroF1,
    trainS: w.trainMs / 1000,
    ...(w.calibrationMs !== undefined ? { calibrationS: w.calibrationMs / 1000 } : {}),
    latencyUsMean: s.latencyUsMean,
    latencyUsP99: s.latencyUsP99,
    utterancesPerSecond: 1e6 / s.latencyUsMean,
    batchedUtterancesPerSecond: 1e6 / s.batchedUsPerUtterance,
    peakRssMiB: w.peakRssBytes / MiB,
    servingRssMiB: (w.servingPeakRssBytes ?? NaN) / MiB,
    rssAfterImportMiB: w.rssAfterImportBytes / MiB,
    modelMiB: w.modelBytes / MiB,
    trainExamples: w.trainExamples,
    testExamples: w.testExamples,
    ...(w.raw ? { nlpjsNone: w.raw.belowThreshold } : {}),
  };
}

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);

function table(rows: Row[]): string {
  const header = [
    'system', 'accuracy', 'in-scope acc.', 'OOS recall', 'macro-F1', 'train s', 'µs/utt. mean', 'p99 µs', 'utt./s (1 per call)',
    `utt./s (${BATCH} per call)`, 'peak RSS MiB', 'serving RSS MiB', 'model MiB',
  ];
  const body = rows.map((r) => [
    r.system,
    pct(r.accuracy),
    pct(r.inScopeAccuracy),
    pct(r.oosRecall),
    pct(r.macroF1),
    r.trainS.toFixed(1),
    r.latencyUsMean.toFixed(0),
    r.latencyUsP99.toFixed(0),
    Math.round(r.utterancesPerSecond).toLocaleString('en-US'),
    Math.round(r.batchedUtterancesPerSecond).toLocaleString('en-US'),
    r.peakRssMiB.toFixed(0),
    r.servingRssMiB.toFixed(0),
    r.modelMiB.toFixed(1),
  ]);
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...body.map((c) => `| ${c.join(' | ')} |`)].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.worker) {
    const dataset = options.datasets[0] as DatasetName;
    const w = options.worker;
    const result =
      w === 'nlpjs' ? await runNlpjs(dataset, options)
      : w === 'statecraft' ? await runStatecraft(dataset, options)
      : { servingPeakRssBytes: await serve(w === 'nlpjs-serve' ? 'nlpjs' : 'statecraft', dataset, options) };
    await new Promise<void>((done) => process.send!(result, undefined, {}, () => done()));
    return;
  }
  const cpu = cpus();
  // Timings are only worth as much as the machine's quiet: the load average is printed at the start and at the end.
  const loadStart = loadavg()[0] as number;
  console.log(
    `node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, 1-min load average ${loadStart.toFixed(2)}; ` +
      'each system in its own processes, one thread',
  );
  console.log(
    `nlp.js: default settings${options.nlpjsSentiment ? '' : ' but calculateSentiment: false'}, oos training rows ${options.nlpjsOos === 'class' ? 'kept as an intent' : 'left out'}, ` +
      `"None" (score < 0.5) counted as oos. Statecraft: eval CLI, tier ${options.tier}, threshold ${options.threshold}.`,
  );
  const dir = await mkdtemp(join(tmpdir(), 'statecraft-bench-'));
  const all: Row[] = [];
  try {
    for (const dataset of options.datasets) {
      const rows: Row[] = [];
      for (const system of SYSTEMS) {
        const withModel = { ...options, modelFile: join(dir, `${dataset}-${system}.model`) };
        process.stderr.write(`${dataset}: training and testing ${system}…\n`);
        const result = (await runWorker(system, dataset, withModel)) as WorkerResult;
        process.stderr.write(`${dataset}: serving ${system} from its saved model…\n`);
        const served = (await runWorker(`${system}-serve`, dataset, withModel)) as { servingPeakRssBytes: number };
        rows.push(await toRow(dataset, { ...result, servingPeakRssBytes: served.servingPeakRssBytes }));
      }
      const d = DATASETS[dataset];
      const first = rows[0] as Row;
      console.log(`\n${d.title}: ${first.testExamples} test utterances (${d.testSplit}), ${first.trainExamples} training rows (${d.trainSplit})`);
      console.log(table(rows));
      const none = rows.find((r) => r.nlpjsNone !== undefined)?.nlpjsNone;
      if (none !== undefined) console.log(`nlp.js answered "None" for ${none} of ${first.testExamples} test utterances`);
      all.push(...rows);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const loadEnd = loadavg()[0] as number;
  console.log(`\n1-min load average at the end: ${loadEnd.toFixed(2)}${Math.max(loadStart, loadEnd) > 1.5 ? ' (something else was running: timings are unreliable)' : ''}`);
  const round = (v: number | null, digits: number) => (v === null ? null : Number(v.toFixed(digits)));
  console.log(
    JSON.stringify({
      bench: 'nlu-baseline',
      node: process.version,
      tier: options.tier,
      threshold: options.threshold,
      nlpjsOos: options.nlpjsOos,
      nlpjsSentiment: options.nlpjsSentiment,
      loadAverage: { start: round(loadStart, 2), end: round(loadEnd, 2) },
      results: all.map((r) => ({
        ...r,
        accuracy: round(r.accuracy, 4),
        inScopeAccuracy: round(r.inScopeAccuracy, 4),
        oosRecall: round(r.oosRecall, 4),
        macroF1: round(r.macroF1, 4),
        trainS: round(r.trainS, 2),
        ...(r.calibrationS !== undefined ? { calibrationS: round(r.calibrationS, 2) } : {}),
        latencyUsMean: round(r.latencyUsMean, 1),
        latencyUsP99: round(r.latencyUsP99, 1),
        utterancesPerSecond: Math.round(r.utterancesPerSecond),
        batchedUtterancesPerSecond: Math.round(r.batchedUtterancesPerSecond),
        peakRssMiB: round(r.peakRssMiB, 1),
        servingRssMiB: round(r.servingRssMiB, 1),
        rssAfterImportMiB: round(r.rssAfterImportMiB, 1),
        modelMiB: round(r.modelMiB, 2),
      })),
    }),
  );
}

await main();
