/**
 * The files `tfgrid init` writes (pure: text from a project name and this package's version). The
 * program is the README's "A program"; `--pulumi` adds a Pulumi project that deploys the same App;
 * `--yaml` writes the same App as a stack file (stack.yaml) instead of a TypeScript program.
 */

/** What a new project is made of. */
export interface ProjectTemplate {
  /** file name -> content, in the order they are written */
  readonly files: ReadonlyMap<string, string>;
  /** dependencies the project's package.json needs: name -> version range */
  readonly dependencies: Readonly<Record<string, string>>;
  /** npm scripts added to package.json */
  readonly scripts: Readonly<Record<string, string>>;
}

/** The Pulumi SDK range the provider is built and tested against (our peer dependency). */
export const PULUMI_RANGE = '^3.248.0';

/** A valid `projectName` from a directory name: lowercase letters, digits and dashes, at most 32. */
export function projectNameOf(dirName: string): string {
  const name = dirName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return name || 'my-project';
}

/** The program: a machine and a password-protected zdb on one node. */
export function programSource(projectName: string): string {
  return `import { App, Flist, Machine, Network, NodeSelector, Zdb } from 'tfgrid-iac';

export function build(): App {
  const app = new App({ projectName: '${projectName}' });
  const node = new NodeSelector(app, 'node', { minCru: 2, minMruGb: 4 });
  const net = new Network(app, 'net', { ipRange: '10.20.0.0/16' });
  new Machine(app, 'vm', {
    node,
    network: net,
    flist: Flist.ubuntu22(),
    cpu: 2,
    memoryMb: 4096,
    sshKeys: [process.env.SSH_PUBLIC_KEY!],
  });
  new Zdb(app, 'db', { node, sizeGb: 10, mode: 'user', password: process.env.ZDB_PASSWORD! });
  return app;
}
`;
}

/** The program as a YAML stack: the same App as programSource(), checked by editors against the stack schema. */
export function stackSource(projectName: string): string {
  return `# yaml-language-server: $schema=./node_modules/tfgrid-iac/stack.schema.json
# A machine and a zdb on one node. Kinds and fields: node_modules/tfgrid-iac/docs/yaml.md
project: ${projectName}
resources:
  node:
    kind: NodeSelector
    minCru: 2
    minMruGb: 4
  net:
    kind: Network
    ipRange: 10.20.0.0/16
  vm:
    kind: Machine
    node: node
    network: net
    flist: ubuntu22
    cpu: 2
    memoryMb: 4096
    sshKeys:
      - \${env:SSH_PUBLIC_KEY:plain}
  db:
    kind: Zdb
    node: node
    sizeGb: 10
    mode: user
    password: \${env:ZDB_PASSWORD}
`;
}

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'node16',
      moduleResolution: 'node16',
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    },
    include: ['*.ts'],
  },
  null,
  2,
)}\n`;

const GITIGNORE = `node_modules/
# the local dev grid's state (tfgrid devgrid)
.tfgrid/
`;

const PULUMI_PROGRAM = `/** The App of main.ts deployed with Pulumi: \`pulumi up\` (see README.md for the stack config). */
import { deployApp } from 'tfgrid-iac/pulumi';
import { build } from './main';

const outputs = deployApp(build());

/** The machine's addresses and the zdb's endpoints, by construct path. */
export const vm = outputs.vm.workloads;
export const db = outputs.db.workloads;
`;

function pulumiYaml(projectName: string): string {
  return `name: ${projectName}
description: A ThreeFold Grid project deployed with tfgrid-iac
runtime:
  name: nodejs
  options:
    # tfgrid-iac/register loads index.ts with a type check against tsconfig.json (Pulumi's bundled
    # TypeScript is too old for current type definitions, so its own loader is turned off)
    typescript: false
    nodeargs: --require=tfgrid-iac/register
main: index.ts
# Stack config (pulumi config set ...):
#   tfgrid:network         local (the dev grid, default), dev, qa, test or main
#   tfgrid:mnemonic        the deploying account (--secret; or the TFGRID_MNEMONIC environment variable)
#   tfgrid:substrateUrl, tfgrid:relayUrl, tfgrid:proxyUrl   explicit endpoints, all three together
#   tfgrid:timeoutSeconds  how long a node may take to report its workloads ok (default 300)
`;
}

function readme(projectName: string, pulumi: boolean, program: string): string {
  const pulumiPart = pulumi
    ? `
## With Pulumi

\`index.ts\` deploys the same App with Pulumi (\`Pulumi.yaml\` loads it through \`tfgrid-iac/register\`):

\`\`\`sh
npx tfgrid devgrid up --detach                      # for tfgrid:network local
pulumi stack init dev
pulumi config set tfgrid:network local              # or dev | qa | test | main
pulumi config set --secret tfgrid:mnemonic '<words>' # public networks; or export TFGRID_MNEMONIC
pulumi up
\`\`\`

Config keys: \`tfgrid:network\`, \`tfgrid:mnemonic\` (secret), \`tfgrid:substrateUrl\`,
\`tfgrid:relayUrl\`, \`tfgrid:proxyUrl\` (all three together), \`tfgrid:timeoutSeconds\`.
`
    : '';
  return `# ${projectName}

Infrastructure on the [ThreeFold Grid](https://threefold.io) with
[tfgrid-iac](https://www.npmjs.com/package/tfgrid-iac): \`${program}\` ${
    program.endsWith('.ts') ? 'builds an App with' : 'is a stack of'
  } a machine and a zdb.

\`\`\`sh
npm install
export SSH_PUBLIC_KEY="$(cat ~/.ssh/id_ed25519.pub)"   # the key you log in to the machine with
export ZDB_PASSWORD="$(openssl rand -hex 16)"          # the zdb's password
npx tfgrid validate ${program}
npx tfgrid plan ${program}
npx tfgrid apply ${program} --yes
npx tfgrid destroy ${program} --yes
\`\`\`

Without \`--network\` this runs on a local dev grid (state in \`.tfgrid/\`, ignored by git); on a
public network set \`TFGRID_MNEMONIC\` and pass \`--network test\` (or \`main\`).
${pulumiPart}`;
}

/** The files and package.json entries of a new project. */
export function projectTemplate(
  projectName: string,
  version: string,
  pulumi: boolean,
  yaml = false,
): ProjectTemplate {
  const program = yaml ? 'stack.yaml' : 'main.ts';
  const files = new Map<string, string>([
    ...(yaml
      ? ([['stack.yaml', stackSource(projectName)]] as const)
      : ([
          ['tsconfig.json', TSCONFIG],
          ['main.ts', programSource(projectName)],
        ] as const)),
    ['.gitignore', GITIGNORE],
    ['README.md', readme(projectName, pulumi, program)],
  ]);
  const dependencies: Record<string, string> = { 'tfgrid-iac': `^${version}` };
  if (pulumi) {
    files.set('Pulumi.yaml', pulumiYaml(projectName));
    files.set('index.ts', PULUMI_PROGRAM);
    dependencies['@pulumi/pulumi'] = PULUMI_RANGE;
  }
  const scripts = {
    validate: `tfgrid validate ${program}`,
    plan: `tfgrid plan ${program}`,
    apply: `tfgrid apply ${program}`,
    destroy: `tfgrid destroy ${program}`,
  };
  return { files, dependencies, scripts };
}
