/**
 * The landing page's first requests, sent before React and Ant Design have loaded: the
 * session, the plan list, then the default plan's headline figures and tree. The API client
 * takes each answer once instead of asking again, so the Overview's cards wait for the
 * server while the browser is still evaluating the app, not after it.
 *
 * No React, no Ant Design here: this module runs from its own small script (web/early-start.ts).
 */
import { pickDefaultPlan } from './default-plan.ts';
import type { PlanListItem } from '../../src/contract/plan.ts';

/** A GET answer read whole: what the API client makes a value or an ApiError of. */
export interface RawAnswer {
  readonly status: number;
  readonly text: string;
}

const answers = new Map<string, Promise<RawAnswer>>();
/** The answers that are already in, for a first render that need not wait a turn for them. */
const settled = new Map<string, RawAnswer>();

/** Reads an answer whole. */
export const readAnswer = async (response: Response): Promise<RawAnswer> => ({
  status: response.status,
  text: await response.text(),
});

const ask = (path: string): Promise<RawAnswer> => {
  const answer = fetch(`/api${path}`, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
  }).then(readAnswer);
  // Whoever takes the answer handles its failure; one nobody takes must not be reported as unhandled.
  answer.then(
    (a) => {
      if (answers.get(path) === answer) settled.set(path, a);
    },
    () => undefined,
  );
  answers.set(path, answer);
  return answer;
};

/** The paths the landing page reads first, in the order the server should answer them. */
const landingPaths = (planId: string) => {
  const id = encodeURIComponent(planId);
  // The headline figures first: they are what shows first, and the tree's assessment is the slower answer.
  return [`/plans/${id}/headlines`, `/plans/${id}`];
};

/**
 * Starts the landing page's requests when the address is the Overview (also the big screen's):
 * the session and the plan list at once, the default plan's figures as soon as the list is in.
 */
export function askLandingData(pathname: string): void {
  if (pathname !== '/') return;
  void ask('/session');
  ask('/plans')
    .then((answer) => {
      if (answer.status !== 200) return;
      const plan = pickDefaultPlan(JSON.parse(answer.text) as PlanListItem[]);
      if (plan) for (const path of landingPaths(plan.id)) void ask(path);
    })
    .catch(() => undefined);
}

/**
 * The early answer to a GET of `path`, once: a second call (a retry, a later visit) gets null
 * and asks the server again.
 */
export function takeEarlyAnswer(path: string): Promise<RawAnswer> | null {
  const answer = answers.get(path);
  if (!answer) return null;
  answers.delete(path);
  settled.delete(path);
  return answer;
}

/** Like takeEarlyAnswer, but only an answer that is already in: null while it is on its way. */
export function takeSettledEarlyAnswer(path: string): RawAnswer | null {
  const answer = settled.get(path);
  if (!answer) return null;
  answers.delete(path);
  settled.delete(path);
  return answer;
}

/** Forgets the answers nobody took: after a login or logout they speak for someone else. */
export function forgetEarlyAnswers(): void {
  answers.clear();
  settled.clear();
}
