/** Dependency levels of a manifest's units (pure): each level only needs results of earlier ones. */
import type { ManifestUnit } from '../constructs/manifest';

export function dependencyLevels<U extends Pick<ManifestUnit, 'id' | 'dependsOn'>>(
  units: readonly U[],
): U[][] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (u: U): number => {
    const known = level.get(u.id);
    if (known !== undefined) return known;
    if (visiting.has(u.id))
      throw new Error(`units depend on each other in a cycle through '${u.id}': break the reference loop`);
    visiting.add(u.id);
    let d = 0;
    for (const dep of u.dependsOn) {
      const other = byId.get(dep);
      if (other) d = Math.max(d, depth(other) + 1);
    }
    visiting.delete(u.id);
    level.set(u.id, d);
    return d;
  };
  const levels: U[][] = [];
  for (const u of [...units].sort((a, b) => a.id.localeCompare(b.id))) {
    const d = depth(u);
    (levels[d] ??= []).push(u);
  }
  return levels.filter(Boolean);
}
