/**
 * The command-line interface for people and scripts (loaded only when there are arguments). Printing facts
 * keeps the fact-mode contract: exit 0, one document, silent stderr. Usage errors are a person's typo and
 * get exit 2 with a message on stderr; `validate` exits 1 for an invalid document.
 */
import { posix } from 'node:path';
import { captureTree } from '../host/capture.ts';
import { InstallError, installAtomically, makeTempDir, readUserFile } from '../host/install.ts';
import { describeCacheResult, writeCodeCache, type CacheResult } from '../host/code-cache.ts';
import { ownFile } from '../host/own-file.ts';
import { createReader } from '../host/reader.ts';
import { recordingReader, type Access } from '../host/recording.ts';
import { writeTar } from '../host/tar.ts';
import type { Gathered } from '../probes/index.ts';
import { AUTOMATIC_RENDERERS } from '../render/automatic.ts';
import { FORMATS, RENDERERS, type Format } from '../render/index.ts';
import { validate } from '../validate.ts';
import { VERSION } from '../version.ts';
import { renderExplanation } from './explain.ts';
import { detectVirtCommand } from './detect-virt.ts';
import { sameFile } from '../host/same-file.ts';
import { createProbeContext } from '../probes/context.ts';
import { probeUserNamespace } from '../probes/user-namespace.ts';
import { DEFAULT_TIMEOUT_MS, collectFacts, factRun, monotonicMs } from './facts-mode.ts';
import { chooseFormat } from './format-choice.ts';
import yargs from 'yargs';
import schemaDocument from '../../schema/virt-facts.schema.json' with { type: 'json' };

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly invokedAs: string;
  readonly stdoutIsTerminal: boolean;
  readonly isRoot: boolean;
  readonly makeTempDir: () => string;
}

export class UsageError extends Error {}

/** Where each consumer looks (consumers.md): the destination file and its mode. */
const INSTALL_TARGETS = {
  ansible: { dir: '/etc/ansible/facts.d', name: 'virt.fact', what: 'program', mode: 0o755 },
  facter: { dir: '/etc/facter/facts.d', name: 'virt_facts', what: 'program', mode: 0o755 },
  prometheus: { dir: '/var/lib/prometheus/node-exporter', name: 'virt_facts.prom', what: 'prometheus', mode: 0o644 },
  // node-feature-discovery's local source (its worker DaemonSet mounts this directory from the node).
  nfd: { dir: '/etc/kubernetes/node-feature-discovery/features.d', name: 'virt-facts', what: 'nfd', mode: 0o644 },
} as const;
type InstallTarget = keyof typeof INSTALL_TARGETS;

interface Common {
  root: string;
  timeout: number;
}

/**
 * The code cache for this program and this Node, after one fact run's work in this process (the functions a fact
 * run calls, compiled in the program the launcher loaded: collectFacts and the renderers of the fact formats).
 */
function cacheAfterFactRun(argv: Common): CacheResult {
  return writeCodeCache(() => {
    const { facts } = factRun(argv.root, argv.timeout);
    for (const render of Object.values(AUTOMATIC_RENDERERS)) render(facts);
  });
}

function factsFor(argv: Common, evidence = true, reader = createReader(argv.root), readerFor?: (probe: keyof Gathered) => ReturnType<typeof createReader>, identifiers = false) {
  return collectFacts({ root: argv.root, reader, evidence, identifiers, timeoutMs: argv.timeout, version: VERSION, now: monotonicMs, ...(readerFor ? { readerFor } : {}) });
}

/** `args`: the command line as given, for the commands whose options act in order (detect-virt, as getopt). */
export function buildParser(io: Io, args: readonly string[] = []) {
  let exitCode = 0;
  const parser = yargs()
    .scriptName('virt-facts')
    .usage('$0 [command] [options]\n\nWhat kind of machine this is, virtually speaking: hypervisor, Xen PV/HVM/PVH, containers, paravirtual drivers, cloud. Reads files only; prints one document for Ansible, Facter, Salt or Prometheus.')
    .option('root', { type: 'string', default: io.env.VIRT_FACTS_ROOT || '/', defaultDescription: '/ (or VIRT_FACTS_ROOT)', describe: 'Read this directory as the system root', global: true })
    .option('timeout', { type: 'number', default: DEFAULT_TIMEOUT_MS, describe: 'Milliseconds after which unfinished probes become errors', global: true })
    .command(
      '$0',
      'Print the facts (the default; what Ansible and Facter run)',
      (y) =>
        y
          .option('format', { choices: FORMATS, describe: 'Output format (default: ansible JSON; text on a terminal; facter from a Facter facts.d)' })
          .option('evidence', { type: 'boolean', default: true, describe: 'Include the evidence array (--no-evidence leaves it empty)' })
          .option('identifiers', { type: 'boolean', default: false, describe: 'Keep UUID- and MAC-shaped strings in the output (replaced by default)' })
          .example('$0', 'facts of this machine, as Ansible reads them')
          .example('$0 --format text', 'a summary for a person')
          .example('$0 --root ./capture --no-evidence', 'facts of a captured system tree, without the evidence')
          .example('$0 --format prometheus', 'node_exporter textfile metrics'),
      (argv) => {
        const format: Format = argv.format ?? chooseFormat({ invokedAs: io.invokedAs, env: io.env, stdoutIsTerminal: () => io.stdoutIsTerminal, parent: () => undefined });
        io.stdout(RENDERERS[format](factsFor(argv, argv.evidence, undefined, undefined, argv.identifiers)));
      },
    )
    .command(
      'explain',
      'Show every probe, what it read, what it concluded, what was overruled and what could not be read',
      (y) => y.example('$0 explain', 'why this machine is what virt-facts says').example('$0 explain --root ./capture', 'the same for a capture'),
      (argv) => {
        const base = createReader(argv.root);
        const byProbe = new Map<string, Access[]>();
        const readerFor = (probe: keyof Gathered) => {
          const recording = recordingReader(base);
          byProbe.set(probe, recording.accesses as Access[]);
          return recording;
        };
        const facts = factsFor(argv, true, base, readerFor);
        io.stdout(renderExplanation(facts, argv.root, byProbe, io.isRoot));
      },
    )
    .command(
      'capture',
      'Copy the exact files the probes read into a fixture tree (identifiers redacted), with the facts',
      (y) =>
        y
          .option('out', { type: 'string', demandOption: true, describe: 'A new directory, or a FILE.tar' })
          .example('$0 capture --out /tmp/myhost', 'a tree to attach to a bug report')
          .example('$0 capture --out myhost.tar', 'the same as one tar file')
          .example('$0 --root /tmp/myhost/root', 'reading the capture back gives the same facts'),
      (argv) => {
        const tar = argv.out.endsWith('.tar');
        const dir = tar ? io.makeTempDir() : argv.out;
        const recording = recordingReader(createReader(argv.root));
        const facts = factsFor(argv, true, recording);
        const result = captureTree(posix.resolve(argv.root), recording.accesses, posix.join(dir, 'root'));
        installAtomically(posix.join(dir, 'host.json'), `${JSON.stringify({ deny: result.deny }, null, 2)}\n`, 0o644);
        installAtomically(posix.join(dir, 'facts.json'), `${JSON.stringify(facts, null, 2)}\n`, 0o644);
        if (tar) writeTar(dir, argv.out);
        io.stderr(`captured ${result.files} files into ${argv.out}${Object.keys(result.deny).length > 0 ? `; unreadable: ${Object.keys(result.deny).join(', ')}` : ''}\n`);
      },
    )
    .command(
      'install',
      'Install for a consumer, atomically, with the right name and mode',
      (y) =>
        y
          .option('ansible', { type: 'boolean', describe: 'copy this program to /etc/ansible/facts.d/virt.fact (0755)' })
          .option('facter', { type: 'boolean', describe: 'copy this program to /etc/facter/facts.d/virt_facts (0755)' })
          .option('prometheus', { type: 'boolean', describe: 'write the metrics to /var/lib/prometheus/node-exporter/virt_facts.prom (0644)' })
          .option('nfd', { type: 'boolean', describe: 'write node labels to /etc/kubernetes/node-feature-discovery/features.d/virt-facts (0644)' })
          .option('dest', { type: 'string', describe: 'Directory instead of the consumer default (no white space)' })
          .option('cache', { type: 'boolean', default: true, describe: 'With --ansible or --facter, also run `cache`' })
          .check((argv) => {
            const chosen = (['ansible', 'facter', 'prometheus', 'nfd'] as const).filter((t) => argv[t]);
            if (chosen.length !== 1) throw new UsageError('choose exactly one of --ansible, --facter, --prometheus, --nfd');
            return true;
          })
          .example('$0 install --ansible', 'Ansible runs it at every gather')
          .example('$0 install --facter --dest /opt/puppetlabs/facter/facts.d', 'for Puppet agent packages')
          .example('$0 install --prometheus --dest /var/lib/node_exporter/textfile', 'from a timer, for node_exporter')
          .example('$0 install --nfd', 'node labels for node-feature-discovery, at boot or from a timer'),
      (argv) => {
        const target = (['ansible', 'facter', 'prometheus', 'nfd'] as const).find((t) => argv[t]) as InstallTarget;
        const spec = INSTALL_TARGETS[target];
        const destination = posix.join(argv.dest ?? spec.dir, spec.name);
        const content = spec.what === 'program' ? ownFile() : RENDERERS[spec.what](factsFor(argv));
        installAtomically(destination, content, spec.mode);
        io.stderr(`installed ${destination}\n`);
        // The installed file is this program: the cache made here is the one its fact runs look for.
        if (spec.what === 'program' && argv.cache) io.stderr(`${describeCacheResult(cacheAfterFactRun(argv))}\n`);
      },
    )
    .command(
      'cache',
      'Write the compiled code that spares later fact runs compiling (/var/cache/virt-facts; again after a Node upgrade)',
      (y) => y,
      (argv) => {
        const result = cacheAfterFactRun(argv);
        io.stdout(`${describeCacheResult(result)}\n`);
        if (result.status === 'failed' || result.status === 'no-launcher' || (result.status === 'again' && !result.ok)) exitCode = 1;
      },
    )
    .command(
      detectVirtCommand({
        args,
        stdout: io.stdout,
        stderr: io.stderr,
        setExitCode: (code) => {
          exitCode = code;
        },
        facts: (argv) => factsFor(argv, false),
        sameRootAsPid1: (root) => sameFile(root, '/proc/1/root', '/'),
        userNamespace: (root) => probeUserNamespace(createProbeContext(createReader(root), 'userNamespace', [])),
        pid: process.pid,
      }),
    )
    .command('schema', 'Print the JSON Schema of the facts (the contract)', (y) => y.example('$0 schema > virt-facts.schema.json', 'for your own validators'), () => {
      io.stdout(`${JSON.stringify(schemaDocument, null, 2)}\n`);
    })
    .command(
      'validate <file>',
      'Check a document against the schema: a fact output, an Ansible fact-cache file, or Facter/Salt output',
      (y) => y.positional('file', { type: 'string', demandOption: true }).example('$0 validate /var/cache/ansible/facts/web1', 'a jsonfile fact-cache entry'),
      (argv) => {
        const read = readUserFile(argv.file);
        if (!read.ok) throw new UsageError(`cannot read ${argv.file}: ${read.code}`);
        let document: unknown;
        try {
          document = JSON.parse(read.text);
        } catch {
          throw new UsageError(`${argv.file} is not JSON`);
        }
        const facts = factsInside(document);
        const result = validate(facts);
        if (result.ok) io.stdout(`${argv.file}: valid (schema_version 1)\n`);
        else {
          io.stdout(`${argv.file}: invalid at ${result.where}: ${result.problem}\n`);
          exitCode = 1;
        }
      },
    )
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
  return { parser, exitCode: () => exitCode };
}

/** The facts inside a fact-cache entry (ansible_local.virt), a Facter/Salt document (virt_facts), or the facts themselves. */
export function factsInside(document: unknown): unknown {
  const record = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  const doc = record(document);
  const local = record(doc?.ansible_local) ?? record(record(doc?.ansible_facts)?.ansible_local);
  if (local?.virt !== undefined) return local.virt;
  if (doc?.virt_facts !== undefined) return doc.virt_facts;
  return document;
}

export async function runCommandLine(args: readonly string[], io: Io = processIo()): Promise<void> {
  const { parser, exitCode } = buildParser(io, args);
  let helpText = '';
  try {
    await parser.parseAsync([...args], {}, (_error, _argv, output) => {
      helpText = output;
    });
    if (helpText !== '') io.stdout(`${helpText}\n`);
    process.exitCode = exitCode();
  } catch (error) {
    if (error instanceof InstallError || error instanceof UsageError || (error instanceof Error && error.name === 'YError')) {
      io.stderr(`virt-facts: ${error.message}\nTry 'virt-facts --help'.\n`);
      process.exitCode = 2;
      return;
    }
    io.stderr(`virt-facts: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    invokedAs: process.argv[1] ?? '',
    stdoutIsTerminal: process.stdout.isTTY === true,
    isRoot: process.geteuid?.() === 0,
    makeTempDir,
  };
}

/** The renderers of every format, for a run without arguments that prints the text summary (cli/main.ts). */
export { RENDERERS } from '../render/index.ts';
