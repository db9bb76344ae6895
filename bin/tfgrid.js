#!/usr/bin/env node
'use strict';
require('../provider/cli/register-ts');
const { main } = require('../provider/cli/main.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // main() reports its own errors; anything reaching here is a bug in the CLI.
    console.error(`tfgrid: internal error: ${err && err.stack ? err.stack : err}`);
    process.exitCode = 70;
  },
);
