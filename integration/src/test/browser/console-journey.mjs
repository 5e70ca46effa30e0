// The console journey a new user takes, in a real browser: create a cluster, a task definition and a service through the
// forms, watch the service reach steady state on the open page (no reload), update it and see the deployment timeline
// move, stop a task and see it replaced, browse an image pushed with docker. Accessibility is checked (axe) and a
// screenshot saved on each main page. Env: CONSOLE_URL, IMAGE (the task's image), REPOSITORY and TAG (pushed with docker).
import { open, audit, shot, step } from './lib/browser.mjs';

const base = process.env.CONSOLE_URL;
const image = process.env.IMAGE;
const repository = process.env.REPOSITORY;
const tag = process.env.TAG;
const cluster = 'console-demo';
const figures = {};

function fail(message) { throw new Error(message); }

async function until(what, fn, timeoutMs = 60000) {
  const start = Date.now();
  let last;
  while (Date.now() - start < timeoutMs) {
    try { last = await fn(); if (last) return Date.now() - start; } catch (e) { last = e.message; }
    await new Promise(r => setTimeout(r, 100));
  }
  fail(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
}

async function text(page, selector) { return (await page.locator(selector).first().textContent() ?? '').replace(/\s+/g, ' ').trim(); }

// Submits a form and waits for its request to finish. Chromium aborts requests in flight with ERR_NETWORK_CHANGED when
// a network interface appears (every container start in a parallel test adds a veth); the console then shows a
// NetworkError banner, and a user submits again: so does this, up to three times.
async function submit(page, formSelector) {
  for (let attempt = 1; ; attempt++) {
    await page.locator(`${formSelector} button[type="submit"]`).first().click();
    const outcome = await page.waitForFunction(sel => {
      const form = document.querySelector(sel);
      if (!form) return 'gone';
      const button = form.querySelector('button[type="submit"]');
      if (button && button.disabled) return null;
      const banner = form.querySelector('.form-error');
      return banner && !banner.hidden && banner.textContent.startsWith('NetworkError') ? banner.textContent : 'done';
    }, formSelector, { timeout: 30000 }).then(h => h.jsonValue()).catch(() => 'gone');
    if (!String(outcome).startsWith('NetworkError') || attempt === 3) return;
    step(`  the browser lost the request (${outcome}); submitting again`);
  }
}

const { page, close } = await open();
page.on('dialog', d => d.accept());
try {
  step('the front door sends a browser to the console');
  let t = Date.now();
  const first = await page.goto(base + '/');
  figures.firstPageMs = Date.now() - t;
  if (!page.url().endsWith('/console/')) fail('GET / did not land on /console/: ' + page.url());
  if (first.status() !== 200) fail('overview answered ' + first.status());
  if (await text(page, 'h1') !== 'Overview') fail('overview title: ' + await text(page, 'h1'));
  await until('the live connection', async () => (await text(page, '#live-status')) === 'live', 10000);

  step('create a cluster: a bad name is refused at the field, a good one opens its page');
  await page.getByRole('link', { name: 'Create cluster' }).click();
  await page.getByLabel('Cluster name').fill('bad name!');
  await submit(page, 'form[data-action$="create-cluster"]');
  await until('the field error', async () => (await page.locator('#clusterName[aria-invalid="true"] + .field-error').count()) === 1, 10000);
  const fieldError = await text(page, '.field-error');
  if (!fieldError.startsWith('InvalidParameterException:')) fail('field error: ' + fieldError);
  await page.getByLabel('Cluster name').fill(cluster);
  await submit(page, 'form[data-action$="create-cluster"]');
  await page.waitForURL(`**/console/clusters/${cluster}`);
  if (await text(page, 'h1') !== `Cluster ${cluster}`) fail('cluster page title: ' + await text(page, 'h1'));

  step('register a task definition with the form');
  await page.goto(base + '/console/task-definitions/new');
  await audit(page, 'task-definition-new');
  await shot(page, 'task-definition-new');
  await page.getByLabel('Family').fill('console-web');
  await page.getByLabel('Name', { exact: true }).fill('web');
  await page.getByLabel('Image').fill(image);
  await page.getByLabel('Command (run with sh -c)').fill("echo \"console-line $GREETING\"; trap 'exit 0' TERM; while true; do sleep 1; done");
  await page.getByLabel('Send logs to CloudWatch Logs group (awslogs)').fill('/ecs/console-web');
  await page.getByLabel('Environment (NAME=value, one a line)').fill('GREETING=hello\nMODE=console');
  await page.locator('#size').selectOption('256/512');
  // a second container, not essential: a sidecar
  await page.getByRole('button', { name: 'Add a container' }).click();
  await page.locator('#containerName-1').fill('sidecar');
  await page.locator('#image-1').fill(image);
  await page.locator('#command-1').fill("trap 'exit 0' TERM; while true; do sleep 1; done");
  await page.locator('#essential-1').uncheck();
  if ((await page.locator('fieldset.container legend').last().textContent()) !== 'Container 2') fail('second container legend');
  await submit(page, '#taskdef-form');
  await page.waitForURL('**/console/task-definitions?registered=*');
  if (!(await text(page, '.notice')).includes('console-web:1')) fail('no registered notice: ' + await text(page, '.notice'));

  step('create a service with the form and watch it reach steady state without a reload');
  await page.goto(base + `/console/clusters/${cluster}/services/new`);
  await audit(page, 'service-new');
  await page.getByLabel('Service name').fill('web');
  await page.locator('#taskDefinition').selectOption('console-web:1');
  await page.getByLabel('Desired tasks').fill('2');
  t = Date.now();
  await submit(page, '#service-form');
  await page.waitForURL(`**/console/clusters/${cluster}/services/web`);
  await page.evaluate(() => { window.__sameDocument = true; });
  figures.steadyStateMs = (Date.now() - t) + await until('2 of 2 running', async () => (await text(page, '#service-counts')) === '2 / 2', 90000);
  await until('the steady state event', async () => (await text(page, '#timeline-live')).includes('has reached a steady state'), 60000);
  await audit(page, 'service');
  await shot(page, 'service');

  step('update the service: 3 tasks and a new deployment; the timeline moves');
  const deploymentsBefore = await page.locator('#timeline-live li.deployment').count();
  await page.getByLabel('Desired count').fill('3');
  await page.getByLabel('Force a new deployment').check();
  t = Date.now();
  await submit(page, 'form[data-action$="update-service"]');
  await until('the update to be accepted', async () => (await text(page, '.form-done')) === 'Service updated.', 10000);
  await until('a new deployment on the timeline', async () => (await page.locator('#timeline-live li.deployment').count()) > deploymentsBefore, 30000);
  figures.updateToSteadyMs = (Date.now() - t) + await until('3 of 3 running, rollout completed', async () =>
      (await text(page, '#service-counts')) === '3 / 3' && (await page.locator('tr[data-deployment]').count()) === 1
      && (await text(page, '#rollout')) === 'COMPLETED', 120000);
  await shot(page, 'service-updated');

  step('stop a task and see it replaced');
  const victim = await page.locator('#tasks-live tr[data-status="RUNNING"]').first().getAttribute('data-task');
  await page.locator(`#tasks-live tr[data-task="${victim}"] button`, { hasText: 'Stop' }).click();
  t = Date.now();
  await until('the stopped task shown as STOPPED', async () => (await page.locator(`#tasks-live tr[data-task="${victim}"][data-status="STOPPED"]`).count()) === 1, 60000);
  await until('3 running tasks again', async () =>
      (await page.locator('#tasks-live tr[data-status="RUNNING"]').count()) === 3 && (await text(page, '#service-counts')) === '3 / 3', 60000);
  figures.replacedMs = Date.now() - t;
  if (!(await page.evaluate(() => window.__sameDocument === true))) fail('the service page reloaded');

  step("the service's logs follow on the page, and the filter box filters them");
  await until('the containers\' lines', async () => (await text(page, '#logs-live')).includes('console-line hello'), 30000);
  if ((await page.locator('#metrics-live svg polyline').count()) !== 2) fail('no CPU and memory charts');
  await page.getByLabel('Filter pattern').fill('"no-such-line"');
  await page.getByRole('button', { name: 'Filter' }).click();
  await until('the filtered (empty) log view', async () => (await text(page, '#logs-live')).includes('No lines match the filter'), 10000);
  await page.getByLabel('Filter pattern').fill('"console-line"');
  await page.getByRole('button', { name: 'Filter' }).click();
  await until('the matching lines', async () => (await text(page, '#logs-live')).includes('console-line hello'), 10000);

  step("a task's own page: its containers, stop reason and lines");
  await page.locator(`#tasks-live a`, { hasText: victim }).click();
  await page.waitForURL(`**/console/clusters/${cluster}/tasks/${victim}`);
  if ((await text(page, '#task-status')) !== 'STOPPED') fail('task page status: ' + await text(page, '#task-status'));
  if (!(await text(page, '.notice')).includes('Stopped from the console')) fail('task page reason: ' + await text(page, '.notice'));
  const containers = await page.locator('table').first().locator('tbody tr td:first-child').allTextContents();
  if (containers.join(',') !== 'web,sidecar' && containers.join(',') !== 'sidecar,web') fail('task page containers: ' + containers);
  await until("the task's lines", async () => (await text(page, '#task-live pre')).includes('console-line hello'), 15000);
  await audit(page, 'task');
  await shot(page, 'task');

  step("the cluster's tasks, filtered by service, and the stopped one among the stopped");
  await page.goto(base + `/console/clusters/${cluster}`);
  await page.getByRole('link', { name: /tasks to run/ }).click();
  await page.getByLabel('Service', { exact: true }).fill('web');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/serviceName=web/);
  await until('the 3 running tasks listed', async () => (await page.locator('#tasks-live tr[data-status="RUNNING"]').count()) === 3, 10000);
  await audit(page, 'cluster-tasks');
  await page.locator('#desiredStatus').selectOption('STOPPED');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/desiredStatus=STOPPED/);
  if ((await page.locator(`#tasks-live tr[data-task="${victim}"]`).count()) !== 1) fail('the stopped task is not among the stopped');

  step('browse the image pushed with docker');
  await page.goto(base + '/console/registry');
  await page.getByRole('link', { name: repository, exact: true }).click();
  await until('the pushed tag', async () => (await text(page, '#images-live')).includes(tag), 10000);
  if (!(await text(page, '#push-cmd')).includes(`docker push`)) fail('no push command');
  await page.getByRole('button', { name: 'Preview what it expires' }).click();
  await until('the lifecycle preview', async () => (await text(page, '#preview-live')).includes('COMPLETE'), 20000);
  await audit(page, 'repository');
  await shot(page, 'repository');
  await page.goto(base + '/console/registry');
  await audit(page, 'registry');
  await shot(page, 'registry');

  step('the other main pages');
  for (const [name, path] of [['overview', '/console/'], ['cluster', `/console/clusters/${cluster}`], ['task-definitions', '/console/task-definitions'], ['load-balancers', '/console/load-balancers'],
      ['discovery', '/console/discovery'], ['alarms', '/console/alarms']]) {
    await page.goto(base + path);
    await audit(page, name);
    await shot(page, name);
    if (name === 'load-balancers' && !(await text(page, 'main')).includes('No load balancers')) fail('load balancer page: ' + await text(page, 'main'));
    if (name === 'alarms' && !(await text(page, 'main')).includes('No alarms')) fail('alarms page: ' + await text(page, 'main'));
  }
  await page.goto(base + '/console/');
  if (!(await text(page, `tr[data-service="web"]`)).includes('console-web:1')) fail('overview row: ' + await text(page, 'tr[data-service="web"]'));

  step('a page for a resource that does not exist says so');
  const gone = await page.goto(base + `/console/clusters/${cluster}/services/nope`);
  if (gone.status() !== 404) fail('missing service page answered ' + gone.status());
  if (!(await text(page, '.notice')).includes('does not exist')) fail('missing page text: ' + await text(page, '.notice'));

  console.log('console-journey: ' + JSON.stringify(figures));
  console.log('console-journey: done');
} finally {
  await close();
}
