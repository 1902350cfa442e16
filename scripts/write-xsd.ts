/** Writes the project XSDs generated from the codec specs to schemas/xzufi/ (`npm run xsd`): strict (what we write) and structural (what we read). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_XSD_DIR } from '../src/xzufi/schemaValidator';
import { PROJECT_READ_XSD_FILE, PROJECT_XSD_FILE, projectReadXsd, projectXsd } from '../src/xzufi/xsd';

for (const [name, text] of [[PROJECT_XSD_FILE, projectXsd()], [PROJECT_READ_XSD_FILE, projectReadXsd()]] as const) {
  const file = join(PROJECT_XSD_DIR, name);
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
