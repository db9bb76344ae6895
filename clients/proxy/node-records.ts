/**
 * Node records by id from the grid proxy, kept for a run: many nodes are read in one `/nodes`
 * request (`node_ids`, up to NODES_PER_REQUEST ids each), so a command that talks to a hundred
 * nodes does not ask the proxy a hundred times; a node it was not told about beforehand is read
 * alone (`/nodes/<id>`), which also says when the proxy does not know it.
 */
import type { GridProxyClient } from './client';
import type { ProxyNode } from './types';

/** Node ids per `/nodes?node_ids=` request: one page of the proxy client, and a short URL. */
export const NODES_PER_REQUEST = 100;

export class NodeRecords {
  private readonly known = new Map<number, Promise<ProxyNode>>();

  constructor(private readonly proxy: GridProxyClient) {}

  /** The node's record: kept, or read alone. */
  get(nodeId: number): Promise<ProxyNode> {
    let n = this.known.get(nodeId);
    if (!n) {
      n = this.proxy.node(nodeId);
      this.keep(nodeId, n);
    }
    return n;
  }

  /** Keeps records read elsewhere (a node listing). */
  remember(nodes: readonly ProxyNode[]): void {
    for (const n of nodes) this.known.set(n.nodeId, Promise.resolve(n));
  }

  /**
   * Reads the records of these nodes not known yet, in requests of NODES_PER_REQUEST ids at once.
   * A node the listing leaves out is not kept: `get` then reads it alone (and fails as that does).
   */
  async load(nodeIds: Iterable<number>): Promise<void> {
    const missing = [...new Set(nodeIds)].filter((id) => !this.known.has(id)).sort((a, b) => a - b);
    const chunks: number[][] = [];
    for (let i = 0; i < missing.length; i += NODES_PER_REQUEST)
      chunks.push(missing.slice(i, i + NODES_PER_REQUEST));
    await Promise.all(
      chunks.map(async (ids) => {
        const listed = this.proxy.nodes({ nodeIds: ids, size: NODES_PER_REQUEST, page: 1 });
        const byId = listed.then((nodes) => new Map(nodes.map((n) => [n.nodeId, n])));
        const kept = ids.map((id) => {
          const n = byId.then((m) => m.get(id) ?? this.proxy.node(id));
          this.keep(id, n);
          return n;
        });
        try {
          await listed;
        } catch {
          // the listing failed: each node is read alone when it is needed
          ids.forEach((id, i) => this.known.get(id) === kept[i] && this.known.delete(id));
        }
      }),
    );
  }

  /** Keeps a pending read; a failed one is forgotten, so the next `get` asks again. */
  private keep(nodeId: number, n: Promise<ProxyNode>): void {
    this.known.set(nodeId, n);
    n.catch(() => this.known.get(nodeId) === n && this.known.delete(nodeId));
  }
}
