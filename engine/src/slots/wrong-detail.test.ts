import { describe, expect, it } from 'vitest';
import { saysWrong } from './wrong-detail.ts';

describe('saysWrong', () => {
  it('reads a detail said to be wrong, and which kind', () => {
    expect(saysWrong('wrong date', 'date')).toBe(true);
    expect(saysWrong('日期不对', 'date')).toBe(true);
    expect(saysWrong('人数不对', 'count')).toBe(true);
    expect(saysWrong('wrong destination', 'city')).toBe(true);
    expect(saysWrong('wrong date', 'count')).toBe(false);
    expect(saysWrong("that's wrong")).toBe(true);
    expect(saysWrong('不对')).toBe(true);
  });

  it('is not a plain no', () => {
    for (const text of ['no', '不用了', "I don't want it", '算了']) expect(saysWrong(text)).toBe(false);
  });

  it('is not a yes that says nothing is wrong', () => {
    for (const text of ['没错了，订吧', '没有错', "nothing wrong with that, go ahead", "nothing's wrong", 'not wrong at all', 'no mistake, book it']) {
      expect(saysWrong(text)).toBe(false);
    }
    expect(saysWrong('no, the date is wrong', 'date')).toBe(true);
    expect(saysWrong('没错，不过日期不对', 'date')).toBe(true);
  });
});
