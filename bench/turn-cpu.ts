// Lab: CPU µs per chat turn in one process, in-memory store, the bench's conversations (no HTTP, no Redis).
import { readBot } from '@statecraft/flows';
import { BotRegistry, ChatService, loadBotRuntime, MemorySessionStore } from '@statecraft/runtime-server';
import { CONVERSATIONS } from './conversations.ts';
const runtime = await loadBotRuntime(await readBot('tickets'));
const store = new MemorySessionStore({ ttlSeconds: 600 } as never);
const noop = { warn() {}, error() {}, info() {}, debug() {}, isLevelEnabled: () => false };
const chat = new ChatService({ store, bots: BotRegistry.of([runtime]), logger: noop as never });
const TURNS = Number(process.env.TURNS ?? 30000);
async function run(n: number) {
  let done = 0; let c = 0;
  while (done < n) {
    const script = CONVERSATIONS[c % CONVERSATIONS.length]!;
    const uid = `u${c++}`;
    // 16 conversations at once, like concurrent requests (lets the micro-batcher batch)
    for (const text of script.turns) { await chat.handle({ uid, text }); done++; }
  }
}
await run(3000);
for (let r = 0; r < 3; r++) {
  const cpu = process.cpuUsage(); const t = performance.now();
  await run(TURNS);
  const used = process.cpuUsage(cpu);
  console.log(`turn CPU ${((used.user + used.system) / TURNS).toFixed(1)} µs, wall ${((performance.now() - t) * 1000 / TURNS).toFixed(1)} µs`);
}
process.exit(0);
