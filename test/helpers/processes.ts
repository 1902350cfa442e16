/**
 * Real app processes (`node --import tsx src/main.ts`) on a test database of the PostgreSQL
 * server: for tests of several instances and of crashes, which in-process tests cannot show.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface AppProcess { url: string; child: ChildProcess; output: () => string; stop(signal?: NodeJS.Signals): Promise<void> }

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
  });
}

export async function startApp(databaseUrl: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1',
      SESSION_SECRET: 'instances-test-secret-0123456789abcdef', LOG_LEVEL: 'warn', DEMO_DATA: 'true', JOB_POLL_MS: '200', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => { output += String(d); });
  child.stderr!.on('data', (d) => { output += String(d); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}: ${output}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`app not ready: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, child, output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}

/** A cookie jar of one: the session cookie a sign-in set. */
export async function signInOver(url: string, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const first = await fetch(`${url}/auth/csrf`);
  const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = await first.json() as { csrfToken: string };
  const login = await fetch(`${url}/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const body = await login.json() as { csrfToken: string };
  return { cookie: login.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken };
}
