// Checks one turn's observed response against a story turn's expectations, and renders failures as a readable diff.
import type { StoryTurn } from './story-format.ts';
import { resolveTokens, type TokenContext } from './tokens.ts';

/** What a turn produced, as `POST /v1/chat` reports it (the in-process runner builds the same shape). */
export interface ObservedTurn {
  reply: string;
  state: string;
  intent: { name: string; confidence: number };
  slots: Record<string, unknown>;
  expecting: string | null;
  actions: readonly { name: string }[];
}

export interface Mismatch {
  /** What was checked: "reply", "state", "intent", "slots.date", "expecting", "actions", "never". */
  field: string;
  expected: string;
  actual: string;
}

const show = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** Every expectation of `turn` that `observed` breaks (empty = the turn passes). `never` applies to every turn. */
export function checkTurn(turn: StoryTurn, observed: ObservedTurn, ctx: TokenContext, never: readonly string[] = []): Mismatch[] {
  const out: Mismatch[] = [];
  const names = observed.actions.map((a) => a.name);

  if (turn.reply !== undefined) {
    for (const m of Array.isArray(turn.reply) ? turn.reply : [turn.reply]) {
      if (typeof m === 'string') {
        const text = resolveTokens(m, ctx);
        if (!observed.reply.includes(text)) out.push({ field: 'reply', expected: `to contain ${show(text)}`, actual: show(observed.reply) });
      } else {
        const source = resolveTokens(m.regex, ctx, true);
        if (!new RegExp(source, m.flags).test(observed.reply))
          out.push({ field: 'reply', expected: `to match /${source}/${m.flags ?? ''}`, actual: show(observed.reply) });
      }
    }
  }

  if (turn.state !== undefined) {
    const allowed = Array.isArray(turn.state) ? turn.state : [turn.state];
    if (!allowed.includes(observed.state))
      out.push({ field: 'state', expected: allowed.length === 1 ? show(allowed[0]) : `one of ${allowed.map(show).join(', ')}`, actual: show(observed.state) });
  }

  if (turn.intent !== undefined) {
    const { name, minConfidence } = typeof turn.intent === 'string' ? { name: turn.intent, minConfidence: undefined } : turn.intent;
    const actual = `${observed.intent.name} (${observed.intent.confidence.toFixed(2)})`;
    if (observed.intent.name !== name) out.push({ field: 'intent', expected: show(name), actual });
    else if (minConfidence !== undefined && observed.intent.confidence < minConfidence)
      out.push({ field: 'intent', expected: `${name} with confidence >= ${minConfidence}`, actual });
  }

  for (const [slot, raw] of Object.entries(turn.slots ?? {})) {
    const expected = typeof raw === 'string' ? resolveTokens(raw, ctx) : raw;
    const actual = observed.slots[slot];
    const ok = expected === null ? isEmpty(actual) : actual === expected;
    if (!ok) out.push({ field: `slots.${slot}`, expected: expected === null ? 'empty' : show(expected), actual: show(actual) });
  }

  if (turn.expecting !== undefined && observed.expecting !== turn.expecting)
    out.push({ field: 'expecting', expected: show(turn.expecting), actual: show(observed.expecting) });

  if (turn.actions !== undefined) {
    if (Array.isArray(turn.actions)) {
      if (turn.actions.length !== names.length || turn.actions.some((a, i) => names[i] !== a))
        out.push({ field: 'actions', expected: show(turn.actions), actual: show(names) });
    } else {
      const missing = (turn.actions.include ?? []).filter((a) => !names.includes(a));
      const forbidden = (turn.actions.exclude ?? []).filter((a) => names.includes(a));
      if (missing.length) out.push({ field: 'actions', expected: `to include ${missing.join(', ')}`, actual: show(names) });
      if (forbidden.length) out.push({ field: 'actions', expected: `to exclude ${forbidden.join(', ')}`, actual: show(names) });
    }
  }

  const banned = never.filter((a) => names.includes(a));
  if (banned.length) out.push({ field: 'never', expected: `no ${banned.join(', ')} on any turn`, actual: show(names) });
  return out;
}

export interface TurnFailure {
  /** 1-based. */
  turn: number;
  turns: number;
  user: string;
  mismatches: Mismatch[];
  /** Null when the turn produced no response at all (e.g. an HTTP error). */
  observed: ObservedTurn | null;
}

/**
 * The diff of a story's first failing turn:
 *
 *   turn 4 of 4: "确认"
 *     state: expected "idle", actual "booking.ask_destination"
 *     actual: reply "…" | state booking.ask_destination | intent affirm (0.97) | slots {…} | expecting destination | actions [charge]
 */
export function formatFailure(f: TurnFailure): string {
  const lines = [`turn ${f.turn} of ${f.turns}: ${JSON.stringify(f.user)}`];
  const width = Math.max(...f.mismatches.map((m) => m.field.length));
  for (const m of f.mismatches) lines.push(`  ${`${m.field}:`.padEnd(width + 1)} expected ${m.expected}, actual ${m.actual}`);
  const o = f.observed;
  if (o) {
    lines.push('  actual turn:');
    lines.push(`    reply:     ${JSON.stringify(o.reply)}`);
    lines.push(`    state:     ${o.state}`);
    lines.push(`    intent:    ${o.intent.name} (${o.intent.confidence.toFixed(2)})`);
    lines.push(`    slots:     ${JSON.stringify(o.slots)}`);
    lines.push(`    expecting: ${o.expecting ?? 'null'}`);
    lines.push(`    actions:   ${JSON.stringify(o.actions.map((a) => a.name))}`);
  }
  return lines.join('\n');
}
