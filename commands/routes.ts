import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { urlTable } from '../src/urls/resolver';

export default class Command extends BaseCommand {
  help = 'Lists the URL table: pattern, name, view and methods, in resolution order.';
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser.option('--json', 'print the table as JSON');
  }

  handle(options: CommandOptions): void {
    const rows = urlTable();
    if (options.json) {
      this.stdout.write(JSON.stringify(rows.map(({ pattern, name, view, methods }) => ({ pattern, name, view, methods: methods ?? ['*'] })), null, 2));
      return;
    }
    if (!rows.length) {
      this.stdout.write('No URL patterns (urlpatterns is empty).');
      return;
    }
    const table = [['PATTERN', 'NAME', 'VIEW', 'METHODS'], ...rows.map((r) => [r.pattern, r.name ?? '-', r.view, (r.methods ?? ['*']).join(',')])];
    const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
    for (const [i, row] of table.entries()) {
      const line = row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ');
      this.stdout.write(i === 0 ? this.style.httpInfo(line) : line);
    }
  }
}
