import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { seed } from '#src/db/seed.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { auditLog } from '#src/audit/schema.ts';
import { services, units } from '#src/settings/schema.ts';
import { publicStructure } from '#src/settings/public-info.ts';
import { getService, saveService, servicePost, type ServicePost } from '#src/settings/services.ts';
import { saveUnit, unitPost } from '#src/settings/units.ts';
import { saveTopic, topicPost } from '#src/settings/topics.ts';

// S-4.5: the structure page lists the services with their prices and each
// unit's phone, as the administrator keeps them.
const TODAY = new Date('2026-11-24T10:00:00Z');

describe.each(engines)('services and unit phones on %s', (engine) => {
  let t: TestDatabase;
  let admin: number;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: TODAY });
    const [row] = await t.db.select().from(staffMembers).where(eq(staffMembers.role, 'administrator'));
    admin = row!.id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  const unitByCode = async (code: string) => (await t.db.select().from(units).where(eq(units.code, code)))[0]!;
  const serviceByCode = async (code: string) => (await t.db.select().from(services).where(eq(services.code, code)))[0]!;
  const audits = (entity: string, id: number) =>
    t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, String(id))))
      .orderBy(desc(auditLog.id));

  it('is seeded with the services of the institution, the free ones without a price, and the client service phone', async () => {
    const { services: listed, units: shown } = await publicStructure(t.db);
    expect(listed.map((s) => s.code)).toEqual([
      'eia-consultation',
      'permit-consultation',
      'accident-risk-consultation',
      'reading-documents',
      'document-copies',
    ]);
    expect(listed.find((s) => s.code === 'eia-consultation')).toMatchObject({ priceLv: null, priceEn: null, unit: { code: 'IVN' } });
    expect(listed.find((s) => s.code === 'document-copies')).toMatchObject({
      priceLv: '0,15 EUR par A4 lapas pusi',
      priceEn: 'EUR 0.15 per side of an A4 page',
      unit: { code: 'JN' },
    });
    expect(shown.find((u) => u.code === 'KAN')?.phone).toBe('+371 67321173');
  });

  it("stores an administrator's new service and price edit, audited, and the page query returns them in order", async () => {
    const pan = await unitByCode('PAN');
    const post: ServicePost = {
      code: 'permit-copy',
      nameLv: 'Atļaujas dublikāts',
      nameEn: 'Duplicate of a permit',
      descriptionLv: 'Izsniedzam atļaujas dublikātu.',
      descriptionEn: 'We issue a duplicate of a permit.',
      priceLv: '5,00 EUR',
      priceEn: 'EUR 5.00',
      unitId: String(pan.id),
      website: 'https://www.vpvb.gov.lv/lv/atlaujas',
      sortOrder: '0',
      active: true,
    };
    const created = await saveService(t.db, admin, post);
    expect(created.ok).toBe(true);
    const id = created.ok ? created.value : 0;
    expect((await audits('service', id))[0]).toMatchObject({ action: 'service.create', after: { priceEn: 'EUR 5.00' } });
    expect((await saveService(t.db, admin, { ...servicePost((await getService(t.db, id))!), priceLv: '', priceEn: '' }, id)).ok).toBe(true);
    expect((await audits('service', id))[0]).toMatchObject({
      action: 'service.update',
      before: { priceLv: '5,00 EUR' },
      after: { priceLv: null, priceEn: null },
    });
    const { services: listed } = await publicStructure(t.db);
    // Order 0 comes before the seeded ones; a seeded order 0 keeps the earlier id first.
    expect(listed.slice(0, 2).map((s) => s.code)).toEqual(['eia-consultation', 'permit-copy']);
    expect(listed.find((s) => s.code === 'permit-copy')).toMatchObject({ priceLv: null, website: 'https://www.vpvb.gov.lv/lv/atlaujas' });
    // The code is fixed, another service cannot take it, and a price needs both languages.
    expect(await saveService(t.db, admin, post)).toMatchObject({ ok: false, problems: [{ field: 'code', key: 'codeTaken' }] });
    expect(await saveService(t.db, admin, { ...post, code: 'other', priceEn: '' })).toMatchObject({
      ok: false,
      problems: [{ field: 'priceEn', key: 'priceBoth' }],
    });
    // A deactivated service is no longer public.
    expect((await saveService(t.db, admin, { ...servicePost((await getService(t.db, id))!), active: false }, id)).ok).toBe(true);
    expect((await audits('service', id))[0]).toMatchObject({ action: 'service.deactivate' });
    expect((await publicStructure(t.db)).services.map((s) => s.code)).not.toContain('permit-copy');
  });

  it("stores a unit's phone, refuses one that is no number or a premium one, and publishes it", async () => {
    const ivn = await unitByCode('IVN');
    expect((await saveUnit(t.db, admin, { ...unitPost(ivn), phone: '+371 6732 1174' }, ivn.id)).ok).toBe(true);
    expect((await audits('unit', ivn.id))[0]).toMatchObject({
      action: 'unit.update',
      before: { phone: null },
      after: { phone: '+371 6732 1174' },
    });
    expect((await publicStructure(t.db)).units.find((u) => u.code === 'IVN')?.phone).toBe('+371 6732 1174');
    expect(await saveUnit(t.db, admin, { ...unitPost(ivn), phone: 'zvaniet' }, ivn.id)).toMatchObject({
      ok: false,
      problems: [{ field: 'phone', key: 'phoneInvalid' }],
    });
    expect(await saveUnit(t.db, admin, { ...unitPost(ivn), phone: '+371 90000001' }, ivn.id)).toMatchObject({
      ok: false,
      problems: [{ field: 'phone', key: 'phonePremium' }],
    });
    expect((await unitByCode('IVN')).phone).toBe('+371 6732 1174');
  });

  it('refuses an active service for an inactive unit, and hides the services of a unit that closed', async () => {
    const krn = await unitByCode('KRN');
    // KRN answers topics: they move to KRN's neighbour first, as an administrator would.
    const ivn = await unitByCode('IVN');
    for (const topic of await t.db.query.topics.findMany({ where: (x, { eq }) => eq(x.unitId, krn.id) })) {
      expect((await saveTopic(t.db, admin, { ...topicPost(topic), unitId: String(ivn.id) }, topic.id)).ok).toBe(true);
    }
    expect((await saveUnit(t.db, admin, { ...unitPost(krn), active: false }, krn.id)).ok).toBe(true);
    expect((await publicStructure(t.db)).services.map((s) => s.code)).not.toContain('accident-risk-consultation');
    const service = await serviceByCode('accident-risk-consultation');
    expect(await saveService(t.db, admin, servicePost(service), service.id)).toMatchObject({
      ok: false,
      problems: [{ field: 'unitId', key: 'serviceUnitInactive' }],
    });
  });

  it("does not overwrite an administrator's price when seeded again", async () => {
    const copies = await serviceByCode('document-copies');
    expect((await saveService(t.db, admin, { ...servicePost(copies), priceLv: '0,20 EUR', priceEn: 'EUR 0.20' }, copies.id)).ok).toBe(true);
    await seed(t.db, { demo: false, today: TODAY });
    expect(await serviceByCode('document-copies')).toMatchObject({ priceLv: '0,20 EUR', priceEn: 'EUR 0.20' });
    expect(await t.db.select().from(services).where(eq(services.code, 'document-copies'))).toHaveLength(1);
  });
});
