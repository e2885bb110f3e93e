/**
 * `virt-facts detect-virt`: a drop-in for systemd-detect-virt (man systemd-detect-virt), from the same facts as
 * every other format. Same options, same output (one id in systemd's vocabulary, or `none`), same exit status (0
 * when something was detected). Installed as `systemd-detect-virt` (a symbolic link), the program is this command.
 * Where the answer differs from systemd's, it does on purpose (README, "detect-virt and systemd-detect-virt").
 */
import type { CommandModule } from 'yargs';
import type { VirtFacts } from '../model/facts.generated.ts';

/** systemd-detect-virt --list: its whole vocabulary, in its order (systemd src/basic/virt.c virtualization_table). */
export const SYSTEMD_VIRT_IDS = [
  'none', 'kvm', 'amazon', 'qemu', 'bochs', 'xen', 'uml', 'vmware', 'oracle', 'microsoft', 'zvm', 'parallels', 'bhyve', 'qnx', 'acrn',
  'powervm', 'apple', 'sre', 'google', 'vm-other', 'systemd-nspawn', 'lxc-libvirt', 'lxc', 'openvz', 'docker', 'podman', 'rkt', 'wsl',
  'proot', 'pouch', 'container-other',
] as const;
/** systemd-detect-virt --list-cvm (systemd src/basic/confidential-virt.c confidential_virtualization_table). */
export const SYSTEMD_CVM_IDS = ['none', 'sev', 'sev-es', 'sev-snp', 'tdx', 'protvirt', 'cca'] as const;

export type DetectVirtMode = 'any' | 'vm' | 'container' | 'cvm' | 'chroot' | 'private-users' | 'list' | 'list-cvm';

const LONG_MODES: Readonly<Record<string, DetectVirtMode>> = {
  vm: 'vm',
  container: 'container',
  cvm: 'cvm',
  chroot: 'chroot',
  'private-users': 'private-users',
  list: 'list',
  'list-cvm': 'list-cvm',
};
const SHORT_MODES: Readonly<Record<string, DetectVirtMode>> = { v: 'vm', c: 'container', r: 'chroot' };

/**
 * The mode the arguments ask for, as systemd's option parser settles it: the last of -v, -c, -r, --private-users
 * and --cvm wins; --list and --list-cvm print at once, so the first of them wins over everything.
 */
export function detectVirtMode(args: readonly string[]): DetectVirtMode {
  let mode: DetectVirtMode = 'any';
  for (const arg of args) {
    if (arg === '--') break;
    const found = arg.startsWith('--')
      ? [LONG_MODES[arg.slice(2).split('=')[0] as string]]
      : arg.startsWith('-')
        ? [...arg.slice(1)].map((flag) => SHORT_MODES[flag])
        : [];
    for (const m of found) {
      if (m === 'list' || m === 'list-cvm') return m;
      if (m !== undefined) mode = m;
    }
  }
  return mode;
}

export interface DetectVirtAnswer {
  /** One id of systemd's vocabulary (SYSTEMD_VIRT_IDS or SYSTEMD_CVM_IDS). */
  readonly id: string;
  /** False when no readable source could tell, and `none` stands for "not known" (systemd prints none then too). */
  readonly known: boolean;
}

/**
 * The VM systemd would name. The Xen control domain is documented as no VM ("xen: only domU, not dom0"), which
 * systemd itself does not always give (vm-other on some AMD hosts, systemd#28113): here it is `none`, unless Xen
 * itself runs inside another hypervisor, which is then the VM.
 */
function vmId(facts: VirtFacts): DetectVirtAnswer {
  if (facts.xen?.domain === 'dom0') {
    const outer = facts.layers.find((l) => l.kind === 'vm' && l.id !== 'xen');
    return { id: outer?.id ?? 'none', known: true };
  }
  return facts.vm === 'unknown' ? { id: 'none', known: false } : { id: facts.vm, known: true };
}

/** The container systemd would name: Linux-VServer has no id of its own there, so it is container-other. */
function containerId(facts: VirtFacts): DetectVirtAnswer {
  if (facts.container === 'unknown') return { id: 'none', known: false };
  return { id: facts.container === 'linux-vserver' ? 'container-other' : facts.container, known: true };
}

/** What detect-virt prints for facts in a mode that asks about them (the innermost layer first, as systemd). */
export function detectVirtAnswer(facts: VirtFacts, mode: 'any' | 'vm' | 'container' | 'cvm'): DetectVirtAnswer {
  if (mode === 'cvm') return { id: facts.confidential?.technology ?? 'none', known: true };
  if (mode === 'vm') return vmId(facts);
  const container = containerId(facts);
  if (mode === 'container' || container.id !== 'none') return container;
  const vm = vmId(facts);
  return { id: vm.id, known: vm.known && container.known };
}

export interface DetectVirtDeps {
  readonly args: readonly string[];
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly setExitCode: (code: number) => void;
  readonly facts: (argv: { root: string; timeout: number }) => VirtFacts;
  /** Whether /proc/1/root is this process's / (systemd's running_in_chroot()), or the code that prevented the answer. */
  readonly sameRootAsPid1: (root: string) => { ok: true; value: boolean } | { ok: false; code: string };
  readonly userNamespace: (root: string) => { readonly inNamespace: boolean } | { readonly code: string };
  readonly pid: number;
}

/** The yargs command. Usage errors stay the program's (exit 2); everything else exits 0 or 1 as systemd's. */
type Common = { root: string; timeout: number };

export function detectVirtCommand(deps: DetectVirtDeps): CommandModule<Common, Common & { quiet?: boolean | undefined }> {
  return {
    command: 'detect-virt',
    describe: 'Print one id as systemd-detect-virt does (none when nothing is detected); exit 0 when something is',
    builder: (y) =>
      y
        .option('vm', { alias: 'v', type: 'boolean', describe: 'Only detect whether this is a VM' })
        .option('container', { alias: 'c', type: 'boolean', describe: 'Only detect whether this is a container' })
        .option('cvm', { type: 'boolean', describe: 'Only detect whether this is a confidential VM (its technology)' })
        .option('chroot', { alias: 'r', type: 'boolean', describe: 'Only detect, by exit status, whether this runs in a chroot' })
        .option('private-users', { type: 'boolean', describe: 'Only detect, by exit status, whether this runs in a user namespace' })
        .option('quiet', { alias: 'q', type: 'boolean', describe: 'Print nothing; the exit status says it' })
        .option('list', { type: 'boolean', describe: 'List every id detect-virt can print' })
        .option('list-cvm', { type: 'boolean', describe: 'List every confidential-VM id' })
        .example('$0 detect-virt', 'the innermost layer: a container if there is one, else the VM')
        .example('if $0 detect-virt -q --vm; then ...', 'in a VM?')
        .example('ln -s "$(command -v virt-facts)" /usr/local/bin/systemd-detect-virt', 'scripts that call systemd-detect-virt get this'),
    handler: (argv) => {
      const mode = detectVirtMode(deps.args);
      const say = (text: string) => {
        if (!argv.quiet) deps.stdout(text);
      };
      if (mode === 'list' || mode === 'list-cvm') {
        deps.stdout(`${(mode === 'list' ? SYSTEMD_VIRT_IDS : SYSTEMD_CVM_IDS).join('\n')}\n`);
        return;
      }
      if (mode === 'chroot') {
        // systemd: PID 1 of an unprivileged container is no chroot.
        const same = deps.pid === 1 ? { ok: true as const, value: true } : deps.sameRootAsPid1(argv.root);
        if (!same.ok) deps.stderr(`virt-facts: cannot tell whether this runs in a chroot: /proc/1/root: ${same.code}\n`);
        deps.setExitCode(same.ok && !same.value ? 0 : 1);
        return;
      }
      if (mode === 'private-users') {
        const userns = deps.userNamespace(argv.root);
        if ('code' in userns) deps.stderr(`virt-facts: cannot tell whether this runs in a user namespace: ${userns.code}\n`);
        deps.setExitCode('inNamespace' in userns && userns.inNamespace ? 0 : 1);
        return;
      }
      const answer = detectVirtAnswer(deps.facts(argv), mode);
      say(`${answer.id}\n`);
      if (!answer.known && !argv.quiet) deps.stderr('virt-facts: no readable source could tell (see `virt-facts explain`)\n');
      deps.setExitCode(answer.id === 'none' ? 1 : 0);
    },
  };
}
