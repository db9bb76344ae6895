/**
 * The public surface is deliberate: the exports of every entry point must match the recorded
 * report in api/. After an intended change, `npm run api:update` and commit the report with it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { apiReports } from './report';

jest.setTimeout(180_000);

test('the exported API matches api/*.api.md', () => {
  for (const [file, content] of apiReports()) {
    const recorded = fs.readFileSync(path.join(__dirname, '..', file), 'utf8');
    if (recorded !== content) {
      // a readable diff of the first difference, then fail with what to do
      const a = recorded.split('\n');
      const b = content.split('\n');
      const i = a.findIndex((line, n) => line !== b[n]);
      throw new Error(
        `${file} differs from the source at line ${i + 1}:\n  recorded: ${a[i]}\n  now:      ${b[i]}\n` +
          'the public API changed: if that is intended, run `npm run api:update` and commit api/',
      );
    }
  }
});

test('internal helpers are not part of the package surface', () => {
  const index = fs.readFileSync(path.join(__dirname, 'index.api.md'), 'utf8');
  for (const name of ['renderToml', 'stableHex', 'Checker', 'UnitBuilder', 'refPlaceholder', 'REF_PATTERN'])
    expect(index).not.toMatch(new RegExp(`\\b${name}\\b`));
  for (const name of ['App', 'Machine', 'Zdb', 'NodeSelector', 'ValidationError'])
    expect(index).toMatch(new RegExp(`class ${name}\\b`));
});
