/**
 * The deployments a node holds, by twin and contract, with each workload's history of changes
 * (what `zos.deployment.changes` returns), kept on disk so a restarted node keeps them.
 * Stored deployments are frozen: readers that only look (statistics, lists answered over RMB, which
 * the proxy asks of every node on each request) get them without a copy; `get` gives a copy to change.
 *
 * On disk: a snapshot (`deployments.json`, written to a temporary file and renamed) and a journal
 * (`deployments.journal`, one JSON line per `put`, appended before `put` returns). A `put` costs
 * the size of that one deployment, not of all of them; once the journal holds more lines than
 * twice the deployments (and at least COMPACT_MIN_LINES), it is folded into a new snapshot.
 * Every line carries a sequence number and the snapshot the last one it holds, so a kill between
 * the snapshot's rename and the journal's removal replays nothing twice. A kill in the middle of an
 * append leaves a last line without its newline: it was never acknowledged, and loading drops it.
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

/** One journal line: the deployment as put, the workload states it added to the history. */
interface JournalLine {
  readonly seq: number;
  readonly key: string;
  readonly deployment: Deployment;
  readonly added: Workload[];
  readonly active: boolean;
}

/** The snapshot file: every deployment, and the last journal line folded into it. */
interface Snapshot {
  readonly seq: number;
  readonly items: Record<string, Stored>;
}

/** Journal lines written before a compaction is considered. */
const COMPACT_MIN_LINES = 1000;

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
  private readonly journal?: string;
  /** sequence number of the last journal line written or read */
  private seq = 0;
  /** journal lines since the last snapshot */
  private journalLines = 0;

  constructor(dir?: string) {
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'deployments.json');
    this.journal = path.join(dir, 'deployments.journal');
    if (fs.existsSync(this.file)) {
      const saved = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Snapshot | Record<string, Stored>;
      // a snapshot of an older dev grid is the map of deployments alone
      const snapshot: Snapshot =
        typeof saved.seq === 'number' ? (saved as Snapshot) : { seq: 0, items: saved as Record<string, Stored> };
      this.seq = snapshot.seq;
      for (const [k, v] of Object.entries(snapshot.items))
        this.items.set(k, { ...v, deployment: deepFreeze(v.deployment) });
    }
    if (fs.existsSync(this.journal)) this.replay(this.journal);
  }

  /** Applies the journal's lines newer than the snapshot; drops a torn last line from the file. */
  private replay(file: string): void {
    const text = fs.readFileSync(file, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    // a last line without its newline is an append cut short: never acknowledged
    if (end < text.length) fs.truncateSync(file, Buffer.byteLength(text.slice(0, end)));
    const lines = text.slice(0, end).split('\n');
    lines.pop();
    for (const [i, json] of lines.entries()) {
      let line: JournalLine;
      try {
        line = JSON.parse(json) as JournalLine;
      } catch (e) {
        throw new Error(
          `dev node: ${file} line ${i + 1} is not valid JSON (${(e as Error).message}): the node's deployments cannot be restored; remove the grid's data folder to start afresh`,
        );
      }
      this.journalLines++;
      if (line.seq <= this.seq) continue;
      this.seq = line.seq;
      const changes = this.items.get(line.key)?.changes ?? [];
      changes.push(...line.added);
      this.items.set(line.key, { deployment: deepFreeze(line.deployment), changes, active: line.active });
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

  /** Saves the deployment and records the workloads whose result changed; on disk before it returns. */
  put(deployment: Deployment): void {
    const k = key(deployment.twin_id, deployment.contract_id);
    const prev = this.items.get(k);
    const changes = prev?.changes ?? [];
    const before = new Map((prev?.deployment.workloads ?? []).map((w) => [w.name, w]));
    const added: Workload[] = [];
    for (const w of deployment.workloads) {
      const old = before.get(w.name);
      if (!old || old.version !== w.version || JSON.stringify(old.result) !== JSON.stringify(w.result)) {
        added.push(clone(w));
      }
    }
    changes.push(...added);
    const active = deployment.workloads.some((w) => w.result?.state !== 'deleted');
    // encoded once: the stored copy and the journal line are made from the same JSON
    const json = JSON.stringify(deployment);
    this.items.set(k, { deployment: deepFreeze(JSON.parse(json) as Deployment), changes, active });
    this.append(this.seq + 1, k, json, added, active);
  }

  /** Appends a JournalLine, its deployment given as JSON. */
  private append(seq: number, k: string, deploymentJson: string, added: Workload[], active: boolean): void {
    if (!this.journal) return;
    const line = `{"seq":${seq},"key":${JSON.stringify(k)},"deployment":${deploymentJson},"added":${JSON.stringify(added)},"active":${active}}`;
    fs.appendFileSync(this.journal, `${line}\n`);
    this.seq = seq;
    this.journalLines++;
    if (this.journalLines >= Math.max(COMPACT_MIN_LINES, 2 * this.items.size)) this.compact();
  }

  /** Folds the journal into a new snapshot (written whole, then renamed), then removes the journal. */
  private compact(): void {
    if (!this.file || !this.journal) return;
    const snapshot: Snapshot = { seq: this.seq, items: Object.fromEntries(this.items) };
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(snapshot));
    fs.renameSync(tmp, this.file);
    fs.rmSync(this.journal, { force: true });
    this.journalLines = 0;
  }
}
