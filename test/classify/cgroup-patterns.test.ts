/**
 * The cgroup-path table of src/classify/container.ts: each row's needle (text every match contains, which spares
 * compiling the pattern where it is absent) never changes which row answers. Paths from the sources the rows cite
 * and from hosts (systemd slices), plus near misses.
 */
import { deepStrictEqual, ok } from 'node:assert/strict';
import { CGROUP_PATTERNS } from '../../src/classify/container.ts';

const PATHS = [
  '/system.slice/docker-0123456789abcdef0123456789abcdef.scope',
  '/docker/0123456789abcdef',
  '/docker/buildkit/tj2ubdh4rpkrnchwvabu3n0z4',
  '/kubepods/besteffort/pod1/docker/abc',
  '/actions_job/0123abcd',
  '/ecs/5a0d5ba8/0123456789abcdef',
  '/machine.slice/libpod-0123456789abcdef0123.scope',
  '/machine.slice/machine-lxc\\x2dweb01.scope',
  '/lxc/web01',
  '/lxc.payload.web01',
  '/lxc.monitor.web01',
  '/',
  '/init.scope',
  '/user.slice/user-1000.slice/session-3.scope',
  '/system.slice/docker.service',
  '/system.slice/containerd.service',
  '/dockerx/abc',
  '/ecs/only-task',
  '/lxcfs',
];

describe('cgroup-path table', () => {
  it('each needle is literal text of its pattern', () => {
    for (const [needle, pattern] of CGROUP_PATTERNS) ok(pattern.source.replace(/\\\//g, '/').includes(needle), `${needle} in ${pattern.source}`);
  });

  it('the needles never change the answer', () => {
    const withNeedle = (path: string) => CGROUP_PATTERNS.find(([needle, pattern]) => path.includes(needle) && pattern.test(path))?.[2];
    const patternOnly = (path: string) => CGROUP_PATTERNS.find(([, pattern]) => pattern.test(path))?.[2];
    deepStrictEqual(PATHS.map(withNeedle), PATHS.map(patternOnly));
    // And the examples say what the rows' comments say.
    deepStrictEqual(PATHS.map(withNeedle).slice(0, 11), ['docker', 'docker', 'docker', 'docker', 'docker', 'docker', 'podman', 'lxc-libvirt', 'lxc', 'lxc', 'lxc']);
  });
});
