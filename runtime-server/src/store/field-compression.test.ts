import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPRESS_ABOVE, packField, unpackField } from './field-compression.ts';

const record = (turn: number) =>
  ({ turn, at: '2026-12-07T01:14:15.787Z', locale: 'zh-CN', user: '我要订一张明天去北京的票', bot: '好的，明天去北京的票一张，确认吗？', intent: 'book_ticket', confidence: 0.9812, state: 'booking.confirm', actions: [] });

describe('packField / unpackField', () => {
  it('leaves a field at or under the limit as its text', () => {
    const small = JSON.stringify([record(1)]);
    expect(packField(small, DEFAULT_COMPRESS_ABOVE)).toBe(small);
    expect(packField('', 1)).toBe('');
  });

  it('counts bytes, not characters: Chinese text past the limit in UTF-8 is packed', () => {
    const chinese = '订'.repeat(400); // 400 characters, 1,200 bytes
    expect(typeof packField(chinese, 1024)).not.toBe('string');
    expect(packField(chinese, 1200)).toBe(chinese);
  });

  it('packs a long history into a fraction of its bytes and gives back the same text', () => {
    const history = JSON.stringify(Array.from({ length: 20 }, (_, i) => record(i + 1)));
    const packed = packField(history, DEFAULT_COMPRESS_ABOVE);
    expect(Buffer.isBuffer(packed)).toBe(true);
    expect((packed as Buffer).length).toBeLessThan(Buffer.byteLength(history) / 4);
    expect((packed as Buffer)[0]).toBe(0);
    expect(unpackField(packed as Buffer)).toBe(history);
  });

  it('reads a plain stored value as UTF-8 text', () => {
    expect(unpackField(Buffer.from('{"目的地":"北京"}'))).toBe('{"目的地":"北京"}');
  });

  it('refuses a packed value of an unknown format or with a broken stream', () => {
    const packed = packField('x'.repeat(5000), 100) as Buffer;
    expect(() => unpackField(Buffer.concat([Buffer.from([0, 9]), packed.subarray(2)]))).toThrow(/unknown packed field format 9/);
    expect(() => unpackField(Buffer.concat([packed.subarray(0, 2), Buffer.from('not deflate at all')]))).toThrow();
  });
});
