/**
 * Command line: `npm run cli -- <command>`.
 *   db:migrate                      apply pending migrations (and load the Gebiete) on DATABASE_URL or DATA_DIR
 *   xzufi:export --out <dir>        write the Sammlerdienst export (index.txt + files/), validated
 *   xzufi:import <file|dir> …       import XZuFi messages (a directory: its index.txt, else its *.xml)
 */
import { systemPrincipal } from '../src/auth/policy';
import { openDatabase } from '../src/db/client';
import { migrate } from '../src/db/migrate';
import { loadGebiete } from '../src/gebiet/repository';
import { databaseSource, openPreparedDatabase } from '../src/bootstrap';
import { normaliseArsPrefix } from '../src/gebiet/ars';
import { exportToDirectory, importFiles, messageFiles } from '../src/syndication/files';
import { ImportRefused } from '../src/syndication/importer';
import { createSchemaValidator } from '../src/xzufi/schemaValidator';
import { ConfigError, loadConfig } from '../src/config';

const USAGE = `usage: npm run cli -- <command>

commands:
  db:migrate                          apply pending migrations and load the Gebiete
  xzufi:export --out <dir> [--ars N] [--no-validate]
                                      write index.txt and files/*.xml (the published state, or one area),
                                      each file validated against the XSD (XZUFI_XSD_DIR or the project's)
  xzufi:import [--partial] <path>…    import XZuFi messages: files, or directories (index.txt order, else *.xml)`;

/** `--name value` options and positional arguments. */
function parseArgs(args: string[]): { options: Record<string, string | true>; positional: string[] } {
  const options: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) positional.push(a);
    else if (a === '--partial' || a === '--no-validate') options[a.slice(2)] = true;
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
        const applied = await migrate(database);
        const gebiete = await loadGebiete(database.db);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is current');
        if (gebiete) console.log(`loaded ${gebiete} Gebiete`);
      } finally {
        await database.close();
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
        const validator = createSchemaValidator(config.xzufiXsdDir);
        for (const [n, file] of files.entries()) {
          try {
            await importFiles(database, [file], {
              mode: options.partial ? 'partial' : 'atomic',
              actor: systemPrincipal('cli'),
              schemeAgencyId: config.schemeAgencyId,
              validator,
              onProgress: ({ done, total }) => { process.stderr.write(`\r[${n + 1}/${files.length}] ${file}: ${done}/${total} objects   `); },
            }, (_f, report) => {
              process.stderr.write('\n');
              const counts = Object.entries(report.counts)
                .map(([k, c]) => [k, Object.entries(c).filter(([, v]) => v > 0).map(([o, v]) => `${v} ${o}`).join(', ')])
                .filter(([, text]) => text).map(([k, text]) => `${k}: ${text}`).join('; ');
              console.log(`${file}: ${report.status} in ${report.durationMs} ms — ${counts || 'nothing'}`);
              for (const w of report.warnings.slice(0, 20)) console.log(`  warning line ${w.line ?? '?'} ${w.path ?? ''}: ${w.message}`);
              for (const e of report.errors.slice(0, 50)) console.log(`  error line ${e.line ?? '?'} ${e.klasse ?? ''} ${e.id ?? ''} ${e.path ?? ''}: ${e.message}`);
              if (report.status === 'rejected') failed = true;
            });
          } catch (err) {
            if (!(err instanceof ImportRefused)) throw err;
            failed = true;
            process.stderr.write('\n');
            console.log(`${file}: refused (${err.code}): ${err.message}`);
            for (const p of err.problems.slice(0, 50)) console.log(`  line ${p.line ?? '?'}${p.column ? `:${p.column}` : ''}: ${p.message}`);
          }
        }
      } finally {
        await database.close();
      }
      return failed ? 1 : 0;
    }
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err);
  process.exit(1);
});
