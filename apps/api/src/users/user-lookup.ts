import { EntityManager } from 'typeorm';
import { UserEntity } from '@luoshi/domain/entities';

/**
 * A user with its unit, in one query. (`findOne` with a relation adds `take: 1`, which makes
 * TypeORM run a second "distinct ids" query first; `getOne` without a limit does not.)
 */
export function findUserWithUnit(manager: EntityManager, id: string): Promise<UserEntity | null> {
  return manager.createQueryBuilder(UserEntity, 'user').leftJoinAndSelect('user.unit', 'unit').where('user.id = :id', { id }).getOne();
}
