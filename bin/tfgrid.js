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
  main = require('../dist/cli/main.js').main;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // main() reports its own errors; anything reaching here is a bug in the CLI. Not console.error:
    // main() routes console (the libraries' logging) away from the user.
    process.stderr.write(`tfgrid: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 70;
  },
);
