/**
 * What bench:api and bench:ab both drive: the seeded database (one template per schema, generator and month) and
 * the three request shapes: report submissions, GET /auth/me, "my tasks".
 */
import { readFileSync } from 'node:fs';
import type autocannon from 'autocannon';
import { shanghaiDate } from '@luoshi/domain/calendar';
import { fromBenchTemplate, schemaHash } from './bench-db';
import { generateBenchData } from './data-generator';

/** The bench data (bench/data-generator.ts: 60 units, 100,000 published tasks, one bureau user per unit), copied from its template. */
export function apiBenchDatabase() {
  const hash = schemaHash(readFileSync(`${__dirname}/data-generator.ts`, 'utf8'), shanghaiDate(new Date()).slice(0, 7));
  return fromBenchTemplate('api', hash, (url) => generateBenchData(url));
}

/** The open (task, unit) report slots a run submits into, in turn; `next` counts the submissions sent. */
export interface ReportSlots {
  slots: { taskId: string; unitId: string }[];
  period: string;
  next: number;
}

/** POST …/submit with the content (save and submit in one request), a different (task, unit) per request, by that unit's own user. */
export function submissionRequest(slots: ReportSlots, tokenOfUnit: Map<string, string>): autocannon.Request {
  return {
    method: 'POST',
    setupRequest: (req) => {
      const n = slots.next++;
      const slot = slots.slots[n % slots.slots.length];
      return {
        ...req,
        path: `/tasks/${slot.taskId}/reports/${slots.period}/submit`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOfUnit.get(slot.unitId)}` },
        body: JSON.stringify({
          text: `本月完成第${n + 1}批次项目调度，推进用地、资金等要素保障。`,
          percent: (n + 1) % 101,
          problems: '要素保障仍有缺口',
          nextSteps: '加快推进',
        }),
      };
    },
  };
}

/** A GET of `path` by the bureau users in turn. */
export function bureauGetRequest(path: string, tokens: string[]): autocannon.Request {
  let turn = 0;
  return { method: 'GET', setupRequest: (req) => ({ ...req, path, headers: { authorization: `Bearer ${tokens[turn++ % tokens.length]}` } }) };
}
