/**
 * Print output: the plan, a target and the review page printed to an A4 PDF by chromium
 * (print media, as the browser's print dialog renders them) and read back with pdftotext
 * (poppler-utils). Every column that matters is on paper, the filters and the data date are
 * stated, and nothing clickable is left.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanListItem, PlanNodeView, PlanTree } from '../src/contract/plan.ts';
import {
  hasChromium,
  launchChromium,
  openPage,
  startDemoServer,
  type DemoServer,
  type WatchedPage,
  submitLogin,
} from './support.ts';

const hasPdfToText = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasPdfToText)
  console.warn('e2e: pdftotext is missing (apt-get install poppler-utils); skipping print checks');

const allNodes = (nodes: readonly PlanNodeView[]): PlanNodeView[] =>
  nodes.flatMap((n) => [n, ...allNodes(n.children)]);

describe.skipIf(!hasChromium || !hasPdfToText)('printing to A4', () => {
  let server: DemoServer;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;
  let tree: PlanTree;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-e2e-print-'));

  /** Prints the page as chromium's print dialog would, and returns each A4 page's text. */
  const printToText = async (name: string): Promise<string[]> => {
    await page.emulateMedia({ media: 'print' });
    const file = path.join(tmp, `${name}.pdf`);
    await page.pdf({ path: file, format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], {
      encoding: 'utf8',
    });
    // pdftotext ends every page with a form feed.
    return text.split('\f').filter((p) => p.trim() !== '');
  };
  /** Text without the spaces the layout puts between characters of a column. */
  const squeeze = (text: string) => text.replace(/\s+/g, '');

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
    watched = await openPage(browser);
    page = watched.page;
    await page.goto(`${server.url}/login?next=${encodeURIComponent('/plans')}`);
    await submitLogin(page, 'reviewer');
    await page.waitForURL(/\/plans\//);
    const read = async <T>(apiPath: string) =>
      (await (await page.context().request.get(`${server.url}/api${apiPath}`)).json()) as T;
    const [plan] = await read<PlanListItem[]>('/plans');
    tree = await read<PlanTree>(`/plans/${plan?.id ?? ''}`);
  });

  afterAll(async () => {
    await watched?.context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('prints the filtered plan with its target and due columns, the filter and the data date', async () => {
    const shown = allNodes(tree.nodes)
      .flatMap((n) => n.targets)
      .filter((t) => t.assessment.light === 'red' || t.assessment.light === 'yellow');
    expect(shown.length).toBeGreaterThan(0);
    await page.goto(`${server.url}/plans/${tree.id}?light=red,yellow`);
    await page.getByTestId('plan-table').locator('.tree-title-target').first().waitFor();
    const pages = await printToText('plan');
    const all = squeeze(pages.join('\n'));
    // Each page repeats the header, with the target and due columns an A4 width used to drop.
    for (const header of ['牵头单位', '完成/序时进度', '目标期限']) expect(all).toContain(header);
    expect(all).toContain('筛选条件：灯：红、黄');
    expect(all).toContain(`显示${shown.length}个目标`);
    expect(all).toContain(`数据截至${tree.asOf}`);
    // Every shown target with its metric; the first page already holds the table.
    for (const t of shown) expect(all).toContain(squeeze(t.metric));
    expect(squeeze(pages[0] ?? ''), pages[0]).toContain(squeeze(shown[0]?.metric ?? '?'));
    // Each target's figure (with thousands separators) and its due year.
    for (const t of shown) expect(all).toContain((t.value ?? 0).toLocaleString('en-US'));
    expect(all).toContain('2025年');
    for (const clickable of ['导出Excel', '点击填报', '全部展开', '退回草案', '通过以来的变更'])
      expect(all).not.toContain(clickable);
  });

  it('prints a target with its data date and its observations, without buttons', async () => {
    const parking = allNodes(tree.nodes)
      .flatMap((n) => n.targets)
      .find((t) => t.metric === '公共停车泊位');
    if (!parking) throw new Error('no parking target');
    await page.goto(`${server.url}/targets/${parking.id}`);
    await page.locator('.ant-table-row').first().waitFor();
    const all = squeeze((await printToText('target')).join('\n'));
    expect(all).toContain('公共停车泊位');
    expect(all).toContain(`数据截至${tree.asOf}`);
    expect(all).toContain('打印日期');
    expect(all).not.toContain('导出Excel');
  });

  it('prints the review page with its period and the tab shown', async () => {
    await page.goto(`${server.url}/review?period=202509`);
    await page.getByTestId('review-tab-approved').waitFor();
    await page.getByTestId('review-tab-approved').click();
    const all = squeeze((await printToText('review')).join('\n'));
    expect(all).toContain('期间：2025年9月');
    expect(all).toContain('筛选条件：已审核');
    // The reopen button is gone; the words stay once, in the page's subtitle.
    expect(all.split('重新打开').length - 1).toBe(1);
    expect(all).not.toContain('操作');
  });
});
