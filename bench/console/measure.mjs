// The console's numbers against a running Dockyard (bench/console/run.sh starts one): first paint and weight of the
// overview with N services, how long a state change takes to show on an open page, and the create-cluster → task
// definition → service → steady state journey timed through the console (Playwright) and through the AWS CLI.
import { open, step } from '../../integration/src/test/browser/lib/browser.mjs';
import { execFileSync } from 'node:child_process';

const base = process.env.CONSOLE_URL;
const image = process.env.IMAGE || 'dockyard-test/busybox:latest';
const services = Number(process.env.SERVICES || 100);
const runs = Number(process.env.RUNS || 10);
const journeys = Number(process.env.JOURNEYS || 3);
const AUTH = 'AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0';

async function ecs(op, body) {
  const r = await fetch(base + '/', { method: 'POST', body: JSON.stringify(body), headers: {
    'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AmazonEC2ContainerServiceV20141113.' + op, Authorization: AUTH } });
  const answer = await r.json();
  if (!r.ok) throw new Error(op + ': ' + JSON.stringify(answer));
  return answer;
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
}

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
  step('overview: first paint and weight');
  const paints = [], loads = [], weights = [], cached = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base + '/console/', { waitUntil: 'load' });
    const m = await page.evaluate(async () => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = await new Promise(resolve => {
        new PerformanceObserver(list => {
          const e = list.getEntries().find(x => x.name === 'first-contentful-paint');
          if (e) resolve(e);
        }).observe({ type: 'paint', buffered: true });
        setTimeout(() => resolve(null), 3000);
      });
      const bytes = [nav, ...performance.getEntriesByType('resource')].reduce((n, e) => n + (e.transferSize || e.encodedBodySize || 0), 0);
      return { fcp: fcp ? fcp.startTime : -1, load: nav.loadEventEnd, bytes };
    });
    paints.push(Math.round(m.fcp)); loads.push(Math.round(m.load)); weights.push(m.bytes);
    await page.reload({ waitUntil: 'load' });
    cached.push(Math.round(await page.evaluate(() => new Promise(resolve => {
      new PerformanceObserver(list => {
        const e = list.getEntries().find(x => x.name === 'first-contentful-paint');
        if (e) resolve(e.startTime);
      }).observe({ type: 'paint', buffered: true });
      setTimeout(() => resolve(-1), 3000);
    }))));
    await context.close();
  }

  step('a change made through the API, seen on an open overview (no reload)');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + '/console/');
  await page.waitForFunction(() => document.getElementById('live-status')?.textContent === 'live');
  const visible = [];
  for (let i = 0; i < runs; i++) {
    const name = 'svc-' + String(i).padStart(3, '0');
    for (const desired of [1, 0]) {
      const seen = page.waitForFunction(([n, d]) => {
        const cell = document.querySelector(`tr[data-service="${n}"] td:nth-child(3)`);
        return cell && cell.textContent.trim() === String(d);
      }, [name, desired], { polling: 'raf', timeout: 10000 });
      const t = Date.now();
      await ecs('UpdateService', { cluster: 'bench', service: name, desiredCount: desired });
      await seen;
      visible.push(Date.now() - t);
    }
  }
  await context.close();

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
    changeVisibleMs: stats(visible),
    journeyConsoleMs: stats(consoleTimes), journeyCliMs: stats(cliTimes),
    journeyRatioConsoleToCli: +(stats(consoleTimes).median / stats(cliTimes).median).toFixed(2),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await close();
}
