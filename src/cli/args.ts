/**
 * The command-line interface for people and scripts (loaded only when there are arguments). Fact output
 * keeps the fact-mode contract: exit 0, one document, silent stderr. Usage errors are the one exception:
 * they are a person's typo, answered on stderr with exit 2.
 */
import yargs from 'yargs';
import { DEFAULT_TIMEOUT_MS, collectFacts } from './facts-mode.ts';
import { renderJson } from '../render/json.ts';
import { VERSION } from '../version.ts';

export const FORMATS = ['ansible', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

export function buildParser(args: readonly string[], io: Io) {
  return yargs([...args])
    .scriptName('virt-facts')
    .usage('$0 [options]\n\nPrint what kind of machine this is (JSON for Ansible facts.d).')
    .option('root', {
      type: 'string',
      describe: 'Read this directory as the system root instead of / (also VIRT_FACTS_ROOT)',
      default: io.env.VIRT_FACTS_ROOT || '/',
      defaultDescription: '/',
    })
    .option('format', { choices: FORMATS, default: 'ansible' as Format, describe: 'Output format' })
    .option('evidence', { type: 'boolean', default: true, describe: 'Include the evidence array (--no-evidence leaves it empty)' })
    .option('timeout', { type: 'number', default: DEFAULT_TIMEOUT_MS, describe: 'Milliseconds after which unfinished probes become errors' })
    .example('$0', 'facts of this machine, as Ansible reads them')
    .example('$0 --root ./capture --no-evidence', 'facts of a captured system tree, without the evidence')
    .version(VERSION)
    .help()
    .strictOptions()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
}

export class UsageError extends Error {}

export async function runCommandLine(args: readonly string[], io: Io = processIo): Promise<void> {
  let argv;
  let helpShown = false;
  try {
    const parser = buildParser(args, io);
    argv = await parser.parseAsync([...args], {}, (_error, _argv, output) => {
      if (output) {
        helpShown = true;
        io.stdout(`${output}\n`);
      }
    });
  } catch (error) {
    io.stderr(`virt-facts: ${error instanceof Error ? error.message : String(error)}\nTry 'virt-facts --help'.\n`);
    process.exitCode = 2;
    return;
  }
  if (helpShown || argv.help || argv.version) return;
  const facts = collectFacts({
    root: argv.root,
    evidence: argv.evidence,
    timeoutMs: argv.timeout,
    version: VERSION,
    now: () => performance.now(),
  });
  io.stdout(renderJson(facts));
  process.exitCode = 0;
}
