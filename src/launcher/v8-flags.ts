/**
 * The V8 flags the launcher starts a Node with once `cache` has recorded it (src/launcher/launcher.sh), by major.
 * --no-rehash-snapshot keeps the start-up snapshot's hash seed rather than rehash the whole snapshot with a random
 * one (~2 ms of every start, a guard against hash flooding that a run hashing a few hundred strings of the kernel's
 * does not need). --jitless runs the program in V8's interpreter only: a fact run ends before machine code would
 * repay its compiling (-45 page faults and -1.7 M instructions a run, callgrind; -1.5 ms in wall time, npm run
 * bench). From 16 to 22 V8 then prints that it disables WebAssembly unless --no-expose-wasm says so first (on
 * stdout); 24 has no such flag. Node 4 and 5 refuse the first flag, Node 10 the second, and a later V8 may drop any
 * of them: only the majors CI runs are here, each line is one the launcher accepts, and only the binary that `cache`
 * ran with gets them. A code cache carries the flags it was made under, so `cache` makes it in a run with them.
 *
 * Read by `virt-facts cache` (src/host/code-cache.ts), which records the line for its Node's major, and by the
 * build, which writes the distinct lines into the launcher as the only ones it passes on.
 */
const REHASH_JITLESS = '--no-rehash-snapshot --jitless';
const REHASH_JITLESS_NO_WASM = '--no-rehash-snapshot --jitless --no-expose-wasm';
export const RECORDED_V8_FLAGS: Readonly<Record<number, string>> = {
  12: REHASH_JITLESS,
  14: REHASH_JITLESS,
  16: REHASH_JITLESS_NO_WASM,
  18: REHASH_JITLESS_NO_WASM,
  20: REHASH_JITLESS_NO_WASM,
  22: REHASH_JITLESS_NO_WASM,
  24: REHASH_JITLESS,
};
