// Web Worker that lives as long as the editor: answers an edit at once with cached or fine-tuned models, and keeps
// the memory that makes that possible (train-core.ts `ModelMemory`, backed by IndexedDB).
/// <reference lib="webworker" />
import { openModelStore } from './model-store.ts';
import type { QuickRequest, QuickResponse } from './protocol.ts';
import { ModelMemory } from './train-core.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const memory = new ModelMemory(openModelStore());

scope.onmessage = async (event: MessageEvent<QuickRequest>) => {
  const msg = event.data;
  if (msg.type === 'remember') {
    memory.remember(msg.full);
    return;
  }
  const started = performance.now();
  const post = (out: QuickResponse, transfer: Transferable[] = []) => scope.postMessage(out, transfer);
  try {
    const locales = await memory.update(msg.def);
    const transfer = locales.flatMap((l) => (l.kind === 'none' ? [] : [l.model.bytes.buffer]));
    post({ id: msg.id, type: 'update', locales, totalMs: performance.now() - started }, transfer);
  } catch (error) {
    post({ id: msg.id, type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
