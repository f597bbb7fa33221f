/**
 * The city screen in a real Chromium (SwiftShader WebGL, no GPU) on a platform listening on a real
 * port: the dispatcher (scope 黄浦区) signs in and opens /screen; the map draws the district's
 * streets, their names, the case and the devices (asked of MapLibre itself: rendered features,
 * not just a canvas); a camera's detection posted over HTTP raises a red alert that shows in the
 * live feed and on the map within seconds; a scenario view hides it; clicking a street drills
 * into it (breadcrumb, URL, its grids and communities drawn) and the KPI panel and both charts
 * follow it and come back with the breadcrumb (compared with the platform's KPI figures for each);
 * each of the four scenario views keeps its own devices and sets its URL parameter; zoomed out, devices are grouped and
 * clicking a group zooms in until it comes apart; on a phone the legend starts folded; the live
 * feed reconnects by itself after its connection drops; no request ever leaves the platform's
 * origin. The first paint of the screen (cold cache) is printed, and screenshots go to
 * test-artifacts/screen.png, screen-street.png and screen-phone.png. Skipped, saying so, only when no Chromium is
 * installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ensureWebBuild } from '../support/web-build.ts';
import { findChromium, launchBrowser, NO_CHROMIUM_MESSAGE, type TestBrowser, walkOrShoot } from '../support/browser.ts';

const chromium = findChromium();
if (!chromium) console.warn(NO_CHROMIUM_MESSAGE);

// Scripts run in the page are strings: this file is compiled without the DOM's types.

/** Asks the page's map (exposed to automation as window.__cityopsMap) for rendered features. */
function renderedIds(layers: string[]): string {
  return `(() => {
    const map = window.__cityopsMap;
    if (!map || !map.isStyleLoaded()) return [];
    const layers = ${JSON.stringify(layers)}.filter((l) => map.getLayer(l));
    return [...new Set(map.queryRenderedFeatures({ layers }).map((f) => String(f.properties.id ?? f.properties.cluster_id ?? f.id)))];
  })()`;
}

/**
 * How many devices the map draws: single devices (points, or alone at a zoom) and the devices in
 * the groups drawn (device-clusters.ts), each feature once (a query sees one in every tile it spans).
 */
const DEVICES_DRAWN = `(() => {
  const map = window.__cityopsMap;
  if (!map || !map.isStyleLoaded()) return -1;
  const found = map.queryRenderedFeatures({ layers: ['device-clusters', 'device-singles', 'devices'] });
  const each = new Map(found.map((f) => [f.layer.id + ':' + f.id, f.layer.id === 'device-clusters' ? f.properties.n : 1]));
  return [...each.values()].reduce((a, b) => a + b, 0);
})()`;

/** The KPI figures the panel shows and the platform's for the same jurisdiction are compared on. */
interface KpiFigures {
  cases: { today: number; dispatchedToday: number; open: number; overdue: number };
  alerts: { active: number; byLevel: Record<'blue' | 'yellow' | 'orange' | 'red', number> };
  devices: { total: number; online: number };
}

/** What the KPI panel and the two charts show, read from the page (the charts by their accessible names). */
const PANELS_SHOWN = `(() => {
  const figure = (k) => document.querySelector('[data-kpi="' + k + '"] dd')?.textContent ?? '';
  const charts = [...document.querySelectorAll('.chart-canvas[role="img"]')].map((c) => c.getAttribute('aria-label') ?? '');
  return {
    today: figure('casesToday'),
    dispatchedToday: figure('dispatchedToday'),
    open: figure('open'),
    overdue: figure('overdue'),
    alerts: document.querySelector('[data-kpi="alerts"] .kpi-alerts-label strong')?.textContent ?? '',
    devices: document.querySelector('.kpi-asof')?.textContent?.split(' · ')[0] ?? '',
    alertsChart: charts[0] ?? '',
    // The ring's cases, summed over its lights.
    casesChart: [...(charts[1] ?? '').matchAll(/(\\d+) 件/g)].reduce((n, m) => n + Number(m[1]), 0),
  };
})()`;

/** The panels as they should read for the platform's figures `k` (numbers this small print as digits). */
function panelsFor(k: KpiFigures) {
  const level = { blue: '蓝', yellow: '黄', orange: '橙', red: '红' } as const;
  return {
    today: String(k.cases.today),
    dispatchedToday: String(k.cases.dispatchedToday),
    open: String(k.cases.open),
    overdue: String(k.cases.overdue),
    alerts: String(k.alerts.active),
    devices: `${k.devices.online} / ${k.devices.total} 台在线`,
    // Alerts by level, every level said; open cases by light, only the lights that have some.
    alertsChart: [
      '活动预警（按级别）',
      ...(['blue', 'yellow', 'orange', 'red'] as const).map((l) => `${level[l]} ${k.alerts.byLevel[l]} 件`),
    ].join(' · '),
    casesChart: k.cases.open,
  };
}

describe.skipIf(!chromium)('the city screen (Chromium)', () => {
  let p: TestPlatform;
  let origin: string;
  let browser: TestBrowser;
  let gateway: Record<string, string>;
  let dispatcher: Record<string, string>;

  /** The platform's KPI figures for a jurisdiction of the dispatcher's (null: the whole scope), as the screen asks for them. */
  async function kpisOf(jurisdiction: string | null): Promise<KpiFigures> {
    const res = await p.app.inject({ url: '/api/v1/screen/kpis', query: jurisdiction ? { jurisdiction } : {}, headers: dispatcher });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<KpiFigures>();
  }

  beforeAll(async () => {
    ensureWebBuild();
    // The platform's clock at real time, so the browser keeps the session cookie.
    p = await startTestPlatform({ now: Date.now() });
    const address = await p.app.listen({ port: 0, host: '127.0.0.1' });
    origin = new URL(address).origin;

    // 南京东路街道 (黄浦区), the demo inspector's street: where the case and the camera are.
    const [lon, lat] = p.geo.getByCode('310101002')!.center;
    const gatewayUser = (await p.directory.listUsers(p.geo.getByCode('310000')!.path)).find((u) => u.username === 'gateway')!;
    gateway = { authorization: `Bearer ${(await p.auth.createToken(gatewayUser.id, 'screen test gateway', null)).token}` };
    // The camera whose detection raises the alert, and a few gauges across the city for the device layer.
    await p.sensing.createDevice({ id: 'cam-screen-1', type: 'camera', lon, lat }, '/');
    for (const [i, d] of p.geo.list('district').entries()) {
      await p.sensing.createDevice({ id: `wl-screen-${i}`, type: 'water_level_gauge', lon: d.center[0], lat: d.center[1] }, '/');
    }
    // A second gauge ~400 m from 黄浦区's: the two make a group of their own in the standing-water view.
    const [hx, hy] = p.geo.getByCode('310101')!.center;
    await p.sensing.createDevice({ id: 'wl-screen-near', type: 'water_level_gauge', lon: hx + 0.003, lat: hy + 0.002 }, '/');
    // An open case on the map: the inspector's report.
    const inspector = await signIn(p, 'inspector', p.accounts!.password);
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: inspector.headers,
      payload: { category: 'E0101', description: '人行道上有暴露垃圾', location: { lon, lat, address: '南京东路 100 号' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    dispatcher = (await signIn(p, 'dispatcher', p.accounts!.password)).headers;
    // Counted as open from the next instant on (the test clock stands still otherwise).
    p.clock.advance(1_000);
    browser = await launchBrowser({ viewport: { width: 1600, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await p?.dispose();
  });

  it('draws the scope, shows a new alert live, drills into a street; nothing leaves the origin', async () => {
    await walkOrShoot(browser, 'screen', walkThrough);
  });

  async function walkThrough(): Promise<void> {
    const { page } = browser;

    // Sign in on the way to the screen.
    await page.goto(`${origin}/screen`);
    await page.waitForURL(/\/signin\?next=%2Fscreen/);
    await page.getByLabel('用户名').fill('dispatcher');
    await page.getByLabel('密码').fill('Cityops-demo-2026');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(`${origin}/screen`);

    // A cold load of the screen (signed in, browser cache emptied): time to the first drawn features.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await page.goto(`${origin}/screen`);
    await page.getByRole('heading', { name: '城市大屏' }).waitFor();
    const firstFeaturesAt = () => page.evaluate<number | null>('window.__cityopsScreen?.firstFeaturesAt ?? null');
    await expect.poll(firstFeaturesAt, { timeout: 20_000 }).not.toBeNull();
    const firstPaint = (await firstFeaturesAt())!;
    console.log(`screen: first features drawn ${Math.round(firstPaint)} ms after navigation (cold cache, SwiftShader)`);
    expect(firstPaint).toBeLessThan(10_000);

    // The map draws what the platform holds in the dispatcher's scope (黄浦区): its streets, the case, the devices.
    const huangpu = p.geo.getByCode('310101')!;
    const streets = p.geo.childrenOf(huangpu.id).filter((j) => j.level === 'street');
    const jurisdictionLayers = ['fill-district', 'fill-street', 'fill-grid', 'fill-community'];
    await expect
      .poll(async () => (await page.evaluate<string[]>(renderedIds(jurisdictionLayers))).length, { timeout: 15_000 })
      .toBeGreaterThan(3);
    await expect
      .poll(async () => (await page.evaluate<string[]>(renderedIds(['line-street']))).length, { timeout: 15_000 })
      .toBe(streets.length);
    await expect
      .poll(async () => (await page.evaluate<string[]>(renderedIds(['cases', 'case-clusters']))).length, { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => page.evaluate<number>(DEVICES_DRAWN), { timeout: 15_000 }).toBe(3);
    // The district's streets fill the view, named with local fonts (no glyphs URL).
    const labelLayers = ['label-district', 'label-street', 'label-grid', 'label-community'];
    await expect
      .poll(async () => (await page.evaluate<string[]>(renderedIds(['label-street']))).length, { timeout: 15_000 })
      .toBeGreaterThan(3);
    // KPIs arrived, the live feed is connected.
    await page.locator('[data-kpi="open"] dd').filter({ hasText: /^\d+$/ }).waitFor();
    await page.getByRole('status').filter({ hasText: '实时' }).waitFor({ timeout: 15_000 });
    // The charts are drawn once the map has its first polygons (chart/use-echart.ts): both canvases are there.
    await expect.poll(() => page.locator('.chart-canvas canvas').count(), { timeout: 15_000 }).toBe(2);

    // A camera sees a falling object: the red alert is in the feed and on the map within seconds.
    const posted = Date.now();
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/v1/detections',
      headers: gateway,
      payload: {
        cameraId: 'cam-screen-1',
        type: 'falling_object',
        confidence: 0.93,
        ts: p.clock.now(),
        building: '12号楼',
        floor: 17,
        unit: '1702',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const line = page.locator('.feed-list [data-kind="alert"]').filter({ hasText: '新预警' }).first();
    await line.waitFor({ timeout: 15_000 });
    console.log(`screen: alert in the live feed ${Date.now() - posted} ms after the detection was posted`);
    await expect(line.textContent()).resolves.toContain('红');
    await expect.poll(async () => (await page.evaluate<string[]>(renderedIds(['alerts']))).length, { timeout: 15_000 }).toBe(1);

    // Colour by alerts: the street with the red alert turns red (its count arrives as feature state
    // a few seconds later; the platform's caches expire by its clock, which the test moves).
    p.clock.advance(3_000);
    await page.getByRole('button', { name: '活动预警', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('fill')).toBe('alerts');
    const worstOfStreet = `(() => {
      const f = window.__cityopsMap.queryRenderedFeatures({ layers: ['fill-street'] }).find((x) => x.properties.code === '310101002');
      return f ? (f.state.worstLevel ?? f.properties.worstLevel ?? null) : null;
    })()`;
    await expect.poll(() => page.evaluate(worstOfStreet), { timeout: 15_000 }).toBe('red');
    // The KPI panel counts it too.
    await page.locator('[data-kpi="alerts"] strong').first().filter({ hasText: '1' }).waitFor({ timeout: 15_000 });
    // The standing-water view hides the falling-object alert; back to all.
    await page.getByRole('button', { name: '道路积水' }).click();
    await expect.poll(() => page.locator('.feed-list [data-kind="alert"]').count()).toBe(0);
    await expect.poll(async () => (await page.evaluate<string[]>(renderedIds(['alerts']))).length).toBe(0);
    await page.getByRole('button', { name: '全部' }).click();
    await expect.poll(async () => (await page.evaluate<string[]>(renderedIds(['alerts']))).length).toBe(1);
    await browser.screenshot('screen');

    // The district's panels: the KPI figures are the platform's for the scope (the inspector's case
    // and those filed for the alert), the charts count the same cases and the alert.
    const district = await kpisOf(null);
    expect(district.cases.open).toBeGreaterThan(0);
    expect(district.alerts).toMatchObject({ active: 1, byLevel: { red: 1 } });
    await expect.poll(() => page.evaluate(PANELS_SHOWN), { timeout: 15_000 }).toEqual(panelsFor(district));

    // Click a street on the map (not 南京东路, where the points are): breadcrumb, URL, and what lies inside it drawn.
    const street = streets.find((j) => j.code !== '310101002')!;
    const at = await page.evaluate<{ x: number; y: number }>(`(() => {
      const map = window.__cityopsMap;
      const pt = map.project(${JSON.stringify(street.center)});
      const box = map.getCanvas().getBoundingClientRect();
      return { x: box.left + pt.x, y: box.top + pt.y };
    })()`);
    await page.mouse.click(at.x, at.y);
    const here = page.getByRole('navigation', { name: '辖区层级' }).locator('[aria-current="location"]');
    await here.filter({ hasText: street.name }).waitFor();
    expect(new URL(page.url()).searchParams.get('jurisdiction')).toBe(street.id);
    await expect
      .poll(async () => (await page.evaluate<string[]>(renderedIds(['fill-grid']))).length, { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expect.poll(async () => (await page.evaluate<string[]>(renderedIds(labelLayers))).length, { timeout: 15_000 }).toBeGreaterThan(0);
    // Every panel follows the street: the KPI figures become the platform's for it (no case, no
    // alert there), and the charts count what lies in it.
    const inStreet = await kpisOf(street.id);
    expect(inStreet).toMatchObject({ cases: { open: 0 }, alerts: { active: 0 } });
    await expect.poll(() => page.evaluate(PANELS_SHOWN), { timeout: 15_000 }).toEqual(panelsFor(inStreet));
    await browser.screenshot('screen-street');

    // Back up with the breadcrumb: the panels are the district's again.
    await page.getByRole('navigation', { name: '辖区层级' }).getByRole('button').first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('jurisdiction')).toBeNull();
    await expect.poll(() => page.evaluate(PANELS_SHOWN), { timeout: 15_000 }).toEqual(panelsFor(await kpisOf(null)));

    // Zoomed out to the city, devices are grouped (device-clusters.ts): one group holds all three, none is drawn alone.
    // (Asked again until the camera stays there: the breadcrumb's own move may still be under way.)
    const groupSizes = `(() => {
      const map = window.__cityopsMap;
      if (map.getZoom() !== 9) map.jumpTo({ center: ${JSON.stringify(huangpu.center)}, zoom: 9 });
      const found = map.queryRenderedFeatures({ layers: ['device-clusters'] });
      return [...new Map(found.map((f) => [f.id, f.properties.n])).values()];
    })()`;
    await expect.poll(() => page.evaluate<number[]>(groupSizes), { timeout: 15_000 }).toEqual([3]);
    expect(await page.evaluate<string[]>(renderedIds(['device-singles', 'devices']))).toEqual([]);

    // The standing-water view groups its gauges only (no alert or case there to click instead):
    // clicking the group zooms in to where it comes apart, and both gauges are drawn.
    await page.getByRole('button', { name: '道路积水' }).click();
    await expect.poll(() => page.evaluate<number[]>(groupSizes), { timeout: 15_000 }).toEqual([2]);
    const group = await page.evaluate<{ x: number; y: number; expand: number }>(`(() => {
      const map = window.__cityopsMap;
      const f = map.queryRenderedFeatures({ layers: ['device-clusters'] })[0];
      const pt = map.project(f.geometry.coordinates);
      const box = map.getCanvas().getBoundingClientRect();
      return { x: box.left + pt.x, y: box.top + pt.y, expand: f.properties.expand };
    })()`);
    expect(group.expand).toBeGreaterThan(9);
    await page.mouse.click(group.x, group.y);
    await expect.poll(() => page.evaluate<number>('window.__cityopsMap.getZoom()'), { timeout: 15_000 }).toBeCloseTo(group.expand, 5);
    const apart = `(() => {
      const map = window.__cityopsMap;
      const single = map.queryRenderedFeatures({ layers: ['device-singles', 'devices'] });
      return map.isMoving() ? -1 : new Set(single.map((f) => f.layer.id + ':' + f.id)).size;
    })()`;
    await expect.poll(() => page.evaluate<number>(apart), { timeout: 15_000 }).toBe(2);
    await page.getByRole('button', { name: '全部' }).click();

    // Each of the four scenario views keeps its own devices on the map: four door sensors and three
    // manhole covers join the camera and the two gauges in 黄浦区 (the screen reloaded to fetch them).
    const nanjing = p.geo.getByCode('310101002')!.center;
    for (const [i, type] of [
      'door_sensor',
      'door_sensor',
      'door_sensor',
      'door_sensor',
      'manhole_cover',
      'manhole_cover',
      'manhole_cover',
    ].entries())
      await p.sensing.createDevice({ id: `scenario-${i}`, type, lon: nanjing[0] + 0.001 * (i + 1), lat: nanjing[1] - 0.001 }, '/');
    // The platform keeps a device snapshot a while (answering stale while it reads again): asked until it has them.
    p.clock.advance(60_000);
    const devicesKnown = async () =>
      (await p.app.inject({ url: '/api/v1/screen/devices', headers: dispatcher })).json<{ features: unknown[] }>().features.length;
    await expect.poll(devicesKnown, { timeout: 15_000 }).toBe(10);
    await page.goto(`${origin}/screen`);
    await expect.poll(() => page.evaluate<number>(DEVICES_DRAWN), { timeout: 15_000 }).toBe(10);
    const scenarioDevices = {
      道路积水: ['water', 2],
      独居老人: ['elderly', 4],
      工地安全: ['construction', 1],
      井盖: ['manhole', 3],
    } as const;
    for (const [name, [scenario, devices]] of Object.entries(scenarioDevices)) {
      await page.getByRole('button', { name, exact: true }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('scenario')).toBe(scenario);
      expect(await page.getByRole('button', { name, exact: true }).getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => page.evaluate<number>(DEVICES_DRAWN), { timeout: 15_000 }).toBe(devices);
      // The falling-object alert (E0601) and the open cases (E0101, and those filed for the alert) belong to none of them: map and charts show neither.
      expect(await page.evaluate<string[]>(renderedIds(['alerts', 'cases', 'case-clusters']))).toEqual([]);
      await expect.poll(() => page.evaluate<{ casesChart: number }>(PANELS_SHOWN).then((x) => x.casesChart)).toBe(0);
      expect(await page.evaluate<{ alertsChart: string }>(PANELS_SHOWN)).toMatchObject({ alertsChart: expect.stringContaining('红 0 件') });
    }
    await page.getByRole('button', { name: '全部' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('scenario')).toBeNull();
    await expect.poll(() => page.evaluate<number>(DEVICES_DRAWN), { timeout: 15_000 }).toBe(10);
    await expect.poll(() => page.evaluate<{ alertsChart: string }>(PANELS_SHOWN).then((x) => x.alertsChart)).toContain('红 1 件');

    // The legend stands open on the wall; on a phone it starts folded (it covered a third of the
    // map there) and opens when tapped.
    const legendOpen = () => page.locator('details.map-legend').evaluate((d) => (d as { open: boolean }).open);
    expect(await legendOpen()).toBe(true);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.locator('details.map-legend').waitFor();
    expect(await legendOpen()).toBe(false);
    await browser.screenshot('screen-phone');
    await page.locator('details.map-legend summary').click();
    expect(await legendOpen()).toBe(true);
    await page.setViewportSize({ width: 1600, height: 900 });

    // The live feed reconnects by itself: the network drops (the platform's connections closed,
    // the browser offline so its retries fail for a while), the feed says it is reconnecting, and
    // once the network is back it is live again without a reload.
    await page.locator('.feed-status-open').waitFor({ timeout: 15_000 });
    await browser.context.setOffline(true);
    p.app.server.closeAllConnections();
    await page.locator('.feed-status-retrying').waitFor({ timeout: 15_000 });
    await browser.context.setOffline(false);
    await page.locator('.feed-status-open').waitFor({ timeout: 30_000 });

    expect(browser.foreignRequests(origin)).toEqual([]);
    // The dropped stream and the retries made offline are logged by the browser, as they should be.
    const dropped = /ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_INTERNET_DISCONNECTED/;
    expect(browser.errors.filter((e) => !/status of 401/.test(e) && !dropped.test(e))).toEqual([]);
  }
});
