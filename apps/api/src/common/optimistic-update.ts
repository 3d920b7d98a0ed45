import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { DomainError, versionConflict } from '@luoshi/domain/errors';

/**
 * `UPDATE … SET …, version = version + 1 WHERE id = $1 AND version = $2`.
 * TypeORM's save() does not guard concurrent writers; this does. Zero rows → 409 VERSION_CONFLICT
 * (or 404 when the row does not exist at all).
 */
export async function updateWithVersion<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  { id, expectedVersion }: { id: string; expectedVersion: number },
  changes: Record<string, unknown>,
): Promise<number> {
  const result = await manager
    .createQueryBuilder()
    .update(entity)
    .set({ ...changes, version: () => 'version + 1' })
    .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
    .returning(['version'])
    .execute();
  if (result.affected === 1) return (result.raw as { version: number }[])[0].version;
  const exists = await manager.getRepository(entity).exist({ where: { id } as never });
  if (!exists) throw new DomainError('not_found', 'NOT_FOUND', '未找到该记录');
  throw versionConflict(expectedVersion);
}
