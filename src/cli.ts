/**
 * Command line: `npm run cli -- <command>`.
 *   db:migrate                      apply pending migrations (and load the Gebiete) on DATABASE_URL or DATA_DIR
 *   db:copy --to <postgres url>     copy the embedded database (DATA_DIR) into an empty PostgreSQL database
 *   xzufi:export --out <dir>        write the Sammlerdienst export (index.txt + files/), validated
 *   xzufi:import <file|dir> …       import XZuFi messages (a directory: its index.txt, else its *.xml)
 *   token:create / token:revoke     API tokens for systems
 *   tenant:create                   a tenant (the first one of a production installation)
 *   user:create                     an editor or admin account (password generated and shown once)
 *   source:add / source:list / source:run   systems to collect XZuFi from (src/sources/cli.ts)
 */
import { randomBytes } from 'node:crypto';
import { systemPrincipal } from './auth/policy';
import { hashPassword } from './auth/passwords';
import { createToken, TokenRequestError } from './auth/tokens';
import { findTenantRow, insertUser, revokeToken } from './db/accessStore';
import { existingArs } from './gebiet/repository';
import { upsertTenant } from './tenant/repository';
import { DataDirInUseError, openDatabase } from './db/client';
import { copyDatabase, CopyRefused } from './db/copy';
import { databaseSource, migrateAll, openPreparedDatabase } from './bootstrap';
import { normaliseArsPrefix } from './gebiet/ars';
import { exportToDirectory, importFiles, messageFiles } from './syndication/files';
import { createSchemaValidator } from './xzufi/schemaValidator';
import { ConfigError, loadConfig } from './config';
import { SOURCE_USAGE, sourceCommand } from './sources/cli';

const USAGE = `usage: npm run cli -- <command>

commands:
  db:migrate                          apply pending migrations and load the Gebiete
  db:copy --to <postgres url> [--sessions]
                                      copy this installation's database (DATA_DIR, or DATABASE_URL) into an
                                      empty PostgreSQL database: every table, checked by row count and digest;
                                      stop the server first (the embedded database is one process's)
  xzufi:export --out <dir> [--ars N] [--no-validate]
                                      write index.txt and files/*.xml (the published state, or one area),
                                      each file validated against the XSD (XZUFI_XSD_DIR or the project's)
  xzufi:import [--partial] <path>…    import XZuFi messages: files, or directories (index.txt order, else *.xml)
  token:create --tenant <id> --role <role> [--ars <prefix>] [--days <n>] [--label <text>]
                                      create an API token (roles: landesredakteur, fachressort,
                                      kommunalredakteur, portal); the token is printed once
  token:revoke <id>                   revoke a token
  tenant:create --id <id> --kind <kind> --name <name> [--ars <12 digits>] [--gruppierungen 008,115]
                                      create or update a tenant (kinds: landesredaktion, fachressort,
                                      landkreis, kommune, integration, portal)
  user:create --id <name> --tenant <id> --role <role> [--name <display name>]
                                      create a user (roles: admin, landesredakteur, fachressort,
                                      kommunalredakteur); prints a generated password once
\${SOURCE_USAGE}`;

/** `--name value` options and positional arguments. */
function parseArgs(args: string[]): { options: Record<string, string | true>; positional: string[] } {
  const options: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) positional.push(a);
    else if (a === '--partial' || a === '--no-validate' || a === '--sessions' || a === '--draft') options[a.slice(2)] = true;
    else options[a.slice(2)] = args[++i] ?? '';
  }
  return { options, positional };
}

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  const config = loadConfig();
  switch (command) {
    case 'db:migrate': {
      const database = await openDatabase(databaseSource(config));
      try {
        const { applied, reports, reference } = await migrateAll(database, config);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is current');
        for (const [name, report] of Object.entries(reports)) {
          const lines = Object.entries(report).map(([what, n]) => `  ${n} ${what}`);
          console.log(`${name}: ${lines.length ? `\n${lines.join('\n')}` : 'nothing to change'}`);
        }
        for (const [name, r] of Object.entries(reference)) {
          console.log(`reference data ${name} (version ${r.version}): ${Object.entries(r).filter(([k]) => k !== 'version').map(([k, n]) => `${n} ${k}`).join(', ')}`);
        }
        if (Object.keys(reference).length === 0) console.log('reference data is current');
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'db:copy': {
      const { options } = parseArgs(argv.slice(1));
      if (typeof options.to !== 'string' || !/^postgres(ql)?:\/\//.test(options.to)) {
        console.error('db:copy needs --to postgres://…');
        return 2;
      }
      const source = await openDatabase(databaseSource(config));
      const target = await openDatabase({ kind: 'postgres', url: options.to });
      try {
        await migrateAll(source, config);
        await migrateAll(target, config);
        const report = await copyDatabase(source, target, { sessions: options.sessions === true, onTable: (table, rows) => console.log(`  ${table}: ${rows} rows`) });
        console.log(`copied ${report.tables.length} tables (${report.tables.reduce((a, t) => a + t.rows, 0)} rows), ${report.sequences} sequences, every table's count and digest checked, in ${report.ms} ms`);
        console.log(`set DATABASE_URL=${options.to.replace(/\/\/[^@/]*@/, '//…@')} to run on it`);
      } catch (err) {
        if (!(err instanceof CopyRefused)) throw err;
        console.error(`db:copy refused: ${err.message}`);
        return 1;
      } finally {
        await Promise.all([source.close(), target.close()]);
      }
      return 0;
    }
    case 'xzufi:export': {
      const { options } = parseArgs(argv.slice(1));
      if (typeof options.out !== 'string' || !options.out) {
        console.error('xzufi:export needs --out <dir>');
        return 2;
      }
      const arsPrefix = typeof options.ars === 'string' ? normaliseArsPrefix(options.ars) ?? undefined : undefined;
      const database = await openPreparedDatabase(config);
      try {
        const started = Date.now();
        const summary = await exportToDirectory(database, options.out, config.schemeAgencyId, {
          arsPrefix,
          validator: options['no-validate'] ? undefined : createSchemaValidator(config.xzufiXsdDir),
          onFile: (name, done, total) => process.stderr.write(`\r${done}/${total} files  ${name}   `),
        });
        process.stderr.write('\n');
        console.log(`wrote ${summary.objects} objects in ${summary.files} files (${(summary.bytes / 1024 / 1024).toFixed(1)} MB) to ${options.out} in ${Date.now() - started} ms`);
        for (const { file, problems } of summary.invalid) {
          console.log(`${file} does not validate:`);
          for (const p of problems.slice(0, 20)) console.log(`  line ${p.line ?? '?'}: ${p.message}`);
        }
        if (summary.invalid.length > 0) return 1;
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'xzufi:import': {
      const { options, positional } = parseArgs(argv.slice(1));
      if (positional.length === 0) {
        console.error('xzufi:import needs at least one file or directory');
        return 2;
      }
      const files = (await Promise.all(positional.map(messageFiles))).flat();
      const database = await openPreparedDatabase(config);
      let failed = false;
      try {
        const validator = createSchemaValidator(config.xzufiXsdDir, 'read');
        // One import of all files: the next ones are read and checked while one is applied.
        let current = { file: '', n: 0 };
        await importFiles(database, files, {
          mode: options.partial ? 'partial' : 'atomic',
          actor: systemPrincipal('cli'),
          schemeAgencyId: config.schemeAgencyId,
          validator,
          onProgress: ({ done, total }) => { process.stderr.write(`\r[${current.n + 1}/${files.length}] ${current.file}: ${done}/${total} objects   `); },
        }, {
          onStart: (file, n) => { current = { file, n }; },
          onFile: (file, report) => {
            process.stderr.write('\n');
            const counts = Object.entries(report.counts)
              .map(([k, c]) => [k, Object.entries(c).filter(([, v]) => v > 0).map(([o, v]) => `${v} ${o}`).join(', ')])
              .filter(([, text]) => text).map(([k, text]) => `${k}: ${text}`).join('; ');
            console.log(`${file}: ${report.status} in ${report.durationMs} ms — ${counts || 'nothing'}`);
            for (const w of report.warnings.slice(0, 20)) console.log(`  warning line ${w.line ?? '?'} ${w.path ?? ''}: ${w.message}`);
            for (const e of report.errors.slice(0, 50)) console.log(`  error line ${e.line ?? '?'} ${e.klasse ?? ''} ${e.id ?? ''} ${e.path ?? ''}: ${e.message}`);
            if (report.status === 'rejected') failed = true;
          },
          onRefused: (file, err) => {
            failed = true;
            process.stderr.write('\n');
            console.log(`${file}: refused (${err.code}): ${err.message}`);
            for (const p of err.problems.slice(0, 50)) console.log(`  line ${p.line ?? '?'}${p.column ? `:${p.column}` : ''}: ${p.message}`);
          },
        });
      } finally {
        await database.close();
      }
      return failed ? 1 : 0;
    }
    case 'token:create': {
      const { options } = parseArgs(argv.slice(1));
      const str = (name: string) => (typeof options[name] === 'string' ? options[name] as string : undefined);
      if (!str('tenant') || !str('role')) {
        console.error('token:create needs --tenant <id> --role <role>');
        return 2;
      }
      const database = await openPreparedDatabase(config);
      try {
        const created = await createToken(database.db, {
          tenantId: str('tenant')!, role: str('role')!, arsPrefix: str('ars'), label: str('label'),
          expiresInDays: str('days') ? Number(str('days')) : undefined, createdBy: 'cli',
        });
        console.log(`token ${created.id} for ${created.tenantId} as ${created.role}${created.arsPrefix ? `, ARS ${created.arsPrefix}` : ''}${created.expiresAt ? `, expires ${created.expiresAt.toISOString()}` : ''}`);
        console.log('Store it now; it is not shown again:');
        console.log(created.token);
      } catch (err) {
        if (err instanceof TokenRequestError) {
          console.error(err.message);
          return 2;
        }
        throw err;
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'token:revoke': {
      const id = argv[1];
      if (!id) {
        console.error('token:revoke needs the token id');
        return 2;
      }
      const database = await openPreparedDatabase(config);
      try {
        const done = /^[0-9a-f-]{36}$/i.test(id) && await revokeToken(database.db, id.toLowerCase());
        console.log(done ? `revoked ${id}` : `no active token ${id}`);
        return done ? 0 : 1;
      } finally {
        await database.close();
      }
    }
    case 'tenant:create': {
      const { options } = parseArgs(argv.slice(1));
      const str = (name: string) => (typeof options[name] === 'string' ? options[name] as string : undefined);
      const id = str('id');
      const kind = str('kind');
      const name = str('name');
      const kinds = ['landesredaktion', 'fachressort', 'landkreis', 'kommune', 'integration', 'portal'];
      if (!id || !/^[a-z0-9][a-z0-9-]{1,62}$/.test(id) || !kind || !kinds.includes(kind) || !name) {
        console.error(`tenant:create needs --id <lower-case id> --kind ${kinds.join('|')} --name <name> [--ars <12 digits>] [--gruppierungen 008,115]`);
        return 2;
      }
      const ars = str('ars');
      if (ars !== undefined && !/^\d{12}$/.test(ars)) {
        console.error('--ars must be a 12-digit ARS');
        return 2;
      }
      const database = await openPreparedDatabase(config);
      try {
        if (ars && !(await existingArs(database.db, [ars])).has(ars)) {
          console.error(`ARS ${ars} is not a known Gebiet`);
          return 2;
        }
        const gruppierungen = (str('gruppierungen') ?? '').split(',').map((g) => g.trim()).filter(Boolean);
        if (!gruppierungen.every((g) => /^\d{3}$/.test(g))) {
          console.error('--gruppierungen must be three-digit codes separated by commas');
          return 2;
        }
        await upsertTenant(database.db, { id, kind, name, ars: ars ?? null, leistungsgruppierungen: gruppierungen });
        console.log(`tenant ${id} (${kind}) saved`);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'user:create': {
      const { options } = parseArgs(argv.slice(1));
      const str = (name: string) => (typeof options[name] === 'string' ? options[name] as string : undefined);
      const id = str('id');
      const tenantId = str('tenant');
      const role = str('role');
      if (!id || !tenantId || !role || !['admin', 'landesredakteur', 'fachressort', 'kommunalredakteur'].includes(role)) {
        console.error('user:create needs --id <name> --tenant <id> --role admin|landesredakteur|fachressort|kommunalredakteur');
        return 2;
      }
      const database = await openPreparedDatabase(config);
      try {
        if (!await findTenantRow(database.db, tenantId)) {
          console.error(`tenant ${tenantId} does not exist`);
          return 2;
        }
        const password = randomBytes(18).toString('base64url');
        await insertUser(database.db, { id, tenantId, role, displayName: str('name') ?? id, passwordHash: await hashPassword(password) });
        console.log(`user ${id} (${role}, ${tenantId}) created; password, shown once: ${password}`);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'source:add':
    case 'source:list':
    case 'source:run': {
      const { options, positional } = parseArgs(argv.slice(1));
      return sourceCommand(command, options, positional, config, () => openPreparedDatabase(config));
    }
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  if (err instanceof ConfigError) console.error(`Configuration error: ${err.message}`);
  else if (err instanceof DataDirInUseError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
