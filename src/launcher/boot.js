// The launcher's JavaScript half, run by `node -e` (see launcher.sh). It is ES5 with the Buffer and fs calls of
// Node 4, because its job is to decide whether this Node is new enough before anything newer is parsed. build.mjs
// minifies it, checks that it holds no quote that would end the shell's string, and replaces the upper-case
// placeholders. One function, so that nothing it declares becomes a global of the program it runs.
//
// process.argv on entry: [node, format, file, ...arguments]. `format` is the shell's choice for a document the
// program cannot produce itself (launcher.sh: `cli` when the arguments ask for a command, not a document).
(function () {
var format = process.argv.splice(1, 1)[0];
var file = process.argv[1];
var fs = require('fs');
var path = require('path');
var major = +process.versions.node.split('.')[0];

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
  var marker = '\n  ' + format + ') virt_facts_text=';
  var start = source.indexOf(marker) + marker.length + 1;
  var quote = source.charAt(start - 1);
  var text = source.slice(start, source.indexOf(quote + ' ;;\n', start)).split(quote + '\\' + quote + quote).join(quote);
  // Only characters that need no quoting in any of the formats.
  var safe = function (value) { return value.replace(/[^A-Za-z0-9._\/+ -]/g, '_').slice(0, 200); };
  write(1, text.split('@RUNTIME_PATH@').join(safe(runtime)).split('@RUNTIME_CODE@').join(code));
  process.exit(0);
}

if (major < MINIMUM_NODE_MAJOR) {
  fallback(process.execPath + ' ' + process.version, 'ENOTSUP', 'needs Node.js ' + MINIMUM_NODE_MAJOR + ' or later; ' + process.execPath + ' is ' + process.version);
}
var program;
try {
  // The program is the byte range PROGRAM_START..+PROGRAM_LENGTH of this file: the rest (the shell part, the
  // compressed command line) is never read or parsed on a fact run.
  var fd = fs.openSync(file, 'r');
  var code = Buffer.allocUnsafe(PROGRAM_LENGTH);
  for (var filled = 0, count = 1; filled < PROGRAM_LENGTH && count > 0; filled += count) {
    count = fs.readSync(fd, code, filled, PROGRAM_LENGTH - filled, PROGRAM_START + filled);
  }
  fs.closeSync(fd);
  process.argv[1] = file = path.resolve(file);
  // Compiled as Node's own loader compiles a module (Node 12 to 20), with the file's name in stack traces.
  program = require('vm').compileFunction(code.toString('latin1', 0, filled), ['require', 'module', 'exports', '__filename', '__dirname'], { filename: file });
} catch (error) {
  // A file truncated or replaced under a running launcher: still one valid document.
  fallback(file, 'ENOEXEC', 'cannot load the program from ' + file + ': ' + error);
  return;
}
program(require, module, exports, file, path.dirname(file));
})();
