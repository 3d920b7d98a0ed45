/**
 * Test data factories. Data factories take the test app (or just its DataSource, `t.db`) and
 * insert rows directly (fast, no audit entries); `loginAs` needs the running app. Keep each
 * factory small; add new ones (tasks, reports…) as further exported functions.
 */
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UnitAliasEntity, UnitEntity, UnitSectionEntity, UserEntity } from '@luoshi/domain/entities';
import type { Role } from '../../apps/api/src/auth/auth.decorators';
import { AuthService } from '../../apps/api/src/auth/auth.service';
import type { SessionDto } from '../../apps/api/src/auth/dto/session.dto';
import { hashPassword } from '../../apps/api/src/auth/password-hasher';
import type { TestApp } from './test-app';

/** password of every factory user unless given */
export const TEST_PASSWORD = 'Test#Passw0rd';

/** the test app or its DataSource */
export type Db = DataSource | Pick<TestApp, 'db'>;
const dataSourceOf = (db: Db): DataSource => (db instanceof DataSource ? db : db.db);

let sequence = 0;
/** unique within the run: a counter plus random hex (spec files run in parallel on separate DBs) */
export function uniqueName(prefix: string): string {
  sequence += 1;
  return `${prefix}${sequence}${randomBytes(3).toString('hex')}`;
}

export interface UnitOptions {
  name?: string;
  /** bureau | town | collective */
  kind?: string;
  active?: boolean;
  aliases?: string[];
  sections?: string[];
}

export async function createUnit(target: Db, options: UnitOptions = {}): Promise<UnitEntity> {
  const db = dataSourceOf(target);
  const unit = await db.getRepository(UnitEntity).save({
    name: options.name ?? uniqueName('测试单位'),
    kind: options.kind ?? 'bureau',
    active: options.active ?? true,
  });
  for (const alias of options.aliases ?? []) await db.getRepository(UnitAliasEntity).insert({ unitId: unit.id, alias });
  for (const name of options.sections ?? []) await db.getRepository(UnitSectionEntity).insert({ unitId: unit.id, name });
  return unit;
}

/** A factory user: the stored row plus the plain password, for tests that log in over HTTP. */
export interface TestUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  password: string;
}

export interface UserOptions {
  username?: string;
  displayName?: string;
  disabled?: boolean;
}

/** the object form of createUser's arguments */
export interface UserSpec extends UserOptions {
  role: Role;
  /** a unit row or id; required for a valid bureau user */
  unit?: Pick<UnitEntity, 'id'> | string | null;
  unitId?: string | null;
  password?: string;
}

// argon2 is deliberately slow; hash each distinct test password once per spec file
const hashes = new Map<string, Promise<string>>();
function cachedHash(password: string): Promise<string> {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
}

/**
 * A user of the given role: `createUser(t, 'bureau', unit)` or `createUser(t, { role: 'bureau', unitId })`.
 * A bureau user's unit is a unit row or id; pass null to create the invalid "bureau without
 * unit" case on purpose.
 */
export async function createUser(target: Db, spec: UserSpec): Promise<TestUser>;
export async function createUser(
  target: Db,
  role: Role,
  unit?: Pick<UnitEntity, 'id'> | string | null,
  password?: string,
  options?: UserOptions,
): Promise<TestUser>;
export async function createUser(
  target: Db,
  roleOrSpec: Role | UserSpec,
  unitArg: Pick<UnitEntity, 'id'> | string | null = null,
  passwordArg: string = TEST_PASSWORD,
  optionsArg: UserOptions = {},
): Promise<TestUser> {
  const spec: UserSpec = typeof roleOrSpec === 'string' ? { ...optionsArg, role: roleOrSpec, unit: unitArg, password: passwordArg } : roleOrSpec;
  const unit = spec.unit ?? spec.unitId ?? null;
  const unitId = typeof unit === 'string' ? unit : (unit?.id ?? null);
  const password = spec.password ?? TEST_PASSWORD;
  const user = await dataSourceOf(target)
    .getRepository(UserEntity)
    .save({
      username: spec.username ?? uniqueName(`${spec.role}-`),
      displayName: spec.displayName ?? `测试用户（${spec.role}）`,
      passwordHash: await cachedHash(password),
      role: spec.role,
      unitId,
      disabled: spec.disabled ?? false,
    });
  return { id: user.id, username: user.username, displayName: user.displayName, role: spec.role, unitId, password };
}

/**
 * A fresh session (access + refresh token) for the user, issued by the app's AuthService:
 * no HTTP round trip, no login rate limit, and it works for a user the test disables afterwards.
 * The login endpoint itself is covered by test/auth.e2e-spec.ts.
 */
export function sessionFor(t: Pick<TestApp, 'app'>, user: Pick<TestUser, 'id'>): Promise<SessionDto> {
  return t.app.get(AuthService).startSession(user.id);
}

/** An access token for the user; send it with `.auth(token, { type: 'bearer' })`. */
export async function loginAs(t: Pick<TestApp, 'app'>, user: Pick<TestUser, 'id'>): Promise<string> {
  return (await sessionFor(t, user)).accessToken;
}

/**
 * Access tokens for an office user, a leader and one bureau user per given unit id
 * (`tokensFor(t, { a: unitA, b: unitB })` → `{ office, leader, a, b }`).
 */
export async function tokensFor<K extends string>(
  t: Pick<TestApp, 'app' | 'db'>,
  bureauUnits: Record<K, string>,
): Promise<Record<K | 'office' | 'leader', string>> {
  const tokens = {
    office: await loginAs(t, await createUser(t.db, 'office')),
    leader: await loginAs(t, await createUser(t.db, 'leader')),
  } as Record<K | 'office' | 'leader', string>;
  for (const [key, unitId] of Object.entries(bureauUnits) as [K, string][]) {
    tokens[key] = await loginAs(t, await createUser(t.db, 'bureau', unitId));
  }
  return tokens;
}
