import type { RollupCountsDto } from './dto/rollup-response.dto';
import { movement } from './rollups.service';

const counts = (c: Partial<RollupCountsDto>): RollupCountsDto => ({
  total: 10,
  notStarted: 0,
  inProgress: 5,
  submittedDone: 0,
  completed: 5,
  notApplicable: 0,
  overdue: 0,
  lagging: 0,
  completionRate: 50,
  rank: 2,
  ...c,
});

describe('movement between two rollups of a unit', () => {
  it('a unit that completed more and climbed the ranking did not slip', () => {
    const m = movement('u', '甲局', counts({}), counts({ completed: 7, completionRate: 70, rank: 1 }));
    expect(m).toMatchObject({ completionRateChange: 20, rankChange: 1, overdueChange: 0, laggingChange: 0, slipped: false });
  });

  it('more overdue, a lower rate or a lower rank is a slip', () => {
    expect(movement('u', '甲局', counts({}), counts({ overdue: 1 })).slipped).toBe(true);
    expect(movement('u', '甲局', counts({}), counts({ completionRate: 49.9 })).completionRateChange).toBe(-0.1);
    expect(movement('u', '甲局', counts({}), counts({ rank: 3 }))).toMatchObject({ rankChange: -1, slipped: true });
    expect(movement('u', '甲局', counts({ lagging: 2 }), counts({ lagging: 3 }))).toMatchObject({ laggingChange: 1, slipped: true });
  });

  it('a unit on one side only has no rate or rank change; its new overdue tasks still count', () => {
    expect(movement('u', '乙局', null, counts({ overdue: 2 }))).toMatchObject({
      from: null,
      completionRateChange: null,
      rankChange: null,
      overdueChange: 2,
      slipped: true,
    });
    expect(movement('u', '乙局', counts({ overdue: 2 }), null)).toMatchObject({ to: null, overdueChange: -2, slipped: false });
  });
});
