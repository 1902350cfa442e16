import { ConfigError, loadConfig } from '../../src/config';

describe('config', () => {
  it('has working defaults for the embedded start', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
    expect(config.bodyLimit).toBe(5 * 1024 * 1024);
    expect(config.demoData).toBe(true);
  });

  it('reads replicas beside a PostgreSQL primary only', () => {
    const primary = 'postgres://app@db:5432/fim';
    const config = loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'postgres://app@replica1/fim, postgresql://app@replica2/fim', DATABASE_READ_MAX_LAG_MS: '2000' });
    expect(config.databaseReadUrls).toEqual(['postgres://app@replica1/fim', 'postgresql://app@replica2/fim']);
    expect(config.databaseReadMaxLagMs).toBe(2000);
    expect(config.databaseReadCheckMs).toBe(1000);
    expect(loadConfig({ DATABASE_URL: primary }).databaseReadUrls).toEqual([]);
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://app@replica1/fim' })).toThrow(/DATABASE_READ_URL needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'mysql://replica/fim' })).toThrow(/DATABASE_READ_URL\[1\] must start with postgres/);
  });

  it('parses sizes and switches off demo data in production', () => {
    const config = loadConfig({ BODY_LIMIT: '512kb', NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) });
    expect(config.bodyLimit).toBe(512 * 1024);
    expect(config.demoData).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be between/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ BODY_LIMIT: 'huge' }, /BODY_LIMIT must be a size/],
    [{ DEMO_DATA: 'maybe' }, /DEMO_DATA must be true or false/],
    [{ NODE_ENV: 'production' }, /SESSION_SECRET must be set in production/],
    [{ SESSION_SECRET: 'short' }, /SESSION_SECRET must be at least 32 characters/],
    [{ CORS_ORIGINS: 'https://portal.example/path' }, /CORS_ORIGINS: "https:\/\/portal.example\/path" is not an origin/],
  ])('refuses %p with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
