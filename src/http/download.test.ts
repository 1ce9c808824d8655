import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './download.ts';

describe('the Content-Disposition of a download', () => {
  it('names the file in UTF-8 for browsers and gives the ASCII name asked for to older clients', () => {
    expect(attachmentDisposition('旬调度清单202510D1.xlsx', 'dispatch-202510D1.xlsx')).toBe(
      'attachment; filename="dispatch-202510D1.xlsx"; ' +
        "filename*=UTF-8''%E6%97%AC%E8%B0%83%E5%BA%A6%E6%B8%85%E5%8D%95202510D1.xlsx",
    );
  });

  it('falls back to the name with non-ASCII characters, quotes and backslashes replaced', () => {
    expect(attachmentDisposition('会议纪要.pdf')).toBe(
      'attachment; filename="____.pdf"; filename*=UTF-8\'\'%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.pdf',
    );
    expect(attachmentDisposition('a"b\\c.csv')).toMatch(/^attachment; filename="a_b_c\.csv"; /);
  });
});
