/**
 * Real app processes (`node --import tsx src/main.ts`) on a test database of the PostgreSQL
 * server: for tests of several instances and of crashes, which in-process tests cannot show.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface AppProcess { url: string; child: ChildProcess; output: () => string; stop(signal?: NodeJS.Signals): Promise<void> }

/**
 * Starts the app on a port the system chooses (PORT=0; the app prints the one it bound): a port
 * found free and given to the process could be taken meanwhile by another test's process.
 */
export async function startApp(database: string | { dataDir: string }, env: Record<string, string> = {}): Promise<AppProcess> {
  try {
    return await startOnce(database, env);
  } catch (err) {
    // The runtime itself failing a check while starting (`# Fatal error in , line 0 # Check
    // failed: …`, seen once from Node 24's V8 on a busy CI machine) is not the app's doing: one
    // more try. Anything else fails the test as it is.
    if (!(err instanceof StartFailed) || !V8_FATAL.test(err.output)) throw err;
    return await startOnce(database, env);
  }
}

const V8_FATAL = /# Fatal error in .*\n# Check failed:/;

class StartFailed extends Error {
  constructor(message: string, readonly output: string) { super(`${message}: ${output}`); }
}

async function startOnce(database: string | { dataDir: string }, env: Record<string, string>): Promise<AppProcess> {
  let output = '';
  // A PostgreSQL URL, or the embedded database in a directory of its own.
  const where = typeof database === 'string' ? { DATABASE_URL: database } : { DATA_DIR: database.dataDir };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', ...where, PORT: '0', HOST: '127.0.0.1',
      SESSION_SECRET: 'instances-test-secret-0123456789abcdef', LOG_LEVEL: 'warn', DEMO_DATA: 'true', JOB_POLL_MS: '200', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => { output += String(d); });
  child.stderr!.on('data', (d) => { output += String(d); });
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  for (;;) {
    // Killed by a signal (a crash of the runtime aborts) is an end as well as an exit code.
    if (child.exitCode !== null || child.signalCode !== null) throw new StartFailed(`app exited with ${child.exitCode ?? child.signalCode}`, output);
    const port = /is running: http:\/\/localhost:(\d+)/.exec(output)?.[1];
    url ??= port ? `http://127.0.0.1:${port}` : undefined;
    try {
      if (url && (await fetch(`${url}/readyz`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      // Gone before the next try begins (it may hold the data directory's lock).
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await gone;
      }
      throw new StartFailed('app not ready', output);
    }
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
