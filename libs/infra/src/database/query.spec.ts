import { empty, join, sql } from './query';

describe('sql tagged template', () => {
  it('numbers parameters and renumbers nested fragments', () => {
    const unitId = 'u1';
    const overdue = sql`AND t.due_date < ${'2026-12-06'}`;
    const q = sql`SELECT id FROM task t WHERE t.lead_unit_id = ${unitId} ${overdue} AND t.id = ANY(${['a', 'b']})`;
    expect(q.text).toBe('SELECT id FROM task t WHERE t.lead_unit_id = $1 AND t.due_date < $2 AND t.id = ANY($3)');
    expect(q.values).toEqual(['u1', '2026-12-06', ['a', 'b']]);
  });

  it('drops empty fragments and joins lists', () => {
    const q = sql`SELECT 1 FROM unit WHERE TRUE ${empty} AND code IN (${join(['a', 'b'])})`;
    expect(q.text).toBe('SELECT 1 FROM unit WHERE TRUE  AND code IN ($1,$2)');
    expect(q.values).toEqual(['a', 'b']);
  });
});
