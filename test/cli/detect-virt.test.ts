/** detect-virt's pure parts: the mode getopt would settle on, the id for each fixture host, the user-namespace test. */
import { deepStrictEqual, ok } from 'node:assert/strict';
import { SYSTEMD_CVM_IDS, SYSTEMD_VIRT_IDS, detectVirtAnswer, detectVirtMode } from '../../src/cli/detect-virt.ts';
import { createReader } from '../../src/host/reader.ts';
import { createProbeContext } from '../../src/probes/context.ts';
import { mapIsNamespaced, probeUserNamespace } from '../../src/probes/user-namespace.ts';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VirtFacts } from '../../src/model/facts.generated.ts';
import { factsOfTree } from '../helpers/facts.ts';
import { HOSTS_DIR, hostNames } from '../helpers/fixture-root.ts';
import { tree, type Entry } from '../helpers/tree.ts';

/** A host's facts: its golden, which hosts.test.ts holds equal to what the pipeline computes. */
const golden = (host: string): VirtFacts => JSON.parse(fs.readFileSync(path.join(HOSTS_DIR, host, 'expected.json'), 'utf8'));

describe('detect-virt', () => {
  describe('mode, as systemd-detect-virt parses its options', () => {
    const cases: [string[], string][] = [
      [[], 'any'],
      [['-v'], 'vm'],
      [['--container'], 'container'],
      [['-v', '-c'], 'container'], // the last one wins
      [['-qv'], 'vm'], // grouped short options
      [['--cvm', '-q'], 'cvm'],
      [['-r'], 'chroot'],
      [['--private-users'], 'private-users'],
      [['-v', '--list', '-c'], 'list'], // --list prints at once
      [['--list-cvm', '--list'], 'list-cvm'],
      [['--root', '/x', '--vm'], 'vm'],
      [['--', '-v'], 'any'],
    ];
    for (const [args, mode] of cases) it(`${args.join(' ') || '(none)'} -> ${mode}`, () => deepStrictEqual(detectVirtMode(args), mode));
  });

  describe('answers for fixture hosts, in systemd-detect-virt ids', () => {
    const cases: [host: string, any: string, vm: string, container: string, cvm: string][] = [
      ['x86_64-kvm-virtio', 'kvm', 'kvm', 'none', 'none'],
      ['x86_64-firecracker-kvm-stale-dockerenv', 'kvm', 'kvm', 'none', 'none'], // systemd: docker (the stale marker)
      ['x86_64-docker-on-kvm', 'docker', 'kvm', 'docker', 'none'],
      ['x86_64-docker-in-wsl2', 'docker', 'microsoft', 'docker', 'none'], // systemd: wsl (checked before docker)
      ['x86_64-xen-pv-domU', 'xen', 'xen', 'none', 'none'],
      ['x86_64-xen-dom0', 'none', 'none', 'none', 'none'], // systemd documents none; prints vm-other or xen at times
      ['x86_64-linux-vserver-guest', 'container-other', 'none', 'container-other', 'none'],
      ['x86_64-aws-metal', 'none', 'none', 'none', 'none'],
      ['x86_64-baremetal-amd-sev-host', 'none', 'none', 'none', 'none'],
      ['x86_64-aws-sev-snp', 'amazon', 'amazon', 'none', 'sev-snp'],
      ['x86_64-azure-cvm-snp', 'microsoft', 'microsoft', 'none', 'sev-snp'],
      ['s390x-secure-execution', 'kvm', 'kvm', 'none', 'protvirt'],
      ['x86_64-k8s-containerd-pod', 'container-other', 'google', 'container-other', 'none'],
    ];
    for (const [host, any, vm, container, cvm] of cases) {
      it(`${host}: ${any} / --vm ${vm} / --container ${container} / --cvm ${cvm}`, () => {
        const facts = golden(host);
        deepStrictEqual((['any', 'vm', 'container', 'cvm'] as const).map((m) => detectVirtAnswer(facts, m).id), [any, vm, container, cvm]);
      });
    }

    it('every fixture host gets ids that systemd-detect-virt --list and --list-cvm name', () => {
      for (const host of hostNames()) {
        const facts = golden(host);
        for (const mode of ['any', 'vm', 'container'] as const) ok((SYSTEMD_VIRT_IDS as readonly string[]).includes(detectVirtAnswer(facts, mode).id), `${host} ${mode}`);
        ok((SYSTEMD_CVM_IDS as readonly string[]).includes(detectVirtAnswer(facts, 'cvm').id), host);
      }
    });

    it('a root where nothing is readable: none, and not known', () => {
      deepStrictEqual(detectVirtAnswer(factsOfTree({ 'etc/hostname': 'x\n' }), 'vm'), { id: 'none', known: false });
    });
  });

  describe('user namespace (--private-users), as systemd running_in_userns()', () => {
    const maps: [string, boolean | undefined][] = [
      ['         0          0 4294967295\n', false],
      ['0 1000 1\n', true],
      ['0 100000 65536\n', true],
      ['', true], // a namespace whose map is not written yet
      ['0 0\n', undefined],
    ];
    for (const [text, expected] of maps) it(`map ${JSON.stringify(text)} -> ${expected}`, () => deepStrictEqual(mapIsNamespaced(text), expected));

    const identity = '         0          0 4294967295\n';
    const cases: [string, Record<string, Entry>, unknown][] = [
      ['the initial namespace', { 'proc/self/uid_map': identity, 'proc/self/gid_map': identity, 'proc/self/setgroups': 'allow\n' }, { inNamespace: false }],
      ['a rootless container', { 'proc/self/uid_map': '0 1000 1\n', 'proc/self/gid_map': '0 1000 1\n', 'proc/self/setgroups': 'deny\n' }, { inNamespace: true }],
      ['identity maps, setgroups denied', { 'proc/self/uid_map': identity, 'proc/self/gid_map': identity, 'proc/self/setgroups': 'deny\n' }, { inNamespace: true }],
      ['a kernel without user namespaces', { 'proc/self/status': 'Name:\tx\n' }, { inNamespace: false }],
      ['a malformed map', { 'proc/self/uid_map': 'x\n' }, { code: 'EINVAL' }],
    ];
    for (const [name, entries, expected] of cases) {
      it(name, () => {
        const t = tree(entries);
        try {
          deepStrictEqual(probeUserNamespace(createProbeContext(createReader(t.root), 'userNamespace', [])), expected);
        } finally {
          t.cleanup();
        }
      });
    }
  });
});
