/** "Did you mean": the closest of some names to a misspelt one (edit distance, case ignored). */

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_v, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The candidate closest to `word` when it is close enough to be a slip (about a third of it), else undefined. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase());
    if (!best || d < best.d) best = { name: c, d };
  }
  if (!best) return undefined;
  return best.d <= Math.max(1, Math.floor(word.length / 3)) ? best.name : undefined;
}

/** `did you mean 'x'?` or, with nothing close, the list of what is allowed. */
export function didYouMean(word: string, candidates: readonly string[], what: string): string {
  const c = closest(word, candidates);
  if (c !== undefined) return `did you mean '${c}'?`;
  return candidates.length > 0 ? `use one of the ${what}: ${candidates.join(', ')}` : `remove it`;
}
