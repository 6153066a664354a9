// Every plugin the app registers carries a name (src/http/plugin-name.ts): an unnamed one makes Fastify walk the exports
// of every loaded module at each `register`, which under jest made each test app ~130 ms dearer to build (issue 22).
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { modules } from '../../src/modules/index.js';

const AVVIO_INTERNAL = 'bound _after';
// Plugins of dependencies, named by their authors; fastifySwagger is @fastify/swagger-ui's own inner plugin.
const THIRD_PARTY = /^(@fastify\/|fastifySwagger$)/;

function pluginNames(tree: string): string[] {
  return tree
    .split('\n')
    .map((line) => line.replace(/^[\s│├└─┬]+/, '').replace(/ \d+ ms$/, ''))
    .filter((name) => name !== '' && name !== 'root' && name !== AVVIO_INTERNAL && !THIRD_PARTY.test(name));
}

describe('plugin names', () => {
  it('names every plugin of the app once, each module by its own name (with /docs on)', async () => {
    const app = await buildApp({ config: testConfig({ DOCS: true }), logger: false });
    try {
      await app.ready();
      const names = pluginNames(app.printPlugins());
      expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
      for (const m of modules) expect(names).toContain(m.name);
      expect(names).toEqual(expect.arrayContaining(['errors', 'auth', 'openapi', 'docs', 'rectification-items', 'campaign-reports']));
    } finally {
      await app.close();
    }
  });
});
