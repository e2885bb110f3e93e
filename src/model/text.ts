/** Identifier shapes that must not leave the machine, whatever file they turn up in. */
const IDENTIFIERS: readonly (readonly [RegExp, string])[] = [
  [/[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}/g, '[uuid]'],
  [/\b[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}\b/g, '[mac]'],
];

/** Text with UUID- and MAC-shaped substrings replaced. */
export function withoutIdentifiers(text: string): string {
  for (const [pattern, replacement] of IDENTIFIERS) text = text.replace(pattern, replacement);
  return text;
}

/**
 * Whether `text` could hold a match of IDENTIFIERS: a UUID has 32 hex digits, the first eight in a row; a MAC
 * address has 12 and five separators. Counting characters is far cheaper than running the patterns on every
 * string of the document, and a miss here is impossible (every hex digit and separator is counted). Nothing
 * shorter than a MAC address (17 characters) is looked at: most of a document's strings, each loop over their
 * characters interpreted (-0.31 M instructions a fact run, callgrind).
 */
function mayHoldIdentifier(text: string): boolean {
  if (text.length < 17) return false;
  let hexRun = 0;
  let longestRun = 0;
  let hexDigits = 0;
  let separators = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20; // ASCII letters to lower case; digits, ':' and '-' stay as they are
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) {
      hexDigits++;
      if (++hexRun > longestRun) longestRun = hexRun;
    } else {
      hexRun = 0;
      if (c === 0x3a || c === 0x2d) separators++;
    }
  }
  return (longestRun >= 8 && hexDigits >= 32) || (separators >= 5 && hexDigits >= 12);
}

/**
 * Every string inside a value with identifiers replaced (the facts are JSON: objects, arrays, scalars). Copies
 * only the objects and arrays on the way to a string that changed; the others are returned as they are.
 */
export function redactIdentifiers<T>(value: T): T {
  if (typeof value === 'string') return (mayHoldIdentifier(value) ? withoutIdentifiers(value) : value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = redactIdentifiers(value[i]);
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    return (copy ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(record)) {
      const item = redactIdentifiers(record[key]);
      if (item !== record[key]) (copy ??= { ...record })[key] = item;
    }
    return (copy ?? value) as T;
  }
  return value;
}

/**
 * Text from the system shown in any output: printable ASCII only and bounded, so no DMI string can inject
 * into YAML, shell or Prometheus output. (Identifiers are removed from the finished document, in one place.)
 */
export function printable(text: string, maxLength = 200): string {
  // Nearly every value is already short printable ASCII: check it before building a copy.
  let clean = text.length <= maxLength;
  for (let i = 0; clean && i < text.length; i++) {
    const code = text.charCodeAt(i);
    clean = code >= 0x20 && code < 0x7f;
  }
  if (clean) return text;
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    out += code >= 0x20 && code < 0x7f ? char : code === 0 ? '\\0' : '?';
    // Enough to know the text is too long; the rest of a 64 KiB read need not be walked.
    if (out.length > maxLength) break;
  }
  return out.length > maxLength ? `${out.slice(0, maxLength - 1)}~` : out;
}

/*
 * Small scanners for the shapes the kernel writes (decimal counters, hex ids, blank-separated lists). Each regular
 * expression a run meets is compiled the first time it runs, which a fact run, where everything runs once,
 * pays in full; these are plain loops instead.
 */

/** Whether `text` is one or more decimal digits. */
export function isDigits(text: string): boolean {
  if (text === '') return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Whether `text` is one or more hexadecimal digits (either case). */
export function isHexDigits(text: string): boolean {
  if (text === '') return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** A 32-bit hex value as the kernel and capture tables write it: "1af4", "0x0001" (1 to 8 digits, optional 0x). */
export function parseHex32(text: string): number | undefined {
  const digits = text.startsWith('0x') ? text.slice(2) : text;
  return digits.length <= 8 && isHexDigits(digits) ? Number.parseInt(digits, 16) >>> 0 : undefined;
}

/** Blanks other than the space (tab, newline, vertical tab, form feed, carriage return). */
const OTHER_BLANKS = ['\t', '\n', '\v', '\f', '\r'];

/** The words of a blank-separated list (spaces, tabs, newlines), without empty ones. */
export function words(text: string): string[] {
  // What the kernel writes (cpuinfo's flags, /proc/self/stat) is separated by spaces only: split natively, as a loop
  // over the characters runs interpreted (a fact run's ~2000 characters: 0.1 ms).
  if (!OTHER_BLANKS.some((blank) => text.includes(blank))) return text.split(' ').filter((word) => word !== '');
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x20;
    const blank = c === 0x20 || (c >= 0x09 && c <= 0x0d);
    if (blank && start !== -1) {
      out.push(text.slice(start, i));
      start = -1;
    } else if (!blank && start === -1) start = i;
  }
  return out;
}

/** The first line of a sysfs/procfs attribute, without trailing white space (the kernel ends values with "\n"). */
export function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end === -1 ? text : text.slice(0, end)).trim();
}
