import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The work calendar (WorkCalendarDayEntity): holidays and weekend days worked (调休上班), which
 * working-day deadlines (签收, 督办 replies) count with. Seeded with the State Council's
 * 2022–2026 schedules as published (a copy of OFFICIAL_SCHEDULES in libs/domain at the time, so
 * this migration stays what it was); the office keeps later years current through the API.
 * Generated, then the seed added by hand.
 */
export class WorkCalendar1795344000000 implements MigrationInterface {
    name = 'WorkCalendar1795344000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "work_calendar_day" ("day" date NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, CONSTRAINT "ck_work_calendar_day_kind" CHECK ("kind" IN ('holiday', 'workday')), CONSTRAINT "PK_d766483eaa9b4e432dfb965638c" PRIMARY KEY ("day"))`);
        await queryRunner.query(`INSERT INTO "work_calendar_day" ("day", "kind", "name") VALUES
            ('2022-01-01', 'holiday', '元旦'), ('2022-01-02', 'holiday', '元旦'), ('2022-01-03', 'holiday', '元旦'), ('2022-01-29', 'workday', '春节调休上班'),
            ('2022-01-30', 'workday', '春节调休上班'), ('2022-01-31', 'holiday', '春节'), ('2022-02-01', 'holiday', '春节'), ('2022-02-02', 'holiday', '春节'),
            ('2022-02-03', 'holiday', '春节'), ('2022-02-04', 'holiday', '春节'), ('2022-02-05', 'holiday', '春节'), ('2022-02-06', 'holiday', '春节'),
            ('2022-04-02', 'workday', '清明节调休上班'), ('2022-04-03', 'holiday', '清明节'), ('2022-04-04', 'holiday', '清明节'), ('2022-04-05', 'holiday', '清明节'),
            ('2022-04-24', 'workday', '劳动节调休上班'), ('2022-04-30', 'holiday', '劳动节'), ('2022-05-01', 'holiday', '劳动节'), ('2022-05-02', 'holiday', '劳动节'),
            ('2022-05-03', 'holiday', '劳动节'), ('2022-05-04', 'holiday', '劳动节'), ('2022-05-07', 'workday', '劳动节调休上班'), ('2022-06-03', 'holiday', '端午节'),
            ('2022-06-04', 'holiday', '端午节'), ('2022-06-05', 'holiday', '端午节'), ('2022-09-10', 'holiday', '中秋节'), ('2022-09-11', 'holiday', '中秋节'),
            ('2022-09-12', 'holiday', '中秋节'), ('2022-10-01', 'holiday', '国庆节'), ('2022-10-02', 'holiday', '国庆节'), ('2022-10-03', 'holiday', '国庆节'),
            ('2022-10-04', 'holiday', '国庆节'), ('2022-10-05', 'holiday', '国庆节'), ('2022-10-06', 'holiday', '国庆节'), ('2022-10-07', 'holiday', '国庆节'),
            ('2022-10-08', 'workday', '国庆节调休上班'), ('2022-10-09', 'workday', '国庆节调休上班'), ('2023-01-01', 'holiday', '元旦'), ('2023-01-02', 'holiday', '元旦'),
            ('2023-01-21', 'holiday', '春节'), ('2023-01-22', 'holiday', '春节'), ('2023-01-23', 'holiday', '春节'), ('2023-01-24', 'holiday', '春节'),
            ('2023-01-25', 'holiday', '春节'), ('2023-01-26', 'holiday', '春节'), ('2023-01-27', 'holiday', '春节'), ('2023-01-28', 'workday', '春节调休上班'),
            ('2023-01-29', 'workday', '春节调休上班'), ('2023-04-05', 'holiday', '清明节'), ('2023-04-23', 'workday', '劳动节调休上班'), ('2023-04-29', 'holiday', '劳动节'),
            ('2023-04-30', 'holiday', '劳动节'), ('2023-05-01', 'holiday', '劳动节'), ('2023-05-02', 'holiday', '劳动节'), ('2023-05-03', 'holiday', '劳动节'),
            ('2023-05-06', 'workday', '劳动节调休上班'), ('2023-06-22', 'holiday', '端午节'), ('2023-06-23', 'holiday', '端午节'), ('2023-06-24', 'holiday', '端午节'),
            ('2023-06-25', 'workday', '端午节调休上班'), ('2023-09-29', 'holiday', '中秋节、国庆节'), ('2023-09-30', 'holiday', '中秋节、国庆节'), ('2023-10-01', 'holiday', '中秋节、国庆节'),
            ('2023-10-02', 'holiday', '中秋节、国庆节'), ('2023-10-03', 'holiday', '中秋节、国庆节'), ('2023-10-04', 'holiday', '中秋节、国庆节'), ('2023-10-05', 'holiday', '中秋节、国庆节'),
            ('2023-10-06', 'holiday', '中秋节、国庆节'), ('2023-10-07', 'workday', '中秋节、国庆节调休上班'), ('2023-10-08', 'workday', '中秋节、国庆节调休上班'), ('2024-01-01', 'holiday', '元旦'),
            ('2024-02-04', 'workday', '春节调休上班'), ('2024-02-10', 'holiday', '春节'), ('2024-02-11', 'holiday', '春节'), ('2024-02-12', 'holiday', '春节'),
            ('2024-02-13', 'holiday', '春节'), ('2024-02-14', 'holiday', '春节'), ('2024-02-15', 'holiday', '春节'), ('2024-02-16', 'holiday', '春节'),
            ('2024-02-17', 'holiday', '春节'), ('2024-02-18', 'workday', '春节调休上班'), ('2024-04-04', 'holiday', '清明节'), ('2024-04-05', 'holiday', '清明节'),
            ('2024-04-06', 'holiday', '清明节'), ('2024-04-07', 'workday', '清明节调休上班'), ('2024-04-28', 'workday', '劳动节调休上班'), ('2024-05-01', 'holiday', '劳动节'),
            ('2024-05-02', 'holiday', '劳动节'), ('2024-05-03', 'holiday', '劳动节'), ('2024-05-04', 'holiday', '劳动节'), ('2024-05-05', 'holiday', '劳动节'),
            ('2024-05-11', 'workday', '劳动节调休上班'), ('2024-06-10', 'holiday', '端午节'), ('2024-09-14', 'workday', '中秋节调休上班'), ('2024-09-15', 'holiday', '中秋节'),
            ('2024-09-16', 'holiday', '中秋节'), ('2024-09-17', 'holiday', '中秋节'), ('2024-09-29', 'workday', '国庆节调休上班'), ('2024-10-01', 'holiday', '国庆节'),
            ('2024-10-02', 'holiday', '国庆节'), ('2024-10-03', 'holiday', '国庆节'), ('2024-10-04', 'holiday', '国庆节'), ('2024-10-05', 'holiday', '国庆节'),
            ('2024-10-06', 'holiday', '国庆节'), ('2024-10-07', 'holiday', '国庆节'), ('2024-10-12', 'workday', '国庆节调休上班'), ('2025-01-01', 'holiday', '元旦'),
            ('2025-01-26', 'workday', '春节调休上班'), ('2025-01-28', 'holiday', '春节'), ('2025-01-29', 'holiday', '春节'), ('2025-01-30', 'holiday', '春节'),
            ('2025-01-31', 'holiday', '春节'), ('2025-02-01', 'holiday', '春节'), ('2025-02-02', 'holiday', '春节'), ('2025-02-03', 'holiday', '春节'),
            ('2025-02-04', 'holiday', '春节'), ('2025-02-08', 'workday', '春节调休上班'), ('2025-04-04', 'holiday', '清明节'), ('2025-04-05', 'holiday', '清明节'),
            ('2025-04-06', 'holiday', '清明节'), ('2025-04-27', 'workday', '劳动节调休上班'), ('2025-05-01', 'holiday', '劳动节'), ('2025-05-02', 'holiday', '劳动节'),
            ('2025-05-03', 'holiday', '劳动节'), ('2025-05-04', 'holiday', '劳动节'), ('2025-05-05', 'holiday', '劳动节'), ('2025-05-31', 'holiday', '端午节'),
            ('2025-06-01', 'holiday', '端午节'), ('2025-06-02', 'holiday', '端午节'), ('2025-09-28', 'workday', '国庆节、中秋节调休上班'), ('2025-10-01', 'holiday', '国庆节、中秋节'),
            ('2025-10-02', 'holiday', '国庆节、中秋节'), ('2025-10-03', 'holiday', '国庆节、中秋节'), ('2025-10-04', 'holiday', '国庆节、中秋节'), ('2025-10-05', 'holiday', '国庆节、中秋节'),
            ('2025-10-06', 'holiday', '国庆节、中秋节'), ('2025-10-07', 'holiday', '国庆节、中秋节'), ('2025-10-08', 'holiday', '国庆节、中秋节'), ('2025-10-11', 'workday', '国庆节、中秋节调休上班'),
            ('2026-01-01', 'holiday', '元旦'), ('2026-01-02', 'holiday', '元旦'), ('2026-01-03', 'holiday', '元旦'), ('2026-01-04', 'workday', '元旦调休上班'),
            ('2026-02-14', 'workday', '春节调休上班'), ('2026-02-15', 'holiday', '春节'), ('2026-02-16', 'holiday', '春节'), ('2026-02-17', 'holiday', '春节'),
            ('2026-02-18', 'holiday', '春节'), ('2026-02-19', 'holiday', '春节'), ('2026-02-20', 'holiday', '春节'), ('2026-02-21', 'holiday', '春节'),
            ('2026-02-22', 'holiday', '春节'), ('2026-02-23', 'holiday', '春节'), ('2026-02-28', 'workday', '春节调休上班'), ('2026-04-04', 'holiday', '清明节'),
            ('2026-04-05', 'holiday', '清明节'), ('2026-04-06', 'holiday', '清明节'), ('2026-05-01', 'holiday', '劳动节'), ('2026-05-02', 'holiday', '劳动节'),
            ('2026-05-03', 'holiday', '劳动节'), ('2026-05-04', 'holiday', '劳动节'), ('2026-05-05', 'holiday', '劳动节'), ('2026-05-09', 'workday', '劳动节调休上班'),
            ('2026-06-19', 'holiday', '端午节'), ('2026-06-20', 'holiday', '端午节'), ('2026-06-21', 'holiday', '端午节'), ('2026-09-20', 'workday', '国庆节调休上班'),
            ('2026-09-25', 'holiday', '中秋节'), ('2026-09-26', 'holiday', '中秋节'), ('2026-09-27', 'holiday', '中秋节'), ('2026-10-01', 'holiday', '国庆节'),
            ('2026-10-02', 'holiday', '国庆节'), ('2026-10-03', 'holiday', '国庆节'), ('2026-10-04', 'holiday', '国庆节'), ('2026-10-05', 'holiday', '国庆节'),
            ('2026-10-06', 'holiday', '国庆节'), ('2026-10-07', 'holiday', '国庆节'), ('2026-10-10', 'workday', '国庆节调休上班')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "work_calendar_day"`);
    }

}
