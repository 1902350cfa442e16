/** Writes the project XSD generated from the codec specs to schemas/xzufi/ (`npm run xsd`). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_XSD_DIR } from '../src/xzufi/schemaValidator';
import { PROJECT_XSD_FILE, projectXsd } from '../src/xzufi/xsd';

const file = join(PROJECT_XSD_DIR, PROJECT_XSD_FILE);
writeFileSync(file, projectXsd());
console.log(`wrote ${file}`);
