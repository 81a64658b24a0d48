// `hyper collectstatic`: copies every static file into STATIC_ROOT and post-processes
// it (hashed names, rewritten references, minification, .gz/.br, staticfiles.json).
// It asks before overwriting unless --noinput; with no terminal to ask on it stops
// with exit code 3 instead of waiting.
import * as fs from 'node:fs';
import type prompts from 'prompts';
import { displayPath } from '../../../core/display-path';
import { BaseCommand, type CommandOptions, type CommandParser } from '../../../management/base-command';
import { CommandError, NeedsInputError } from '../../../management/errors';
import { collect } from '../../../management/run-command';
import type * as Collect from '../../../static/collect';
import { progressBar } from '../progress';

/** A progress bar only pays off above this many files. */
const PROGRESS_FROM = 200;

export default class Command extends BaseCommand {
  help = 'Collects the static files into STATIC_ROOT: hashed names, a manifest, minified and precompressed.';
  requiresSystemChecks = ['staticfiles'];

  addArguments(parser: CommandParser): void {
    parser
      .option('--noinput', 'ask nothing: overwrite files in STATIC_ROOT without confirmation')
      .option('--no-input', 'the same as --noinput')
      .option('--clear', 'delete every file in STATIC_ROOT before copying')
      .option('-n, --dry-run', 'do everything except change the file system')
      .option('-i, --ignore <pattern>', "ignore files matching this glob pattern (repeatable), e.g. -i '*.scss'", collect)
      .option('--no-default-ignore', "don't ignore the STATICFILES_IGNORE_PATTERNS ('CVS', '.*', '*~')")
      .option('-l, --link', 'symlink the files to their sources instead of copying them')
      .option('--no-post-process', "copy only: no hashed names, minification, compression or manifest");
  }

  async handle(options: CommandOptions): Promise<void> {
    const verbosity: number = options.verbosity ?? 1;
    const dryRun = Boolean(options.dryRun);
    // Required here: `hyper check` and `hyper help` load every command, and run none.
    const { collectStatic, staticRootDir } = require('../../../static/collect') as typeof Collect;
    const root = staticRootDir();
    if (!dryRun) await this.confirm(root, Boolean(options.clear), Boolean(options.noinput) || options.input === false);
    const progress = this.stderr.isTTY && verbosity >= 1 ? progressBar(this.stderr, PROGRESS_FROM) : undefined;
    const result = await collectStatic({
      clear: Boolean(options.clear),
      dryRun,
      link: Boolean(options.link),
      ignore: options.ignore ?? [],
      useDefaultIgnore: options.defaultIgnore !== false,
      postProcess: options.postProcess !== false,
      log: (message, level) => {
        if (verbosity >= level) this.stdout.write(message);
      },
      warn: (message) => this.stderr.write(message, this.style.warning),
      progress: progress?.update,
    }).finally(() => progress?.done());
    if (verbosity < 1) return;
    const files = (n: number) => `${n} static file${n === 1 ? '' : 's'}`;
    const parts = [
      `${files(result.copied)} ${dryRun ? 'would be ' : ''}${options.link ? 'symlinked' : 'copied'} to '${displayPath(result.destination)}'`,
    ];
    if (result.unmodified) parts.push(`${result.unmodified} unmodified`);
    if (result.postProcessed) parts.push(`${result.postProcessed} post-processed`);
    const deleted = result.deleted ? `${files(result.deleted)} ${dryRun ? 'would be ' : ''}deleted. ` : '';
    this.stdout.write(`${deleted}${parts.join(', ')}.`);
  }

  /** Asks before overwriting or deleting files already in STATIC_ROOT. */
  private async confirm(root: string, clear: boolean, noinput: boolean): Promise<void> {
    const hasFiles = fs.existsSync(root) && fs.readdirSync(root).length > 0;
    if (noinput || !hasFiles) return;
    const what = clear ? 'This will DELETE ALL FILES in this location!' : 'This will overwrite existing files!';
    if (!(this.stdin as NodeJS.ReadStream).isTTY) {
      throw new NeedsInputError(`${displayPath(root)} (STATIC_ROOT) already holds files and collectstatic${clear ? ' --clear would delete them' : ' would overwrite them'}; there is no terminal to confirm on. Run it with --noinput.`);
    }
    this.stdout.write(`You have requested to collect static files at the destination location as specified in your settings:\n\n    ${root}\n\n${what}`);
    const { answer } = await (require('prompts') as typeof prompts)(
      { type: 'confirm', name: 'answer', message: 'Are you sure you want to do this?', initial: false, stdin: this.stdin as NodeJS.ReadStream, stdout: process.stdout },
      { onCancel: () => undefined },
    );
    if (!answer) throw new CommandError('Collecting static files cancelled.');
  }
}
