/**
 * Captures the files the probes read on this machine into a new fixture host:
 * `node --import=tsx test/tools/capture-host.ts <name>` writes test/fixtures/hosts/<name>/root and host.json.
 * Write its PROVENANCE.md by hand: what machine this is, and what was redacted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { captureTree } from '../../src/host/capture.ts';
import { createReader } from '../../src/host/reader.ts';
import { recordingReader } from '../../src/host/recording.ts';
import { gather } from '../../src/probes/index.ts';
import { HOSTS_DIR } from '../helpers/fixture-root.ts';

const name = process.argv[2];
if (name === undefined || !/^[a-z0-9_-]+$/.test(name)) {
  console.error('usage: capture-host.ts <arch-environment>');
  process.exit(2);
}
const dir = path.join(HOSTS_DIR, name);
if (fs.existsSync(dir)) {
  console.error(`${dir} exists; remove it first`);
  process.exit(2);
}
const reader = recordingReader(createReader('/'));
gather(reader, { now: () => 0, deadline: Number.POSITIVE_INFINITY });
const result = captureTree('/', reader.accesses, path.join(dir, 'root'));
fs.writeFileSync(path.join(dir, 'host.json'), `${JSON.stringify({ deny: result.deny }, null, 2)}\n`);
console.log(`captured ${result.files} files into ${dir}; denied: ${JSON.stringify(result.deny)}`);
