/** Values shared by the examples (not a program itself). */
import { createHash } from 'crypto';
import { ed25519KeyFromSeed, sshKeyPairOf } from '../../devgrid/sandbox/ssh-keys';

/**
 * An SSH key pair for the examples on the dev grid, derived from a fixed, public seed so that the
 * examples stay deterministic and `tfgrid apply --verify` can log in. Anyone can derive it: for a
 * real machine put your own public key (the content of ~/.ssh/id_ed25519.pub) instead.
 */
const pair = sshKeyPairOf(
  ed25519KeyFromSeed(createHash('sha256').update('tfgrid-iac example key (public, dev grid only)').digest()),
  'tfgrid-iac-example',
);

export const EXAMPLE_SSH_KEY = pair.publicKeyLine;
/** The private half of EXAMPLE_SSH_KEY (OpenSSH format): public knowledge, for the dev grid only. */
export const EXAMPLE_SSH_PRIVATE_KEY = pair.privateKey;
