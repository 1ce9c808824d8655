import { describe, expect, it } from 'vitest';
import { systemActor } from '../services/ports.ts';
import { runWarningSchedule } from './warning-schedule.ts';

describe('runWarningSchedule', () => {
  it('evaluates adopted plans only, adds up their results, and logs a failing plan without stopping', async () => {
    const evaluated: string[] = [];
    const logged: string[] = [];
    const result = await runWarningSchedule({
      listPlans: () =>
        Promise.resolve([
          { id: 'a', status: 'adopted' },
          { id: 'b', status: 'closed' },
          { id: 'c', status: 'adopted' },
          { id: 'd', status: 'adopted' },
        ]),
      evaluate: (planId) => {
        evaluated.push(planId);
        if (planId === 'c') return Promise.reject(new Error('boom'));
        return Promise.resolve({ raised: 2, recovered: 1 });
      },
      actor: systemActor,
      log: (m) => logged.push(m),
    });
    expect(evaluated).toEqual(['a', 'c', 'd']);
    expect(result).toEqual({ raised: 4, recovered: 2 });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('plan c: boom');
  });
});
