/**
 * `source:add`, `source:list`, `source:run` on the command line (src/cli.ts). The operator acts
 * as the system; a run here is the same run as the job's, in this process.
 */
import { systemPrincipal } from '../auth/policy';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { findRun, latestRuns, listSources, findSourceByName, findSource } from '../db/sourceStore';
import { AppError } from '../shared/errors';
import { createSchemaValidator } from '../xzufi/schemaValidator';
import { pullEnv } from './jobs';
import { runSource, SourceBusy } from './pull';
import { registerSource } from './sources';

export const SOURCE_USAGE = `  source:add --name <name> --kind index|delta|bereitstelldienst --url <url> --tenant <id> --role <role>
             --agencies S06000[,…] [--ars <prefix>] [--klassen Leistung,…] [--interval <minutes>] [--draft]
             [--bearer <token> | --basic <user:password> | --oauth2 <token url> --client <id> --secret <secret>]
                                      register a source to collect XZuFi from (credentials stored encrypted,
                                      CREDENTIALS_KEY); it runs on its schedule in the server
  source:list                         sources with their last run
  source:run <name or id>             run a source now, in this process, and print its report`;

type Options = Record<string, string | true>;
const str = (o: Options, name: string) => (typeof o[name] === 'string' ? o[name] as string : undefined);

function credentialsOf(o: Options): Record<string, unknown> | undefined {
  if (str(o, 'bearer')) return { kind: 'bearer', token: str(o, 'bearer') };
  const basic = str(o, 'basic');
  if (basic) return { kind: 'basic', username: basic.split(':')[0], password: basic.split(':').slice(1).join(':') };
  if (str(o, 'oauth2')) return { kind: 'oauth2', tokenUrl: str(o, 'oauth2'), clientId: str(o, 'client'), clientSecret: str(o, 'secret') };
  return undefined;
}

export async function sourceCommand(command: string, options: Options, positional: string[], config: Config, open: () => Promise<Database>): Promise<number> {
  const database = await open();
  try {
    if (command === 'source:add') {
      const body = {
        name: str(options, 'name'), kind: str(options, 'kind'), url: str(options, 'url'), tenant: str(options, 'tenant'), role: str(options, 'role'),
        schemeAgencyIds: str(options, 'agencies'), ars: str(options, 'ars'), klassen: str(options, 'klassen'),
        intervalMinutes: str(options, 'interval'), target: options.draft ? 'draft' : undefined, credentials: credentialsOf(options),
      };
      try {
        const source = await registerSource(database.db, systemPrincipal('cli'), body, { credentialsKey: config.credentialsKey, allowPrivate: config.sourceAllowPrivate });
        console.log(`source ${source.name} (${source.kind}) registered: id ${source.id}; it runs every ${source.intervalMinutes} minutes in the server, or now with source:run`);
        return 0;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        console.error(`source:add: ${err.message}`);
        for (const d of err.details) console.error(`  ${d.path}: ${d.message}`);
        return 2;
      }
    }
    if (command === 'source:list') {
      const last = new Map((await latestRuns(database.db)).map((r) => [r.sourceId, r]));
      for (const s of await listSources(database.db)) {
        const r = last.get(s.id);
        console.log(`${s.id}  ${s.name}  ${s.kind}  ${s.paused ? 'paused' : `every ${s.intervalMinutes} min`}  ${r ? `last run ${r.status} at ${r.startedAt.toISOString()}` : 'never run'}`);
      }
      return 0;
    }
    // source:run
    const which = positional[0];
    const source = which ? (await findSourceByName(database.db, which)) ?? (/^[0-9a-f-]{36}$/i.test(which) ? await findSource(database.db, which.toLowerCase()) : undefined) : undefined;
    if (!source) {
      console.error(which ? `no source named or numbered ${which}` : 'source:run needs a source name or id');
      return 2;
    }
    let run;
    try {
      run = await runSource(pullEnv(config, database, createSchemaValidator(config.xzufiXsdDir, 'read')), source.id, 'cli');
    } catch (err) {
      if (!(err instanceof SourceBusy)) throw err;
      console.error(`source:run: ${err.message}; try again when that run has finished`);
      return 1;
    }
    const shown = (await findRun(database.db, source.id, run.id))!;
    console.log(`${source.name}: ${shown.status} in ${shown.stats.durationMs} ms`);
    console.log(`  files: ${shown.stats.filesListed} listed, ${shown.stats.filesFetched} fetched, ${shown.stats.filesUnchanged} unchanged, ${shown.stats.filesFailed} failed; pages ${shown.stats.pages}`);
    console.log(`  objects: ${shown.stats.created} created, ${shown.stats.updated} updated, ${shown.stats.unchanged} unchanged, ${shown.stats.deleted} deleted, ${shown.stats.held} held for review, ${shown.stats.failedObjects} failed`);
    const report = shown.report as { error?: { message: string }; heldReason?: string; files?: Array<{ path: string; status: string; message?: string }> };
    if (report.error) console.log(`  error: ${report.error.message}`);
    if (report.heldReason) console.log(`  held for review (${report.heldReason}): confirm or reject in the workspace or with POST /api/v1/sources/${source.id}/runs/${run.id}/confirm|reject`);
    for (const f of (report.files ?? []).filter((x) => x.status !== 'applied')) console.log(`  ${f.path}: ${f.status}${f.message ? ` — ${f.message}` : ''}`);
    return shown.status === 'failed' ? 1 : 0;
  } finally {
    await database.close();
  }
}
