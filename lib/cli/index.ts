#!/usr/bin/env node
// The `tstorch` command: finetune, predict, run, doctor.
import { UsageError } from './args.js';

const USAGE = `usage: tstorch <command> [options]

commands:
  finetune   fine-tune a sequence classifier (tstorch finetune --help)
  predict    classify texts with a fine-tuned model folder (tstorch predict --help)
  run        start a script on several processes for distributed training (tstorch run --help)
  doctor     versions, libtorch, devices and threads (--json for a machine-readable report)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'doctor':
      // commands load the native addon lazily: a missing libtorch is then a message, not an import crash
      (await import('./doctor.js')).printDoctor(rest.includes('--json'));
      return 0;
    case 'finetune':
      // image and audio classification have their own flow (finetune-media.ts)
      if (rest.some((a, i) => a.startsWith('--task=') || (a === '--task' && rest[i + 1] !== undefined))) return (await import('./finetune-media.js')).finetuneMediaCommand(rest);
      return (await import('./finetune.js')).finetuneCommand(rest);
    case 'predict':
      return (await import('./predict.js')).predictCommand(rest);
    case 'run':
      return (await import('./run.js')).runCommand(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`tstorch: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`tstorch: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  },
);
