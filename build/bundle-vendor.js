#!/usr/bin/env node
'use strict';
// Build step after tsc (`npm run build`): bundles the @polkadot packages that the compiled dist/
// requires (with their own dependencies: rxjs, @noble, ws, the crypto wasm) into one file,
// dist/vendor/polkadot.js. Loading @polkadot/api from node_modules resolves and reads over a
// thousand files; the same code as one file loads in about half the time. The installed `tfgrid`
// command (bin/tfgrid.js) serves these packages from the bundle; our own modules stay unbundled,
// so a user's program that imports tfgrid-iac shares the very classes the CLI checks.
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const outFile = path.join(dist, 'vendor', 'polkadot.js');

/** Every `require("@polkadot/...")` in dist/ (the compiled code's own list, never kept by hand). */
function polkadotRequests(dir, found = new Set()) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'vendor') polkadotRequests(file, found);
    } else if (entry.name.endsWith('.js')) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/require\("(@polkadot\/[^"]+)"\)/g))
        found.add(m[1]);
    }
  }
  return found;
}

const requests = [...polkadotRequests(dist)].sort();
if (requests.length === 0)
  throw new Error(`bundle-vendor: no @polkadot requires found under ${dist}: run tsc first`);
// getters: a package's code runs when the program first asks for it, as with require()
const entry = [
  "'use strict';",
  'module.exports = {',
  ...requests.map((r) => `  get ${JSON.stringify(r)}() { return require(${JSON.stringify(r)}); },`),
  '};',
].join('\n');

esbuild.buildSync({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'vendor-polkadot.js', loader: 'js' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: outFile,
  // ws's optional native speed-ups: required inside try/catch, absent in a normal install
  external: ['bufferutil', 'utf-8-validate'],
  legalComments: 'eof',
  logLevel: 'warning',
});
process.stdout.write(
  `bundle-vendor: ${requests.length} @polkadot entry points -> ${path.relative(root, outFile)} (${(fs.statSync(outFile).size / 1e6).toFixed(1)} MB)\n`,
);
