/**
 * Browser test of the public portal (issue 7) in a real Chromium, with no session at all: on a
 * phone (390×844) a citizen opens /report from the public header, is told what is missing,
 * picks a category by search, taps the map (then types the exact place), sees the open report
 * already filed there and says "this is my problem too" (which only names its code), adds a photo
 * and a description, reads how an optional contact is kept, sends, and sees the follow token;
 * /follow/<token> shows the status and the history. /open shows the scenario register and a
 * month's district statistics; a held report is approved by an intake operator, an admin resends a
 * dead 12345 callback, and too many reports from one address are answered with how long to wait.
 * No request leaves the platform's origin. Screenshots go to
 * test-artifacts/. Skipped, saying so, only when no Chromium is installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { seedBridgeAccess } from '../bridge/access-fixtures.ts';
import { demoScenarios } from '../../src/public/scenarios/demo-scenarios.ts';
import { ensureWebBuild } from '../support/web-build.ts';
import { findChromium, launchBrowser, NO_CHROMIUM_MESSAGE, type TestBrowser, walkOrShoot } from '../support/browser.ts';

const chromium = findChromium();
if (!chromium) console.warn(NO_CHROMIUM_MESSAGE);

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
/** A 1×1 PNG (a real one: the server reads the type from the bytes). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe.skipIf(!chromium)('the public portal (Chromium)', () => {
  let p: TestPlatform;
  let origin: string;
  let browser: TestBrowser;
  let centre: [number, number];
  let priorCode: string;
  let heldToken: string;

  beforeAll(async () => {
    ensureWebBuild();
    p = await startTestPlatform({ pipeline: false, now: Date.now() });
    const address = await p.app.listen({ port: 0, host: '127.0.0.1' });
    origin = new URL(address).origin;
    centre = p.geo.getByCode('310101002')!.center;
    // Someone reported overflowing litter in 南京东路街道 already: the nearby list shows it.
    const prior = await p.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: { category: 'E0102', description: '路口垃圾桶满溢，已经两天没人清理', lon: centre[0] + 0.0004, lat: centre[1] },
    });
    expect(prior.statusCode, prior.body).toBe(201);
    priorCode = prior.json<{ caseCode: string }>().caseCode;
    expect(priorCode).toMatch(/^310101-/);
    // Markup in a report is held for a moderator (no case yet).
    const held = await p.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: { category: 'E0101', description: '<b>南京东路</b> 100 号门口私搭棚屋', lon: centre[0], lat: centre[1] + 0.0004 },
    });
    expect(held.json<{ state: string }>().state, held.body).toBe('held');
    heldToken = held.json<{ token: string }>().token;
    // The register of application scenarios, as the demo publishes it.
    await p.scenarios.seed(demoScenarios());
    // A 12345 system with a callback that failed every retry.
    await seedBridgeAccess(p, p.geo);
    browser = await launchBrowser({ viewport: PHONE, isMobile: true });
  });

  afterAll(async () => {
    await browser?.close();
    await p?.dispose();
  });

  it('a citizen reports a problem on a phone, follows it by its token, and reads the open data; nothing leaves the origin', async () => {
    await walkOrShoot(browser, 'portal', walkThrough);
  });

  async function signInAs(page: Page, username: string): Promise<void> {
    await browser.context.clearCookies();
    await page.goto(`${origin}/signin`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(p.accounts!.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(`${origin}/work`);
  }

  async function fitsPhone(page: Page): Promise<void> {
    // A string: this file is typed without the DOM library.
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(PHONE.width);
  }

  async function walkThrough(): Promise<void> {
    const { page } = browser;

    // ——— The sign-in page points citizens to the portal; the public header has its links. ———
    await page.goto(`${origin}/signin`);
    await page.getByRole('link', { name: /无需登录/ }).click();
    await page.waitForURL(`${origin}/report`);
    await page.getByRole('heading', { name: '我要报事' }).waitFor();
    const nav = page.getByRole('navigation', { name: '主导航' });
    for (const name of ['我要报事', '查询进度', '公开信息', '登录']) await nav.getByRole('link', { name }).waitFor();

    // Nothing typed: the form says what is missing and sends nothing.
    const sent = () => browser.requests.filter((u) => u === `${origin}/api/v1/public/reports`).length;
    const before = sent();
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText('请选择问题类别。').waitFor();
    await page.getByText('请描述问题。').waitFor();
    await page.getByText('请在地图上点选位置，或使用当前位置。').waitFor();
    expect(sent()).toBe(before);

    // Category by search, from the public catalogue.
    await page.getByLabel('案件类别').fill('暴露垃圾');
    await page
      .getByRole('button', { name: /暴露垃圾/ })
      .first()
      .click();
    await page.getByText(/已选：暴露垃圾/).waitFor();
    await page.getByText('请选择问题类别。').waitFor({ state: 'detached' });

    // The map draws the city's districts (public routes, no session); a tap picks a point.
    const map = page.locator('.pick-map[data-ready="true"]');
    await map.waitFor();
    await map.click();
    await expect.poll(() => page.getByLabel('经度').inputValue()).not.toBe('');
    // The exact place, typed.
    await page.getByText('输入经纬度').click();
    await page.getByLabel('经度').fill(centre[0].toFixed(6));
    await page.getByLabel('纬度').fill(centre[1].toFixed(6));
    await page.getByText(/所在辖区：.*南京东路街道/).waitFor();

    // The open report 40 m away is shown before sending; "mine too" only names its code.
    const nearby = page.getByRole('region', { name: '附近正在处理的报事' });
    await nearby.getByText(priorCode).waitFor();
    await nearby.getByText('路口垃圾桶满溢，已经两天没人清理').waitFor();
    await nearby.getByRole('button', { name: '这也是我的问题' }).click();
    await nearby.getByText(new RegExp(`请记下编号 ${priorCode}`)).waitFor();
    expect(sent()).toBe(before);

    // A description with its counter, a photo, and what happens to a contact.
    await page.getByLabel('问题描述').fill('南京东路人行道上堆着装修垃圾');
    await page.getByText('14 / 2000 字').waitFor();
    await page.getByLabel('照片（可选）').setInputFiles({ name: 'litter.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('img', { name: '照片 1' }).waitFor();
    await page.getByText('可以匿名反映：不填联系方式也能提交和查询进度。').waitFor();
    await page.getByText(/打码后的号码/).waitFor();
    await page.getByLabel('手机号码').fill('call me');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText('手机号码格式不正确。').waitFor();
    expect(sent()).toBe(before);
    await page.getByLabel('手机号码').fill('');
    await fitsPhone(page);
    await browser.screenshot('portal-report-phone-zh');

    await page.getByRole('button', { name: '提交', exact: true }).click();
    const tokenBox = page.getByTestId('follow-token');
    await tokenBox.waitFor();
    const token = (await tokenBox.innerText()).trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    await page.getByText('请保存查询码或下方链接').waitFor();
    await fitsPhone(page);
    await browser.screenshot('portal-submitted-phone-zh');
    // The report is a case now, filed through the cases service as the citizen's.
    const followed = await p.app.inject({ method: 'GET', url: `/api/v1/public/reports/${token}` });
    expect(followed.statusCode, followed.body).toBe(200);
    const code = followed.json<{ code: string; description: string | null }>().code;
    expect(code).toMatch(/^310101-/);

    // ——— Following by the token. ———
    await page.goto(`${origin}/follow/${token}`);
    await page.getByRole('heading', { name: '查询进度' }).waitFor();
    await page.getByText(code, { exact: true }).waitFor();
    expect(await page.getByTestId('public-status').innerText()).toBe('处理中');
    await page.getByRole('heading', { name: '处理经过' }).waitFor();
    await page.getByText('事项办结后可在此评价。').waitFor();
    await fitsPhone(page);
    await browser.screenshot('portal-follow-phone-zh');
    // The case is handled and closed by the staff (through the cases service); the citizen rates it once.
    const caseId = followed.json<{ caseId: string }>().caseId;
    const c0 = await p.cases.get(caseId, { id: 'system', roles: [], scopePath: '/', unitId: null, system: true });
    const unitId = p.directory.resolveResponsible(c0.category, c0.jurisdictionId)!.unit.id;
    const desk = { id: 'desk', roles: ['shift_lead', 'dispatcher'], scopePath: '/', unitId: null };
    const handler = { id: 'handler', roles: ['handler'], scopePath: '/', unitId };
    await p.cases.command(caseId, { type: 'file' }, desk);
    await p.cases.command(caseId, { type: 'dispatch', unitId }, desk);
    await p.cases.command(caseId, { type: 'accept' }, handler);
    await p.cases.command(caseId, { type: 'handle', result: '垃圾已清运' }, handler);
    await p.cases.command(caseId, { type: 'verify', passed: true, note: '现场已清理' }, desk);
    await p.cases.command(caseId, { type: 'close' }, desk);
    await page.reload();
    await expect.poll(() => page.getByTestId('public-status').innerText()).toBe('已办结');
    await page.getByRole('heading', { name: '满意度评价' }).waitFor();
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('请选择 1 到 5 星。').waitFor();
    await page.getByRole('radio', { name: '4 星' }).check();
    await page.getByLabel('意见（可选）').fill('清理得很及时');
    await fitsPhone(page);
    await browser.screenshot('portal-rating-phone-zh');
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('您已评价：4 星。感谢您的反馈。').waitFor();
    await page.getByRole('heading', { name: '满意度评价' }).waitFor({ state: 'detached' });

    // An unknown token is said plainly.
    await page.goto(`${origin}/follow/AAAAAAAAAAAAAAAAAAAAAA`);
    await page.getByText('没有找到该查询码对应的报事，请核对后重试。').waitFor();

    // ——— The held report: the citizen is told it waits for review; an intake operator approves it. ———
    await page.goto(`${origin}/follow/${heldToken}`);
    await page.getByRole('heading', { name: '待人工审核' }).waitFor();
    await signInAs(page, 'intake');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '审核' }).click();
    await page.waitForURL(`${origin}/moderation`);
    await page.getByRole('heading', { name: '报事审核' }).waitFor();
    const card = page.locator('.held').filter({ hasText: '私搭棚屋' });
    // The citizen's markup is shown as text, never as markup.
    await card.getByText('<b>南京东路</b> 100 号门口私搭棚屋').waitFor();
    expect(await card.locator('b').count()).toBe(0);
    await browser.screenshot('portal-moderation-zh');
    await card.getByRole('button', { name: '通过并立案' }).click();
    await page.getByText(/已立案：310101-/).waitFor();
    await page.goto(`${origin}/follow/${heldToken}`);
    expect(await page.getByTestId('public-status').innerText()).toBe('处理中');

    // ——— The admin sees the 12345 systems and sends a dead callback again. ———
    await signInAs(page, 'admin');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '12345 对接' }).click();
    await page.waitForURL(`${origin}/bridge`);
    await page.getByRole('rowheader', { name: '访问测试 12345' }).waitFor();
    const dead = page.getByRole('row').filter({ hasText: 'ACC-1' });
    await dead.waitFor();
    await browser.screenshot('portal-bridge-zh');
    await dead.getByRole('button', { name: '重新发送' }).click();
    await dead.waitFor({ state: 'detached' });
    await page.getByText('没有投递失败的回调。').waitFor();

    // ——— Open data, on a desk, signed out again. ———
    await browser.context.clearCookies();
    await page.setViewportSize(DESKTOP);
    await page.goto(`${origin}/open`);
    await page.getByRole('heading', { name: '公开信息' }).waitFor();
    await page.getByRole('heading', { name: '应用场景建设情况' }).waitFor();
    await page.locator('.scenario-list .scenario').first().waitFor();
    await page.getByRole('link', { name: 'Atom' }).waitFor();
    await page.getByRole('heading', { name: '各区运行统计' }).waitFor();
    const table = page.locator('table.stats-table');
    await table.waitFor();
    await table.getByRole('rowheader', { name: '黄浦区' }).waitFor();
    await page.locator('.open-chart-canvas canvas').waitFor();
    await browser.screenshot('portal-open-data-zh');

    // In English too.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'District statistics' }).waitFor();
    await table.getByRole('rowheader', { name: 'Huangpu' }).waitFor();
    await browser.screenshot('portal-open-data-en');

    // ——— Too many reports from this address: the form says so, and how long to wait. ———
    for (let i = 0, status = 201; status !== 429 && i < 100; i++) {
      const res = await p.app.inject({
        method: 'POST',
        url: '/api/v1/public/reports',
        payload: { category: 'E0102', description: `第 ${i} 处垃圾堆放`, lon: centre[0], lat: centre[1] - 0.0001 * i },
      });
      status = res.statusCode;
    }
    await page.getByRole('button', { name: '中文' }).click();
    await page.setViewportSize(PHONE);
    await page.goto(`${origin}/report`);
    await page.getByLabel('案件类别').fill('暴露垃圾');
    await page
      .getByRole('button', { name: /暴露垃圾/ })
      .first()
      .click();
    await page.getByText('输入经纬度').click();
    await page.getByLabel('经度').fill(centre[0].toFixed(6));
    await page.getByLabel('纬度').fill(centre[1].toFixed(6));
    await page.getByLabel('问题描述').fill('又一处垃圾');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /提交过于频繁.*请约 \d+ 分钟后再试/ })
      .waitFor();
    expect(await page.getByLabel('问题描述').inputValue()).toBe('又一处垃圾');

    expect(browser.foreignRequests(origin)).toEqual([]);
    // The session probe's 401 (nobody is signed in), the unknown token's 404 and the 429 are expected; nothing else broke.
    expect(browser.errors.filter((e) => !/status of (401|404|429)/.test(e))).toEqual([]);
  }
});
