import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { piiSafeLoggerOptions } from './log.ts';

// pino is a dependency of fastify, not of this package, so the logger is built through Fastify.

const PHONE_CN = '13800138000';
const PHONE_INTL = '+1 415 555 2671';
const EMAIL = 'zhang.san+trip@example.com';
const ID_NUMBER = '11010519491231002X'; // checksum-valid (the check is asserted by pii.test.ts' helpers; re-checked below)
const CARD = '4111 1111 1111 1111'; // Luhn-valid test card
const SECRET = 'Bearer s3cr3t-t0ken-value';
const RAW_VALUES = [PHONE_CN, '415 555 2671', '415', EMAIL, ID_NUMBER, '4111 1111', '4111111111111111', 's3cr3t'];

function idCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, ch, i) => acc + Number(ch) * (weights[i] ?? 0), 0);
  return '10X98765432'.charAt(sum % 11);
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function build(extra: Record<string, unknown> = {}): { app: FastifyInstance; lines: string[]; records: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const stream = { write: (line: string) => void lines.push(line) };
  // No time, pid or hostname in the lines: their digits change every run and once held "415", one of the raw values.
  const instance = Fastify({ logger: { ...piiSafeLoggerOptions('info'), timestamp: false, base: null, ...extra, stream } });
  app = instance;
  return { app: instance, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function expectClean(output: string): void {
  for (const raw of RAW_VALUES) expect(output, `leaked ${raw}`).not.toContain(raw);
}

describe('piiSafeLoggerOptions', () => {
  it('uses the requested level and censors the configured paths', () => {
    const options = piiSafeLoggerOptions('warn');
    expect(options.level).toBe('warn');
    expect(options.redact).toEqual({
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'body.text', 'text', '*.text', 'user', '*.user'],
      censor: '[redacted]',
    });
    expect(typeof options.hooks?.logMethod).toBe('function');
    expect(idCheck(ID_NUMBER.slice(0, 17))).toBe('X');
  });

  it('redacts PII in plain messages and format arguments', () => {
    const { app, lines, records } = build();
    app.log.info(`我的手机号是${PHONE_CN}，请回电`);
    app.log.info(`call me at ${PHONE_INTL}`);
    app.log.info('contact %s / %s', EMAIL, `ID ${ID_NUMBER}`);
    app.log.warn(`card ${CARD} declined`);
    expectClean(lines.join(''));
    expect(records().map((r) => r.msg)).toEqual([
      '我的手机号是[phone]，请回电',
      'call me at [phone]',
      'contact [email] / ID [id_number]',
      'card [bank_card] declined',
    ]);
  });

  it('redacts PII inside logged objects, and censors whole user-text fields', () => {
    const { app, lines, records } = build();
    app.log.info(
      { sessionId: 's-1', slots: { phone: PHONE_CN, email: EMAIL, idNumber: ID_NUMBER }, cards: [CARD], count: 2 },
      'slots filled',
    );
    app.log.info({ text: `I am ${EMAIL}`, turn: { text: `call ${PHONE_CN}`, user: 'Zhang San' }, user: { name: 'Zhang San' } }, 'turn');
    app.log.child({ bot: 'tickets' }).info({ note: `reach me at ${PHONE_INTL}` }, 'child logger');
    const output = lines.join('');
    expectClean(output);
    expect(output).not.toContain('Zhang San');
    const [first, second, third] = records();
    expect(first).toMatchObject({
      msg: 'slots filled',
      sessionId: 's-1',
      slots: { phone: '[phone]', email: '[email]', idNumber: '[id_number]' },
      cards: ['[bank_card]'],
      count: 2,
    });
    expect(second).toMatchObject({ text: '[redacted]', turn: { text: '[redacted]', user: '[redacted]' }, user: '[redacted]' });
    expect(third).toMatchObject({ bot: 'tickets', note: 'reach me at [phone]', msg: 'child logger' });
  });

  it('redacts PII in errors: message, stack, cause and custom fields', () => {
    const { app, lines, records } = build();
    const err = Object.assign(new TypeError(`no booking for ${PHONE_CN}`), { contact: EMAIL, code: 'E_BOOKING' });
    app.log.error(err);
    app.log.error({ err: new Error(`card ${CARD} rejected`, { cause: new Error(`id ${ID_NUMBER}`) }) }, 'payment failed');
    expectClean(lines.join(''));
    const [first, second] = records() as Array<{ msg: string; err: Record<string, string> }>;
    expect(first!.msg).toBe('no booking for [phone]');
    expect(first!.err).toMatchObject({ type: 'TypeError', message: 'no booking for [phone]', contact: '[email]', code: 'E_BOOKING' });
    expect(first!.err.stack).toContain('TypeError: no booking for [phone]');
    expect(second!.msg).toBe('payment failed');
    expect(second!.err.message).toBe('card [bank_card] rejected: id [id_number]');
    expect(err.message).toBe(`no booking for ${PHONE_CN}`); // the caller's error is not modified
  });

  it('censors the authorization header and cookie of logged requests, and the request body', async () => {
    const { app, lines } = build({
      // The default request serializer drops headers; one that keeps them must still not leak credentials.
      serializers: {
        req: (req: { method?: string; url?: string; headers: Record<string, unknown>; body?: unknown }) => ({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: req.body,
        }),
      },
    });
    app.post('/chat', async (request) => {
      request.log.info({ req: { headers: request.headers, body: request.body } }, 'raw request');
      request.log.info({ body: request.body }, 'chat turn');
      return { ok: true };
    });
    const res = await app.inject({
      method: 'POST',
      url: '/chat',
      headers: { authorization: SECRET, cookie: 'sid=s3cr3t-cookie', 'x-trace': 'abc' },
      payload: { sessionId: 's-1', text: `my phone is ${PHONE_CN}` },
    });
    expect(res.statusCode).toBe(200);
    const output = lines.join('');
    expectClean(output);
    const records = lines.map((l) => JSON.parse(l) as { msg: string; req?: { headers?: Record<string, unknown>; body?: unknown }; body?: unknown });
    const incoming = records.find((r) => r.msg === 'incoming request');
    expect(incoming?.req?.headers).toMatchObject({ authorization: '[redacted]', cookie: '[redacted]', 'x-trace': 'abc' });
    const raw = records.find((r) => r.msg === 'raw request');
    expect(raw?.req).toMatchObject({ headers: { authorization: '[redacted]', cookie: '[redacted]' }, body: '[redacted]' });
    expect(records.find((r) => r.msg === 'chat turn')?.body).toEqual({ sessionId: 's-1', text: '[redacted]' });
  });
});
