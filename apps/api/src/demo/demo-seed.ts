import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { INestApplicationContext, Module } from '@nestjs/common';
import pLimit from 'p-limit';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, ManualClock, queryRows, sql } from '@luoshi/infra';
import { addDays } from '@luoshi/domain/calendar';
import { PolicyDocumentEntity, UserEntity } from '@luoshi/domain/entities';
import type { AuthUser } from '../auth/auth.decorators';
import { PrincipalCache } from '../auth/principal-cache';
import { createCliContext } from '../cli/cli-context';
import { DocumentImportRepository } from '../documents/document-import.repository';
import { DocumentImportService } from '../documents/document-import.service';
import { UsersRepository } from '../users/users.repository';
import { extractText } from '../documents/text-extraction';
import { ExtensionsModule } from '../extensions/extensions.module';
import { ExtensionsService } from '../extensions/extensions.service';
import { PublishingModule } from '../publishing/publishing.module';
import { PublishingService } from '../publishing/publishing.service';
import { ReportsModule } from '../reports/reports.module';
import { ReportReviewService } from '../reports/report-review.service';
import { ReportSubmissionService } from '../reports/report-submission.service';
import { SupervisionModule } from '../supervision/supervision.module';
import { SupervisionService } from '../supervision/supervision.service';
import { TaskCommandsService } from '../tasks/task-commands.service';
import { TasksModule } from '../tasks/tasks.module';
import { UnitsModule } from '../units/units.module';
import { UnitsService } from '../units/units.service';
import { UsersService } from '../users/users.service';
import { SAMPLE_ACCOUNTS } from './demo-accounts';
import { demoShiftDays, planDemo, type DemoPlan, type PlanTask, type TaskPlan } from './demo-plan';
import { EXTENSION_REASONS, EXTENSION_REJECTIONS, NEXT_STEPS, NOTICE_REPLIES, NOTICE_TEXTS, PROBLEMS, PROGRESS_TEXTS, RETURN_COMMENTS } from './demo-texts';
import { DemoTimeline } from './demo-timeline';

const SAMPLES_DIR = join(__dirname, '../../../../samples');
/** The compendium is published (交办); the demo story plays on its tasks. */
export const PUBLISHED_SAMPLE = '003_e9b96b9635c13b94.txt';

/** Events of one story slot written at once (the pool has 20 connections; the machine may have 2 cores). */
const STORY_CONCURRENCY = 12;

/** The services the sample users act through: the API's own modules. */
@Module({
  imports: [UnitsModule, TasksModule, ReportsModule, ExtensionsModule, SupervisionModule, PublishingModule],
  // the import and user services without their modules, which bring the HTTP side (Redis, tokens)
  providers: [DocumentImportService, DocumentImportRepository, UsersService, UsersRepository, PrincipalCache],
})
class DemoSeedModule {}

export interface SeedOptions {
  /** the real now: the story ends here (today in Shanghai) */
  now: Date;
  /** the documents with their real dates, the compendium published today, no story (the former seed) */
  asPublished: boolean;
  log: (line: string) => void;
}

export interface SeedResult {
  /** the story ran (false: the compendium was there already, nothing changed) */
  story: boolean;
  shiftDays: number | null;
  milliseconds: number;
}

/**
 * The sample data: local-only accounts, the four sample documents and, unless `asPublished`, the
 * compendium as a living district: its dates moved around today, then published and worked on by
 * the sample users over the past months through the API's services, on a ManualClock moved from
 * event to event. Idempotent: a document imports once, an existing account is left as it is, and
 * the story plays only when it imports the compendium.
 */
export async function runSeed(options: SeedOptions): Promise<SeedResult> {
  if (process.env.NODE_ENV === 'production') throw new Error('refusing to load sample data with NODE_ENV=production');
  const started = performance.now();
  const clock = new ManualClock(options.now);
  const today = clock.today();
  const shiftDays = options.asPublished ? null : demoShiftDays(today);
  const app = await createCliContext(DemoSeedModule, { clock });
  try {
    const dataSource = app.get(DataSource);
    const timeline = DemoTimeline.start(dataSource, clock, options.now);
    // accounts and imports happen a few days before publication in the story (now for --as-published)
    const setupAt = shiftDays === null ? options.now : `${addDays(today, -80)}T09:00:00+08:00`;
    const phases: string[] = [];
    const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const from = performance.now();
      const result = await work();
      phases.push(`${name} ${((performance.now() - from) / 1000).toFixed(1)} s`);
      return result;
    };
    await phase('accounts', () => timeline.at(setupAt, () => createAccounts(app, options.log)));
    let compendium: { documentId: string; created: boolean } | null = null;
    const files = (await readdir(SAMPLES_DIR)).filter((f) => f.endsWith('.txt')).sort();
    const importStarted = performance.now();
    for (const file of files) {
      const { text } = await extractText(await readFile(join(SAMPLES_DIR, file)));
      const importer = app.get(DocumentImportService);
      const result = await timeline.at(setupAt, () =>
        file === PUBLISHED_SAMPLE && shiftDays !== null
          ? importer.commitShiftedSample(text, file, shiftDays)
          : importer.commitText(null, { text, fileName: file }),
      );
      options.log(
        `${result.created ? 'imported' : 'unchanged'} ${file}: ${result.measures} measures, ${result.tasks} tasks${result.created && file === PUBLISHED_SAMPLE && shiftDays !== null ? ` (dates moved by ${shiftDays} days: demo)` : ''}`,
      );
      if (file === PUBLISHED_SAMPLE) compendium = result;
    }
    phases.push(`documents ${((performance.now() - importStarted) / 1000).toFixed(1)} s`);
    if (!compendium) throw new Error(`sample ${PUBLISHED_SAMPLE} not found in ${SAMPLES_DIR}`);
    let story = false;
    if (shiftDays === null) {
      const document = await dataSource.getRepository(PolicyDocumentEntity).findOneByOrFail({ id: compendium.documentId });
      if (document.status !== 'published') {
        await app.get(PublishingService).publish(null, compendium.documentId);
        options.log(`published ${PUBLISHED_SAMPLE}`);
      }
    } else if (compendium.created) {
      const config = app.get<AppConfig>(APP_CONFIG);
      const tasks = await loadPlanTasks(dataSource, compendium.documentId);
      const storyPlan = planDemo(tasks, today, config.REPORT_GRACE_DAYS, { progress: PROGRESS_TEXTS.length, extension: EXTENSION_REASONS.length });
      const counts = await phase('story', () => playStory(app, timeline, storyPlan, compendium.documentId)).catch((err: Error) => {
        // the story is many transactions: the compendium is in, so a second run would not play it again
        throw new Error(`${err.message} (the sample data is incomplete: drop the database and run the seed again)`);
      });
      await phase('times', () => timeline.restamp());
      story = true;
      options.log(`demo story as of ${today}: published ${storyPlan.publishOn}; ${counts}`);
    } else {
      options.log(`the compendium is already there: the sample data is unchanged`);
    }
    const milliseconds = Math.round(performance.now() - started);
    options.log(`seed done in ${(milliseconds / 1000).toFixed(1)} s (${phases.join(', ')})`);
    return { story, shiftDays: story ? shiftDays : null, milliseconds };
  } finally {
    await app.close();
  }
}

async function createAccounts(app: INestApplicationContext, log: (line: string) => void): Promise<void> {
  const dataSource = app.get(DataSource);
  const users = app.get(UsersService);
  const units = app.get(UnitsService);
  const existing = new Set((await dataSource.getRepository(UserEntity).find({ select: { username: true } })).map((u) => u.username));
  const missing = SAMPLE_ACCOUNTS.filter((account) => !existing.has(account.username));
  // at once: hashing the passwords is most of the time, and argon2 hashes on the thread pool
  await Promise.all(
    missing.map(async (account) => {
      const unitId = account.unit ? await units.resolveOrCreate(dataSource.manager, null, account.unit) : undefined;
      await users.create(null, { username: account.username, displayName: account.displayName, password: account.password, role: account.role, unitId });
    }),
  );
  for (const account of missing) log(`created account ${account.username} (${account.role}${account.unit ? `, ${account.unit}` : ''})`);
}

/** The compendium's open tasks in document order, with their lead and the co units that have an account. */
async function loadPlanTasks(dataSource: DataSource, documentId: string): Promise<PlanTask[]> {
  const rows = await queryRows<{ id: string; due_date: string | null; precision: string; lead_unit_id: string; lead_unit_name: string; co_unit_ids: string[] }>(
    dataSource,
    sql`SELECT t.id, t.due_date::text AS due_date, t.deadline_precision AS precision, lead.unit_id AS lead_unit_id, lu.name AS lead_unit_name,
            coalesce((SELECT array_agg(co.unit_id::text ORDER BY co.position) FROM task_unit co
                       WHERE co.task_id = t.id AND co.role = 'co' AND EXISTS (SELECT 1 FROM app_user a WHERE a.unit_id = co.unit_id)), '{}') AS co_unit_ids
       FROM task t
       JOIN measure m ON m.id = t.measure_id
       JOIN LATERAL (SELECT tu.unit_id FROM task_unit tu WHERE tu.task_id = t.id AND tu.role = 'lead' ORDER BY tu.position LIMIT 1) lead ON TRUE
       JOIN unit lu ON lu.id = lead.unit_id
      WHERE t.document_id = ${documentId} AND t.state = 'not_started'
      ORDER BY m.ordinal, t.kind, t.ordinal`,
  );
  return rows.map((r) => ({
    id: r.id,
    dueDate: r.precision === 'ongoing' ? null : r.due_date,
    leadUnitId: r.lead_unit_id,
    leadUnitName: r.lead_unit_name,
    coUnitIds: r.co_unit_ids,
  }));
}

/** One sample user per unit (the unit's account), and the office. */
async function sampleUsers(dataSource: DataSource): Promise<{ office: AuthUser; byUnit: Map<string, AuthUser> }> {
  const rows = await queryRows<{ id: string; username: string; role: AuthUser['role']; unit_id: string | null }>(
    dataSource,
    sql`SELECT id, username, role, unit_id FROM app_user WHERE username = ANY(${SAMPLE_ACCOUNTS.map((a) => a.username)}) ORDER BY username`,
  );
  const toUser = (r: (typeof rows)[number]): AuthUser => ({ id: r.id, username: r.username, role: r.role, unitId: r.unit_id });
  const office = rows.find((r) => r.username === 'office');
  if (!office) throw new Error('the sample office account is missing');
  const byUnit = new Map<string, AuthUser>();
  for (const r of rows) if (r.role === 'bureau' && r.unit_id && !byUnit.has(r.unit_id)) byUnit.set(r.unit_id, toUser(r));
  return { office: toUser(office), byUnit };
}

/**
 * Lays the plan out as events on the days it names (each at a working hour, in a fixed order
 * within the day) and plays them, each as its sample user through the API's services.
 */
async function playStory(app: INestApplicationContext, timeline: DemoTimeline, plan: DemoPlan, documentId: string): Promise<string> {
  const dataSource = app.get(DataSource);
  const commands = app.get(TaskCommandsService);
  const reports = app.get(ReportSubmissionService);
  const reviews = app.get(ReportReviewService);
  const extensions = app.get(ExtensionsService);
  const supervision = app.get(SupervisionService);
  const { office, byUnit } = await sampleUsers(dataSource);
  const unitUser = (unitId: string): AuthUser => {
    const user = byUnit.get(unitId);
    if (!user) throw new Error(`no sample account for unit ${unitId}`);
    return user;
  };
  const versionOf = async (taskId: string): Promise<number> =>
    (await queryRows<{ version: number }>(dataSource, sql`SELECT version FROM task WHERE id = ${taskId}`))[0].version;
  const counts = { signed: 0, reports: 0, reviews: 0, notices: 0, extensions: 0, completions: 0 };
  const events: { day: string; slot: number; run: () => Promise<unknown> }[] = [];
  // slots order a day: signing, starting, reports, reviews, completions, extensions, notices
  const on = (day: string, slot: number, run: () => Promise<unknown>) => events.push({ day, slot, run });

  on(plan.publishOn, 0, () => app.get(PublishingService).publish(office, documentId));
  for (const p of plan.tasks) schedule(p);

  function schedule(p: TaskPlan): void {
    const taskId = p.task.id;
    const lead = () => unitUser(p.task.leadUnitId);
    if (p.signOn) on(p.signOn, 1, () => commands.sign(lead(), taskId).then(() => counts.signed++));
    for (const co of p.coSignOn) on(co.on, 1, () => commands.sign(unitUser(co.unitId), taskId).then(() => counts.signed++));
    if (p.startOn) on(p.startOn, 2, async () => commands.transition(lead(), taskId, { to: 'in_progress', version: await versionOf(taskId) }));
    let seq = 0;
    for (const r of p.reports) {
      const content = {
        text: `${PROGRESS_TEXTS[r.text]}`,
        percent: r.percent,
        milestone: r.percent === null ? '按计划持续推进' : null,
        problems: PROBLEMS[(r.text + seq) % PROBLEMS.length],
        nextSteps: NEXT_STEPS[(r.text + seq++) % NEXT_STEPS.length],
      };
      let version = 0;
      let reportId = '';
      on(r.submitOn, 3, async () => {
        const saved = await reports.submit(lead(), taskId, r.period, content);
        ({ id: reportId, version } = saved);
        counts.reports++;
      });
      if (r.review) {
        const review = r.review;
        on(review.on, 4, async () => {
          const reviewed =
            review.outcome === 'accepted'
              ? await reviews.accept(office, reportId, { version })
              : await reviews.returnReport(office, reportId, { version, comment: RETURN_COMMENTS[r.text % RETURN_COMMENTS.length] });
          version = reviewed.version;
          counts.reviews++;
        });
      }
      if (r.resubmitOn) {
        on(r.resubmitOn, 3, async () => {
          const again = await reports.submit(lead(), taskId, r.period, {
            ...content,
            text: `${content.text}已按要求补充：共走访企业${20 + r.text * 3}家，兑现资金${(r.text + 1) * 35}万元。`,
            version,
          });
          version = again.version;
          counts.reports++;
        });
      }
    }
    if (p.doneOn) {
      on(p.doneOn, 5, async () => {
        await commands.transition(lead(), taskId, { to: 'submitted_done', version: await versionOf(taskId) });
        counts.completions++;
      });
    }
    if (p.approveOn) on(p.approveOn, 5, async () => commands.transition(office, taskId, { to: 'completed', version: await versionOf(taskId) }));
    if (p.extension) {
      const ext = p.extension;
      let extensionId = '';
      on(ext.requestOn, 6, async () => {
        extensionId = (await extensions.request(lead(), taskId, { proposedDate: ext.proposedDate, reason: EXTENSION_REASONS[ext.reason] })).id;
        counts.extensions++;
      });
      if (ext.decision) {
        const decision = ext.decision;
        on(decision.on, 6, () =>
          decision.approved
            ? extensions.approve(office, extensionId, { comment: '同意延期，请按新时限完成。' })
            : extensions.reject(office, extensionId, { comment: EXTENSION_REJECTIONS[0] }),
        );
      }
    }
    if (p.notice) {
      const notice = p.notice;
      let noticeId = '';
      on(notice.issueOn, 7, async () => {
        noticeId = (await supervision.issue(office, taskId, { level: notice.level, text: NOTICE_TEXTS[notice.level] })).id;
        counts.notices++;
      });
      if (notice.replyOn) on(notice.replyOn, 7, () => supervision.reply(lead(), noticeId, { text: NOTICE_REPLIES[counts.notices % NOTICE_REPLIES.length] }));
      if (notice.closeOn) on(notice.closeOn, 7, () => supervision.close(office, noticeId, { comment: '整改到位，予以办结。' }));
    }
  }

  // a day's events run in slots (signing, starting, reports, reviews, completions, extensions,
  // notices), half an hour apart; the events of one slot concern different tasks or rows, so a few
  // run at once (the seed stays within seconds on a loaded machine)
  const slots = new Map<string, (() => Promise<unknown>)[]>();
  for (const event of events) {
    const key = `${event.day}T${String(9 + Math.floor(event.slot / 2)).padStart(2, '0')}:${event.slot % 2 ? '30' : '00'}:00+08:00`;
    slots.set(key, [...(slots.get(key) ?? []), event.run]);
  }
  const limit = pLimit(STORY_CONCURRENCY);
  for (const at of [...slots.keys()].sort()) {
    await timeline.at(at, () => Promise.all(slots.get(at)!.map((run) => limit(run))));
  }
  return `${counts.signed} signatures, ${counts.reports} report submissions, ${counts.reviews} reviews, ${counts.completions} completions, ${counts.extensions} extension requests, ${counts.notices} 督办`;
}
