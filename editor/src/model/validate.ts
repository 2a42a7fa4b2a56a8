// The engine's checks, run in the browser on every edit: schema (zod), static flow checks, and the compiler.
// Mirrors what the server's draft check reports for the common cases (runtime-server/src/flows-api/problems.ts).
import { checkFlow, compileBot, FlowValidationError, parseBot, type BotDefinition, type CompiledBot } from '@statecraft/engine';
import type { Problem } from '../api.ts';
import { allStates } from './paths.ts';
import type { RawBot } from './types.ts';

export interface Validation {
  problems: Problem[];
  errors: number;
  warnings: number;
  /** The parsed definition (defaults applied) when the schema accepted it. */
  def: BotDefinition | null;
  /** The compiled machine when there is no error. */
  compiled: CompiledBot | null;
}

/**
 * A zod message starts with the field path ("states.booking.states.confirm.reply.zh-CN: …"); the state it names is
 * where the problem marker goes.
 */
export function schemaProblemPath(raw: RawBot, message: string): string | null {
  const fieldPath = message.split(':')[0] ?? '';
  const parts = fieldPath.split('.');
  if (parts[0] !== 'states') return null;
  const known = new Set(allStates(raw).map((s) => s.path));
  let path: string | null = null;
  for (let i = 1; i < parts.length; i += 2) {
    const candidate: string = path ? `${path}.${parts[i]}` : parts[i]!;
    if (!known.has(candidate)) break;
    path = candidate;
    if (parts[i + 1] !== 'states') break;
  }
  return path;
}

export function validate(botName: string, raw: RawBot): Validation {
  const problems: Problem[] = [];
  let def: BotDefinition | null = null;
  let compiled: CompiledBot | null = null;
  const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
  if (!isObject) problems.push({ severity: 'error', code: 'invalid_schema', message: '(root): a bot definition must be a JSON object', path: null });
  else {
    if (raw.id !== botName)
      problems.push({
        severity: 'error',
        code: 'bot_id_mismatch',
        message: `"id" is ${JSON.stringify(raw.id ?? null)} but this bot is "${botName}"; they must be equal`,
        path: null,
      });
    try {
      def = parseBot(raw);
    } catch (e) {
      if (!(e instanceof FlowValidationError)) throw e;
      problems.push(...e.problems.map((p) => ({ ...p, path: p.path ?? schemaProblemPath(raw, p.message) })));
    }
    if (def) {
      problems.push(...checkFlow(def));
      if (Object.keys(def.intents).length < 2)
        problems.push({
          severity: 'error',
          code: 'too_few_intents',
          message: `a bot needs at least two intents to train its classifier; it has ${Object.keys(def.intents).length}`,
          path: null,
        });
      if (!problems.some((p) => p.severity === 'error')) {
        try {
          compiled = compileBot(def);
        } catch (e) {
          if (e instanceof FlowValidationError) problems.push(...e.problems.filter((p) => p.severity === 'error'));
          else problems.push({ severity: 'error', code: 'compile_failed', message: `the flow does not compile: ${String(e)}`, path: null });
        }
      }
    }
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { problems, errors, warnings: problems.length - errors, def, compiled: errors ? null : compiled };
}
