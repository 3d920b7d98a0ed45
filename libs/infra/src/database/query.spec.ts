import { empty, join, sql, sqlFromParams } from './query';

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

  it('adapts a param-callback builder to a fragment numbered where it lands', () => {
    const fragment = sqlFromParams((param) => {
      const day = param('2026-12-06');
      return `t.due_date < ${day}::date OR t.signed_on = ${day}::date OR t.unit_id = ${param('u2')}`;
    });
    const q = sql`SELECT 1 FROM task t WHERE t.id = ${'t1'} AND (${fragment}) AND t.state = ${'open'}`;
    expect(q.text).toBe('SELECT 1 FROM task t WHERE t.id = $1 AND (t.due_date < $2::date OR t.signed_on = $3::date OR t.unit_id = $4) AND t.state = $5');
    expect(q.values).toEqual(['t1', '2026-12-06', '2026-12-06', 'u2', 'open']);
  });
});
