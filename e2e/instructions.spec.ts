/**
 * A planner writes a leader's 批示 on a target in the browser, with a PDF as evidence: the
 * thread shows it marked 批示, the file downloads byte for byte, and the reviewer of the
 * target's unit finds the 批示 in the inbox.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanListItem, PlanTree } from '../src/contract/plan.ts';
import {
  getJson,
  hasChromium,
  saveScreenshot,
  startDemoJourney,
  type DemoJourney,
  type DemoServer,
  type WatchedPage,
} from './support.ts';

describe.skipIf(!hasChromium)('批示 and evidence in the browser', () => {
  let journey: DemoJourney;
  let server: DemoServer;
  let planner: WatchedPage;
  let reviewer: WatchedPage;
  let evidence: string;
  const pdf = Buffer.from('%PDF-1.4\n% 会议纪要\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

  beforeAll(async () => {
    journey = await startDemoJourney();
    server = journey.server;
    planner = await journey.open('planner');
    reviewer = await journey.open('reviewer');
    evidence = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-e2e-pdf-')), '会议纪要.pdf');
    fs.writeFileSync(evidence, pdf);
  });
  afterAll(() => journey?.close());

  it('records a 批示 with a PDF on a target and tells the unit’s reviewer', async () => {
    const [plan] = await getJson<PlanListItem[]>(server.url, '/plans');
    const tree = await getJson<PlanTree>(server.url, `/plans/${plan!.id}`);
    const targets: PlanTree['nodes'][number]['targets'][number][] = [];
    const walk = (nodes: PlanTree['nodes']) =>
      nodes.forEach((n) => {
        targets.push(...n.targets);
        walk(n.children);
      });
    walk(tree.nodes);
    const target = targets[0]!;
    const { page } = planner;
    await page.goto(`${server.url}/targets/${target.id}`);
    const panel = page.getByTestId('comment-panel');
    await panel.getByTestId('comment-body').fill('请区统计局加强监测，按月报送进展。');
    await panel.getByTestId('comment-instruction').check();
    await panel.locator('input[type=file]').setInputFiles(evidence);
    await panel.getByTestId('comment-send').click();
    const thread = panel.getByTestId('comment-thread').first();
    await expect.poll(() => thread.textContent()).toContain('请区统计局加强监测');
    expect(await thread.textContent()).toContain('批示');
    const link = thread.getByTestId('attachment');
    expect(await link.textContent()).toContain('会议纪要.pdf');
    const href = (await link.getAttribute('href'))!;
    const download = await planner.context.request.get(`${server.url}${href}`);
    expect(download.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.from(await download.body()).equals(pdf)).toBe(true);
    await panel.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'planner-instruction', { forDocs: true, fullPage: false });

    const inbox = await reviewer.context.request.get(`${server.url}/api/notifications`);
    const items = ((await inbox.json()) as { items: { kind: string; link: string }[] }).items;
    expect(items).toContainEqual(
      expect.objectContaining({ kind: 'instruction', link: `/targets/${target.id}` }),
    );
    expect(planner.errors).toEqual([]);
  });
});
