/**
 * ESLint rule `layers/imports-downward`: a file may import only from its own layer and the layers
 * below it (README "Layers"). Test files, `testing/` folders, `integration/`, `bench/`,
 * `examples/` and `api/` sit outside the layers and may import anything.
 *
 *   model        the pure model both sides share: zos workloads, pricing, network maths, config
 *   constructs   the DSL users write (synth to a manifest)               -> model
 *   clients      TFChain, RMB, grid proxy and TCP clients                 -> model
 *   engine       plan / apply / destroy over the clients                  -> model, constructs, clients
 *   cli, pulumi  the two front ends                                       -> the above (cli also devgrid)
 *   devgrid      the local grid, its own application                      -> model, clients
 *   entry        the package's entry points                               -> the front ends and below
 */
const path = require('path');

const ROOT = path.join(__dirname, '..');

/** layer -> the layers it may import */
const ALLOWED = {
  model: ['model'],
  constructs: ['model', 'constructs', 'schema'],
  clients: ['model', 'clients'],
  engine: ['model', 'constructs', 'clients', 'engine'],
  cli: ['model', 'constructs', 'clients', 'engine', 'cli', 'devgrid'],
  pulumi: ['model', 'constructs', 'clients', 'engine', 'pulumi'],
  devgrid: ['model', 'clients', 'devgrid'],
  entry: ['model', 'constructs', 'clients', 'engine', 'cli', 'pulumi', 'entry'],
  index: ['model', 'constructs', 'index'],
};

const OUTSIDE = /(^|\/)(integration|bench|examples|api|testing|lint)\/|\.test\.ts$/;

/** The layer of a repo-relative path, or undefined when it is outside the layers. */
function layerOf(rel) {
  if (rel === 'index.ts') return 'index';
  if (rel === 'schema.json') return 'schema';
  const top = rel.split('/')[0];
  return ALLOWED[top] ? top : undefined;
}

module.exports = {
  rules: {
    'imports-downward': {
      meta: {
        type: 'problem',
        docs: { description: 'imports run only downward through the layers' },
        schema: [],
        messages: {
          wrongWay:
            "{{from}} ({{fromLayer}}) may not import '{{spec}}' ({{toLayer}}): {{fromLayer}} may use only {{allowed}}. Move the shared code down a layer, or call it from a layer above.",
        },
      },
      create(context) {
        const file = path.relative(ROOT, context.filename ?? context.getFilename()).split(path.sep).join('/');
        if (file.startsWith('..') || OUTSIDE.test(file)) return {};
        const fromLayer = layerOf(file);
        if (!fromLayer) return {};
        const check = (node, spec) => {
          if (typeof spec !== 'string' || !spec.startsWith('.')) return;
          const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec)).split(path.sep).join('/');
          const toLayer = layerOf(target) ?? layerOf(target + '.ts');
          if (!toLayer || ALLOWED[fromLayer].includes(toLayer)) return;
          context.report({
            node,
            messageId: 'wrongWay',
            data: { from: file, fromLayer, spec, toLayer, allowed: ALLOWED[fromLayer].join(', ') },
          });
        };
        const literal = (n) => (n && n.type === 'Literal' ? n.value : undefined);
        return {
          ImportDeclaration: (n) => check(n, n.source.value),
          ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
          ExportAllDeclaration: (n) => check(n, n.source.value),
          ImportExpression: (n) => check(n, literal(n.source)),
          CallExpression: (n) => {
            if (n.callee.type === 'Identifier' && n.callee.name === 'require') check(n, literal(n.arguments[0]));
            if (n.callee.type === 'MemberExpression' && n.callee.object.name === 'require' && n.callee.property.name === 'resolve')
              check(n, literal(n.arguments[0]));
          },
        };
      },
    },
  },
};
