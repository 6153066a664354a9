// The PostgreSQL migrations (migrations-pg/) on a real server (issue 23): every table exists, two processes migrating at
// once both succeed and apply each migration once, the fee catalogue's immutability trigger refuses changes, and the
// pg_trgm GIN indexes serve LIKE '%…%' on the columns SQLite's FTS5 trigram tables cover.
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { is } from 'drizzle-orm';
import { PgTable, getTableConfig } from 'drizzle-orm/pg-core';
import * as pgSchema from '../../src/db/schema-pg/index.js';
import { migratePg, PG_MIGRATIONS_FOLDER } from '../../src/db/pg-migrate.js';
import { createTestDatabase, describeIfPg, type TestDatabase } from '../helpers/pg.js';

const journal = JSON.parse(readFileSync(join(PG_MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
const tableNames = (Object.values(pgSchema) as unknown[])
  .filter((v): v is PgTable => is(v, PgTable))
  .map((t) => getTableConfig(t).name)
  .sort();

const NOW = '2026-01-01T00:00:00.000Z';

describeIfPg('PostgreSQL migrations', () => {
  let tdb: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    // Two service processes starting at once against one empty database.
    await Promise.all([migratePg(tdb.url), migratePg(tdb.url)]);
    client = new pg.Client({ connectionString: tdb.url });
    await client.connect();
    await client.query(`
      INSERT INTO units (id, name, kind, level, division_code, created_at, updated_at) VALUES ('u1', '自治区财政厅', 'department', 'region', '450000', '${NOW}', '${NOW}');
      INSERT INTO campaigns (id, title, year, region_unit_id, starts_on, ends_on, created_at, updated_at) VALUES ('c1', '作风效能建设', 2026, 'u1', '2026-01-01', '2026-12-31', '${NOW}', '${NOW}');
      INSERT INTO fee_items (id, code, name, collecting_unit_id, category, basis_level, bases, standard_kind, per, created_at, updated_at)
        VALUES ('f1', 'SF-1', '不动产登记费', 'u1', 'administrative', 'national', '[]', 'fixed', 'piece', '${NOW}', '${NOW}');
      INSERT INTO fee_reviews (id, campaign_id, fee_item_id, unit_id, created_at, updated_at) VALUES ('r1', 'c1', 'f1', 'u1', '${NOW}', '${NOW}');
      INSERT INTO fee_catalogues (version, published_on, document_number, retained_count, cancelled_count, published_at) VALUES (1, '2026-06-01', '桂价费〔2026〕1号', 1, 0, '${NOW}');
      INSERT INTO fee_catalogue_entries (catalogue_version, fee_item_id, review_id, status, code, name, unit_id, unit_name, category, basis_level, bases, standard_kind, per)
        VALUES (1, 'f1', 'r1', 'retained', 'SF-1', '不动产登记费', 'u1', '自治区财政厅', 'administrative', 'national', '[]', 'fixed', 'piece');
    `);
  });

  afterAll(async () => {
    await client?.end();
    await tdb?.drop();
  });

  it('creates every table of src/db/schema-pg and applies each migration once, also with two processes at once', async () => {
    const { rows } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    expect(rows.map((r) => r.table_name)).toEqual(tableNames);
    const applied = await client.query<{ n: string }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
    expect(Number(applied.rows[0].n)).toBe(journal.entries.length);
  });

  it.each([
    ['UPDATE fee_catalogues SET document_number = document_number'],
    ['DELETE FROM fee_catalogues'],
    ['TRUNCATE fee_catalogues CASCADE'],
    ["UPDATE fee_catalogue_entries SET name = '改名'"],
    ['DELETE FROM fee_catalogue_entries'],
    ['TRUNCATE fee_catalogue_entries'],
  ])('refuses %s on a published catalogue (23001, as SQLite RAISE(ABORT))', async (statement) => {
    await expect(client.query(statement)).rejects.toMatchObject({ code: '23001', message: 'fee catalogue versions are immutable' });
    const { rows } = await client.query('SELECT v.version, e.name FROM fee_catalogues v JOIN fee_catalogue_entries e ON e.catalogue_version = v.version');
    expect(rows).toEqual([{ version: 1, name: '不动产登记费' }]);
  });

  it('still takes a new catalogue version', async () => {
    await client.query(`INSERT INTO fee_catalogues (version, published_on, document_number, retained_count, cancelled_count, published_at) VALUES (2, '2026-07-01', '桂价费〔2026〕2号', 0, 0, '${NOW}')`);
    const { rows } = await client.query('SELECT count(*)::int AS n FROM fee_catalogues');
    expect(rows[0].n).toBe(2);
  });

  it("answers LIKE '%…%' on the ledger's titles and descriptions, and on approval and fee names, through the trigram indexes", async () => {
    await client.query(`
      INSERT INTO rectification_items (id, seq, code, campaign_id, title, description, lead_unit_id, deadline, created_at, updated_at)
        SELECT 'i' || n, n, 'ZG-2026-' || n, 'c1', '整改事项第' || n || '项', CASE WHEN n % 2 = 0 THEN '描述' || n END, 'u1', '2026-12-31', '${NOW}', '${NOW}'
        FROM generate_series(1, 2000) AS n;
      UPDATE rectification_items SET title = '清理规范行政审批事项' WHERE seq = 77;
      UPDATE rectification_items SET description = '压缩审批时限，推行并联审批' WHERE seq = 1500;
      INSERT INTO approval_items (id, code, name, implementing_unit_id, kind, bases, created_at, updated_at) VALUES ('a1', 'SP-1', '建设工程规划许可', 'u1', 'licensing', '[]', '${NOW}', '${NOW}');
      ANALYZE;
    `);
    const q = "SELECT seq FROM rectification_items WHERE title LIKE '%行政审批%' OR description LIKE '%行政审批%' OR title LIKE '%并联审批%' OR description LIKE '%并联审批%'";
    expect((await client.query(q)).rows.map((r) => r.seq).sort((a, b) => a - b)).toEqual([77, 1500]);
    expect((await client.query("SELECT id FROM approval_items WHERE name LIKE '%规划许可%'")).rows).toEqual([{ id: 'a1' }]);

    await client.query('BEGIN');
    try {
      await client.query('SET LOCAL enable_seqscan = off');
      const plan = async (sql: string): Promise<string> => (await client.query(`EXPLAIN ${sql}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      const ledger = await plan(q);
      expect(ledger).toContain('rectification_items_title_trgm');
      expect(ledger).toContain('rectification_items_description_trgm');
      expect(await plan("SELECT id FROM approval_items WHERE name LIKE '%规划许可%'")).toContain('approval_items_name_trgm');
      expect(await plan("SELECT id FROM fee_items WHERE name LIKE '%登记费%'")).toContain('fee_items_name_trgm');
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
