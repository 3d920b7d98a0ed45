import { AuditLogEntity, UnitEntity } from '@luoshi/domain/entities';
import { UnitsService } from '../apps/api/src/units/units.service';
import { createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs, TestUser } from './support/factories';

describe('units (e2e)', () => {
  let t: TestApp;
  let office: TestUser;
  let officeToken: string;
  let bureauToken: string;
  let leaderToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    const home = await createUnit(t.db, { name: '区发展改革局', aliases: ['区发展改革委'], sections: ['商贸流通和社会事业科'] });
    office = await createUser(t.db, 'office');
    officeToken = await loginAs(t, office);
    bureauToken = await loginAs(t, await createUser(t.db, 'bureau', home));
    leaderToken = await loginAs(t, await createUser(t.db, 'leader'));
  });
  afterAll(() => t.close());

  const as = (token: string) => ({
    get: (path: string) => t.http.get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object) => t.http.post(path).auth(token, { type: 'bearer' }).send(body),
    patch: (path: string, body: object) => t.http.patch(path).auth(token, { type: 'bearer' }).send(body),
  });
  const officeApi = () => as(officeToken);

  it('lists units with aliases and sections to every authenticated role', async () => {
    for (const token of [officeToken, bureauToken, leaderToken]) {
      const res = await as(token).get('/units?pageSize=100').expect(200);
      expect(res.body.items).toContainEqual({
        id: expect.any(String),
        name: '区发展改革局',
        kind: 'bureau',
        active: true,
        aliases: ['区发展改革委'],
        sections: [{ id: expect.any(String), name: '商贸流通和社会事业科' }],
      });
    }
    await t.http.get('/units').expect(401);
  });

  it('pages units by name and filters them by name or alias, kind and active', async () => {
    const all = (await officeApi().get('/units?pageSize=100').expect(200)).body;
    expect(all.total).toBe(all.items.length);
    const names: string[] = [];
    for (let page = 1; page <= Math.ceil(all.total / 2); page++) {
      const res = await officeApi().get(`/units?page=${page}&pageSize=2`).expect(200);
      expect(res.body).toMatchObject({ total: all.total, page, pageSize: 2 });
      names.push(...res.body.items.map((u: { name: string }) => u.name));
    }
    expect(names).toEqual(all.items.map((u: { name: string }) => u.name));
    const byAlias = await officeApi()
      .get(`/units?q=${encodeURIComponent('发展改革委')}`)
      .expect(200);
    expect(byAlias.body.items.map((u: { name: string }) => u.name)).toEqual(['区发展改革局']);
    expect(byAlias.body.total).toBe(1);
    const towns = await officeApi().get('/units?kind=town&pageSize=100').expect(200);
    expect(towns.body.items.every((u: { kind: string }) => u.kind === 'town')).toBe(true);
    expect(towns.body.total).toBe(all.items.filter((u: { kind: string }) => u.kind === 'town').length);
    const refused = await officeApi().get('/units?pageSize=500&active=maybe').expect(400);
    expect(refused.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['active', 'pageSize']);
  });

  it('lets the office create a unit and audits it', async () => {
    const res = await officeApi().post('/units', { name: ' 区财政局 ', kind: 'bureau' }).expect(201);
    expect(res.body).toEqual({ id: expect.any(String), name: '区财政局', kind: 'bureau', active: true, aliases: [], sections: [] });
    const audit = await t.db.getRepository(AuditLogEntity).findOneByOrFail({ action: 'unit.create', entityId: res.body.id });
    expect(audit).toMatchObject({ actorUserId: office.id, after: { name: '区财政局', kind: 'bureau' } });
  });

  it('refuses duplicate names, bad kinds and unknown fields', async () => {
    expect((await officeApi().post('/units', { name: '区财政局', kind: 'bureau' }).expect(409)).body.code).toBe('UNIT_NAME_TAKEN');
    // a name already used as an alias would make documents ambiguous
    expect((await officeApi().post('/units', { name: '区发展改革委', kind: 'bureau' }).expect(409)).body.code).toBe('UNIT_NAME_TAKEN');
    const bad = await officeApi().post('/units', { name: '区审计局', kind: 'ministry', createdBy: office.id }).expect(400);
    const codes = Object.fromEntries(bad.body.fields.map((f: { field: string; code: string }) => [f.field, f.code]));
    expect(codes).toEqual({ kind: 'IS_IN', createdBy: 'FIELD_NOT_ALLOWED' });
  });

  it('adds aliases; an alias in use (or a unit name) is 409 ALIAS_TAKEN', async () => {
    const unit = await createUnit(t.db, { name: '区住房和城乡建设局' });
    const res = await officeApi().post(`/units/${unit.id}/aliases`, { alias: '区住房城乡建设局' }).expect(201);
    expect(res.body.aliases).toEqual(['区住房城乡建设局']);

    const other = await createUnit(t.db);
    for (const alias of ['区住房城乡建设局', '区发展改革委', '区住房和城乡建设局']) {
      const taken = await officeApi().post(`/units/${other.id}/aliases`, { alias }).expect(409);
      expect(taken.body).toMatchObject({ code: 'ALIAS_TAKEN', fields: [expect.objectContaining({ field: 'alias', code: 'ALIAS_TAKEN' })] });
    }
    const audit = await t.db.getRepository(AuditLogEntity).findOneByOrFail({ action: 'unit.alias.add', entityId: unit.id });
    expect(audit.after).toMatchObject({ alias: '区住房城乡建设局' });
    expect((await officeApi().post('/units/00000000-0000-4000-8000-000000000000/aliases', { alias: '无' }).expect(404)).body.code).toBe('UNIT_NOT_FOUND');
  });

  it('adds sections, unique within a unit', async () => {
    const a = await createUnit(t.db);
    const b = await createUnit(t.db);
    const res = await officeApi().post(`/units/${a.id}/sections`, { name: '税政二股' }).expect(201);
    expect(res.body.sections).toEqual([{ id: expect.any(String), name: '税政二股' }]);
    expect((await officeApi().post(`/units/${a.id}/sections`, { name: '税政二股' }).expect(409)).body.code).toBe('SECTION_TAKEN');
    await officeApi().post(`/units/${b.id}/sections`, { name: '税政二股' }).expect(201);
  });

  it('updates a unit and audits before/after', async () => {
    const unit = await createUnit(t.db, { name: '区科技局' });
    const res = await officeApi().patch(`/units/${unit.id}`, { name: '区科学技术局', active: false }).expect(200);
    expect(res.body).toMatchObject({ name: '区科学技术局', kind: 'bureau', active: false });
    const audit = await t.db.getRepository(AuditLogEntity).findOneByOrFail({ action: 'unit.update', entityId: unit.id });
    expect(audit).toMatchObject({ before: { name: '区科技局', active: true }, after: { name: '区科学技术局', active: false } });
    expect((await officeApi().patch(`/units/${unit.id}`, { name: '区财政局' }).expect(409)).body.code).toBe('UNIT_NAME_TAKEN');
    await officeApi().patch(`/units/${unit.id}`, { name: null }).expect(400);
  });

  it('refuses changes by bureaus and leaders, changing nothing', async () => {
    const unit = await createUnit(t.db, { name: '区统计局' });
    expect((await as(bureauToken).post('/units', { name: '区外事办', kind: 'bureau' }).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
    expect((await as(leaderToken).patch(`/units/${unit.id}`, { name: '改名' }).expect(403)).body.code).toBe('READ_ONLY_ROLE');
    expect((await as(bureauToken).post(`/units/${unit.id}/aliases`, { alias: '统计局' }).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
    const after = await t.db.getRepository(UnitEntity).findOneOrFail({ where: { id: unit.id }, relations: { aliases: true } });
    expect(after).toMatchObject({ name: '区统计局', aliases: [] });
    expect(await t.db.getRepository(UnitEntity).existsBy({ name: '区外事办' })).toBe(false);
  });

  describe('UnitsService for document import', () => {
    let units: UnitsService;
    beforeAll(() => {
      units = t.app.get(UnitsService);
    });

    it('resolveOrCreate is idempotent under concurrency: one unit, one id', async () => {
      const name = '区市场监督管理局';
      const ids = await Promise.all(Array.from({ length: 8 }, () => t.db.transaction((manager) => units.resolveOrCreate(manager, null, name, 'bureau'))));
      expect(new Set(ids).size).toBe(1);
      expect(await t.db.getRepository(UnitEntity).countBy({ name })).toBe(1);
      expect(await t.db.getRepository(AuditLogEntity).countBy({ action: 'unit.create', entityId: ids[0] })).toBe(1);
      expect(await t.db.transaction((manager) => units.resolveOrCreate(manager, null, ` ${name} `))).toBe(ids[0]);
    });

    it('resolveOrCreate resolves an office-added alias to its unit instead of creating a twin', async () => {
      const [home] = await t.db.getRepository(UnitEntity).findBy({ name: '区发展改革局' });
      expect(await units.resolveOrCreate(t.db.manager, null, '区发展改革委')).toBe(home.id);
      expect(await t.db.getRepository(UnitEntity).existsBy({ name: '区发展改革委' })).toBe(false);
    });

    it('creates nothing when the import transaction rolls back', async () => {
      await expect(
        t.db.transaction(async (manager) => {
          await units.resolveOrCreate(manager, null, '区回滚测试局', 'bureau');
          throw new Error('import failed');
        }),
      ).rejects.toThrow('import failed');
      expect(await t.db.getRepository(UnitEntity).existsBy({ name: '区回滚测试局' })).toBe(false);
    });

    it('loadAliasMap maps every office-added alias to its canonical name', async () => {
      const map = await units.loadAliasMap();
      expect(map).toMatchObject({ 区发展改革委: '区发展改革局', 区住房城乡建设局: '区住房和城乡建设局' });
      expect(await t.db.transaction((manager) => units.loadAliasMap(manager))).toEqual(map);
    });
  });
});
