// The tickets flow as data: valid, warning-free, and described by the committed JSON Schema.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { botJsonSchema, compileBot } from '@statecraft/engine';
import { FLOWS_DIR, listBots, readBot } from '../index.ts';

describe('tickets flow', () => {
  it('compiles with no errors and no warnings', async () => {
    const bot = compileBot((await readBot('tickets')) as never);
    expect(bot.warnings).toEqual([]);
    expect(bot.def.locales).toEqual(['zh-CN', 'en-US']);
  });

  it('has at least 40 training examples per intent per locale', async () => {
    const bot = compileBot((await readBot('tickets')) as never);
    for (const [intent, spec] of Object.entries(bot.def.intents))
      for (const locale of bot.def.locales) expect(spec.examples[locale]?.length ?? 0, `${intent} ${locale}`).toBeGreaterThanOrEqual(40);
  });

  it('is listed among the bots', async () => {
    expect(await listBots()).toContain('tickets');
  });
});

describe('flow.schema.json', () => {
  it('is the JSON Schema the engine exports (regenerate with `pnpm statecraft schema`)', async () => {
    const committed = JSON.parse(await readFile(join(FLOWS_DIR, 'flow.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(botJsonSchema());
  });
});
