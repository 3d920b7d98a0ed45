import { ALL_JOB_NAMES } from '@luoshi/jobs';
import { assertHandlersCoverContract, JobHandler } from './job-handler';

const handler = (jobName: string) => ({ jobName, handle: () => Promise.resolve(undefined) }) as unknown as JobHandler;

describe('assertHandlersCoverContract', () => {
  it('accepts exactly one handler per job in the contract', () => {
    expect(() => assertHandlersCoverContract(ALL_JOB_NAMES.map(handler))).not.toThrow();
  });

  it('refuses a contract job without a handler', () => {
    expect(() => assertHandlersCoverContract(ALL_JOB_NAMES.slice(1).map(handler))).toThrow(`missing ${ALL_JOB_NAMES[0]}`);
  });

  it('refuses two handlers for one job', () => {
    expect(() => assertHandlersCoverContract([...ALL_JOB_NAMES, ALL_JOB_NAMES[0]].map(handler))).toThrow('duplicated');
  });
});
