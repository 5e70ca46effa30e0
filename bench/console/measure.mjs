// The console's numbers against a running Dockyard (bench/console/run.sh starts one): first paint and weight of the
// overview with N services, how long a state change takes to show on an open page, and the create-cluster → task
// definition → service → steady state journey timed through the console (Playwright) and through the AWS CLI.
import { open, step } from '../../integration/src/test/browser/lib/browser.mjs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { ecs as call, stats, firstContentfulPaint, freshFirstPaint, changeDelays } from './common.mjs';

const base = process.env.CONSOLE_URL;
const image = process.env.IMAGE || 'dockyard-test/busybox:latest';
const services = Number(process.env.SERVICES || 100);
const runs = Number(process.env.RUNS || 10);
const journeys = Number(process.env.JOURNEYS || 3);
const ecs = (op, body) => call(base, op, body);

const cli = (...args) => execFileSync('aws', ['--endpoint-url', base, ...args], { env: { ...process.env, AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench', AWS_DEFAULT_REGION: 'us-east-1' }, encoding: 'utf8' });

step(`setting up ${services} services (desired 0) in cluster bench`);
await ecs('CreateCluster', { clusterName: 'bench' });
await ecs('RegisterTaskDefinition', { family: 'idle', containerDefinitions: [{ name: 'app', image, memory: 16, essential: true,
  command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"] }] });
for (let i = 0; i < services; i++) {
  await ecs('CreateService', { cluster: 'bench', serviceName: 'svc-' + String(i).padStart(3, '0'), taskDefinition: 'idle', desiredCount: 0 });
}

const { browser, close } = await open();
try {
  // The peer: the same bytes (the overview's HTML as Dockyard rendered it, its CSS and script) from a static Node server,
  // measured the same way, alternating with Dockyard: the browser's own floor under the first paint.
  const copies = {};
  for (const [path, type] of [['/console/', 'text/html;charset=utf-8'], ['/console/static/console.css', 'text/css'],
    ['/console/static/console.js', 'text/javascript']]) {
    copies[path] = { type, body: Buffer.from(await (await fetch(base + path, { headers: { Accept: 'text/html' } })).arrayBuffer()) };
  }
  const peer = createServer((req, res) => {
    const c = copies[req.url];
    if (!c) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': c.type, 'Content-Length': c.body.length });
    res.end(c.body);
  });
  await new Promise(r => peer.listen(0, '127.0.0.1', r));
  const peerBase = `http://127.0.0.1:${peer.address().port}`;
  step('overview first paint: Dockyard against a static server of the same bytes, alternating');
  const mine = [], theirs = [];
  for (let i = 0; i < runs; i++) {
    mine.push(await freshFirstPaint(browser, base + '/console/'));
    theirs.push(await freshFirstPaint(browser, peerBase + '/console/'));
  }
  peer.close();

  step('overview: first paint and weight');
  const paints = [], loads = [], weights = [], cached = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base + '/console/', { waitUntil: 'load' });
    const fcp = await firstContentfulPaint(page);
    const m = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const bytes = [nav, ...performance.getEntriesByType('resource')].reduce((n, e) => n + (e.transferSize || e.encodedBodySize || 0), 0);
      return { load: nav.loadEventEnd, bytes };
    });
    paints.push(fcp); loads.push(Math.round(m.load)); weights.push(m.bytes);
    await page.reload({ waitUntil: 'load' });
    cached.push(await firstContentfulPaint(page));
    await context.close();
  }

  step('a change made through the API, seen on an open overview (no reload)');
  const visible = await changeDelays(browser, base, base + '/console/', 'bench',
    Array.from({ length: runs }, (_, i) => 'svc-' + String(i).padStart(3, '0')), [1, 0]);

  step('the journey: console against the AWS CLI, alternating');
  const consoleTimes = [], cliTimes = [];
  for (let j = 0; j < journeys; j++) {
    // through the console: cluster form, task definition JSON form, service form, watched until 1 / 1
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    p.on('dialog', d => d.accept());
    const cluster = `viaconsole-${j}`;
    let t = Date.now();
    await p.goto(base + '/console/clusters/new');
    await p.getByLabel('Cluster name').fill(cluster);
    await p.locator('form[data-action$="create-cluster"] button[type="submit"]').click();
    await p.waitForURL(`**/console/clusters/${cluster}`);
    await p.goto(base + '/console/task-definitions/new');
    await p.locator('details summary').click();
    await p.locator('#json').fill(JSON.stringify({ family: `viaconsole-${j}`, containerDefinitions: [{ name: 'app', image, memory: 16,
      command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"] }] }));
    await p.locator('#taskdef-json button[type="submit"]').click();
    await p.waitForURL('**/console/task-definitions?registered=*');
    await p.goto(base + `/console/clusters/${cluster}/services/new`);
    await p.getByLabel('Service name').fill('web');
    await p.locator('#taskDefinition').selectOption(`viaconsole-${j}:1`);
    await p.locator('#service-form button[type="submit"]').click();
    await p.waitForURL(`**/services/web`);
    await p.waitForFunction(() => document.getElementById('service-counts')?.textContent.trim() === '1 / 1'
        && document.getElementById('rollout')?.textContent.trim() === 'COMPLETED', null, { timeout: 60000 });
    consoleTimes.push(Date.now() - t);
    await ctx.close();

    // through the AWS CLI (v1 on PATH), describe-services every half second until steady
    const c = `viacli-${j}`;
    t = Date.now();
    cli('ecs', 'create-cluster', '--cluster-name', c);
    cli('ecs', 'register-task-definition', '--family', c, '--container-definitions', JSON.stringify([{ name: 'app', image, memory: 16,
      command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"] }]));
    cli('ecs', 'create-service', '--cluster', c, '--service-name', 'web', '--task-definition', c, '--desired-count', '1');
    while (true) {
      const s = JSON.parse(cli('ecs', 'describe-services', '--cluster', c, '--services', 'web')).services[0];
      if (s.runningCount === 1 && s.deployments.length === 1 && s.deployments[0].rolloutState === 'COMPLETED') break;
      await new Promise(r => setTimeout(r, 500));
    }
    cliTimes.push(Date.now() - t);
  }

  const result = {
    services, runs,
    overviewFirstPaintMs: stats(paints), overviewLoadMs: stats(loads), overviewBytes: stats(weights), overviewCachedFirstPaintMs: stats(cached),
    firstPaintSideBySideMs: { dockyard: stats(mine), staticPeer: stats(theirs), ratio: +(stats(mine).median / stats(theirs).median).toFixed(2) },
    changeVisibleMs: stats(visible),
    journeyConsoleMs: stats(consoleTimes), journeyCliMs: stats(cliTimes),
    journeyRatioConsoleToCli: +(stats(consoleTimes).median / stats(cliTimes).median).toFixed(2),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await close();
}
