/**
 * Browser test of the loop's other branches on the case page, in a real Chromium: the street
 * dispatcher rejects a report with a reason (不予立案); the enforcement squad returns a case that
 * is not theirs with a reason (退回) and the dispatcher dispatches it again; the inspector fails a
 * check (返工) and the squad reports back again; the squad asks for more time and the district's
 * shift lead approves it. Each step is given through the page's forms and shows in the case's
 * timeline with its words. The header shows each person only the pages they can use (no
 * supervision board for the squad); the shift lead reads the month's evaluation per unit and per
 * source, and downloads it. The cases are brought to each branch's start over the API,
 * and people are signed in with a session cookie (the sign-in page has its own test), to keep
 * this under a minute. Nothing leaves the origin. Screenshots go to test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn, startTestPlatform, type TestPlatform, type TestSession } from '../support/platform.ts';
import { ensureWebBuild } from '../support/web-build.ts';
import { findChromium, launchBrowser, NO_CHROMIUM_MESSAGE, type TestBrowser, walkOrShoot } from '../support/browser.ts';

const chromium = findChromium();
if (!chromium) console.warn(NO_CHROMIUM_MESSAGE);

const PASSWORD = 'Cityops-demo-2026';

/** A case as far as this test reads it. */
interface CaseSeen {
  id: string;
  code: string;
  state: string;
  version: number;
  unitId: string | null;
  returnCount: number;
  reworkCount: number;
  extensionCount: number;
}

describe.skipIf(!chromium)('the loop’s branches on the case page (Chromium)', () => {
  let p: TestPlatform;
  let origin: string;
  let browser: TestBrowser;
  let squadId: string;
  const sessions = new Map<string, TestSession>();
  const cases: Record<'rejected' | 'returned' | 'rework', CaseSeen> = {} as never;

  const session = async (username: string) => {
    if (!sessions.has(username)) sessions.set(username, await signIn(p, username, PASSWORD));
    return sessions.get(username)!;
  };

  async function command(username: string, c: CaseSeen, body: Record<string, unknown>): Promise<CaseSeen> {
    const res = await p.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/commands`,
      headers: (await session(username)).headers,
      payload: { ...body, version: c.version },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ case: CaseSeen }>().case;
  }

  async function read(id: string): Promise<CaseSeen> {
    const res = await p.app.inject({ url: `/api/v1/cases/${id}`, headers: (await session('dispatcher_nanjing')).headers });
    return res.json<CaseSeen>();
  }

  /** A fresh report near 南京东路 by the inspector. */
  async function report(description: string, dLon: number): Promise<CaseSeen> {
    const [lon, lat] = p.geo.getByCode('310101002')!.center;
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: (await session('inspector')).headers,
      payload: { category: 'E0101', description, location: { lon: lon + dLon, lat } },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ case: CaseSeen }>().case;
  }

  beforeAll(async () => {
    ensureWebBuild();
    // Real time: the browser drops a session cookie whose expiry (from the platform's clock) is past by its own.
    p = await startTestPlatform({ pipeline: false, now: Date.now() });
    origin = new URL(await p.app.listen({ port: 0, host: '127.0.0.1' })).origin;
    const squad = await p.app.inject({ url: '/api/v1/units/D-310101002-enforcement', headers: (await session('inspector')).headers });
    squadId = squad.json<{ id: string }>().id;
    // Far enough apart not to be proposed as duplicates of each other.
    cases.rejected = await report('重复反映：路边堆放杂物', 0);
    let c = await report('人行道上搭建雨棚，疑似违建', 0.0015);
    c = await command('dispatcher_nanjing', c, { type: 'file' });
    cases.returned = await command('dispatcher_nanjing', c, { type: 'dispatch', unitId: squadId });
    c = await report('店招私自外扩占道', -0.0015);
    c = await command('dispatcher_nanjing', c, { type: 'file' });
    c = await command('dispatcher_nanjing', c, { type: 'dispatch', unitId: squadId });
    c = await command('handler_enforcement', c, { type: 'accept' });
    cases.rework = await command('handler_enforcement', c, { type: 'handle', result: '已通知店主整改' });
    browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await p?.dispose();
  });

  it('rejects, returns and re-dispatches, reworks, and approves an extension; the timeline shows each step', async () => {
    await walkOrShoot(browser, 'branches', walkThrough);
  });

  /** Signs `username` in with a session cookie and opens the case page. */
  async function openAs(page: Page, username: string, c: CaseSeen): Promise<void> {
    await browser.context.clearCookies();
    const cookie = (await session(username)).cookie.split('=');
    await browser.context.addCookies([{ name: cookie[0]!, value: cookie.slice(1).join('='), url: origin }]);
    await page.goto(`${origin}/cases/${c.id}`);
    await page.getByRole('heading', { name: c.code }).waitFor();
  }

  /** Opens a command's form, fills it, sends it, and waits for the page to say it is done. */
  async function give(page: Page, command: string, fill: () => Promise<void>): Promise<void> {
    await page.getByRole('button', { name: command, exact: true }).click();
    const form = page.getByRole('form', { name: command });
    await form.waitFor();
    await fill();
    await form.getByRole('button', { name: `确认${command}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `已完成：${command}` })
      .waitFor();
  }

  const state = (page: Page, name: string) => page.locator('.case-head .badge', { hasText: name }).waitFor();
  /** The timeline entry of a type holding this text. */
  const entry = (page: Page, type: string, text: string | RegExp) =>
    page.locator(`.timeline li[data-event="${type}"]`).filter({ hasText: text }).waitFor();
  const navLinks = (page: Page) => page.getByRole('navigation', { name: '主导航' }).getByRole('link').allInnerTexts();

  async function walkThrough(): Promise<void> {
    const { page } = browser;

    // ——— 不予立案: the street dispatcher rejects a report, saying why. ———
    await openAs(page, 'dispatcher_nanjing', cases.rejected);
    await page.getByRole('button', { name: '不予立案', exact: true }).click();
    const reject = page.getByRole('form', { name: '不予立案' });
    // No reason: caught before sending.
    await reject.getByRole('button', { name: '确认不予立案' }).click();
    await reject.getByText('请填写理由').waitFor();
    await reject.getByLabel('不予立案理由').fill('已由12345工单处理，重复反映');
    await reject.getByRole('button', { name: '确认不予立案' }).click();
    await page.getByRole('status').filter({ hasText: '已完成：不予立案' }).waitFor();
    await state(page, '不予立案');
    await entry(page, 'rejected', '已由12345工单处理，重复反映');
    expect(await page.getByRole('button', { name: '立案', exact: true }).count()).toBe(0);
    await browser.screenshot('branches-rejected-zh');

    // ——— 退回: the squad returns a case that is not theirs; the header offers them no supervision board. ———
    await openAs(page, 'handler_enforcement', cases.returned);
    expect(await navLinks(page)).toEqual(['城市大屏', '工作台', '基础数据', '用途授权']);
    await give(page, '退回', () => page.getByLabel(/退回理由/).fill('雨棚属物业管理范围，非城管职责'));
    await state(page, '已立案');
    await entry(page, 'returned', '雨棚属物业管理范围，非城管职责');
    // Returned: no longer the squad's to accept.
    expect(await page.getByRole('button', { name: '接单', exact: true }).count()).toBe(0);

    // ——— The dispatcher dispatches it again. ———
    await openAs(page, 'dispatcher_nanjing', cases.returned);
    await give(page, '派遣', async () => {
      await expect.poll(() => page.getByLabel('派遣单位').inputValue()).toBe(squadId);
      await page.getByLabel('说明（可选）').fill('经核实属城管职责，请接单');
    });
    await state(page, '已派遣');
    await expect.poll(() => page.locator('.timeline li[data-event="dispatched"]').count()).toBe(2);
    await entry(page, 'dispatched', '经核实属城管职责，请接单');

    // ——— 返工: the inspector fails the check; the squad reports back again. ———
    await openAs(page, 'inspector', cases.rework);
    await give(page, '核查', async () => {
      await page.getByLabel('不通过（返工）').check();
      await page.getByLabel('核查意见').fill('店招仍占道约半米，需返工');
    });
    await state(page, '处置中');
    await entry(page, 'rework', '店招仍占道约半米，需返工');
    await openAs(page, 'handler_enforcement', cases.rework);
    await give(page, '处置反馈', () => page.getByLabel('处置结果').fill('店招已退回红线内'));
    await state(page, '已反馈');
    await expect.poll(() => page.locator('.timeline li[data-event="handled"]').count()).toBe(2);
    await entry(page, 'handled', '店招已退回红线内');
    await browser.screenshot('branches-rework-zh');

    // ——— 延期: the squad asks for more time on the re-dispatched case; the shift lead approves. ———
    await openAs(page, 'handler_enforcement', cases.returned);
    await give(page, '申请延期', async () => {
      await page.getByLabel('延期时长').fill('1');
      await page.getByLabel('单位', { exact: true }).selectOption('working_days');
      await page.getByLabel('延期理由').fill('需物业配合拆除');
    });
    await page.getByText('延期申请待审批').waitFor();
    await entry(page, 'extension_requested', '需物业配合拆除');
    await openAs(page, 'shift_lead', cases.returned);
    expect(await navLinks(page)).toEqual(['城市大屏', '工作台', '督办台', '综合评价', '基础数据', '用途授权', '审核']);
    await give(page, '审批延期', async () => {
      await page.getByText(/申请延期 1 个工作日.*需物业配合拆除/).waitFor();
      await page.getByLabel('同意延期').check();
      await page.getByLabel('说明（可选）').fill('同意，请按期完成');
    });
    await entry(page, 'extension_approved', '同意，请按期完成');
    await browser.screenshot('branches-extension-zh');

    // ——— 综合评价: the shift lead reads the month's indicators of the district, per unit and per source. ———
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '综合评价' }).click();
    await page.getByRole('heading', { name: '综合评价' }).waitFor();
    const squadRow = page.locator(`.evaluation-table tr[data-group="${squadId}"]`);
    await squadRow.waitFor();
    const cell = (row: typeof squadRow, col: string) => row.locator(`td[data-col="${col}"]`).innerText();
    // Two cases dispatched to the squad this month, one of them returned, reworked one, extended one.
    expect(await cell(squadRow, 'dispatched')).toBe('2');
    expect(await cell(squadRow, 'accurateDispatchRate')).toBe('50.0 %');
    expect(await cell(squadRow, 'reworkRate')).toBe('100.0 %');
    expect(await cell(squadRow, 'extensionRate')).toBe('50.0 %');
    // The page shows the platform's figures: every rate as the evaluation API answers it.
    const month = await page.getByLabel('月份').inputValue();
    const [y, m] = month.split('-').map(Number);
    const from = Date.UTC(y!, m! - 1, 1) - 8 * 3_600_000;
    const to = Date.UTC(y!, m, 1) - 8 * 3_600_000;
    const api = await p.app.inject({
      url: `/api/v1/evaluation?from=${from}&to=${to}&groupBy=unit`,
      headers: (await session('shift_lead')).headers,
    });
    const squadApi = api
      .json<{ rows: Array<{ groupKey: string; indicators: Record<string, number | null> }> }>()
      .rows.find((r) => r.groupKey === squadId)!;
    for (const [key, value] of Object.entries(squadApi.indicators)) {
      if (!key.endsWith('Rate')) continue;
      expect(await cell(squadRow, key), key).toBe(value === null ? '—' : `${(value * 100).toFixed(1)} %`);
    }
    await page.getByLabel('统计维度').selectOption('source');
    const inspectorRow = page.locator('.evaluation-table tr[data-group="inspector"]');
    await inspectorRow.getByRole('rowheader', { name: '监督员上报' }).waitFor();
    expect(await cell(inspectorRow, 'filed')).toBe('2');
    // The spreadsheet of the same table downloads with the session.
    const href = await page.getByRole('link', { name: '下载 XLSX' }).getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/evaluation\/export\?.*groupBy=source.*format=xlsx/);
    const download = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type') };
    }, href!);
    expect(download).toEqual({ status: 200, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    await browser.screenshot('branches-evaluation-zh');

    // The platform agrees with what the pages showed.
    expect(await read(cases.rejected.id)).toMatchObject({ state: 'rejected' });
    expect(await read(cases.returned.id)).toMatchObject({ state: 'dispatched', unitId: squadId, returnCount: 1, extensionCount: 1 });
    expect(await read(cases.rework.id)).toMatchObject({ state: 'handled', reworkCount: 1 });
    expect(browser.foreignRequests(origin)).toEqual([]);
    expect(browser.errors).toEqual([]);
  }
});
