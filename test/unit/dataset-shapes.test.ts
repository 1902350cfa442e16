/**
 * The bench's synthetic data set is bulk-inserted without the API's checks: every generated row
 * must be valid against the JSON Schema of its type, or the bench measures contents the product
 * would refuse (and a change of shape would silently break it).
 */
import { generateRows } from '../../scripts/generate-dataset';
import { Leistung, Onlinedienst, Organisationseinheit, Spezialisierung, Zustaendigkeit } from '../../src/objectTypes';
import { validateAgainst } from '../../src/shared/validation';

it('generates rows that are valid in the current shapes', () => {
  const rows = generateRows({ leistungen: 40, onlinedienste: 20, organisationseinheiten: 30, zustaendigkeiten: 60, spezialisierungen: 20, land: '06' }, ['066360013013', '065340014014'], '060000000000');
  const checks: Array<[{ schemaFile: string }, keyof typeof rows]> = [
    [Leistung, 'leistungen'], [Organisationseinheit, 'organisationseinheiten'], [Onlinedienst, 'onlinedienste'], [Zustaendigkeit, 'zustaendigkeiten'], [Spezialisierung, 'spezialisierungen'],
  ];
  const invalid: string[] = [];
  for (const [type, key] of checks) {
    expect(rows[key].length).toBeGreaterThan(0);
    for (const row of rows[key]) {
      const problems = validateAgainst(type.schemaFile, structuredClone(row.content));
      if (problems.length) invalid.push(`${key} ${row.xzufiId}: ${JSON.stringify(problems)}`);
    }
  }
  expect(invalid).toEqual([]);
});
