/**
 * yargs lays out its help with cliui. cliui's ES module entry, which esbuild bundles because the command line
 * imports yargs as a module, wraps a column by cutting it every `width` characters, mid-word ("what Ansible and
 * Fac" / "ter run"); its CommonJS entry wraps at spaces with wrap-ansi, several KB more for the file. This is the
 * ES entry with a wrap that breaks at spaces (a word longer than the column is cut). build.mjs puts it in place
 * of `cliui` for the command-line chunk.
 */
import { cliui } from 'cliui/build/lib/index.js';
import { stripAnsi } from 'cliui/build/lib/string-utils.js';

/** `text` in lines of at most `width` characters, broken at spaces; cliui calls it for every cell it lays out. */
export function wrapAtSpaces(text, width) {
  const lines = [];
  for (const paragraph of stripAnsi(text).split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      let rest = word;
      while (rest.length > width) {
        if (line !== '') lines.push(line);
        line = '';
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
      if (line === '') line = rest;
      else if (rest === '') continue;
      else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines.join('\n');
}

export default function ui(options) {
  return cliui(options, { stringWidth: (text) => [...text].length, stripAnsi, wrap: wrapAtSpaces });
}
