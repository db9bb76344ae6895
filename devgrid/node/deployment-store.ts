/**
 * The deployments a node holds, by twin and contract, with each workload's history of changes
 * (what `zos.deployment.changes` returns). Saved as one JSON file so a restarted node keeps them.
 * Stored deployments are frozen: readers that only look (statistics, lists answered over RMB, which
 * the proxy asks of every node on each request) get them without a copy; `get` gives a copy to change.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Deployment, Workload } from '../../model/zos/types';

interface Stored {
  deployment: Deployment;
  /** every state each workload went through, oldest first */
  changes: Workload[];
  /** false once the contract is cancelled and the workloads are deleted */
  active: boolean;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const key = (twin: number, contract: number): string => `${twin}/${contract}`;

/** Freezes `x` and everything in it (a write to it then throws: modules are strict). */
function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

export class DeploymentStore {
  private readonly items = new Map<string, Stored>();
  private readonly file?: string;

  constructor(dir?: string) {
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'deployments.json');
    if (fs.existsSync(this.file)) {
      const saved = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, Stored>;
      for (const [k, v] of Object.entries(saved)) this.items.set(k, { ...v, deployment: deepFreeze(v.deployment) });
    }
  }

  /** a copy: change it and `put` it back */
  get(twin: number, contract: number): Deployment | undefined {
    const d = this.items.get(key(twin, contract))?.deployment;
    return d && clone(d);
  }

  /** the deployment of a contract, whoever owns it */
  byContract(contract: number): Deployment | undefined {
    for (const s of this.items.values())
      if (s.deployment.contract_id === contract) return clone(s.deployment);
    return undefined;
  }

  isActive(twin: number, contract: number): boolean {
    return this.items.get(key(twin, contract))?.active ?? false;
  }

  /** all deployments still active, optionally of one twin */
  active(twin?: number): Deployment[] {
    return [...this.items.values()]
      .filter((s) => s.active && (twin === undefined || s.deployment.twin_id === twin))
      .map((s) => clone(s.deployment));
  }

  /**
   * All deployments still active, optionally of one twin, as stored: frozen, not copied. For
   * readers that only look; to change one, `get` it and `put` it back.
   */
  activeView(twin?: number): readonly Deployment[] {
    const out: Deployment[] = [];
    for (const s of this.items.values())
      if (s.active && (twin === undefined || s.deployment.twin_id === twin)) out.push(s.deployment);
    return out;
  }

  changes(twin: number, contract: number): Workload[] | undefined {
    const c = this.items.get(key(twin, contract))?.changes;
    return c && clone(c);
  }

  /** Saves the deployment and records the workloads whose result changed. */
  put(deployment: Deployment): void {
    const k = key(deployment.twin_id, deployment.contract_id);
    const prev = this.items.get(k);
    const changes = prev?.changes ?? [];
    const before = new Map((prev?.deployment.workloads ?? []).map((w) => [w.name, w]));
    for (const w of deployment.workloads) {
      const old = before.get(w.name);
      if (!old || old.version !== w.version || JSON.stringify(old.result) !== JSON.stringify(w.result)) {
        changes.push(JSON.parse(JSON.stringify(w)));
      }
    }
    const active = deployment.workloads.some((w) => w.result?.state !== 'deleted');
    this.items.set(k, { deployment: deepFreeze(clone(deployment)), changes, active });
    this.save();
  }

  private save(): void {
    if (!this.file) return;
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.items)));
    fs.renameSync(tmp, this.file);
  }
}
