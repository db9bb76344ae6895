/**
 * What the explorer never shows (pure): a workload's secrets. Any field whose name says it holds a
 * secret (zdb and zstor passwords, wireguard private keys, mycelium keys and seeds, qsfs encryption
 * keys, tokens) becomes `[redacted]`, at any depth, and a machine's environment shows its variable
 * names only (it carries the k3s token and whatever a program puts there).
 */
export const REDACTED = '[redacted]';

/** Field names whose values are secrets, in zos's spelling. */
const SECRET_FIELD = /password|private|secret|token|^key$|hex_key|seed|mnemonic/i;

export function redactSecrets(value: unknown, field = ''): unknown {
  if (SECRET_FIELD.test(field) && value !== undefined && value !== null && value !== '') return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === 'env' && v && typeof v === 'object' && !Array.isArray(v))
      out[k] = Object.fromEntries(Object.keys(v).map((name) => [name, REDACTED]));
    else out[k] = redactSecrets(v, k);
  }
  return out;
}
