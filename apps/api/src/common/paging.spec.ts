import { limitClause } from './paging';

describe('limitClause', () => {
  it('writes the page as literals, so a generic plan knows how few rows it reads', () => {
    expect(limitClause({ page: 1, pageSize: 20 })).toEqual({ text: 'LIMIT 20 OFFSET 0', preparable: true });
    expect(limitClause({ page: 3, pageSize: 50 })).toEqual({ text: 'LIMIT 50 OFFSET 100', preparable: true });
  });

  it('keeps prepared only a bounded set of texts: the first pages at the web app sizes', () => {
    expect(limitClause({ page: 6, pageSize: 20 }).preparable).toBe(false);
    expect(limitClause({ page: 1, pageSize: 37 }).preparable).toBe(false);
  });

  it('refuses what the DTOs would have refused rather than writing it into SQL', () => {
    expect(() => limitClause({ page: 1, pageSize: 0 })).toThrow();
    expect(() => limitClause({ page: 0, pageSize: 20 })).toThrow();
    expect(() => limitClause({ page: 1, pageSize: '20; DROP TABLE task' as unknown as number })).toThrow();
  });
});
