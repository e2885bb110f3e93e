/**
 * Entry point of facts.d/virt.fact. With no arguments (how Ansible and Facter run a fact) it goes straight to
 * fact mode without loading yargs; with arguments it hands over to the command-line interface.
 */
import { factRun } from './facts-mode.ts';
import { writeStdout } from '../host/stdout.ts';
import { loadCli } from './load-cli.ts';
import { AUTOMATIC_RENDERERS } from '../render/automatic.ts';
import { MINIMUM_NODE_MAJOR, runningNodeMajor } from '../version.ts';

// The two functions below are wrapped in parentheses, V8's hint to compile a function with the script rather than
// on its first call: `virt-facts cache` cannot call them (they end the process), and a function compiled only on
// its first call is not in the code cache, so every fact run compiled them again.
const factModeWithoutArguments = (function factModeWithoutArguments(): void {
  // Most reads of a run end in ENOENT, and Node builds each error with a stack trace that fact mode never
  // prints: without the trace, creating the error is several times cheaper.
  Error.stackTraceLimit = 0;
  const { format, facts } = factRun();
  if (format === 'text') {
    // A person at a terminal: the summary's renderer comes with the command line, which consumers never load.
    const shown = facts;
    loadCli().then(
      ({ RENDERERS }) => finish(RENDERERS.text(shown)),
      () => finish(AUTOMATIC_RENDERERS.ansible(shown)),
    );
    return;
  }
  finish(AUTOMATIC_RENDERERS[format](facts));
});

/**
 * The document is written (synchronously) and nothing else is pending: exiting here skips tearing down the heap,
 * which a natural exit does and which measured ~2 ms of a ~130 ms run (npm run bench, issue 5). process.exit is
 * an 'exit' event that a fact run has no listener for, then process.reallyExit, which every Node has had (libraries
 * such as signal-exit wrap it); Node 20 loads a module in process.exit besides: calling reallyExit spares a fact
 * run 0.47 M instructions (callgrind). process.exit stays the way out should a Node lack it.
 */
const finish = (function finish(text: string): void {
  writeStdout(text);
  const { reallyExit } = process as unknown as { reallyExit?: (code: number) => never };
  if (typeof reallyExit === 'function') reallyExit.call(process, 0);
  process.exit(0);
});

const args = process.argv.slice(2);
// Linked as systemd-detect-virt (hosts without systemd), the program is that command, arguments or not.
const detectVirt = (process.argv[1] ?? '').endsWith('/systemd-detect-virt');
if (args.length === 0 && !detectVirt) {
  factModeWithoutArguments();
} else if (runningNodeMajor() < MINIMUM_NODE_MAJOR) {
  // Run as `node virt.fact` by an older Node (the launcher stops it before this): yargs needs MINIMUM_NODE_MAJOR.
  process.stderr.write(`virt-facts: the command line needs Node.js ${MINIMUM_NODE_MAJOR} or later; this is ${process.version}\n`);
  process.exitCode = 2;
} else {
  loadCli().then(
    ({ runCommandLine }) => runCommandLine(detectVirt ? ['detect-virt', ...args] : args),
    (error: unknown) => {
      // Only reachable with arguments, i.e. a person or a script, never the fact path.
      process.stderr.write(`virt-facts: cannot start the command line: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
