/** The dev grid's data dir comes from the project root (nearest package.json), not the current folder. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { devGridDir, nearestPackageDir } from './project-dir';

test('from a subfolder the dev grid dir is the project root one; TFGRID_DEVGRID_DIR wins', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'project-dir-'));
  try {
    const sub = path.join(root, 'a', 'b');
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    expect(nearestPackageDir(sub)).toBe(root);
    expect(devGridDir({}, sub)).toBe(path.join(root, '.tfgrid', 'devgrid'));
    expect(devGridDir({ TFGRID_DEVGRID_DIR: 'grid' }, sub)).toBe(path.join(sub, 'grid'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
