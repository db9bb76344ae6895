/**
 * The `tfgrid` command line. Each command lives in its own file under provider/cli/commands/.
 */
export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write('usage: tfgrid <command> [options]\n');
    return 0;
  }
  process.stderr.write(`tfgrid: unknown command '${command}'. Run 'tfgrid --help' for the list of commands.\n`);
  return 2;
}
