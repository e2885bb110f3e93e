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

/** The shortest text either pattern matches: a MAC address, 17 characters (a UUID takes 32). */
const SHORTEST_IDENTIFIER = 17;

/** Every string inside a value with identifiers replaced (the facts are JSON: objects, arrays, scalars). */
export function redactIdentifiers<T>(value: T): T {
  if (typeof value === 'string') return (value.length < SHORTEST_IDENTIFIER ? value : withoutIdentifiers(value)) as T;
  if (Array.isArray(value)) return value.map(redactIdentifiers) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = redactIdentifiers((value as Record<string, unknown>)[key]);
    return copy as T;
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

/** The first line of a sysfs/procfs attribute, without trailing white space (the kernel ends values with "\n"). */
export function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end === -1 ? text : text.slice(0, end)).trim();
}
