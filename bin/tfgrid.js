#!/usr/bin/env node
'use strict';
// The `tfgrid` command. Installed from the package it runs the compiled dist/. In a source checkout
// (cli/main.ts beside this file) it runs the sources through the transpiling require hook,
// so `npm start` and the tests never run a stale build and need no build step.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const fromSource = fs.existsSync(path.join(root, 'cli', 'main.ts'));
let main;
if (fromSource) {
  require('../cli/register-ts');
  main = require('../cli/main.ts').main;
} else {
  useVendorBundle(path.join(root, 'dist', 'vendor', 'polkadot.js'));
  main = require('../dist/cli/main.js').main;
}

/**
 * Serves the @polkadot packages from the one-file bundle that `npm run build` makes
 * (build/bundle-vendor.js), when it is there: it loads in about half the time of the same code
 * spread over a thousand files in node_modules. Only the packages the bundle holds are served
 * from it; each runs when first required. Everything in this process asks for them (our dist/
 * code, and a user's program, which may import them too), so there is one copy of each.
 * `TFGRID_VENDOR_BUNDLE=0` turns it off (to compare); `TFGRID_DEBUG_LOAD=1` says which is used.
 */
function useVendorBundle(file) {
  const use = process.env.TFGRID_VENDOR_BUNDLE !== '0' && fs.existsSync(file);
  if (process.env.TFGRID_DEBUG_LOAD === '1') {
    // what really loaded, from require.cache, as the process ends
    process.on('exit', () => {
      const files = Object.keys(require.cache);
      const fromModules = files.filter((f) =>
        f.includes(`${path.sep}node_modules${path.sep}@polkadot${path.sep}`),
      );
      process.stderr.write(
        `tfgrid: ${files.length} modules loaded; vendor bundle ${files.includes(fs.realpathSync(file)) ? 'loaded' : 'not loaded'}; ` +
          `${fromModules.length} files of node_modules/@polkadot\n`,
      );
    });
  }
  if (!use) return;
  const Module = require('module');
  const load = Module._load;
  let vendor;
  Module._load = function loadFromVendorBundle(request, parent) {
    if (request.startsWith('@polkadot/')) {
      vendor = vendor || load(file, parent, false);
      if (Object.prototype.hasOwnProperty.call(vendor, request)) return vendor[request];
    }
    return load.apply(this, arguments);
  };
}

/**
 * Exits once stdout and stderr have taken everything written to them. The command is done: what
 * would otherwise keep the process alive (idle keep-alive sockets of fetch, a WebSocket's close
 * handshake) only delays the exit by seconds, in every CI job.
 */
function exitWhenFlushed(code) {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  // a write's callback runs once everything before it was handed to the system (or failed)
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (err) => {
    // main() reports its own errors; anything reaching here is a bug in the CLI. Not console.error:
    // main() routes console (the libraries' logging) away from the user.
    process.stderr.write(`tfgrid: internal error: ${err && err.stack ? err.stack : err}\n`);
    exitWhenFlushed(70);
  },
);
