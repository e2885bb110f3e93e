/**
 * Prometheus: `install --prometheus` writes the textfile atomically, and Debian's prometheus-node-exporter
 * (installed by .ci/run) parses it with its textfile collector, served on loopback only.
 */
import { equal, ok } from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { tree, type Tree } from '../helpers/tree.ts';
import { materialiseFixture, type FixtureHost } from '../helpers/fixture-root.ts';
import { consumerSuite } from '../helpers/consumer.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const bundle = path.join(repo, 'facts.d', 'virt.fact');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });

const get = (url: string) =>
  new Promise<string>((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });

consumerSuite('Prometheus textfile collector (real node_exporter)', { programs: ['prometheus-node-exporter'], packages: ['prometheus-node-exporter'] }, function () {
  this.timeout(60000);
  let dir: Tree;
  let host: FixtureHost;
  let exporter: ChildProcess | undefined;
  beforeEach(() => {
    dir = tree({});
    host = materialiseFixture('x86_64-xen-hvm-pvdrivers');
  });
  afterEach(() => {
    exporter?.kill();
    dir.cleanup();
    host.cleanup();
  });

  it('install --prometheus writes virt_facts.prom (0644) and node_exporter serves it without a scrape error', async () => {
    const result = spawnSync(bundle, ['install', '--prometheus', '--dest', dir.root, '--root', host.root], { encoding: 'utf8' });
    equal(result.status, 0, result.stderr);
    const file = path.join(dir.root, 'virt_facts.prom');
    equal(fs.statSync(file).mode & 0o777, 0o644);
    equal(fs.readdirSync(dir.root).length, 1, 'no temporary file left behind');
    const port = await freePort();
    exporter = spawn('prometheus-node-exporter', [
      '--collector.disable-defaults', '--collector.textfile', `--collector.textfile.directory=${dir.root}`, `--web.listen-address=127.0.0.1:${port}`,
    ]);
    if (!exporter.pid) throw new Error('prometheus-node-exporter could not start (is it installed? .ci/run installs it)');
    let metrics = '';
    for (let attempt = 0; attempt < 50 && !metrics.includes('node_textfile_scrape_error'); attempt++) {
      await new Promise((r) => setTimeout(r, 200));
      metrics = await get(`http://127.0.0.1:${port}/metrics`).catch(() => '');
    }
    ok(metrics.includes('node_textfile_scrape_error 0'), metrics.split('\n').filter((l) => l.includes('textfile')).join('\n'));
    ok(metrics.includes('virt_facts_info{cloud="none",confidence="high",container="none",mode="hvm",role="guest",vm="xen"} 1'));
    ok(metrics.includes('virt_facts_xen_info{domain="domU",guest_type="HVM",platform_pci="bound",pv_drivers="true"} 1'));
    ok(metrics.includes('virt_facts_devices{class="block",driver="xen_blkfront",paravirtual="true"} 1'));
  });

  it('refuses a destination with white space, with a clear error and nothing written', () => {
    const result = spawnSync(bundle, ['install', '--prometheus', '--dest', path.join(dir.root, 'with space')], { encoding: 'utf8' });
    equal(result.status, 2);
    ok(result.stderr.includes('white space breaks Ansible'), result.stderr);
    equal(fs.existsSync(path.join(dir.root, 'with space')), false);
  });
});
