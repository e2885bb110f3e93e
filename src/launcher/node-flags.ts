/**
 * The flags the launcher starts a Node with once `cache` has recorded it (src/launcher/launcher.sh), by major.
 * --no-rehash-snapshot keeps the start-up snapshot's hash seed rather than rehash the whole snapshot with a random
 * one (~2 ms of every start, a guard against hash flooding that a run hashing a few hundred strings of the kernel's
 * does not need). --jitless runs the program in V8's interpreter only: a fact run ends before machine code would
 * repay its compiling (-45 page faults and -1.7 M instructions a run, callgrind; -1.5 ms in wall time, npm run
 * bench). From 16 to 22 V8 then prints that it disables WebAssembly unless --no-expose-wasm says so first (on
 * stdout); 24 has no such flag. Node's own options: --input-type=commonjs says what the launcher's `-e` code is
 * (Node 20.19 and later otherwise compile it a second time to look for module syntax: -0.74 M instructions a run,
 * callgrind), --no-experimental-global-webcrypto spares Node 20 and 22 setting up the global `crypto`, which
 * nothing here uses (-0.20 M; 16 and 18 accept it, 24 refuses it), and --no-global-search-paths spares Node 16 and
 * later working out the directories outside node_modules that require() would search (-0.27 M; the program
 * requires only Node's own modules; 12 and 14 refuse it). Node 4 and 5 refuse the first flag, Node 10 the second
 * and --input-type, and a later Node may drop any of them: only the majors CI runs are here, each set is one the
 * launcher looks for, and only the binary that `cache` ran with gets them. A code cache carries the V8 flags it was
 * made under, so `cache` makes it in a run with them.
 *
 * Read by `virt-facts cache` (src/host/code-cache.ts), which records the set for its Node's major, and by the
 * build, which writes the distinct sets into the launcher as the only ones it looks for.
 */
const NODE_12 = '--no-rehash-snapshot --jitless --input-type=commonjs';
const NODE_16 = '--no-rehash-snapshot --jitless --no-expose-wasm --input-type=commonjs --no-experimental-global-webcrypto --no-global-search-paths';
const NODE_24 = '--no-rehash-snapshot --jitless --input-type=commonjs --no-global-search-paths';
export const RECORDED_NODE_FLAGS: Readonly<Record<number, string>> = {
  12: NODE_12,
  14: NODE_12,
  16: NODE_16,
  18: NODE_16,
  20: NODE_16,
  22: NODE_16,
  24: NODE_24,
};

/**
 * A set of flags as one word, a `,` for each space: the suffix of its record's name (`<node path>,<word>`), which is
 * all the launcher reads of a record (a shell would read a line of it a byte per system call), and what it splits
 * at the commas to pass on.
 */
export const flagWord = (flags: string): string => flags.split(' ').join(',');
