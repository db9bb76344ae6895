/** A zstor cluster: 3 data + 2 parity shards on 5 distinct nodes (1.67x overhead, survives 2 node losses). */
import { App, NodeSelector, ZstorCluster } from '../constructs';

export function build(): App {
  const app = new App({ projectName: 'example-zstor' });
  const storage = new NodeSelector(app, 'storage', { minHruGb: 100 });
  new ZstorCluster(app, 'store', { nodes: storage, dataShards: 3, parityShards: 2, zdbSizeGb: 100 });
  return app;
}
