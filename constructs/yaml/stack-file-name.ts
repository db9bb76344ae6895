/** Which files are YAML stacks: a command checks the name before it loads the YAML reader. */

/** True for a file name a stack is read from. */
export function isStackFile(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}
