// `statecraft train`: retrain a bot's models and refuse to replace the previous ones if any prediction flipped.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  classifierText, compileBot, exportIntentModelToOnnx, findFlips, trainBotModel,
  type Flip, type FlipProbe, type Locale,
} from '@statecraft/engine';
import { FLOWS_DIR, listBots, readBot, readRegressionSet } from '@statecraft/flows';
import { openOnnxClassifier } from '../bots/onnx-node.ts';
import { UsageError } from './eval.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_MODELS_DIR = resolve(here, '../../../.statecraft/models');

export interface TrainCommandOptions {
  bots: string[];
  botsDir: string;
  modelsDir: string;
  acceptFlips: boolean;
}

export function parseTrainArgs(args: string[]): Omit<TrainCommandOptions, 'bots'> & { bot: string | undefined } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'bots-dir': { type: 'string', default: FLOWS_DIR },
      'models-dir': { type: 'string', default: DEFAULT_MODELS_DIR },
      'accept-flips': { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 1) throw new UsageError('train takes at most one bot name');
  return { bot: positionals[0], botsDir: values['bots-dir'], modelsDir: values['models-dir'], acceptFlips: values['accept-flips'] };
}

export interface LocaleTrainResult {
  bot: string;
  locale: Locale;
  trainMs: number;
  file: string;
  /** null on the first training, when there is no previous model to compare with. */
  flips: Flip[] | null;
  written: boolean;
}

/**
 * Trains every locale of the given bots. Each new model is compared with the previous one on every training example and
 * the bot's pinned regression set; when a prediction flipped, the previous model stays unless `acceptFlips` is set.
 */
export async function trainBots(options: TrainCommandOptions): Promise<LocaleTrainResult[]> {
  const results: LocaleTrainResult[] = [];
  for (const name of options.bots) {
    const bot = compileBot((await readBot(name, options.botsDir)) as never);
    const regression = await readRegressionSet(name, options.botsDir);
    for (const locale of bot.def.locales) {
      const trained = trainBotModel(bot.def, locale);
      const onnx = exportIntentModelToOnnx(trained.weights);
      const file = join(options.modelsDir, name, `${locale}.onnx`);
      const previousBytes = await readFile(file).catch(() => null);
      let flips: Flip[] | null = null;
      if (previousBytes) {
        const probes: FlipProbe[] = [
          ...Object.entries(bot.def.intents).flatMap(([intent, spec]) =>
            (spec.examples[locale] ?? []).map((text) => ({ text: classifierText(bot.def, locale, text), expected: intent, source: 'examples' })),
          ),
          ...(regression[locale] ?? []).map((r) => ({ text: classifierText(bot.def, locale, r.text), expected: r.intent, source: 'regression' })),
        ];
        const [previous, next] = await Promise.all([
          openOnnxClassifier(new Uint8Array(previousBytes)),
          openOnnxClassifier(onnx),
        ]);
        flips = await findFlips(previous, next, probes);
        await Promise.all([previous.release(), next.release()]);
      }
      const written = !flips?.length || options.acceptFlips;
      if (written) {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, onnx);
      }
      results.push({ bot: name, locale, trainMs: trained.trainMs, file, flips, written });
    }
  }
  return results;
}

export async function runTrainCommand(args: string[]): Promise<number> {
  const parsed = parseTrainArgs(args);
  const known = await listBots(parsed.botsDir).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read bots from ${parsed.botsDir}: ${error.code ?? error.message}`);
  });
  if (parsed.bot && !known.includes(parsed.bot)) throw new UsageError(`no bot "${parsed.bot}" in ${parsed.botsDir}`);
  const results = await trainBots({ ...parsed, bots: parsed.bot ? [parsed.bot] : known });
  let refused = 0;
  for (const r of results) {
    const head = `${r.bot} ${r.locale}: trained in ${(r.trainMs / 1000).toFixed(1)} s`;
    if (r.flips === null) console.log(`${head}; first model, written to ${r.file}`);
    else if (r.flips.length === 0) console.log(`${head}; no prediction changed; written to ${r.file}`);
    else {
      console.log(`${head}; ${r.flips.length} prediction(s) changed against the previous model:`);
      for (const f of r.flips)
        console.log(`  [${f.source}] "${f.text}": ${f.before} → ${f.after}${f.expected ? ` (expected ${f.expected})` : ''}`);
      if (r.written) console.log(`  accepted (--accept-flips); written to ${r.file}`);
      else {
        refused++;
        console.log(`  NOT written: review the changes above, then rerun with --accept-flips to accept them`);
      }
    }
  }
  return refused > 0 ? 1 : 0;
}
