import { describe, expect, it } from 'vitest';
import { systemActor } from '../services/ports.ts';
import { runDocumentSchedule, scheduleDocuments } from './document-schedule.ts';

const plans = [
  { id: 'p1', status: 'adopted' },
  { id: 'p2', status: 'draft' },
  { id: 'p3', status: 'adopted' },
];

describe('runDocumentSchedule', () => {
  it('generates for adopted plans only, and a failure for one plan does not stop the next', async () => {
    const generated: string[] = [];
    const logged: string[] = [];
    const n = await runDocumentSchedule(
      {
        listPlans: () => Promise.resolve(plans),
        generate: (kind, planId) => {
          if (planId === 'p1') return Promise.reject(new Error('no data'));
          generated.push(`${kind}:${planId}`);
          return Promise.resolve();
        },
        actor: systemActor,
        log: (m) => logged.push(m),
      },
      'monthly-bulletin',
    );
    expect(n).toBe(1);
    expect(generated).toEqual(['monthly-bulletin:p3']);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('p1: no data');
  });
});

describe('scheduleDocuments', () => {
  it('runs at the next 12th of the month at 08:00 Chongqing time', () => {
    const job = scheduleDocuments(
      {
        listPlans: () => Promise.resolve([]),
        generate: () => Promise.resolve(),
        actor: systemActor,
        log: () => undefined,
      },
      'monthly-bulletin',
      '0 8 12 * *',
    );
    try {
      // 08:00 in Asia/Shanghai is 00:00 UTC.
      expect(job.nextRun(new Date('2025-10-15T00:00:00Z'))?.toISOString()).toBe(
        '2025-11-12T00:00:00.000Z',
      );
    } finally {
      job.stop();
    }
  });
});
