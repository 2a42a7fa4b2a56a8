// `pnpm statecraft <command>`: developer commands (they do IO, so they live here, not in the engine).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { botJsonSchema, MODEL_TIERS, type ModelTier } from '@statecraft/engine';
import { FLOWS_DIR } from '@statecraft/flows';
import { evaluate, formatReport, formatTierTable, parseEvalArgs, UsageError } from './eval.ts';
import { runTrainCommand } from './train.ts';
import { runTestCommand } from '../stories/command.ts';

const commands: Record<string, { help: string; run(args: string[]): Promise<void> }> = {
  eval: {
    help: 'eval --data FILE.jsonl --train-split train --test-split val [--tier fast|balanced|accurate|all] [--threshold 0..1] [--json]',
    async run(args) {
      const { tier, ...options } = parseEvalArgs(args);
      if (tier !== 'all') {
        const report = await evaluate({ ...options, tier });
        console.log(options.json ? JSON.stringify(report) : formatReport(report, options.data));
        return;
      }
      // Every tier, one after the other, on the same splits: the accuracy-vs-latency table.
      const reports = [];
      for (const t of Object.keys(MODEL_TIERS) as ModelTier[]) reports.push(await evaluate({ ...options, tier: t }));
      console.log(options.json ? JSON.stringify({ data: options.data, tiers: reports }) : formatTierTable(reports, options.data));
    },
  },
  train: {
    help: 'train [bot] [--accept-flips] [--bots-dir DIR] [--models-dir DIR]   retrain; exit 1 if a prediction flipped',
    async run(args) {
      process.exitCode = await runTrainCommand(args);
    },
  },
  test: {
    help: 'test [bot] [--url URL [--http-only]] [--junit FILE] [--repeat N --concurrency C] [--grep RE] [--pending] [--write-schema] [--seeds 8,9,10]   conversation tests; exit 1 on a failure (--seeds: a report of the stories against models retrained per seed)',
    async run(args) {
      process.exitCode = await runTestCommand(args);
    },
  },
  schema: {
    help: 'schema   write flows/flow.schema.json, the JSON Schema of the flow format',
    async run() {
      const file = join(FLOWS_DIR, 'flow.schema.json');
      await writeFile(file, `${JSON.stringify(botJsonSchema(), null, 2)}\n`);
      console.log(`wrote ${file}`);
    },
  },
};

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  console.error(`usage: pnpm statecraft <command>\n${Object.values(commands).map((c) => `  ${c.help}`).join('\n')}`);
  process.exit(name ? 2 : 0);
}
try {
  await command.run(args);
} catch (error) {
  if (!(error instanceof UsageError) && !(error instanceof TypeError && 'code' in error)) throw error;
  console.error(`statecraft ${name}: ${error.message}`);
  process.exit(2);
}
