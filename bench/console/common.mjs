// What the console benches share: the ECS JSON API with any credentials (local mode), percentiles, first paint.
export const AUTH = 'AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0';

/** Calls an ECS operation on Dockyard at {@code base}; throws with the answer on an error. */
export async function ecs(base, op, body) {
  const r = await fetch(base + '/', { method: 'POST', body: JSON.stringify(body), headers: {
    'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AmazonEC2ContainerServiceV20141113.' + op, Authorization: AUTH } });
  const answer = await r.json();
  if (!r.ok) throw new Error(op + ': ' + JSON.stringify(answer));
  return answer;
}

export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
}

/** The loaded page's first contentful paint (ms from navigation start), -1 when none came within 3 s. */
export async function firstContentfulPaint(page) {
  return Math.round(await page.evaluate(() => new Promise(resolve => {
    new PerformanceObserver(list => {
      const e = list.getEntries().find(x => x.name === 'first-contentful-paint');
      if (e) resolve(e.startTime);
    }).observe({ type: 'paint', buffered: true });
    setTimeout(() => resolve(-1), 3000);
  })));
}

/** First paint of {@code url} opened in a fresh browser context (empty cache, new connection). */
export async function freshFirstPaint(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    return await firstContentfulPaint(page);
  } finally {
    await context.close();
  }
}

/**
 * How long an UpdateService takes to show on a page open at {@code url}, with no reload: for each service of
 * {@code services}, the desired count set to each of {@code counts} in turn, timed until that service's row shows it.
 */
export async function changeDelays(browser, base, url, cluster, services, counts) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const visible = [];
  try {
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('live-status')?.textContent === 'live');
    for (const service of services) {
      for (const desired of counts) {
        const seen = page.waitForFunction(([n, d]) => {
          const cell = document.querySelector(`tr[data-service="${n}"] td:nth-child(3)`);
          return cell && cell.textContent.trim() === String(d);
        }, [service, desired], { polling: 'raf', timeout: 20000 });
        const t = Date.now();
        await ecs(base, 'UpdateService', { cluster, service, desiredCount: desired });
        await seen;
        visible.push(Date.now() - t);
      }
    }
  } finally {
    await context.close();
  }
  return visible;
}
