import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The classifier's entry point, which onnx-node.ts and the eval CLI import so that a process that only classifies
// does not load the dialogue engine.
const NLU_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../engine/src/nlu');

/** Every module `file` reaches through static imports (`import … from` / `export … from`), as relative paths or package names. */
function reachableImports(file: string, seen = new Set<string>()): Set<string> {
  const source = readFileSync(file, 'utf8');
  for (const [, spec] of source.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms)) {
    if (!spec) continue;
    if (!spec.startsWith('.')) {
      seen.add(spec);
      continue;
    }
    const target = join(dirname(file), spec);
    if (seen.has(target)) continue;
    seen.add(target);
    reachableImports(target, seen);
  }
  return seen;
}

describe('@statecraft/engine/nlu', () => {
  it('reaches only the classifier’s own modules and onnx-proto, not the dialogue engine', () => {
    const reached = [...reachableImports(join(NLU_DIR, 'index.ts'))];
    expect(reached.length).toBeGreaterThan(5);
    const outside = reached.filter((m) => (m.startsWith('/') ? dirname(m) !== NLU_DIR : m !== 'onnx-proto'));
    expect(outside).toEqual([]);
  });
});
