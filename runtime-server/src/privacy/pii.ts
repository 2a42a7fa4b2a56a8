/**
 * PII redaction for logs and stored chat history.
 *
 * Each detected item is replaced by a typed placeholder: `[email]`, `[id_number]`, `[bank_card]`, `[phone]`.
 * Detectors run in that order, so digits inside an e-mail address or an ID number are not reported twice.
 *
 * Digit runs are never cut: a match must neither start nor end inside a longer run of digits, so order ids,
 * dates, timestamps, prices and counts stay untouched. Numbers with a checksum (ID numbers, bank cards) only
 * count when the checksum is valid.
 */

export type PiiKind = 'phone' | 'id_number' | 'bank_card' | 'email';

const PLACEHOLDER: Record<PiiKind, string> = {
  phone: '[phone]',
  id_number: '[id_number]',
  bank_card: '[bank_card]',
  email: '[email]',
};

// ---------------------------------------------------------------------------------------------------------------
// E-mail: practical ASCII pattern (plus-addressing, dots, subdomains, TLD of 2+ letters).
const EMAIL_RE = /[A-Za-z0-9_%+-][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}/g;

// ---------------------------------------------------------------------------------------------------------------
// Chinese resident ID number: 17 digits + check character (digit or X), not glued to other digits.
const ID_RE = /(?<!\d)\d{17}[\dXx](?!\d)/g;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS.charAt(sum % 11);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** YYYYMMDD is a real calendar date between 1900-01-01 and the end of the current year. */
function isPlausibleBirthDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || year > new Date().getFullYear()) return false;
  if (month < 1 || month > 12) return false;
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day >= 1 && day <= days;
}

/** Shape, plausible birth date (positions 7–14) and MOD 11-2 checksum of an 18-character ID number. */
export function isValidCnIdNumber(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  if (!isPlausibleBirthDate(id.slice(6, 14))) return false;
  return idCheckChar(id.slice(0, 17)) === id.charAt(17).toUpperCase();
}

// ---------------------------------------------------------------------------------------------------------------
// Bank cards: 16–19 digits, contiguous or in groups of four separated by a space or a dash (a 19-digit card's
// last group has three digits). Luhn-valid only.
const CARD_RE = /(?<!\d)(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?)(?!\d)/g;

/** Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits.charAt(i));
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function isCardNumber(digits: string): boolean {
  if (digits.length < 16 || digits.length > 19) return false;
  // An 18-digit number shaped like an ID number (real birth date at 7–14) whose ID checksum failed is a
  // mistyped or made-up ID, not a card; this keeps checksum-invalid IDs from coming back as "[bank_card]".
  if (digits.length === 18 && isPlausibleBirthDate(digits.slice(6, 14))) return false;
  return luhnValid(digits);
}

function redactCard(match: string): string {
  const digits = match.replace(/\D/g, '');
  if (isCardNumber(digits)) return PLACEHOLDER.bank_card;
  // A grouped 16-digit card followed by an unrelated short number ("4111 1111 1111 1111 2 tickets"):
  // the optional last group was taken in; try the card without it.
  const lastGroup = /[ -]\d{1,3}$/.exec(match);
  if (lastGroup && /[ -]/.test(match.slice(0, lastGroup.index))) {
    const head = match.slice(0, lastGroup.index);
    if (isCardNumber(head.replace(/\D/g, ''))) return PLACEHOLDER.bank_card + lastGroup[0];
  }
  return match;
}

// ---------------------------------------------------------------------------------------------------------------
// Phones.
// CN mobile: 1[3-9]x xxxx xxxx, contiguous or 3-4-4 with spaces/dashes, optional +86 / 0086 / 86 prefix.
const CN_MOBILE_RE = /(?<!\d)(?:(?:\(\s?(?:\+|00)?86\s?\)|(?:\+|00)?86)[ -]?)?1[3-9]\d(?:\d{8}|[ -]\d{4}[ -]\d{4})(?!\d)/g;

// International E.164: "+" then 8–15 digits; groups separated by one space, dash or dot, or by parentheses.
const INTL_SEP = String.raw`(?:[ .\-]?\(|\)[ .\-]?|[ .\-])`;
const INTL_RE = new RegExp(String.raw`(?<![\d+])\+\(?\d+(?:${INTL_SEP}\d+)*\)?(?!\d)`, 'g');

function redactIntl(match: string): string {
  const count = (s: string): number => s.replace(/\D/g, '').length;
  let candidate = match;
  let rest = '';
  // "+1 415 555 2671 3 tickets": the lone trailing digit is a count, not part of the number.
  const lone = /[ .\-]\d$/.exec(candidate);
  if (lone && count(candidate) - 1 >= 8) {
    rest = lone[0];
    candidate = candidate.slice(0, lone.index);
  }
  const n = count(candidate);
  return n >= 8 && n <= 15 ? PLACEHOLDER.phone + rest : match;
}

// ---------------------------------------------------------------------------------------------------------------

/** Replaces every e-mail address, CN ID number, bank card number and phone number with a typed placeholder. */
export function redactPii(text: string): string {
  if (text.length < 6) return text; // the shortest possible match, "a@b.cd", has six characters
  return text
    .replace(EMAIL_RE, PLACEHOLDER.email)
    .replace(ID_RE, (m) => (isValidCnIdNumber(m) ? PLACEHOLDER.id_number : m))
    .replace(CARD_RE, redactCard)
    .replace(CN_MOBILE_RE, PLACEHOLDER.phone)
    .replace(INTL_RE, redactIntl);
}

/** Whether `redactPii` would change the text. */
export function containsPii(text: string): boolean {
  return redactPii(text) !== text;
}

// ---------------------------------------------------------------------------------------------------------------

const MAX_DEPTH = 20;

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // Plain assignment to "__proto__" would change the prototype instead of creating a key.
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function walk(value: unknown, depth: number, ancestors: object[]): unknown {
  if (typeof value === 'string') return redactPii(value);
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.includes(value)) return '[circular]';
  const isArray = Array.isArray(value);
  const isError = value instanceof Error;
  if (!isArray && !isError && !isPlainObject(value)) return value; // Date, Buffer, Map, class instances: kept
  if (depth > MAX_DEPTH) return '[depth]';

  ancestors.push(value);
  try {
    if (isArray) return value.map((item) => walk(item, depth + 1, ancestors));
    if (isError) return copyError(value, depth, ancestors);
    const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
    for (const [key, item] of Object.entries(value)) setOwn(out, redactPii(key), walk(item, depth + 1, ancestors));
    return out;
  } finally {
    ancestors.pop();
  }
}

/**
 * An Error is copied with its prototype (so `instanceof` and the constructor name survive for serializers) and
 * every own property — message, stack, cause, errors, custom fields — redacted with its enumerability kept.
 */
function copyError(err: Error, depth: number, ancestors: object[]): Error {
  const copy = Object.create(Object.getPrototypeOf(err) as object | null) as Error;
  for (const key of Object.getOwnPropertyNames(err)) {
    const desc = Object.getOwnPropertyDescriptor(err, key);
    if (!desc) continue;
    let raw: unknown;
    try {
      raw = 'value' in desc ? desc.value : (err as unknown as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    Object.defineProperty(copy, key, {
      value: walk(raw, depth + 1, ancestors),
      enumerable: desc.enumerable ?? false,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/**
 * A copy of a JSON-like value with every string (values and keys) redacted. Arrays and plain objects are copied,
 * Error instances are copied with redacted message/stack/fields, other values (numbers, booleans, null, Dates,
 * class instances, …) are kept as they are. A reference back to an enclosing object becomes '[circular]', and
 * an object or array nested deeper than 20 levels becomes '[depth]'.
 */
export function redactDeep(value: unknown): unknown {
  return walk(value, 0, []);
}
