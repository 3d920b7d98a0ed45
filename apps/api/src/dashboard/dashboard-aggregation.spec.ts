import { TASK_STATES } from '@luoshi/domain/tasks';
import { combineCounts, compareUnitRows, emptyAssessedCounts, emptyFactCounts, FactCounts, unitRows } from './dashboard-aggregation';

function facts(overrides: Partial<FactCounts> = {}): FactCounts {
  return { ...emptyFactCounts(), ...overrides };
}

describe('dashboard aggregation', () => {
  it('combines facts and tallies: every state in domain order with zeros, notice total, zeros without tallies', () => {
    const byState = { ...emptyFactCounts().byState, in_progress: 2, completed: 1 };
    const combined = combineCounts(
      facts({
        tasks: 3,
        byState,
        openNotices: { blue: 1, yellow: 0, red: 2 },
        noticesReplyOverdue: 1,
        pendingReview: { reports: 4, completions: 0, extensions: 1 },
      }),
    );
    expect(combined.byState.map((s) => s.state)).toEqual([...TASK_STATES]);
    expect(combined.byState.find((s) => s.state === 'in_progress')).toEqual({ state: 'in_progress', label: '推进中', count: 2 });
    expect(combined.byState.find((s) => s.state === 'not_applicable')?.count).toBe(0);
    expect(combined).toMatchObject({
      tasks: 3,
      overdue: 0,
      dueSoon: 0,
      lights: { red: 0, yellow: 0, green: 0 },
      openNotices: { blue: 1, yellow: 0, red: 2, total: 3 },
      noticesReplyOverdue: 1,
      pendingReview: { reports: 4, completions: 0, extensions: 1 },
    });
  });

  it('sorts unit rows worst first: red lights, then overdue, then name', () => {
    const unit = (unitId: string, unitName: string) => ({ unitId, unitName, asLead: facts({ tasks: 1 }), coTasks: 0 });
    const byLead = new Map([
      ['u1', { ...emptyAssessedCounts(), lights: { red: 1, yellow: 0, green: 0 }, overdue: 0 }],
      ['u2', { ...emptyAssessedCounts(), lights: { red: 1, yellow: 0, green: 0 }, overdue: 1 }],
      ['u3', { ...emptyAssessedCounts(), lights: { red: 2, yellow: 0, green: 0 } }],
    ]);
    const rows = unitRows([unit('u4', '区财政局'), unit('u1', '区商务局'), unit('u5', '区发展改革局'), unit('u2', '区税务局'), unit('u3', '区教育局')], byLead);
    // u4, u5 have neither: by name in Chinese collation (pinyin: 财 cai < 发 fa)
    expect(rows.map((r) => r.unitId)).toEqual(['u3', 'u2', 'u1', 'u4', 'u5']);
    expect(rows.find((r) => r.unitId === 'u4')?.asLead.lights).toEqual({ red: 0, yellow: 0, green: 0 });
    expect(compareUnitRows(rows[0], rows[0])).toBe(0);
  });
});
