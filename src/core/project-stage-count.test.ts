import { describe, expect, it } from 'vitest';
import { parsePeriod } from './period.ts';
import { countStageEvents, eventDate, type StageCountProject } from './project-stage-count.ts';

const project = (o: Partial<StageCountProject>): StageCountProject => ({
  kind: 'infrastructure',
  stage: 'construction',
  startDate: null,
  finishDate: null,
  actualDates: {},
  ...o,
});

describe('eventDate', () => {
  it('takes the node’s actual date before the registry’s date', () => {
    const p = project({ startDate: '2025-03', actualDates: { start: '2025-04-18' } });
    expect(eventDate(p, 'new-start')).toBe('2025-04-18');
  });

  it('takes the registry’s start month once the stage has reached 新开工', () => {
    expect(eventDate(project({ startDate: '2025-03' }), 'new-start')).toBe('2025-03');
  });

  it('does not count a planned start of a project still in 前期', () => {
    expect(eventDate(project({ stage: 'preparation', startDate: '2025-03' }), 'new-start')).toBe(
      null,
    );
  });

  it('counts a completion only from 竣工 on, or from the acceptance node’s actual date', () => {
    expect(eventDate(project({ finishDate: '2025-12' }), 'completion')).toBe(null);
    expect(eventDate(project({ stage: 'completed', finishDate: '2025-12' }), 'completion')).toBe(
      '2025-12',
    );
    expect(eventDate(project({ actualDates: { acceptance: '2025-11-30' } }), 'completion')).toBe(
      '2025-11-30',
    );
  });

  it('follows the investment-promotion track: 签约 is before 新开工', () => {
    const signed = project({ kind: 'promotion', stage: 'signed', startDate: '2025-05' });
    expect(eventDate(signed, 'new-start')).toBe(null);
    expect(eventDate({ ...signed, stage: 'new-start' }, 'new-start')).toBe('2025-05');
  });
});

describe('countStageEvents', () => {
  const projects = [
    project({ startDate: '2025-03' }),
    project({ startDate: '2025-03-31' }),
    project({ startDate: '2025-04-01' }),
    project({ stage: 'preparation', startDate: '2025-03' }),
    project({ startDate: '2024-12', actualDates: { start: '2025-03-02' } }),
  ];

  it('counts each project in the month its start happened', () => {
    expect(countStageEvents(projects, 'new-start', parsePeriod('202503'))).toBe(3);
    expect(countStageEvents(projects, 'new-start', parsePeriod('202504'))).toBe(1);
    expect(countStageEvents(projects, 'new-start', parsePeriod('202412'))).toBe(0);
  });

  it('counts the year as the sum of its months', () => {
    expect(countStageEvents(projects, 'new-start', parsePeriod('2025'))).toBe(4);
  });
});
