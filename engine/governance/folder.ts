/**
 * Reads a governance folder from disk (`proposals/*.yaml`, `votes/*.yaml`) and parses it; paths in
 * problems are printed relative to the working directory.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseGovernanceFolder, type FolderEntry, type GovernanceFiles } from './files';

/** The folder's files that parsing looks at: YAML in it and in its direct subfolders. */
function entriesOf(dir: string): FolderEntry[] {
  const out: FolderEntry[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && !e.name.startsWith('.')) {
      for (const f of fs.readdirSync(path.join(dir, e.name), { withFileTypes: true }))
        if (f.isFile() && /\.ya?ml$/.test(f.name))
          out.push({
            file: `${e.name}/${f.name}`,
            text: fs.readFileSync(path.join(dir, e.name, f.name), 'utf8'),
          });
    } else if (e.isFile() && /\.ya?ml$/.test(e.name)) {
      out.push({ file: e.name, text: fs.readFileSync(path.join(dir, e.name), 'utf8') });
    }
  }
  return out;
}

export interface GovernanceFolder extends GovernanceFiles {
  readonly dir: string;
  /** a path inside the folder as printed (relative to the working directory) */
  display(file: string): string;
}

/** Throws GovernanceFileError (every problem, positioned) or a plain Error when the folder is missing. */
export function readGovernanceFolder(dir: string): GovernanceFolder {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new Error(
      `governance folder '${dir}' does not exist: give the folder holding proposals/ and votes/`,
    );
  const display = (file: string) => path.relative(process.cwd(), path.join(dir, file)) || '.';
  return { dir, display, ...parseGovernanceFolder(entriesOf(dir), display) };
}
