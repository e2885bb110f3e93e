/**
 * The flags the launcher starts a Node with once `cache` has recorded it (src/launcher/launcher.sh), by major.
 * --no-rehash-snapshot keeps the start-up snapshot's hash seed rather than rehash the whole snapshot with a random
 * one (~2 ms of every start, a guard against hash flooding that a run hashing a few hundred strings of the kernel's
 * does not need). --jitless runs the program in V8's interpreter only: a fact run ends before machine code would
 * repay its compiling (-45 page faults and -1.7 M instructions a run, callgrind; -1.5 ms in wall time, npm run
 * bench). From 16 to 22 V8 then prints that it disables WebAssembly unless --no-expose-wasm says so first (on
 * stdout); 24 has no such flag. Node's own options: --input-type=commonjs says what the launcher's `-e` code is
 * (Node 20.19 and later otherwise compile it a second time to look for module syntax: -0.74 M instructions a run,
 * callgrind), and --no-experimental-global-webcrypto spares Node 20 and 22 setting up the global `crypto`, which
 * nothing here uses (-0.20 M; 16 and 18 accept it, 24 refuses it). Node 4 and 5 refuse the first flag, Node 10 the
 * second and --input-type, and a later Node may drop any of them: only the majors CI runs are here, each set is one
 * the launcher looks for, and only the binary that `cache` ran with gets them. A code cache carries the V8 flags it
 * was made under, so `cache` makes it in a run with them.
 *
 * Read by `virt-facts cache` (src/host/code-cache.ts), which records the set for its Node's major, and by the
 * build, which writes the distinct sets into the launcher as the only ones it looks for.
 */
const REHASH_JITLESS = '--no-rehash-snapshot --jitless --input-type=commonjs';
const REHASH_JITLESS_NO_WASM = '--no-rehash-snapshot --jitless --no-expose-wasm --input-type=commonjs --no-experimental-global-webcrypto';
export const RECORDED_NODE_FLAGS: Readonly<Record<number, string>> = {
  12: REHASH_JITLESS,
  14: REHASH_JITLESS,
  16: REHASH_JITLESS_NO_WASM,
  18: REHASH_JITLESS_NO_WASM,
  20: REHASH_JITLESS_NO_WASM,
  22: REHASH_JITLESS_NO_WASM,
  24: REHASH_JITLESS,
};

/**
 * A set of flags as one word, a `,` for each space: the suffix of its record's name (`<node path>,<word>`), which is
 * all the launcher reads of a record (a shell would read a line of it a byte per system call), and what it splits
 * at the commas to pass on.
 */
export const flagWord = (flags: string): string => flags.split(' ').join(',');
