// npm run key: --help prints usage (it used to crash with ERR_PARSE_ARGS_UNKNOWN_OPTION), and `create --role admin`
// without --unit replaces a lost bootstrap admin key (bound to the region).
import { makeApp, type TestContext } from '../helpers/app.js';
import { runKeyCli, KEY_USAGE } from '../../scripts/key-cli.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let opened = false;
  const code = runKeyCli(argv, () => ((opened = true), t.app.deps), { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n'), opened };
}

test('--help and -h print the usage and exit 0 without opening the database', () => {
  for (const flag of ['--help', '-h']) {
    const r = run([flag]);
    expect(r).toMatchObject({ code: 0, err: '', opened: false });
    expect(r.out).toBe(KEY_USAGE);
    expect(r.out).toContain('npm run key -- create --role admin');
  }
});

test('an unknown option is a usage error (exit 2), not a stack trace', () => {
  const r = run(['create', '--bogus']);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/Unknown option '--bogus'/);
  expect(r.err).toContain('usage: npm run key');
});

test('create --role admin without --unit makes a working admin key for the region', async () => {
  const r = run(['create', '--role', 'admin']);
  expect(r.code).toBe(0);
  const secret = r.out.split('\n').pop()!;
  expect(secret).toMatch(/^xn_[0-9a-f]{16}_/);
  expect(r.out).toContain('广西壮族自治区');
  const res = await t.client(secret).post('/v1/units', { name: '南宁市良庆区', kind: 'county', level: 'county', divisionCode: '450108' });
  expect(res.statusCode).toBe(201);
});

test('create without a role and revoke without an id print the usage (exit 2)', () => {
  expect(run(['create']).code).toBe(2);
  expect(run(['revoke']).code).toBe(2);
  expect(run(['create', '--role', 'boss']).err).toContain('unknown role(s): boss');
});
