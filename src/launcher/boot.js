// The launcher's JavaScript half, run by `node -e` (see launcher.sh). It is ES5 with the Buffer and fs calls of
// Node 4, because its job is to decide whether this Node is new enough before anything newer is parsed. build.mjs
// minifies it, checks that it holds no quote that would end the shell's string, and replaces the upper-case
// placeholders. One function, so that nothing it declares becomes a global of the program it runs.
//
// process.argv on entry: [node, format, file, ...arguments]. `format` is the shell's choice for a document the
// program cannot produce itself (launcher.sh: `cli` when the arguments ask for a command, not a document).
//
// The functions every run with a cache calls are function expressions in parentheses (`var f = (function f() …)`),
// V8's hint to compile them with the rest instead of looking them over now and parsing them again on their first
// call: -0.26 M instructions a fact run (callgrind). Those only a failure or `cache` calls stay declarations.
(function () {
var format = process.argv.splice(1, 1)[0];
var file = process.argv[1];
var fs = require('fs');
var major = +process.versions.node.split('.')[0];

/**
 * `name` as an absolute path, as path.resolve gives it. One that is absolute already and has no `.`, `..` or empty
 * component (how Ansible and Facter run a fact, and the default cache directory) is taken as it is: path.resolve
 * would be compiled on every fact run for it.
 */
var absolute = (function absolute(name) {
  var plain = name.charAt(0) === '/' && name.indexOf('//') < 0 && name.indexOf('/.') < 0 && name.charAt(name.length - 1) !== '/';
  return plain ? name : require('path').resolve(name);
});

/** Writes all of `text` to a file descriptor (no stream: an old Node's process.stdout may not flush before exit). */
function write(fd, text) {
  var bytes = Buffer.from ? Buffer.from(text, 'utf8') : new Buffer(text, 'utf8');
  for (var done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * Prints the shell's fallback document for `format`, with the runtime's path and error code filled in
 * (launcher.sh), and exits 0; a command gets `problem` on stderr and exit 2 instead.
 */
function fallback(runtime, code, problem) {
  if (format === 'cli') {
    write(2, 'virt-facts: ' + problem + '\n');
    process.exit(2);
  }
  // Each document is a single-quoted shell word, `'` written as `'\''`. The quote itself is taken from the file:
  // boot.js lives inside single quotes and cannot spell one.
  var source = fs.readFileSync(file, 'utf8');
  var marker = '\n  ' + format + ') vf_text=';
  var start = source.indexOf(marker) + marker.length + 1;
  var quote = source.charAt(start - 1);
  var text = source.slice(start, source.indexOf(quote + ' ;;\n', start)).split(quote + '\\' + quote + quote).join(quote);
  // Only characters that need no quoting in any of the formats.
  var safe = function (value) { return value.replace(/[^A-Za-z0-9._\/+ -]/g, '_').slice(0, 200); };
  write(1, text.split('@PATH@').join(safe(runtime)).split('@CODE@').join(code));
  process.exit(0);
}

if (major < MINIMUM_NODE_MAJOR) {
  fallback(process.execPath + ' ' + process.version, 'ENOTSUP', 'needs Node.js ' + MINIMUM_NODE_MAJOR + ' or later; ' + process.execPath + ' is ' + process.version);
}

/**
 * The compiled-code cache `virt-facts cache` (src/host/code-cache.ts) wrote for this program and this Node: V8's
 * bytecode of every function a fact run calls, which spares the run compiling them (most of what the program costs
 * after Node has started). The name binds it to the program and to the very Node binary (cacheFileName); V8 checks
 * its own version, flags and the source length besides, and rejects the cache (the program then compiles as usual)
 * on any mismatch. Compiled code runs as this user, so the file must belong to root or to this user and be writable
 * by nobody else; otherwise it is not read. $VIRT_FACTS_CACHE_DIR moves the directory (tests, the benchmark); set
 * empty, it turns the cache off.
 *
 * V8 since Node 18 does not checksum a cache it accepts (--verify-snapshot-checksum would, but loading the v8
 * module to set it costs more than the cache saves), and a cache damaged in place crashes the run. So the file is
 * CACHE_MAGIC, a hash of samples of V8's data, then the data. The data is cut into windows of 64 32-bit words (256
 * bytes: two in every 512-byte sector, sixteen in every 4 KiB block), and each window gives its first word that is
 * not zero, plus its place: a window zeroed, wholly or from that word on, changes the hash unless it held nothing
 * but zeros already (and then nothing changed), so a sector or block zeroed is always caught, and one overwritten
 * unless each sampled word happens to come out the same. (The first form took every 64th word as it was: ~1% of a
 * cache's sectors sampled only zeros there, and zeroing one of them went unseen, crashing the run.) About 800 words
 * read on a 190 KB cache; every 16th word, as before that, cost ~1.2 M more instructions a run (callgrind): a loop
 * that long is compiled by V8 as it runs. A few flipped bytes are caught one time in 64 (nothing checks the Node
 * binary or this file at all).
 */
var CACHE_MAGIC = 0x32636676; // 'vfc2', little-endian
var CACHE_WINDOW_WORDS = 64;

var sampledHash = (function sampledHash(file) {
  var aligned = file.byteOffset % 4 === 0 ? file : Buffer.from(file);
  var words = new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length >> 2);
  var hash = 0x811c9dc5;
  // Word 0 is the magic, word 1 the hash itself. A window of zeros gives the first word after it that is not zero
  // (past the end of the data: undefined, which hashes as 0).
  for (var start = 2; start < words.length; start += CACHE_WINDOW_WORDS) {
    var at = start;
    while (words[at] === 0) at++;
    hash = Math.imul(hash ^ (words[at] + at), 16777619);
  }
  return (hash ^ file.length) >>> 0;
});

/** V8's cache data framed as the file holds it. */
function framed(data) {
  var header = Buffer.alloc(8);
  header.writeUInt32LE(CACHE_MAGIC, 0);
  var file = Buffer.concat([header, data]);
  file.writeUInt32LE(sampledHash(file), 4);
  return file;
}

/** The unsigned 32-bit word at `offset`. (Buffer's readUInt32LE would be compiled on every fact run just for this.) */
var littleEndianWord = (function littleEndianWord(bytes, offset) {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
});

/** V8's cache data from the file's bytes, or undefined when the frame does not hold. */
var unframed = (function unframed(file) {
  if (file.length < 8 || littleEndianWord(file, 0) !== CACHE_MAGIC || littleEndianWord(file, 4) !== sampledHash(file)) return undefined;
  return file.subarray(8);
});

/** PROGRAM_HASH, then what identifies this Node binary: its version, and the size and time of the executable. */
var cacheFileName = (function cacheFileName() {
  var executable = fs.statSync(process.execPath);
  return [PROGRAM_HASH, process.version, executable.size.toString(36), Math.floor(executable.mtimeMs).toString(36)].join('-') + '.cache';
});

/** Reads `length` bytes at `position` of `fd` into the start of `buffer`; returns how many came. */
var readInto = (function readInto(fd, buffer, length, position) {
  for (var done = 0, got = 1; done < length && got > 0; done += got) got = fs.readSync(fd, buffer, done, length - done, position + done);
  return done;
});

/** The cache file, opened, when it is there and trustworthy (see above): its descriptor and size; else undefined. */
var openCache = (function openCache(cacheFile) {
  // Without blocking: a FIFO put there must not hold the fact run up (it is then no regular file, and not read).
  // Absent, it throws (ENOENT), and the caller runs without a cache; where a cache is installed, that is one call.
  var fd = fs.openSync(cacheFile, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  var trusted = false;
  try {
    var stat = fs.fstatSync(fd);
    var owner = stat.uid === 0 || stat.uid === process.geteuid();
    // 18 = 0o022: group or others may write. 64 MiB is far beyond any cache this program makes.
    trusted = stat.isFile() && owner && (stat.mode & 18) === 0 && stat.size <= 67108864;
    return trusted ? { fd: fd, size: stat.size } : undefined;
  } finally {
    if (!trusted) fs.closeSync(fd);
  }
});

var launcher;
var program;
try {
  var cacheDir = process.env.VIRT_FACTS_CACHE_DIR === undefined ? CACHE_DIR : process.env.VIRT_FACTS_CACHE_DIR;
  var cacheFile;
  var cache;
  try {
    cacheFile = cacheDir === '' ? undefined : absolute(cacheDir + '/' + cacheFileName());
    cache = cacheFile === undefined ? undefined : openCache(cacheFile);
  } catch (error) {
    // An unreadable cache is no cache: the program compiles as it would without one.
    cache = undefined;
  }
  // The program is the byte range PROGRAM_START..+PROGRAM_LENGTH of this file: the rest (the shell part, the
  // compressed command line) is never read or parsed on a fact run. The cache is read into the same buffer once
  // the program is a string: its pages are then touched already (each first touch is a page fault).
  var bytes = Buffer.allocUnsafe(Math.max(PROGRAM_LENGTH, cache === undefined ? 0 : cache.size));
  var fd = fs.openSync(file, fs.constants.O_RDONLY);
  var filled = readInto(fd, bytes, PROGRAM_LENGTH, PROGRAM_START);
  fs.closeSync(fd);
  process.argv[1] = file = absolute(file);
  // latin1Slice: the decoder toString('latin1') calls after checking its arguments (node_buffer.cc; every Node has it).
  var source = bytes.latin1Slice ? bytes.latin1Slice(0, filled) : bytes.toString('latin1', 0, filled);
  var cachedData;
  if (cache !== undefined) {
    try {
      cachedData = readInto(cache.fd, bytes, cache.size, 0) === cache.size ? unframed(bytes.subarray(0, cache.size)) : undefined;
    } catch (error) {
      cachedData = undefined;
    } finally {
      fs.closeSync(cache.fd);
    }
  }
  // The range is a function of the module's variables, as Node's own loader compiles a module (build.mjs), with the
  // file's name in stack traces; `launcher` is the program's view of this launcher (src/host/own-file.ts).
  var vm = require('vm');
  var script = new vm.Script(source, { filename: file, cachedData: cachedData });
  program = script.runInThisContext();
  launcher = {
    cacheFile: cacheFile,
    cacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    script: script,
    source: source,
    framed: framed,
    unframed: unframed,
  };
} catch (error) {
  // A file truncated or replaced under a running launcher: still one valid document.
  fallback(file, 'ENOEXEC', 'cannot load the program from ' + file + ': ' + error);
  return;
}
program(require, module, exports, file, file.slice(0, file.lastIndexOf('/')) || '/', launcher);
})();
