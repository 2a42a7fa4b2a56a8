// Bot definitions as stored content: canonical JSON, a content hash, and a JSON reader that refuses prototype keys.
import { createHash } from 'node:crypto';

export const BOT_NAME_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';
const BOT_NAME = new RegExp(BOT_NAME_PATTERN);

export function isBotName(name: string): boolean {
  return BOT_NAME.test(name);
}

/** Keys that mean something to JavaScript objects; a flow may not use them as names (states, intents, slots …). */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(Object.prototype).concat(['prototype', '__proto__', 'constructor']),
);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON with object keys sorted at every level: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** SHA-256 of the canonical JSON, hex. Two versions with the same hash have the same content. */
export function definitionHash(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

/** Every object key in a JSON value that is reserved, with the dotted path where it occurs. */
export function findReservedKeys(value: unknown, path = ''): { key: string; path: string }[] {
  const out: { key: string; path: string }[] = [];
  const visit = (v: unknown, at: string, depth: number) => {
    if (depth > 200) return; // JSON from the API is bounded by the body limit; this only guards recursion
    if (Array.isArray(v)) v.forEach((item, i) => visit(item, `${at}[${i}]`, depth + 1));
    else if (v && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        const here = at ? `${at}.${key}` : key;
        if (RESERVED_KEYS.has(key)) out.push({ key, path: here });
        visit((v as Record<string, unknown>)[key], here, depth + 1);
      }
    }
  };
  visit(value, path, 0);
  return out;
}

/** JSON.parse for stored files: a `__proto__` key is dropped rather than kept as an own property someone may merge. */
export function parseStoredJson(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
