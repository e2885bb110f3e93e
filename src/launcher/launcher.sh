#!/bin/sh
':' /*
# virt-facts @VERSION@: a shell launcher and a Node.js program in one file (source: src/launcher/, build.mjs).

# The document a run asks for, which the shell needs only when it must print one itself: --format, or what
# src/cli/format-choice.ts chooses from the name and the surroundings; `cli` when the arguments ask for a
# command. Builtins only: a fact run must not pay for a subprocess.
virt_facts_format=
virt_facts_next=
for virt_facts_arg in "$@"; do
  case $virt_facts_next in
    format) virt_facts_format=$virt_facts_arg virt_facts_next=; continue ;;
    value) virt_facts_next=; continue ;;
  esac
  case $virt_facts_arg in
    --format) virt_facts_next=format ;;
    --format=*) virt_facts_format=${virt_facts_arg#--format=} ;;
    --root|--timeout) virt_facts_next=value ;;
    --root=*|--timeout=*|--evidence|--no-evidence|--identifiers|--no-identifiers) ;;
    *) virt_facts_format=cli; break ;;
  esac
done
[ -z "$virt_facts_next" ] || virt_facts_format=cli
case $virt_facts_format in
  json) virt_facts_format=ansible ;;
  @FORMATS@|cli) ;;
  ?*) virt_facts_format=cli ;;
  *)
    case $0 in
      *.fact) virt_facts_format=ansible ;;
      *[/]facter*[/]facts.d[/]*|*[/]puppet*[/]facts.d[/]*) virt_facts_format=facter ;;
      *)
        virt_facts_parent=
        # The command line (any argument) does not ask who the parent is; a bare run does, as Facter runs it.
        [ -n "${INSIDE_FACTER-}" ] || [ $# -gt 0 ] || [ ! -r /proc/$PPID/comm ] || read -r virt_facts_parent </proc/$PPID/comm
        if [ -n "${INSIDE_FACTER-}" ] || [ "$virt_facts_parent" = facter ] || [ "$virt_facts_parent" = puppet ]; then
          virt_facts_format=facter
        elif [ -t 1 ]; then
          virt_facts_format=text
        else
          virt_facts_format=ansible
        fi ;;
    esac ;;
esac

# The interpreter: $VIRT_FACTS_NODE when set, then node and nodejs (Debian's name before Debian 12) on PATH, then
# the usual places, for the minimal PATH that services and cron run with. The JavaScript half (boot.js, passed
# with -e) checks the version before it parses anything newer than ES5, and runs the program from this file.
# PATH is searched here rather than with `command -v`, whose output would need a /dev/null that a container may
# not have: nothing may reach stderr.
virt_facts_boot='@BOOT@'
# Node runs without the variables through which an environment reaches into every Node process. Measured, each
# broke a fact run: NODE_OPTIONS (an option this Node lacks: exit 9; a missing --require: exit 1), OPENSSL_CONF (a
# file Node's OpenSSL cannot parse: exit 101, no output), NODE_EXTRA_CA_CERTS (a warning when the file is missing;
# else each start parses the bundle, 45 ms on a 2-vCPU VM), NODE_DEBUG (stderr), NODE_V8_COVERAGE (a file written).
# The others are, by Node's documentation, more of the same: debug output, files, warnings, a parent's IPC channel
# or cluster. Commands run the same way, so that `cache` compiles under the V8 flags of a fact run.
unset NODE_OPTIONS OPENSSL_CONF NODE_EXTRA_CA_CERTS NODE_DEBUG NODE_DEBUG_NATIVE NODE_V8_COVERAGE NODE_COMPILE_CACHE \
  NODE_REDIRECT_WARNINGS NODE_PENDING_DEPRECATION NODE_CHANNEL_FD NODE_CHANNEL_SERIALIZATION_MODE NODE_UNIQUE_ID
# One V8 worker thread instead of Node's four: a fact run gives them nothing to do, and starting each one cost
# ~0.3 ms (npm run bench). Through NODE_OPTIONS, which every Node from 8 on reads and accepts this option in, and
# older ones ignore (on the command line Node 4 would refuse it: exit 9).
NODE_OPTIONS=--v8-pool-size=1
export NODE_OPTIONS
virt_facts_ifs=$IFS
set -f
IFS=:
virt_facts_candidates=${VIRT_FACTS_NODE:+$VIRT_FACTS_NODE:}
for virt_facts_name in node nodejs; do
  for virt_facts_dir in $PATH; do
    virt_facts_candidates=$virt_facts_candidates${virt_facts_dir:-.}/$virt_facts_name:
  done
done
for virt_facts_node in $virt_facts_candidates/usr/local/bin/node:/usr/bin/node:/usr/bin/nodejs:/opt/nodejs/bin/node:/opt/node/bin/node:/usr/local/nodejs/bin/node:/snap/bin/node; do
  if [ -f "$virt_facts_node" ] && [ -x "$virt_facts_node" ]; then
    IFS=$virt_facts_ifs
    # At every start V8 rehashes its whole start-up snapshot with a fresh random seed, against hash flooding: ~2 ms
    # here (npm run bench). A fact run hashes a few hundred strings that the machine's kernel and root wrote, so it
    # keeps the snapshot's seed (--no-rehash-snapshot). Node 4 and 5 refuse that flag (exit 9), and a later V8 may
    # drop it, so only the very binary that `virt-facts cache` has run with gets it: `cache` leaves a record of the
    # path under nodes/ in the cache directory, with the binary's modification time, and writes the code cache for
    # runs with the flag (V8 rejects a cache made under other flags). src/host/code-cache.ts. A binary replaced
    # since (an upgrade) has another time, and runs without the flag until `cache` runs again.
    # $VIRT_FACTS_NODE tells the program the path as found here (a shim that execs Node would hide it).
    virt_facts_rec=${VIRT_FACTS_CACHE_DIR-@CACHE_DIR@}/nodes$virt_facts_node
    virt_facts_v8=
    [ ! -f "$virt_facts_rec" ] || [ "$virt_facts_rec" -nt "$virt_facts_node" ] || [ "$virt_facts_rec" -ot "$virt_facts_node" ] ||
      virt_facts_v8=--no-rehash-snapshot
    VIRT_FACTS_NODE=$virt_facts_node exec "$virt_facts_node" $virt_facts_v8 -e "$virt_facts_boot" -- "$virt_facts_format" "$0" "$@"
  fi
done
IFS=$virt_facts_ifs
set +f

# No Node.js at all. A command cannot run; a document can still be printed: the fallback document of
# src/validate.ts, rendered at build time in every format, with the missing runtime in `errors`.
if [ "$virt_facts_format" = cli ]; then
  echo 'virt-facts: needs Node.js @MINIMUM_NODE_MAJOR@ or later, and found none (node or nodejs on PATH or in the usual places; or set VIRT_FACTS_NODE)' >&2
  exit 2
fi
case $virt_facts_format in
@DOCUMENTS@
esac
# Fill in the runtime the document names (boot.js does the same when the runtime is too old).
virt_facts_replace() {
  virt_facts_done=
  while :; do
    case $virt_facts_text in
      *"$1"*) virt_facts_done=$virt_facts_done${virt_facts_text%%"$1"*}$2; virt_facts_text=${virt_facts_text#*"$1"} ;;
      *) break ;;
    esac
  done
  virt_facts_text=$virt_facts_done$virt_facts_text
}
virt_facts_replace @PATH@ node
virt_facts_replace @CODE@ ENOENT
printf '%s' "$virt_facts_text"
exit 0
*/
