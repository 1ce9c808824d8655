/** The plan journeys' steps: API reads with the page's session, a target by its metric, the target editor. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { PlanNodeView, PlanTree } from '../src/contract/plan.ts';

/** Every node of a plan tree, depth first. */
export const allNodes = (nodes: readonly PlanNodeView[]): PlanNodeView[] =>
  nodes.flatMap((n) => [n, ...allNodes(n.children)]);

/** What the steps act on, read each time a step runs (a journey's beforeAll sets it). */
export interface PlanJourneyContext {
  readonly page: Page;
  readonly baseUrl: string;
  readonly planId: string;
}

export function planEditorSteps(context: () => PlanJourneyContext) {
  /** Reads the API with the page's session, as the page itself does. */
  const read = async <T>(apiPath: string): Promise<T> => {
    const { page, baseUrl } = context();
    const response = await page.context().request.get(`${baseUrl}/api${apiPath}`);
    expect(response.status(), apiPath).toBe(200);
    return (await response.json()) as T;
  };
  const tree = () => read<PlanTree>(`/plans/${context().planId}`);
  const targetOf = async (metric: string) => {
    const found = allNodes((await tree()).nodes)
      .flatMap((n) => n.targets)
      .find((t) => t.metric === metric);
    if (!found) throw new Error(`no target ${metric}`);
    return found;
  };
  const nodeOf = async (key: string) => {
    const found = allNodes((await tree()).nodes).find((n) => n.key === key);
    if (!found) throw new Error(`no node ${key}`);
    return found;
  };
  /** An antd input by test id, whether the id sits on the input or on its wrapper. */
  const inputOf = (testId: string) => {
    const { page } = context();
    return page
      .locator(`[data-testid="${testId}"] input`)
      .or(page.locator(`input[data-testid="${testId}"]`));
  };
  /** Finds a target by searching the plan page for its metric and opens its editor. */
  const openEditor = async (metric: string) => {
    const { page } = context();
    const { id } = await targetOf(metric);
    await inputOf('plan-search').fill(metric);
    await inputOf('plan-search').press('Enter');
    await page.locator(`[data-testid="edit-target"][data-target-id="${id}"]`).click();
    await page.getByTestId('target-editor').waitFor();
    return id;
  };
  const saveEditor = async () => {
    const { page } = context();
    await page.getByTestId('editor-save').click();
    await page.getByTestId('target-editor').waitFor({ state: 'detached' });
  };
  return { read, tree, targetOf, nodeOf, inputOf, openEditor, saveEditor };
}
