/** Two 0-db namespaces on one node: a private key-value one and a public append-only one. */
import { App, NodeSelector, Zdb } from '../constructs';

export function build(): App {
  const app = new App({ projectName: 'example-zdb' });
  const node = new NodeSelector(app, 'node', { minHruGb: 20 });
  new Zdb(app, 'cache', {
    node,
    sizeGb: 10,
    mode: 'user',
    password: process.env.ZDB_PASSWORD ?? 'change-me-please',
  });
  new Zdb(app, 'log', { node, sizeGb: 5, mode: 'seq', public: true });
  return app;
}
