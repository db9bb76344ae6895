/** Values shared by the examples (not a program itself). */

/** A public key for the examples: replace it with yours (the content of ~/.ssh/id_ed25519.pub). */
export const EXAMPLE_SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyReplaceWithYours user@example';
