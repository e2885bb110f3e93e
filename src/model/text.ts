/** Text from the system shown in any output: printable ASCII only, bounded, so no DMI string can inject. */
export function printable(text: string, maxLength = 200): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    out += code >= 0x20 && code < 0x7f ? char : code === 0 ? '\\0' : '?';
    if (out.length >= maxLength) return `${out.slice(0, maxLength - 1)}~`;
  }
  return out;
}

/** The first line of a sysfs/procfs attribute, without trailing white space (the kernel ends values with "\n"). */
export function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end === -1 ? text : text.slice(0, end)).trim();
}
