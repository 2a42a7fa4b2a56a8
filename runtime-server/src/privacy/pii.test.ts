import { describe, expect, it } from 'vitest';
import { containsPii, redactDeep, redactPii } from './pii.ts';

// --- Independent reference implementations, so the tests do not trust the code under test. ---

/** ISO 7064 MOD 11-2 check character of a Chinese resident ID number. */
function idCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, ch, i) => acc + Number(ch) * (weights[i] ?? 0), 0);
  return '10X98765432'.charAt(sum % 11);
}

/** A checksum-valid ID number: 6-digit region, YYYYMMDD birth date, 3-digit sequence, check character. */
function makeId(region: string, birth: string, seq: string): string {
  const first17 = region + birth + seq;
  expect(first17).toMatch(/^\d{17}$/);
  return first17 + idCheck(first17);
}

/** The first checksum-valid ID for this region and birth date whose check character is X. */
function makeIdEndingInX(region: string, birth: string): string {
  for (let n = 0; n < 1000; n++) {
    const id = makeId(region, birth, String(n).padStart(3, '0'));
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X found');
}

function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits.charAt(digits.length - 1 - i));
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A Luhn-valid card number of the given length starting with `prefix` (body filled deterministically). */
function makeCard(prefix: string, length: number): string {
  let body = prefix;
  for (let i = 0; body.length < length - 1; i++) body += String((i * 7 + 3) % 10);
  for (let d = 0; d <= 9; d++) if (luhnOk(body + d)) return body + d;
  throw new Error('unreachable');
}

const group4 = (digits: string, sep: string): string => digits.match(/.{1,4}/g)!.join(sep);

describe('redactPii: phone numbers', () => {
  const cases: Array<[string, string]> = [
    ['13800138000', '[phone]'],
    ['我的手机号是13800138000，请回电', '我的手机号是[phone]，请回电'],
    ['手机：138 0013 8000。', '手机：[phone]。'],
    ['call 138-0013-8000 tomorrow', 'call [phone] tomorrow'],
    ['+86 139 1234 5678', '[phone]'],
    ['+8615012345678', '[phone]'],
    ['0086 186-1234-5678', '[phone]'],
    ['(+86) 17712345678', '[phone]'],
    ['86-19912345678', '[phone]'],
    ['call me at +1 415 555 2671', 'call me at [phone]'],
    ['Phone: +1 (415) 555-2671.', 'Phone: [phone].'],
    ['London office +44 20 7946 0958, ask for Ann', 'London office [phone], ask for Ann'],
    ['+33 6 12 34 56 78', '[phone]'],
    ['+49.30.1234.5678', '[phone]'],
    ['Tokyo: +81-3-1234-5678', 'Tokyo: [phone]'],
    ['+65 6123 4567', '[phone]'],
    ['请拨打+852 9123 4567联系我', '请拨打[phone]联系我'],
    // A count after the number is not part of it.
    ['+1 415 555 2671 3 tickets', '[phone] 3 tickets'],
  ];
  it.each(cases)('%s', (input, expected) => {
    expect(redactPii(input)).toBe(expected);
  });
});

describe('redactPii: Chinese resident ID numbers', () => {
  const ids = [
    makeId('110105', '19900307', '123'),
    makeId('310104', '19851231', '045'),
    makeId('440305', '20000229', '318'), // leap day
    makeId('510107', '19720615', '002'),
    makeId('330106', '20011001', '777'),
    makeIdEndingInX('320102', '19880808'),
  ];
  const lowerX = makeIdEndingInX('420106', '19950101').replace('X', 'x');

  it('the helpers produce what the tests need', () => {
    expect(ids.at(-1)).toMatch(/^\d{17}X$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(ids)('redacts %s alone and in sentences', (id) => {
    expect(redactPii(id)).toBe('[id_number]');
    expect(redactPii(`身份证号${id}，姓名张三`)).toBe('身份证号[id_number]，姓名张三');
    expect(redactPii(`My ID is ${id}.`)).toBe('My ID is [id_number].');
  });

  it('accepts a lowercase x check character', () => {
    expect(redactPii(`证件 ${lowerX}`)).toBe('证件 [id_number]');
  });

  it('ignores checksum-invalid IDs, impossible birth dates and IDs glued to other digits', () => {
    const valid = makeId('110105', '19900307', '123');
    const wrongCheck = valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0');
    expect(luhnOk(wrongCheck)).toBe(false); // so it cannot come back as a bank card either
    expect(redactPii(wrongCheck)).toBe(wrongCheck);

    // Checksum-valid but born on the 31st of February / in month 13 / in 1850.
    for (const birth of ['19900231', '19901301', '18500101']) {
      let id = '';
      for (let n = 0; n < 1000; n++) {
        id = makeId('110105', birth, String(n).padStart(3, '0'));
        if (!luhnOk(id.replace(/x/i, '0')) && !id.endsWith('X')) break;
      }
      expect(redactPii(id)).toBe(id);
    }

    // Glued to one more digit it is a 19-digit number; pick digits that keep it Luhn-invalid (not a card).
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].find((d) => !luhnOk(d + valid))!;
    const after = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].find((d) => !luhnOk(valid + d))!;
    expect(redactPii(`${before}${valid}`)).toBe(`${before}${valid}`);
    expect(redactPii(`${valid}${after}`)).toBe(`${valid}${after}`);
    expect(redactPii(`订单${valid}${after}号`)).toBe(`订单${valid}${after}号`);
  });
});

describe('redactPii: bank cards', () => {
  const visa = makeCard('4', 16);
  const master = makeCard('5425', 16);
  const unionPay19 = makeCard('622202', 19);
  const unionPay16 = makeCard('6212', 16);
  const card17 = makeCard('6013', 17);
  const card18 = makeCard('6250', 18);

  it('the helpers produce Luhn-valid numbers of the requested length', () => {
    for (const [card, len] of [[visa, 16], [master, 16], [unionPay19, 19], [unionPay16, 16], [card17, 17], [card18, 18]] as const) {
      expect(card).toHaveLength(len);
      expect(luhnOk(card)).toBe(true);
    }
  });

  const cases = (): Array<[string, string]> => [
    [visa, '[bank_card]'],
    [group4(master, ' '), '[bank_card]'],
    [group4(unionPay16, '-'), '[bank_card]'],
    [`卡号${unionPay19}，谢谢`, '卡号[bank_card]，谢谢'],
    [`卡号 ${group4(unionPay19, ' ')} 已绑定`, '卡号 [bank_card] 已绑定'],
    [`pay with ${card17} please`, 'pay with [bank_card] please'],
    [`card: ${card18}`, 'card: [bank_card]'],
    [`${group4(visa, ' ')} 2 tickets`, '[bank_card] 2 tickets'],
  ];
  it('redacts Luhn-valid cards, contiguous and grouped', () => {
    for (const [input, expected] of cases()) expect(redactPii(input), input).toBe(expected);
  });

  it('ignores Luhn-invalid numbers and cards glued to other digits', () => {
    const broken = visa.slice(0, 15) + String((Number(visa.charAt(15)) + 1) % 10);
    expect(luhnOk(broken)).toBe(false);
    expect(redactPii(broken)).toBe(broken);
    expect(redactPii(group4(broken, ' '))).toBe(group4(broken, ' '));
    const glued = `9${visa}`; // 17 digits, Luhn-invalid
    expect(luhnOk(glued)).toBe(false);
    expect(redactPii(glued)).toBe(glued);
    const tooLong = `${unionPay19}1`; // 20 digits
    expect(redactPii(tooLong)).toBe(tooLong);
  });
});

describe('redactPii: e-mail addresses', () => {
  const cases: Array<[string, string]> = [
    ['john.doe@example.com', '[email]'],
    ['write to alice+tickets@mail.example.co.uk today', 'write to [email] today'],
    ['我的邮箱是zhang_san-88@qq.com，谢谢', '我的邮箱是[email]，谢谢'],
    ['<Bob.Smith@Sub.Domain.Example.ORG>', '<[email]>'],
    ['13800138000@163.com', '[email]'],
    ['first: a@b.cd, second: x.y%z@host-1.example.io', 'first: [email], second: [email]'],
  ];
  it.each(cases)('%s', (input, expected) => {
    expect(redactPii(input)).toBe(expected);
  });
});

describe('redactPii: text without personal data', () => {
  const innocent = [
    'MI8Q3C2K-7F4Q',
    'ORD-20261124-0042',
    '订单号 ORD-20261124-0042 已确认',
    '2026-11-25',
    '20261125',
    '2026年11月25日',
    '11/25/2026',
    '2026-11-25T08:30:00+08:00',
    '14:30',
    '出发时间 08:05，到达 13:47',
    '¥1280.00',
    '总价 ¥2560.00（两张）',
    '$1,280.00',
    '两张',
    '3 tickets',
    'I want 2 adults and 1 child',
    'G1234',
    'D301',
    'CA1501',
    '我要订 G1234 次列车，二等座',
    'flight MU5101 and CA1501',
    '11010519900307123', // 17 digits
    '110105199003071235', // 18 digits, checksum-invalid (asserted below)
    '4111111111111112', // 16 digits, Luhn-invalid (asserted below)
    '6222021380013801', // 16 digits, Luhn-invalid (asserted below)
    '4155552671', // 10 digits
    '1380013800', // 10 digits that look like a mobile prefix
    '138001380001', // 12 digits
    '1764028800000', // millisecond timestamp
    '42',
    '12345',
    'seat 12A, car 5',
    'https://example.com/path/to/page?q=1&ref=home#top',
    'https://medium.com/@alice/my-trip-2026',
    'version 1.2.3, build 20261125.1',
    'UTC+8',
    '+08:00',
    '[phone] [email] [id_number] [bank_card]',
    '',
  ];

  it('the fixtures really are what their comments say', () => {
    expect(idCheck('11010519900307123')).not.toBe('5');
    expect(luhnOk('110105199003071235')).toBe(false);
    expect(luhnOk('4111111111111112')).toBe(false);
    expect(luhnOk('6222021380013801')).toBe(false);
    expect(innocent.length).toBeGreaterThanOrEqual(30);
  });

  it.each(innocent)('leaves %j unchanged', (text) => {
    expect(redactPii(text)).toBe(text);
    expect(containsPii(text)).toBe(false);
  });
});

describe('redactPii: mixed text', () => {
  it('redacts every kind in one message and is idempotent', () => {
    const id = makeId('110105', '19900307', '123');
    const card = makeCard('4', 16);
    const text = `张三，身份证${id}，手机13800138000，邮箱zs@example.com，卡号${group4(card, ' ')}，订单ORD-20261124-0042，金额¥1280.00，2026-11-25 G1234`;
    const once = redactPii(text);
    expect(once).toBe(
      '张三，身份证[id_number]，手机[phone]，邮箱[email]，卡号[bank_card]，订单ORD-20261124-0042，金额¥1280.00，2026-11-25 G1234',
    );
    expect(redactPii(once)).toBe(once);
  });
});

describe('containsPii', () => {
  it('reports each kind', () => {
    expect(containsPii('手机13800138000')).toBe(true);
    expect(containsPii('+44 20 7946 0958')).toBe(true);
    expect(containsPii(makeId('310104', '19851231', '045'))).toBe(true);
    expect(containsPii(makeCard('5425', 16))).toBe(true);
    expect(containsPii('me@example.com')).toBe(true);
    expect(containsPii('两张 G1234 2026-11-25 ¥1280.00')).toBe(false);
  });
});

describe('redactDeep', () => {
  it('copies objects and arrays with every string redacted and other values kept', () => {
    const when = new Date('2026-11-25T00:00:00Z');
    const input = {
      user: 'call 13800138000',
      count: 2,
      ok: true,
      none: null,
      missing: undefined,
      when,
      history: [{ user: 'me@example.com', bot: 'OK' }, 'plain', 13800138000, ['+1 415 555 2671']],
      'a@b.cd': 'key is redacted too',
    };
    const out = redactDeep(input);
    expect(out).toEqual({
      user: 'call [phone]',
      count: 2,
      ok: true,
      none: null,
      missing: undefined,
      when,
      history: [{ user: '[email]', bot: 'OK' }, 'plain', 13800138000, ['[phone]']],
      '[email]': 'key is redacted too',
    });
    expect((out as { when: Date }).when).toBe(when);
    expect(input.user).toBe('call 13800138000'); // the input is not modified
    expect(input.history[0]).toEqual({ user: 'me@example.com', bot: 'OK' });
  });

  it('redacts strings and passes other primitives through', () => {
    expect(redactDeep('13800138000')).toBe('[phone]');
    expect(redactDeep(42)).toBe(42);
    expect(redactDeep(null)).toBe(null);
    expect(redactDeep(undefined)).toBe(undefined);
  });

  it('replaces cycles with [circular] but keeps shared (non-cyclic) references', () => {
    const a: Record<string, unknown> = { phone: '13800138000' };
    a.self = a;
    const shared = { mail: 'x@example.com' };
    expect(redactDeep(a)).toEqual({ phone: '[phone]', self: '[circular]' });
    expect(redactDeep({ one: shared, two: [shared] })).toEqual({ one: { mail: '[email]' }, two: [{ mail: '[email]' }] });
  });

  it('cuts nesting deeper than 20 levels with [depth]', () => {
    const root: Record<string, unknown> = {};
    let node = root;
    for (let i = 0; i < 25; i++) {
      const next: Record<string, unknown> = { text: `level ${i + 1} 13800138000` };
      node.next = next;
      node = next;
    }
    let out = redactDeep(root) as Record<string, unknown>;
    let depth = 0;
    while (typeof out.next === 'object') {
      out = out.next as Record<string, unknown>;
      depth++;
      expect(out.text).toBe(`level ${depth} [phone]`);
    }
    expect(depth).toBe(20);
    expect(out.next).toBe('[depth]');
  });

  it('copies errors with message, stack, cause and fields redacted, keeping the prototype', () => {
    const err = new TypeError('no seat for 13800138000', { cause: new Error('user me@example.com') });
    Object.assign(err, { code: 'E_SEAT', contact: 'me@example.com' });
    const out = redactDeep({ err }) as { err: TypeError & { code: string; contact: string } };
    expect(out.err).toBeInstanceOf(TypeError);
    expect(out.err).not.toBe(err);
    expect(out.err.message).toBe('no seat for [phone]');
    expect(out.err.stack).toContain('TypeError: no seat for [phone]');
    expect((out.err.cause as Error).message).toBe('user [email]');
    expect(out.err.code).toBe('E_SEAT');
    expect(out.err.contact).toBe('[email]');
    expect(Object.keys(out.err)).toEqual(['code', 'contact']); // message/stack stay non-enumerable
    expect(err.message).toBe('no seat for 13800138000');
  });

  it('does not let a "__proto__" key change the prototype of the copy', () => {
    const input = JSON.parse('{"__proto__": {"polluted": "13800138000"}}') as unknown;
    const out = redactDeep(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: '[phone]' });
  });
});
