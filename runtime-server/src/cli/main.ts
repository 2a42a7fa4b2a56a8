// `pnpm statecraft <command>`: developer commands over bots stored in flows/.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FLOWS_DIR } from '@statecraft/flows';
import { botJsonSchema } from '@statecraft/engine';

const commands: Record<string, { help: string; run(args: string[]): Promise<void> }> = {
  schema: {
    help: 'write flows/flow.schema.json, the JSON Schema of the flow format',
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
  console.error(`usage: pnpm statecraft <command>\n${Object.entries(commands).map(([n, c]) => `  ${n.padEnd(10)} ${c.help}`).join('\n')}`);
  process.exit(name ? 2 : 0);
}
await command.run(args);
