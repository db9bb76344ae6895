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
