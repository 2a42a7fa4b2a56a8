// The demo bot, as the server stores it (flow.json with its training examples merged in).
import { readBot } from '@statecraft/flows';
import type { RawBot } from '../model/types.ts';

let cached: RawBot | null = null;
export async function ticketsBot(): Promise<RawBot> {
  cached ??= (await readBot('tickets')) as RawBot;
  return cached;
}
