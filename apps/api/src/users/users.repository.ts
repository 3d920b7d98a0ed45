import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UserEntity } from '@luoshi/domain/entities';
import { EntityRow, sql, Sql } from '@luoshi/infra';
import { likePattern } from '../common/like-pattern';
import { Page, PageRequest, queryPage } from '../common/paging';

/** An account as the list shows it: its public columns and its unit's name. */
export type UserListRow = Pick<
  EntityRow<UserEntity, 'unit'>,
  'id' | 'username' | 'display_name' | 'role' | 'unit_id' | 'email' | 'phone' | 'disabled' | 'created_at' | 'updated_at'
> & { unit_name: string | null };

export interface UsersFilter {
  role?: string;
  unitId?: string;
  /** part of the username or the display name */
  q?: string;
}

/** The SQL of account administration beyond TypeORM's entity writes (see also user-lookup.ts). */
@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** By username. */
  page(filter: UsersFilter, page: PageRequest): Promise<Page<UserListRow>> {
    const where: Sql[] = [];
    if (filter.role) where.push(sql`u.role = ${filter.role}`);
    if (filter.unitId) where.push(sql`u.unit_id = ${filter.unitId}`);
    if (filter.q) {
      const pattern = likePattern(filter.q);
      where.push(sql`(u.username ILIKE ${pattern} OR u.display_name ILIKE ${pattern})`);
    }
    return queryPage<UserListRow>(
      this.dataSource,
      {
        select: sql`u.id, u.username, u.display_name, u.role, u.unit_id, un.name AS unit_name, u.email, u.phone, u.disabled, u.created_at, u.updated_at`,
        from: sql`app_user u LEFT JOIN unit un ON un.id = u.unit_id`,
        where,
        orderBy: sql`u.username, u.id`,
      },
      page,
    );
  }
}
