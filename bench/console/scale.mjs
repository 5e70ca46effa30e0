// The console at scale (bench/console/scale.sh starts a control plane with no local capacity): INSTANCES simulated
// container instances speak the agent protocol (register, long-poll, report each task they are given as RUNNING — no
// containers: this measures the console and the control plane, not Docker), SERVICES services of TASKS tasks each are
// created through the ECS API, and once every task runs each page is fetched and timed (render time on the server,
// as a browser's first request), checked for what it must show, and the overview and a cluster page are opened in
// Chromium for their first paint. Then a change made through the API is timed until it shows on an open cluster page.
import { open, step } from '../../integration/src/test/browser/lib/browser.mjs';
import { AUTH, ecs as call, stats, freshFirstPaint, changeDelays } from './common.mjs';

const base = process.env.CONSOLE_URL;
const services = Number(process.env.SERVICES || 1000);
const perService = Number(process.env.TASKS || 10);
const instances = Number(process.env.INSTANCES || 20);
const runs = Number(process.env.RUNS || 5);
const cluster = 'scale';
const mid = Math.floor(services / 2);
const name = i => 'svc-' + String(i).padStart(4, '0');

const ecs = (op, body) => call(base, op, body);

async function agent(path, body) {
  const r = await fetch(base + '/_dockyard/agent/v1/' + path, body === undefined ? { headers: { Authorization: AUTH } }
    : { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', Authorization: AUTH } });
  if (!r.ok) throw new Error(path + ' answered ' + r.status + ': ' + await r.text());
  return r.json();
}

async function inParallel(n, count, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (next < count) await fn(next++); }));
}

// One simulated agent: every task it is given that should run is reported RUNNING, every task to stop STOPPED.
let stopping = false;
const reported = new Map(); // taskArn -> last status reported
async function simulate(arn) {
  let since = -1, sequence = 1;
  while (!stopping) {
    let work;
    try {
      work = await agent(`poll?containerInstance=${encodeURIComponent(arn)}&since=${since}&waitSeconds=5`);
    } catch (e) {
      if (!stopping) console.error('poll failed: ' + e.message);
      await new Promise(r => setTimeout(r, 500));
      continue;
    }
    since = work.version;
    const todo = work.tasks.map(a => a.task).filter(t => {
      const want = t.desiredStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING';
      return t.lastStatus !== want && reported.get(t.taskArn) !== want;
    });
    await inParallel(8, todo.length, async i => {
      const t = todo[i];
      const status = t.desiredStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING';
      reported.set(t.taskArn, status);
      const now = new Date().toISOString();
      await agent('report', { taskArn: t.taskArn, containerInstanceArn: arn, lastStatus: status, sequence: sequence++,
        containers: t.containers.map(c => ({ ...c, lastStatus: status, exitCode: status === 'STOPPED' ? 0 : undefined })),
        startedAt: t.startedAt || now, executionStoppedAt: status === 'STOPPED' ? now : undefined,
        stopCode: status === 'STOPPED' ? 'ServiceSchedulerInitiated' : undefined, stoppedReason: status === 'STOPPED' ? t.stoppedReason : undefined });
    });
  }
}

async function timed(path, mustContain) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await fetch(base + path, { headers: { Accept: 'text/html' } });
    const html = await r.text();
    times.push(Math.round(performance.now() - t));
    bytes = html.length;
    if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
    for (const s of mustContain) if (!html.includes(s)) throw new Error(`${path} does not show ${s}`);
  }
  return { path, ms: stats(times), bytes };
}

step(`registering ${instances} simulated instances in cluster ${cluster}`);
await ecs('CreateCluster', { clusterName: cluster });
await ecs('RegisterTaskDefinition', { family: 'idle', containerDefinitions: [{ name: 'app', image: 'busybox', cpu: 1, memory: 8, essential: true }] });
const arns = [];
for (let i = 0; i < instances; i++) {
  arns.push((await agent('register', { cluster, instanceName: 'sim-' + i, cpu: 1_000_000, memory: 1_000_000, reservedPorts: [], attributes: [],
    versionInfo: {}, fargate: false })).containerInstanceArn);
}
const agents = arns.map(simulate);

const total = services * perService;
step(`creating ${services} services × ${perService} tasks`);
let t0 = performance.now();
await inParallel(8, services, async i => {
  await ecs('CreateService', { cluster, serviceName: name(i), taskDefinition: 'idle', desiredCount: perService, launchType: 'EC2' });
});
const createSeconds = (performance.now() - t0) / 1000;
step(`created in ${createSeconds.toFixed(1)} s; waiting for ${total} tasks to run`);
let running = 0, last = 0;
while (running < total) {
  await new Promise(r => setTimeout(r, 2000));
  const c = (await ecs('DescribeClusters', { clusters: [cluster] })).clusters[0];
  running = c.runningTasksCount;
  if (performance.now() - last > 10_000) { step(`${running} running, ${c.pendingTasksCount} pending`); last = performance.now(); }
  if (performance.now() - t0 > 1_800_000) throw new Error(`only ${running} of ${total} tasks running after 30 min`);
}
const runSeconds = (performance.now() - t0) / 1000;
step(`${running} tasks running ${runSeconds.toFixed(1)} s after the first CreateService`);
const standalone = (await ecs('RunTask', { cluster, taskDefinition: 'idle', count: 3, launchType: 'EC2', startedBy: 'bench' })).tasks.map(t => t.taskArn.split('/').pop());
const someTask = (await ecs('ListTasks', { cluster, serviceName: name(mid), maxResults: 1 })).taskArns[0].split('/').pop();

step('timing pages');
const pages = [];
pages.push(await timed('/console/', [name(0), name(24), `${services - 25} more`]));
pages.push(await timed(`/console/clusters/${cluster}`, [name(0), name(49), `${total + 3}`]));
pages.push(await timed(`/console/clusters/${cluster}?page=${Math.floor((services - 1) / 50)}`, [name(services - 1)]));
pages.push(await timed(`/console/clusters/${cluster}?q=${name(services - 1)}`, [name(services - 1)]));
pages.push(await timed(`/console/clusters/${cluster}/services/${name(mid)}`, [name(mid), someTask]));
pages.push(await timed(`/console/clusters/${cluster}/tasks/${someTask}`, [someTask]));
pages.push(await timed(`/console/clusters/${cluster}/tasks?startedBy=bench`, standalone));
pages.push(await timed('/console/task-definitions', ['idle:1']));

step('first paint in Chromium');
const { browser, close } = await open();
const paints = {};
try {
  for (const path of ['/console/', `/console/clusters/${cluster}`, `/console/clusters/${cluster}/services/${name(mid)}`]) {
    const fcps = [];
    for (let i = 0; i < runs; i++) fcps.push(await freshFirstPaint(browser, base + path));
    paints[path] = stats(fcps);
  }

  step('a change made through the API, seen on an open cluster page');
  const visible = await changeDelays(browser, base, base + `/console/clusters/${cluster}`, cluster,
    Array.from({ length: runs }, (_, i) => name(i)), [perService + 1, perService]);
  console.log(JSON.stringify({ services, tasks: total, instances, createSeconds: +createSeconds.toFixed(1), allRunningSeconds: +runSeconds.toFixed(1),
    pages, firstPaintMs: paints, changeVisibleOnClusterPageMs: stats(visible) }, null, 2));
} finally {
  stopping = true;
  await close();
  await Promise.race([Promise.all(agents), new Promise(r => setTimeout(r, 6000))]);
}
