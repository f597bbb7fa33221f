/**
 * Browser smoke test: a real Chromium on a platform listening on a real port. A deep link sends
 * the visitor to sign-in (which lists the demo accounts), the dispatcher signs in and lands on
 * the workbench with the case reported beforehand in their queue, opens it, loses the session
 * while typing a note (and gets it back after signing in again), switches to English (kept over
 * a reload, also on a phone-sized screen), and no request ever leaves the platform's origin. Screenshots go to
 * test-artifacts/. Skipped, saying so, only when no Chromium is installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ensureWebBuild } from '../support/web-build.ts';
import { findChromium, launchBrowser, NO_CHROMIUM_MESSAGE, type TestBrowser, walkOrShoot } from '../support/browser.ts';

const chromium = findChromium();
if (!chromium) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!chromium)('the browser app (Chromium)', () => {
  let p: TestPlatform;
  let origin: string;
  let browser: TestBrowser;
  let caseCode: string;

  beforeAll(async () => {
    ensureWebBuild();
    // The platform's clock at real time: the browser drops a session cookie whose expiry (set
    // from the platform's clock) is already past by its own.
    p = await startTestPlatform({ pipeline: false, now: Date.now() });
    const address = await p.app.listen({ port: 0, host: '127.0.0.1' });
    origin = new URL(address).origin;
    // A case for the dispatcher's queue: an inspector's report in 南京东路街道 (黄浦区).
    const inspector = await signIn(p, 'inspector', p.accounts!.password);
    const [lon, lat] = p.geo.getByCode('310101002')!.center;
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: inspector.headers,
      payload: { category: 'E0101', description: '人行道上有暴露垃圾', location: { lon, lat, address: '南京东路 100 号' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    caseCode = res.json<{ case: { code: string } }>().case.code;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await p?.dispose();
  });

  it('signs a dispatcher in, shows the workbench and a case, survives an expired session, switches to English; nothing leaves the origin', async () => {
    await walkOrShoot(browser, 'signin', walkThrough);
  });

  async function walkThrough(): Promise<void> {
    const { page } = browser;

    // A deep link while signed out goes to sign-in, remembering where to come back to.
    await page.goto(`${origin}/work`);
    await page.waitForURL(/\/signin\?next=%2Fwork/);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByRole('heading', { name: '演示账号' }).waitFor();
    expect(await page.getByText('Cityops-demo-2026').count()).toBeGreaterThan(0);
    await page
      .getByRole('button', { name: /dispatcher\s*派遣员/ })
      .first()
      .waitFor();
    await browser.screenshot('signin-zh');

    // A wrong password is answered on the page, in Chinese.
    await page.getByLabel('用户名').fill('dispatcher');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();

    await page.getByLabel('密码').fill('Cityops-demo-2026');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(`${origin}/work`);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await page.getByRole('tab', { name: /待派遣/ }).waitFor();
    const row = page.getByRole('link', { name: new RegExp(caseCode) });
    await row.waitFor();
    await browser.screenshot('workbench-zh');

    // The case page: data and timeline.
    await row.click();
    await page.waitForURL(/\/cases\//);
    await page.getByRole('heading', { name: caseCode }).waitFor();
    await page.getByRole('heading', { name: '处置过程' }).waitFor();
    await page.getByText('人行道上有暴露垃圾').waitFor();

    // The session ends while a note is being typed: sending it leads to sign-in (saying why),
    // and after signing in again the note is still there and goes out (with the CSRF token).
    const caseUrl = page.url();
    await page.getByLabel('添加备注').fill('请尽快派遣到城管中队');
    await browser.context.clearCookies();
    await page.getByRole('button', { name: '提交备注' }).click();
    await page.waitForURL(/\/signin\?next=%2Fcases%2F.*expired=1/);
    await page.getByText('登录已过期').waitFor();
    expect(await page.getByLabel('用户名').inputValue()).toBe('dispatcher');
    await page.getByLabel('密码').fill('Cityops-demo-2026');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(caseUrl);
    expect(await page.getByLabel('添加备注').inputValue()).toBe('请尽快派遣到城管中队');
    await page.getByRole('button', { name: '提交备注' }).click();
    await page.locator('.timeline').getByText('请尽快派遣到城管中队').waitFor();
    expect(await page.getByLabel('添加备注').inputValue()).toBe('');

    // Switch to English: labels change at once, and the choice survives a reload.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await browser.screenshot('case-en');
    await page.getByRole('link', { name: 'Workbench', exact: true }).click();
    await page.getByRole('heading', { name: 'Workbench' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Workbench' }).waitFor();
    await page.getByRole('tab', { name: /To dispatch/ }).waitFor();
    await browser.screenshot('workbench-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: new RegExp(caseCode) }).waitFor();
    await browser.screenshot('workbench-phone-en');

    // The user menu signs out; the workbench then asks for sign-in again.
    await page.getByLabel('User menu').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin/);
    await page.goto(`${origin}/work`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    expect(browser.requests.length).toBeGreaterThan(5);
    expect(browser.foreignRequests(origin)).toEqual([]);
    // Nothing broke on the way (a CSP violation or an uncaught error would be listed here); the
    // 401s of probing the session and the wrong password are expected.
    expect(browser.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  }
});
