/**
 * Browser test of the workbench: one case through the whole loop in a real Chromium, each person
 * on their own page. An inspector reports it on the intake page (category by search, the place
 * picked on the map and then typed exactly, a PNG photo; before that the platform refuses a mistyped
 * place and a HEIC photo, each said by its field) and sees the duplicate the platform
 * proposes; the street dispatcher sees the suggested unit and the proposal beside the case in the
 * dispatch queue, dismisses the proposal, files the case and dispatches it to the suggested unit;
 * the street's enforcement squad accepts it and reports back with a photo on a phone-sized screen;
 * the inspector verifies it on the phone; the dispatcher closes it (after someone else's change
 * made the page reload, saying so). The timeline shows every step with the photos. Then a case
 * goes overdue and the district's shift lead re-dispatches it from the supervision board; the
 * squad asks for more time, the shift lead approves, parks and resumes it. The page switches to
 * English and the first case is evaluated; no request ever leaves the platform's origin.
 * Screenshots go to test-artifacts/.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn, startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ensureWebBuild } from '../support/web-build.ts';
import { findChromium, launchBrowser, NO_CHROMIUM_MESSAGE, type TestBrowser, walkOrShoot } from '../support/browser.ts';

const chromium = findChromium();
if (!chromium) console.warn(NO_CHROMIUM_MESSAGE);

const PASSWORD = 'Cityops-demo-2026';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const MIN = 60_000;

/** A real PNG of one colour (so the thumbnails in the screenshots show something). */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe.skipIf(!chromium)('the workbench (Chromium)', () => {
  let p: TestPlatform;
  let origin: string;
  let browser: TestBrowser;
  let centre: [number, number];
  let priorCode: string;
  let squadId: string;

  beforeAll(async () => {
    ensureWebBuild();
    // Real time: the browser drops a session cookie whose expiry (from the platform's clock) is past by its own.
    p = await startTestPlatform({ pipeline: false, now: Date.now() });
    const address = await p.app.listen({ port: 0, host: '127.0.0.1' });
    origin = new URL(address).origin;
    centre = p.geo.getByCode('310101002')!.center;
    // An open case 30 m away, reported just before: the browser's report will be proposed as its duplicate (≈ 70 %).
    const inspector = await signIn(p, 'inspector', PASSWORD);
    const prior = await p.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: inspector.headers,
      payload: { category: 'E0101', description: '先前上报：人行道旁搭建棚屋', location: { lon: centre[0], lat: centre[1] + 0.00027 } },
    });
    expect(prior.statusCode, prior.body).toBe(201);
    priorCode = prior.json<{ case: { code: string } }>().case.code;
    const squad = await p.app.inject({ method: 'GET', url: '/api/v1/units/D-310101002-enforcement', headers: inspector.headers });
    expect(squad.statusCode, squad.body).toBe(200);
    squadId = squad.json<{ id: string }>().id;
    browser = await launchBrowser({ viewport: DESKTOP });
  });

  afterAll(async () => {
    await browser?.close();
    await p?.dispose();
  });

  it('runs a case from the intake page to closure, supervises an overdue one, in Chinese and English; nothing leaves the origin', async () => {
    await walkOrShoot(browser, 'workbench', walkThrough);
  });

  async function signInAs(page: Page, username: string): Promise<void> {
    await browser.context.clearCookies();
    await page.goto(`${origin}/signin`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(`${origin}/work`);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
  }

  /** Opens a case from a queue tab of the workbench. */
  async function openFromQueue(page: Page, tab: RegExp, code: string): Promise<void> {
    await page.getByRole('tab', { name: tab }).click();
    await page.getByRole('link', { name: new RegExp(code) }).click();
    await page.waitForURL(/\/cases\//);
    await page.getByRole('heading', { name: code }).waitFor();
  }

  /** Opens a command's form, sends it, and waits for the page to say it is done. */
  async function give(page: Page, command: string, fill?: () => Promise<void>): Promise<void> {
    await page.getByRole('button', { name: command, exact: true }).click();
    const form = page.getByRole('form', { name: command });
    await form.waitFor();
    await fill?.();
    await form.getByRole('button', { name: `确认${command}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `已完成：${command}` })
      .waitFor();
  }

  const state = (page: Page, name: string) => page.locator('.case-head .badge', { hasText: name }).waitFor();

  /** The page is no wider than the phone. */
  async function fitsPhone(page: Page): Promise<void> {
    // A string: this file is typed without the DOM library.
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(PHONE.width);
  }

  async function walkThrough(): Promise<void> {
    const { page } = browser;

    // ——— The inspector reports a case on the intake page, on the phone. ———
    await page.setViewportSize(PHONE);
    await signInAs(page, 'inspector');
    await page.getByRole('link', { name: '上报案件' }).click();
    await page.waitForURL(`${origin}/intake`);
    await page.getByRole('heading', { name: '上报案件' }).waitFor();

    // Nothing typed yet: the form says what is missing and sends nothing.
    const reportsBefore = browser.requests.filter((u) => u.endsWith('/api/v1/cases')).length;
    await page.getByRole('button', { name: '提交上报' }).click();
    await page.getByText('请选择案件类别').waitFor();
    await page.getByText('请描述问题').waitFor();
    await page.getByText('请选择或填写位置').waitFor();
    expect(browser.requests.filter((u) => u.endsWith('/api/v1/cases')).length).toBe(reportsBefore);

    await page.getByLabel('案件类别').fill('私搭');
    await page.getByRole('button', { name: /私搭乱建/ }).click();
    await page.getByText('已选：私搭乱建（E0101）').waitFor();
    // Fixed fields lose their message at once.
    await page.getByText('请选择案件类别').waitFor({ state: 'detached' });
    await page.getByLabel('紧急程度').selectOption('high');
    await page.getByLabel('问题描述').fill('南京东路步行街旁私自搭建铁皮棚');

    // The map draws the street's grids from the platform; a click picks a point in them.
    const map = page.locator('.pick-map[data-ready="true"]');
    await map.waitFor();
    await map.click();
    await expect.poll(() => page.getByLabel('经度').inputValue()).not.toBe('');
    await page.getByText(/所在辖区：.*南京东路街道/).waitFor();
    // The exact place, typed.
    await page.getByLabel('经度').fill(centre[0].toFixed(6));
    await page.getByLabel('纬度').fill(centre[1].toFixed(6));
    await page.getByText(/所在辖区：.*南京东路街道/).waitFor();
    await page.getByLabel('地址（可选）').fill('南京东路 300 号');
    // A phone's HEIC picture passes the input's own check (image/*); the platform reads its bytes,
    // refuses it (415 ATTACHMENT_TYPE), and the page says so under the photo field, not in a banner.
    const photoField = page.locator('.photo-input');
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(64)]);
    await page.getByLabel('照片', { exact: true }).setInputFiles({ name: 'IMG_0001.HEIC', mimeType: 'image/heic', buffer: heic });
    await photoField.locator('.field-error').filter({ hasText: '只能上传 JPEG、PNG、WebP 或 GIF 图片。' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByRole('img', { name: '照片 1' }).count()).toBe(0);
    await page
      .getByLabel('照片', { exact: true })
      .setInputFiles({ name: 'before.png', mimeType: 'image/png', buffer: png(64, 48, [200, 60, 40]) });
    await page.getByRole('img', { name: '照片 1' }).waitFor();
    await photoField.locator('.field-error').waitFor({ state: 'detached' });
    await fitsPhone(page);
    await browser.screenshot('workbench-intake-phone-zh');
    // A slip of the finger in the longitude (112 for 121): a number the form's checks take, a place
    // the platform refuses (400 LOCATION_OUTSIDE_CITY, field body.location). The report is sent,
    // and the platform's message shows by the place fields, not in a banner.
    const sentBefore = browser.requests.filter((u) => u.endsWith('/api/v1/cases')).length;
    await page.getByLabel('经度').fill((centre[0] - 9).toFixed(6));
    await page.getByRole('button', { name: '提交上报' }).click();
    await page.locator('fieldset.location > .field-error').filter({ hasText: '该位置不在本市任何辖区内。' }).waitFor();
    expect(browser.requests.filter((u) => u.endsWith('/api/v1/cases')).length).toBe(sentBefore + 1);
    expect(await page.getByRole('alert').count()).toBe(0);
    // A place in the city but in another district (浦东新区): outside this inspector's jurisdiction,
    // refused by the platform (403 SCOPE_FORBIDDEN, field body.location) — also by the place fields.
    const pudong = p.geo.getByCode('310115')!.center;
    await page.getByLabel('经度').fill(pudong[0].toFixed(6));
    await page.getByLabel('纬度').fill(pudong[1].toFixed(6));
    await page.getByText(/所在辖区：.*浦东新区/).waitFor();
    await page.getByRole('button', { name: '提交上报' }).click();
    await page.locator('fieldset.location > .field-error').filter({ hasText: '该位置或对象不在您的管辖范围内。' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByLabel('纬度').fill(centre[1].toFixed(6));
    await page.getByLabel('经度').fill(centre[0].toFixed(6));
    await page.getByText(/所在辖区：.*南京东路街道/).waitFor();
    // The platform's message was about the other place: it goes as soon as the place changes.
    await page.locator('fieldset.location > .field-error').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '提交上报' }).click();

    await page.getByRole('heading', { name: '已上报' }).waitFor();
    const code = (await page.locator('.reported a.case-code').innerText()).trim();
    expect(code).toMatch(/^310101-\d{8}-\d{4}$/);
    // The duplicate proposed: the case 30 m away, ≈ 70 % sure, linked.
    await page.getByRole('heading', { name: '疑似重复案件' }).waitFor();
    await page.getByText(/置信度 7\d%/).waitFor();
    await page.getByRole('link', { name: new RegExp(priorCode) }).waitFor();

    // ——— The street dispatcher: suggested unit and duplicate beside the case; file and dispatch. ———
    await page.setViewportSize(DESKTOP);
    await signInAs(page, 'dispatcher_nanjing');
    await page.getByRole('tab', { name: /待派遣/ }).click();
    const row = page.locator('.case-row', { has: page.getByRole('link', { name: new RegExp(code) }) });
    await row.getByText(/推荐单位：.*城管执法中队/).waitFor();
    const proposal = row.getByRole('group', { name: '疑似重复' });
    await proposal.getByText(/置信度 7\d%/).waitFor();
    await proposal.getByRole('link', { name: new RegExp(priorCode) }).waitFor();
    await browser.screenshot('workbench-dispatch-zh');
    await proposal.getByRole('button', { name: '不是重复' }).click();
    await proposal.getByRole('button', { name: '确认不是重复' }).click();
    await proposal.getByText('请填写理由').waitFor();
    await proposal.getByLabel('理由').fill('不同店铺，位置不同');
    await proposal.getByRole('button', { name: '确认不是重复' }).click();
    await row.getByRole('group', { name: '疑似重复' }).waitFor({ state: 'detached' });

    await openFromQueue(page, /待派遣/, code);
    await give(page, '立案');
    await state(page, '已立案');
    await give(page, '派遣', async () => {
      const unit = page.getByLabel('派遣单位');
      // The suggested unit is chosen to begin with, so no override reason is asked.
      await expect.poll(() => unit.inputValue()).toBe(squadId);
      expect(await unit.locator('option:checked').innerText()).toMatch(/城管执法中队（推荐）/);
      expect(await page.getByLabel('改派理由').count()).toBe(0);
    });
    await state(page, '已派遣');
    // Where it is, in the city's own words (district › street › community), beside the address.
    await page.getByText(/^黄浦区 › 南京东路街道 › \S+/).waitFor();
    await browser.screenshot('workbench-case-dispatched-zh');

    // ——— The squad on a phone: accept, then report back with a photo. ———
    await page.setViewportSize(PHONE);
    await signInAs(page, 'handler_enforcement');
    await page.getByRole('tab', { name: /我的任务/ }).waitFor();
    await page.getByRole('link', { name: new RegExp(code) }).waitFor();
    await fitsPhone(page);
    await browser.screenshot('workbench-handler-queue-phone-zh');
    await openFromQueue(page, /我的任务/, code);
    await fitsPhone(page);
    await give(page, '接单');
    await state(page, '处置中');
    await page.getByRole('button', { name: '处置反馈', exact: true }).click();
    const handle = page.getByRole('form', { name: '处置反馈' });
    // An empty result is caught before sending.
    await handle.getByRole('button', { name: '确认处置反馈' }).click();
    await handle.getByText('请填写处置结果').waitFor();
    await handle.getByLabel('处置结果').fill('已责令拆除铁皮棚，现场恢复原状');
    await handle.getByText('请填写处置结果').waitFor({ state: 'detached' });
    await handle.getByLabel('处置后照片').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: png(64, 48, [40, 160, 80]) });
    await handle.getByRole('img', { name: '照片 1' }).waitFor();
    await fitsPhone(page);
    await browser.screenshot('workbench-handler-phone-zh');
    await handle.getByRole('button', { name: '确认处置反馈' }).click();
    await page.getByRole('status').filter({ hasText: '已完成：处置反馈' }).waitFor();
    await state(page, '已反馈');

    // ——— The inspector verifies on the phone. ———
    await signInAs(page, 'inspector');
    await openFromQueue(page, /待核查/, code);
    await give(page, '核查', async () => {
      await page.getByLabel('通过', { exact: true }).check();
      await page.getByLabel('核查意见').fill('现场已恢复，核查通过');
    });
    await state(page, '核查通过');
    await fitsPhone(page);
    await browser.screenshot('workbench-inspector-phone-zh');

    // ——— The dispatcher closes it; someone else's change first makes the page reload and say so. ———
    await page.setViewportSize(DESKTOP);
    await signInAs(page, 'dispatcher_nanjing');
    await page.goto(`${origin}/cases/${encodeURIComponent(code)}`);
    await page.getByRole('heading', { name: code }).waitFor();
    const desk = await signIn(p, 'dispatcher_nanjing', PASSWORD);
    const seen = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${encodeURIComponent(code)}`, headers: desk.headers });
    const caseId = seen.json<{ id: string }>().id;
    const other = await p.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/commands`,
      headers: desk.headers,
      payload: { type: 'comment', note: '另一位派遣员：已电话回访' },
    });
    expect(other.statusCode, other.body).toBe(200);
    await page.getByRole('button', { name: '结案', exact: true }).click();
    await page.getByRole('form', { name: '结案' }).getByRole('button', { name: '确认结案' }).click();
    await page.getByRole('status').filter({ hasText: '案件已被他人更新' }).waitFor();
    await page.locator('.timeline').getByText('另一位派遣员：已电话回访').waitFor();
    await give(page, '结案');
    await state(page, '已结案');

    // The timeline has every step, with who, the photos and what changed.
    const timeline = page.locator('.timeline');
    for (const type of ['reported', 'filed', 'dispatched', 'accepted', 'handled', 'verified', 'closed'])
      await timeline.locator(`li[data-event="${type}"]`).waitFor();
    await timeline.locator('li[data-event="handled"]').getByText('已责令拆除铁皮棚').waitFor();
    await timeline
      .locator('li[data-event="dispatched"]')
      .getByText(/城管执法中队/)
      .waitFor();
    await timeline.locator('li[data-event="verified"]').getByText('监督员/网格员').waitFor();
    const photos = timeline.locator('img');
    await expect.poll(() => photos.count()).toBe(2);
    await expect
      .poll(() =>
        page.evaluate<boolean>("[...document.querySelectorAll('.timeline img')].every((i) => i.complete && i.naturalWidth === 64)"),
      )
      .toBe(true);
    await browser.screenshot('workbench-case-closed-zh');

    const closed = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${encodeURIComponent(code)}`, headers: desk.headers });
    expect(closed.json()).toMatchObject({ state: 'closed', unitId: squadId, category: 'E0101', urgency: 'high' });

    // ——— A case goes overdue: the district's shift lead re-dispatches it from the supervision board. ———
    const urgent = await p.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: (await signIn(p, 'inspector', PASSWORD)).headers,
      payload: {
        category: 'E0101',
        urgency: 'urgent',
        description: '紧急：占道搭建',
        location: { lon: centre[0] + 0.002, lat: centre[1], address: '河南中路 1 号' },
      },
    });
    expect(urgent.statusCode, urgent.body).toBe(201);
    const late = urgent.json<{ case: { id: string; code: string; version: number } }>().case;
    const filed = await p.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${late.id}/commands`,
      headers: desk.headers,
      payload: { type: 'file', version: late.version },
    });
    expect(filed.statusCode, filed.body).toBe(200);
    p.clock.advance(11 * MIN);
    await p.cases.tick();
    await signInAs(page, 'shift_lead');
    await page.getByRole('link', { name: '督办台' }).click();
    await page.waitForURL(`${origin}/supervision`);
    const order = page.getByRole('listitem', { name: late.code });
    await order.getByText(/立案派遣，时限/).waitFor();
    await order.getByRole('img', { name: /红灯/ }).waitFor();
    await browser.screenshot('workbench-supervision-zh');
    await order.getByRole('button', { name: '改派' }).click();
    const redispatch = order.getByRole('form', { name: '改派' });
    await expect.poll(() => redispatch.getByLabel('派遣单位').inputValue()).toBe(squadId);
    await redispatch.getByLabel('督办意见（可选）').fill('请城管中队立即处置');
    await redispatch.getByRole('button', { name: '确认改派' }).click();
    await page.getByRole('status').filter({ hasText: '督办单已办结：改派' }).waitFor();
    await page.getByText('暂无待办督办单。').waitFor();
    const redispatched = await p.app.inject({ method: 'GET', url: `/api/v1/cases/${late.id}`, headers: desk.headers });
    expect(redispatched.json()).toMatchObject({ state: 'dispatched', unitId: squadId });

    // ——— The squad asks for more time (phone); the shift lead approves, parks and resumes the case. ———
    await page.setViewportSize(PHONE);
    await signInAs(page, 'handler_enforcement');
    await openFromQueue(page, /我的任务/, late.code);
    await give(page, '申请延期', async () => {
      await page.getByLabel('延期时长').fill('2');
      await page.getByLabel('单位', { exact: true }).selectOption('working_days');
      await page.getByLabel('延期理由').fill('需协调产权单位共同拆除');
    });
    await page.getByText('延期申请待审批').waitFor();
    await page.setViewportSize(DESKTOP);
    await signInAs(page, 'shift_lead');
    await page.goto(`${origin}/cases/${late.id}`);
    await give(page, '审批延期', async () => {
      await page.getByText(/申请延期 2 个工作日.*需协调产权单位共同拆除/).waitFor();
      await page.getByLabel('同意延期').check();
    });
    await page.locator('.timeline li[data-event="extension_approved"]').waitFor();
    const review = new Date(Date.now() + 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await give(page, '挂账', async () => {
      await page.getByLabel('挂账理由').fill('等待产权单位答复');
      await page.getByLabel('复查日期').fill(review);
    });
    await state(page, '挂账');
    await give(page, '恢复办理');
    await state(page, '已派遣');

    // ——— English: the case page (the shift lead evaluates it) and the workbench. ———
    await page.goto(`${origin}/cases/${encodeURIComponent(code)}`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page.locator('.case-head .badge', { hasText: 'Closed' }).waitFor();
    await page.locator('.timeline li[data-event="handled"] strong', { hasText: 'Reported back' }).waitFor();
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    const evaluate = page.getByRole('form', { name: 'Evaluate' });
    await evaluate.getByRole('button', { name: 'Confirm: Evaluate' }).click();
    await evaluate.getByText('Choose a score').waitFor();
    await evaluate.getByLabel('4 good').check();
    await evaluate.getByRole('button', { name: 'Confirm: Evaluate' }).click();
    await page.getByRole('status').filter({ hasText: 'Done: Evaluate.' }).waitFor();
    await page.locator('.timeline li[data-event="evaluated"]').waitFor();
    await browser.screenshot('workbench-case-en');
    await page.getByRole('link', { name: 'Workbench', exact: true }).click();
    await page.getByRole('link', { name: 'Report a case' }).waitFor();
    await page.getByRole('link', { name: 'Supervision board' }).waitFor();
    await browser.screenshot('workbench-en');

    expect(browser.foreignRequests(origin)).toEqual([]);
    // Expected: the 401s of probing the session before each sign-in, the 409 of the stale version,
    // the mistyped place (404 looking it up, 400 reporting it), the place in another district (403) and the refused photo (415).
    expect(browser.errors.filter((e) => !/status of (40[01349]|415)/.test(e))).toEqual([]);
  }
});
