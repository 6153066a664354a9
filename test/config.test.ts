import { loadConfig, ConfigError } from '../src/config.js';

describe('configuration', () => {
  test('when nothing is set, then the defaults serve 127.0.0.1:3000 on ./data/xiaoneng.db', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ HOST: '127.0.0.1', PORT: 3000, DATABASE_PATH: './data/xiaoneng.db', SEED: 'default', DOCS: true });
  });
  test('when PORT is not a number, then one line names PORT and what it accepts', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^Invalid configuration: PORT="abc" is not accepted; expected a TCP port, 0 to 65535$/);
  });
  test('when LOG_LEVEL is unknown, then the error lists the accepted levels', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL.*one of fatal, error/);
  });
  test('when numbers are given as strings, then they are converted', () => {
    expect(loadConfig({ PORT: '8080', RATE_LIMIT_MAX: '5' })).toMatchObject({ PORT: 8080, RATE_LIMIT_MAX: 5 });
  });
  test('when WEBHOOK_ALLOWED_NETWORKS has a bad CIDR, then one line names it; good CIDRs and addresses pass', () => {
    expect(() => loadConfig({ WEBHOOK_ALLOWED_NETWORKS: '10.0.0.0/8,10.1.2/40' })).toThrow(/^Invalid configuration: WEBHOOK_ALLOWED_NETWORKS has "10.1.2\/40", which is not a CIDR/);
    expect(loadConfig({ WEBHOOK_ALLOWED_NETWORKS: '10.0.0.0/8, 192.168.1.20,fd00::/8' }).WEBHOOK_ALLOWED_NETWORKS).toBe('10.0.0.0/8, 192.168.1.20,fd00::/8');
    expect(loadConfig({}).WEBHOOK_WORKER).toBe(true);
  });
});
