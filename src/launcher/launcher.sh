#!/bin/sh
':' /*
# virt-facts @VERSION@: a shell launcher and a Node.js program in one file (source: src/launcher/, build.mjs).

# The document a run asks for, which the shell needs only when it must print one itself: --format, or what
# src/cli/format-choice.ts chooses from the name and the surroundings; `cli` when the arguments ask for a
# command. Builtins only: a fact run must not pay for a subprocess. The shell's variables are vf_* (virt-facts):
# short, since the file carries them to every host.
vf_format=
vf_next=
for vf_arg in "$@"; do
  case $vf_next in
    format) vf_format=$vf_arg vf_next=; continue ;;
    value) vf_next=; continue ;;
  esac
  case $vf_arg in
    --format) vf_next=format ;;
    --format=*) vf_format=${vf_arg#--format=} ;;
    --root|--timeout) vf_next=value ;;
    --root=*|--timeout=*|--evidence|--no-evidence|--identifiers|--no-identifiers) ;;
    *) vf_format=cli; break ;;
  esac
done
[ -z "$vf_next" ] || vf_format=cli
case $vf_format in
  json) vf_format=ansible ;;
  @FORMATS@|cli) ;;
  ?*) vf_format=cli ;;
  *)
    case $0 in
      *.fact) vf_format=ansible ;;
      *[/]facter*[/]facts.d[/]*|*[/]puppet*[/]facts.d[/]*) vf_format=facter ;;
      *)
        vf_parent=
        # The command line (any argument) does not ask who the parent is; a bare run does, as Facter runs it.
        [ -n "${INSIDE_FACTER-}" ] || [ $# -gt 0 ] || [ ! -r /proc/$PPID/comm ] || read -r vf_parent </proc/$PPID/comm
        if [ -n "${INSIDE_FACTER-}" ] || [ "$vf_parent" = facter ] || [ "$vf_parent" = puppet ]; then
          vf_format=facter
        elif [ -t 1 ]; then
          vf_format=text
        else
          vf_format=ansible
        fi ;;
    esac ;;
esac

# The interpreter: $VIRT_FACTS_NODE when set, then node and nodejs (Debian's name before Debian 12) on PATH, then
# the usual places, for the minimal PATH that services and cron run with. The JavaScript half (boot.js, passed
# with -e) checks the version before it parses anything newer than ES5, and runs the program from this file.
# PATH is searched here rather than with `command -v`, whose output would need a /dev/null that a container may
# not have: nothing may reach stderr.
vf_boot='@BOOT@'
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
# And no OpenSSL configuration at all: nothing here uses cryptography, the system's openssl.cnf could break a run as
# OPENSSL_CONF can, and reading and parsing it cost every start 0.66 M instructions (callgrind). Every Node from 4 on
# takes an empty file (or a missing one) as no configuration.
OPENSSL_CONF=/dev/null
export NODE_OPTIONS OPENSSL_CONF
vf_ifs=$IFS
set -f
IFS=:
vf_candidates=${VIRT_FACTS_NODE:+$VIRT_FACTS_NODE:}
for vf_name in node nodejs; do
  for vf_dir in $PATH; do
    vf_candidates=$vf_candidates${vf_dir:-.}/$vf_name:
  done
done
for vf_node in $vf_candidates/usr/local/bin/node:/usr/bin/node:/usr/bin/nodejs:/opt/nodejs/bin/node:/opt/node/bin/node:/usr/local/nodejs/bin/node:/snap/bin/node; do
  if [ -f "$vf_node" ] && [ -x "$vf_node" ]; then
    # Flags that spare a fact run work Node does for long-running programs (src/launcher/node-flags.ts,
    # RECORDED_NODE_FLAGS: the start-up snapshot's rehash with a random seed, compiling machine code, and looking for
    # module syntax in the code below), ~4 ms here (npm run bench). Node 4, 5 and 10 refuse some of them (exit 9) and
    # a later Node may drop any, so only the very binary that `virt-facts cache` ran with gets them: `cache` leaves a
    # record under nodes/ in the cache directory, named by the binary's path and the flags (a comma for each space),
    # with the binary's modification time, and makes the code cache in a run with them (V8 rejects a cache made under
    # other flags). A binary replaced since (an upgrade) has another time, and runs without them until `cache` runs
    # again. Only the sets build.mjs fills in below are looked for, and no record is read: the flags passed on are
    # always the launcher's own words.
    # $VIRT_FACTS_NODE tells the program the path as found here (a shim that execs Node would hide it).
    vf_rec=${VIRT_FACTS_CACHE_DIR-@CACHE_DIR@}/nodes$vf_node
    vf_v8=
    for vf_flags in @FLAG_WORDS@; do
      if [ -f "$vf_rec,$vf_flags" ] && [ ! "$vf_rec,$vf_flags" -nt "$vf_node" ] && [ ! "$vf_rec,$vf_flags" -ot "$vf_node" ]; then
        vf_v8=$vf_flags
        break
      fi
    done
    # The flags' word splits at its commas (set -f is on: nothing in it is a pattern).
    IFS=,
    VIRT_FACTS_NODE=$vf_node exec "$vf_node" $vf_v8 -e "$vf_boot" -- "$vf_format" "$0" "$@"
  fi
done
IFS=$vf_ifs
set +f

# No Node.js at all. A command cannot run; a document can still be printed: the fallback document of
# src/validate.ts, rendered at build time in every format, with the missing runtime in `errors`.
if [ "$vf_format" = cli ]; then
  echo 'virt-facts: needs Node.js @MINIMUM_NODE_MAJOR@ or later, and found none (node or nodejs on PATH or in the usual places; or set VIRT_FACTS_NODE)' >&2
  exit 2
fi
case $vf_format in
@DOCUMENTS@
esac
# Fill in the runtime the document names (boot.js does the same when the runtime is too old).
vf_replace() {
  vf_done=
  while :; do
    case $vf_text in
      *"$1"*) vf_done=$vf_done${vf_text%%"$1"*}$2; vf_text=${vf_text#*"$1"} ;;
      *) break ;;
    esac
  done
  vf_text=$vf_done$vf_text
}
vf_replace @PATH@ node
vf_replace @CODE@ ENOENT
printf '%s' "$vf_text"
exit 0
*/
