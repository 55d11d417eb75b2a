import type { Command } from 'commander';

export function registerAudit(program: Command, exit: (code: number) => void): void {
  program
    .command('audit')
    .argument('<path>', 'plan text (.txt UTF-8 or GB18030, .docx) or a folder of them')
    .option('--json', 'JSON output (JSON Lines for a folder)')
    .option('--lang <lang>', 'zh or en', 'zh')
    .description('audit a published supply plan: extract every figure and reconcile it')
    .action(async () => {
      exit(2);
    });
}
