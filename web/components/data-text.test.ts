import { describe, expect, it } from 'vitest';
import { splitChineseRuns } from './data-text.tsx';

// Sentences as the server words them in English around data names (warning-service.ts,
// core/ranking.ts describeRankingMethodEn).
describe('splitChineseRuns', () => {
  it('cuts a rule’s name out of its English message', () => {
    expect(splitChineseRuns('失业风险：城镇新增就业同比下降: -23.4% y/y in 202509')).toEqual([
      { text: '失业风险：城镇新增就业同比下降', zh: true },
      { text: ': -23.4% y/y in 202509', zh: false },
    ]);
  });

  it('keeps a name with Latin letters and quotes in it whole', () => {
    expect(splitChineseRuns('Not ranked: 入驻“保税+”企业 (no data)')).toEqual([
      { text: 'Not ranked: ', zh: false },
      { text: '入驻“保税+”企业', zh: true },
      { text: ' (no data)', zh: false },
    ]);
  });

  it('leaves English alone, curly quotes and all', () => {
    expect(splitChineseRuns('no data for “reporting on time”')).toEqual([
      { text: 'no data for “reporting on time”', zh: false },
    ]);
  });
});
