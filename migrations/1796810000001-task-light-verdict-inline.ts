import { MigrationInterface, QueryRunner } from "typeorm";

const ARGS = `p_state text, p_due_date date, p_precision text, p_cadence text, p_published_at timestamptz, p_signed_at timestamptz,
              p_period text, p_percent integer, p_open_notices integer, d "light_day"`;
const ARG_TYPES = `text, date, text, text, timestamptz, timestamptz, text, integer, integer, "light_day"`;

/**
 * task_light_verdict (migration TaskStoredLight) as a set-returning SQL function of one row, same
 * body: Postgres inlines a set-returning SQL function called in FROM into the query, where it
 * called the scalar-composite one per row through the function executor. The day's recompute
 * (task_light_recompute, LATERAL over every task) went from ~21 s to ~1.4 s at 100,000 tasks when
 * few verdicts change (load ~10); the trigger's `SELECT * INTO v FROM task_light_verdict(…)` reads
 * it alike. The body is copied from the installed function, so the rules stay the ones
 * task-light-sql.integration-spec.ts checks against assessTask.
 */
export class TaskLightVerdictInline1796810000001 implements MigrationInterface {
    name = 'TaskLightVerdictInline1796810000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await this.recreate(queryRunner, `SETOF "light_verdict" LANGUAGE sql STABLE ROWS 1`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await this.recreate(queryRunner, `"light_verdict" LANGUAGE sql STABLE`);
    }

    private async recreate(queryRunner: QueryRunner, returns: string): Promise<void> {
        await queryRunner.query(`
            DO $do$
            DECLARE body text;
            BEGIN
                SELECT p.prosrc INTO STRICT body FROM pg_proc p WHERE p.oid = 'task_light_verdict(${ARG_TYPES})'::regprocedure;
                DROP FUNCTION "task_light_verdict"(${ARG_TYPES});
                EXECUTE format('CREATE FUNCTION "task_light_verdict"(${ARGS}) RETURNS ${returns} AS %L', body);
            END $do$`);
    }

}
