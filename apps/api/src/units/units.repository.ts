import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRow, queryRows, sql, Sql } from '@luoshi/infra';
import { likePattern } from '../common/like-pattern';
import { Page, PageRequest, queryPage } from '../common/paging';

export interface UnitsFilter {
  /** part of the name or of an alias */
  q?: string;
  kind?: string;
  active?: boolean;
}

/** The SQL of units beyond TypeORM's entity reads and writes. */
@Injectable()
export class UnitsRepository {
  /** Unit names and aliases share one namespace: writers of either serialise on this lock. */
  async lockNames(manager: EntityManager): Promise<void> {
    await queryRows(manager, sql`SELECT pg_advisory_xact_lock(hashtext('luoshi:unit-names'))`);
  }

  /** The ids of a page of units, by name. */
  pageIds(manager: EntityManager, filter: UnitsFilter, page: PageRequest): Promise<Page<{ id: string }>> {
    const where: Sql[] = [];
    if (filter.q) {
      const pattern = likePattern(filter.q);
      where.push(sql`(u.name ILIKE ${pattern} OR EXISTS (SELECT 1 FROM unit_alias a WHERE a.unit_id = u.id AND a.alias ILIKE ${pattern}))`);
    }
    if (filter.kind) where.push(sql`u.kind = ${filter.kind}`);
    if (filter.active !== undefined) where.push(sql`u.active = ${filter.active}`);
    return queryPage<{ id: string }>(manager, { select: sql`u.id`, from: sql`unit u`, where, orderBy: sql`u.name, u.id` }, page);
  }

  async unitOfAlias(manager: EntityManager, alias: string): Promise<string | undefined> {
    return (await queryRow<{ unit_id: string }>(manager, sql`SELECT unit_id FROM unit_alias WHERE alias = ${alias}`))?.unit_id;
  }

  /** Creates the unit unless one has the name (a concurrent insert of it is waited for); its id if created. */
  async insertIfNew(manager: EntityManager, unit: { name: string; kind: string }): Promise<string | undefined> {
    const row = await queryRow<{ id: string }>(
      manager,
      sql`INSERT INTO unit (name, kind) VALUES (${unit.name}, ${unit.kind}) ON CONFLICT (name) DO NOTHING RETURNING id`,
    );
    return row?.id;
  }

  async idByName(manager: EntityManager, name: string): Promise<string | undefined> {
    return (await queryRow<{ id: string }>(manager, sql`SELECT id FROM unit WHERE name = ${name}`))?.id;
  }

  /** Office-added aliases with their unit's canonical name. */
  aliases(manager: EntityManager): Promise<{ alias: string; name: string }[]> {
    return queryRows<{ alias: string; name: string }>(manager, sql`SELECT a.alias, u.name FROM unit_alias a JOIN unit u ON u.id = a.unit_id ORDER BY a.alias`);
  }

  /** The unit whose name or alias `name` already is (other than `exceptUnitId`'s own name). */
  async nameOwner(manager: EntityManager, name: string, exceptUnitId: string | null): Promise<string | undefined> {
    const row = await queryRow<{ owner: string }>(
      manager,
      sql`SELECT u.name AS owner FROM unit u WHERE u.name = ${name} AND u.id IS DISTINCT FROM ${exceptUnitId}::uuid
          UNION ALL
          SELECT u.name AS owner FROM unit_alias a JOIN unit u ON u.id = a.unit_id WHERE a.alias = ${name}
          LIMIT 1`,
    );
    return row?.owner;
  }
}
