/**
 * The keys a machine sandbox accepts: OpenSSH public key lines as found in a machine's `SSH_KEY` env
 * (ed25519, RSA and ECDSA), checked with ssh2's own key parser so signatures verify exactly as a real
 * sshd would verify them.
 */
import { utils, type ParsedKey } from 'ssh2';

/** A parsed authorized key. */
export interface AuthorizedKey {
  /** key type, e.g. `ssh-ed25519`, `ssh-rsa` */
  readonly type: string;
  /** the key's SSH wire blob, compared byte for byte with the key a client offers */
  readonly blob: Buffer;
  readonly parsed: ParsedKey;
}

/** The outcome of parsing authorized key lines: usable keys and why other lines were skipped. */
export interface AuthorizedKeys {
  readonly keys: AuthorizedKey[];
  /** one message per skipped line, naming the line number (never the line: it may be pasted garbage) */
  readonly skipped: string[];
}

const KEY_TYPE = /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521))$/;

/**
 * Parses OpenSSH public key lines. A line may hold several keys separated by newlines, and may start
 * with authorized_keys options (`from="..." ssh-ed25519 AAAA...`): the key starts at its type token.
 * Blank lines and `#` comments are ignored; unparsable lines are reported in `skipped`.
 */
export function parseAuthorizedKeys(lines: readonly string[]): AuthorizedKeys {
  const keys: AuthorizedKey[] = [];
  const skipped: string[] = [];
  const all = lines.flatMap((l) => l.split(/\r?\n/));
  all.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const tokens = line.split(/\s+/);
    const at = tokens.findIndex((t) => KEY_TYPE.test(t));
    if (at < 0 || at + 1 >= tokens.length) {
      skipped.push(
        `authorized key line ${index + 1}: no "<type> <base64>" key found (types: ssh-ed25519, ssh-rsa, ecdsa-sha2-*)`,
      );
      return;
    }
    const parsed = utils.parseKey(tokens.slice(at).join(' '));
    if (parsed instanceof Error) {
      skipped.push(`authorized key line ${index + 1}: ${parsed.message}`);
      return;
    }
    keys.push({ type: parsed.type, blob: parsed.getPublicSSH(), parsed });
  });
  return { keys, skipped };
}

/** The authorized key whose blob equals the key a client offers, if any. */
export function findAuthorizedKey(
  keys: readonly AuthorizedKey[],
  offeredBlob: Buffer,
): AuthorizedKey | undefined {
  return keys.find((k) => k.blob.equals(offeredBlob));
}
