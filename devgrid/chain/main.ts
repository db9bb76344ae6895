/**
 * Process entry of the dev chain:
 *   node -r ./cli/register-ts.js devgrid/chain/main.ts --port 9944 --data-dir D --block-time-ms 6000
 * Prints the WebSocket URL once listening; stops on SIGINT/SIGTERM.
 */
import { startDevChain } from './chain';

function parseArgs(argv: readonly string[]): { port?: number; dataDir?: string; blockTimeMs?: number } {
  const out: { port?: number; dataDir?: string; blockTimeMs?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const number = (name: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0)
        throw new Error(`dev chain: ${name} needs a non-negative integer, got '${value ?? ''}'`);
      i++;
      return n;
    };
    if (flag === '--port') out.port = number('--port');
    else if (flag === '--block-time-ms') out.blockTimeMs = number('--block-time-ms');
    else if (flag === '--data-dir') {
      if (!value) throw new Error('dev chain: --data-dir needs a directory');
      out.dataDir = value;
      i++;
    } else throw new Error(`dev chain: unknown option '${flag}' (use --port, --data-dir, --block-time-ms)`);
  }
  return out;
}

async function main(): Promise<void> {
  const chain = await startDevChain(parseArgs(process.argv.slice(2)));
  process.stdout.write(`dev chain listening on ${chain.url} (genesis ${chain.genesisHash})\n`);
  const stop = () => {
    void chain.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
