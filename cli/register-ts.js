'use strict';
// Lets Node require() TypeScript files (ours and the user's programs) without a build step.
// Each file is transpiled once with TypeScript's transpileModule (no type check: `npm run typecheck`
// does that) and the output is cached on disk keyed by the source's hash, so later runs start fast:
// the compiler itself (0.6 s of CPU to load) is only loaded when a file is not in the cache.
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const os = require('os');

if (!require.extensions['.ts']) {
  const version = require('typescript/package.json').version;
  const cacheDir = process.env.TFGRID_TS_CACHE || path.join(os.tmpdir(), `tfgrid-ts-cache-${version}`);
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
  } catch {
    // a read-only temp dir only costs speed
  }
  let ts;
  let compilerOptions;
  const transpile = (source, filename) => {
    if (!ts) {
      ts = require('typescript');
      compilerOptions = {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        sourceMap: false,
        inlineSourceMap: true,
        inlineSources: false,
      };
    }
    return ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
  };
  require.extensions['.ts'] = function loadTs(module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const key = crypto.createHash('sha1').update(filename).update('\0').update(source).digest('hex');
    const cached = path.join(cacheDir, `${key}.js`);
    let code;
    try {
      code = fs.readFileSync(cached, 'utf8');
    } catch {
      code = transpile(source, filename);
      try {
        fs.writeFileSync(cached, code);
      } catch {
        // ignore cache write failures
      }
    }
    module._compile(code, filename);
  };
}
