import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { UnitAliasEntity, UnitEntity, UnitSectionEntity } from '@luoshi/domain/entities';
import { DomainError, unitNotFound } from '@luoshi/domain/errors';
import { AuditActor, AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { Page, queryPage } from '../common/paging';
import { sql, Sql } from '@luoshi/infra';
import { AuditedWriter } from '../audit/audited-writer';
import { AddAliasDto, AddSectionDto, CreateUnitDto, ListUnitsQueryDto, UnitKind, UnitResponseDto, UpdateUnitDto } from './dto/unit.dto';
import { isUniqueViolation } from '../common/unique-violation';

/** Unit names and aliases share one namespace: a name resolves to exactly one unit. */
const NAMES_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('luoshi:unit-names'))";

function toUnitResponse(unit: UnitEntity): UnitResponseDto {
  return {
    id: unit.id,
    name: unit.name,
    kind: unit.kind as UnitKind,
    active: unit.active,
    aliases: (unit.aliases ?? []).map((a) => a.alias).sort(),
    sections: (unit.sections ?? []).map((s) => ({ id: s.id, name: s.name })).sort((a, b) => a.name.localeCompare(b.name, 'zh')),
  };
}

/** Office writes run through AuditedWriter: a refused one (409 UNIT_NAME_TAKEN, ALIAS_TAKEN, SECTION_TAKEN) is audited too. */
@Injectable()
export class UnitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly writer: AuditedWriter,
  ) {}

  /** Units by name, paged; `q` matches the name or an alias, `kind` and `active` filter. Page and details in one snapshot. */
  async list(query: ListUnitsQueryDto): Promise<Page<UnitResponseDto>> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const where: Sql[] = [];
      if (query.q) {
        const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        where.push(sql`(u.name ILIKE ${pattern} OR EXISTS (SELECT 1 FROM unit_alias a WHERE a.unit_id = u.id AND a.alias ILIKE ${pattern}))`);
      }
      if (query.kind) where.push(sql`u.kind = ${query.kind}`);
      if (query.active !== undefined) where.push(sql`u.active = ${query.active}`);
      const page = await queryPage<{ id: string }>(manager, { select: sql`u.id`, from: sql`unit u`, where, orderBy: sql`u.name, u.id` }, query);
      const units = await manager.find(UnitEntity, { where: { id: In(page.items.map((u) => u.id)) }, relations: { aliases: true, sections: true } });
      const byId = new Map(units.map((u) => [u.id, u]));
      return { ...page, items: page.items.map(({ id }) => toUnitResponse(byId.get(id)!)) };
    });
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<UnitResponseDto> {
    const unit = await manager.findOne(UnitEntity, { where: { id }, relations: { aliases: true, sections: true } });
    if (!unit) throw unitNotFound();
    return toUnitResponse(unit);
  }

  async create(user: AuthUser, dto: CreateUnitDto): Promise<UnitResponseDto> {
    return this.writer.run(user, { action: 'unit.create', entityType: 'unit', entityId: null, context: { name: dto.name } }, async (manager) => {
      await manager.query(NAMES_LOCK_SQL);
      await this.assertNameFree(manager, dto.name, null, 'UNIT_NAME_TAKEN');
      const unit = await manager.save(manager.create(UnitEntity, { name: dto.name, kind: dto.kind }));
      await this.audit.record(manager, user, { action: 'unit.create', entityType: 'unit', entityId: unit.id, after: { name: unit.name, kind: unit.kind } });
      return this.get(unit.id, manager);
    });
  }

  async update(user: AuthUser, id: string, dto: UpdateUnitDto): Promise<UnitResponseDto> {
    return this.writer.run(user, { action: 'unit.update', entityType: 'unit', entityId: id }, async (manager) => {
      await manager.query(NAMES_LOCK_SQL);
      const unit = await manager.findOne(UnitEntity, { where: { id } });
      if (!unit) throw unitNotFound();
      const before = { name: unit.name, kind: unit.kind, active: unit.active };
      const after = { name: dto.name ?? unit.name, kind: dto.kind ?? unit.kind, active: dto.active ?? unit.active };
      if (after.name !== unit.name) await this.assertNameFree(manager, after.name, unit.id, 'UNIT_NAME_TAKEN');
      if (after.name !== before.name || after.kind !== before.kind || after.active !== before.active) {
        await manager.update(UnitEntity, id, after);
        await this.audit.record(manager, user, { action: 'unit.update', entityType: 'unit', entityId: id, before, after });
      }
      return this.get(id, manager);
    });
  }

  async addAlias(user: AuthUser, unitId: string, dto: AddAliasDto): Promise<UnitResponseDto> {
    return this.writer.run(user, { action: 'unit.alias.add', entityType: 'unit', entityId: unitId, context: { alias: dto.alias } }, async (manager) => {
      await manager.query(NAMES_LOCK_SQL);
      if (!(await manager.exists(UnitEntity, { where: { id: unitId } }))) throw unitNotFound();
      await this.assertNameFree(manager, dto.alias, null, 'ALIAS_TAKEN');
      const alias = await manager.save(manager.create(UnitAliasEntity, { unitId, alias: dto.alias }));
      await this.audit.record(manager, user, { action: 'unit.alias.add', entityType: 'unit', entityId: unitId, after: { alias: alias.alias, aliasId: alias.id } });
      return this.get(unitId, manager);
    });
  }

  async addSection(user: AuthUser, unitId: string, dto: AddSectionDto): Promise<UnitResponseDto> {
    return this.writer.run(user, { action: 'unit.section.add', entityType: 'unit', entityId: unitId, context: { section: dto.name } }, async (manager) => {
      if (!(await manager.exists(UnitEntity, { where: { id: unitId } }))) throw unitNotFound();
      let section: UnitSectionEntity;
      try {
        section = await manager.save(manager.create(UnitSectionEntity, { unitId, name: dto.name }));
      } catch (err) {
        if (isUniqueViolation(err, 'uq_unit_section_name')) {
          throw new DomainError('conflict', 'SECTION_TAKEN', '该单位已有同名科室', {
            fields: [{ field: 'name', code: 'SECTION_TAKEN', message: 'name：该单位已有同名科室' }],
          });
        }
        throw err;
      }
      await this.audit.record(manager, user, { action: 'unit.section.add', entityType: 'unit', entityId: unitId, after: { section: section.name, sectionId: section.id } });
      return this.get(unitId, manager);
    });
  }

  /**
   * The id of the unit with this canonical name, creating it when missing (document import).
   * An office-added alias resolves to its unit instead of creating a twin. Safe under
   * concurrency: INSERT … ON CONFLICT DO NOTHING waits for a concurrent insert of the same name
   * to commit, and the following SELECT (READ COMMITTED: a fresh snapshot) then sees it.
   * Run it on the import transaction's manager so a rolled-back import creates no units.
   */
  async resolveOrCreate(manager: EntityManager, actor: AuditActor, canonicalName: string, kind: UnitKind = 'bureau'): Promise<string> {
    const name = canonicalName.trim();
    if (!name) throw new DomainError('invalid', 'UNIT_NAME_REQUIRED', '单位名称不能为空');
    const aliased: { unit_id: string }[] = await manager.query('SELECT unit_id FROM unit_alias WHERE alias = $1', [name]);
    if (aliased.length) return aliased[0].unit_id;
    const inserted: { id: string }[] = await manager.query(
      'INSERT INTO unit (name, kind) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id',
      [name, kind],
    );
    if (inserted.length) {
      await this.audit.record(manager, actor, { action: 'unit.create', entityType: 'unit', entityId: inserted[0].id, after: { name, kind, source: 'import' } });
      return inserted[0].id;
    }
    const existing: { id: string }[] = await manager.query('SELECT id FROM unit WHERE name = $1', [name]);
    return existing[0].id;
  }

  /** Office-added aliases as `{ alias: canonicalName }`, for the document parser. */
  async loadAliasMap(manager: EntityManager = this.dataSource.manager): Promise<Record<string, string>> {
    const rows: { alias: string; name: string }[] = await manager.query(
      'SELECT a.alias, u.name FROM unit_alias a JOIN unit u ON u.id = a.unit_id ORDER BY a.alias',
    );
    return Object.fromEntries(rows.map((r) => [r.alias, r.name]));
  }

  /** `name` must be neither a unit's canonical name (other than `exceptUnitId`'s) nor an alias. */
  private async assertNameFree(manager: EntityManager, name: string, exceptUnitId: string | null, code: 'UNIT_NAME_TAKEN' | 'ALIAS_TAKEN'): Promise<void> {
    const clash: { owner: string }[] = await manager.query(
      `SELECT u.name AS owner FROM unit u WHERE u.name = $1 AND u.id IS DISTINCT FROM $2
       UNION ALL
       SELECT u.name AS owner FROM unit_alias a JOIN unit u ON u.id = a.unit_id WHERE a.alias = $1
       LIMIT 1`,
      [name, exceptUnitId],
    );
    if (!clash.length) return;
    const field = code === 'ALIAS_TAKEN' ? 'alias' : 'name';
    const message = clash[0].owner === name ? `「${name}」已是一个单位的名称` : `「${name}」已是「${clash[0].owner}」的别名`;
    throw new DomainError('conflict', code, message, { fields: [{ field, code, message: `${field}：${message}` }] });
  }
}
