// System checks for TEMPLATES (tag: templates). Importing this module registers
// them; the template package's index imports it.
import fs from 'node:fs';
import path from 'node:path';
import { register, Tags, type CheckContext } from '../checks/registry';
import { CheckError, Warning, type CheckMessage } from '../checks/messages';
import { closestMatch } from '../core/suggest';
import { resolveContextProcessor } from './context-processors';
import { OPTIONS_KEYS, TEMPLATES_KEYS, buildLoader, type TemplatesEntry } from './engine';
import { Environment } from './environment';
import { TemplateSyntaxError } from './errors';

const hintFor = (key: string, known: string[]) => {
  const match = closestMatch(key, known);
  return match ? `Did you mean '${match}'?` : `Known keys: ${known.join(', ')}.`;
};

export function checkTemplateSettings(context: CheckContext): CheckMessage[] {
  const messages: CheckMessage[] = [];
  const entries = (context.settings.values.TEMPLATES ?? []) as TemplatesEntry[];
  const baseDir = String(context.settings.values.BASE_DIR ?? context.settings.projectRoot);
  if (entries.length > 1) {
    messages.push(new Warning(`TEMPLATES has ${entries.length} entries; only the first is used.`, { id: 'templates.W002', obj: 'TEMPLATES' }));
  }
  entries.slice(0, 1).forEach((entry) => {
    for (const key of Object.keys(entry)) {
      if (!TEMPLATES_KEYS.includes(key)) {
        messages.push(new CheckError(`TEMPLATES entry has an unknown key '${key}'.`, { id: 'templates.E001', obj: 'TEMPLATES', hint: hintFor(key, TEMPLATES_KEYS) }));
      }
    }
    const options = (entry.OPTIONS ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(options)) {
      if (!OPTIONS_KEYS.includes(key)) {
        messages.push(new CheckError(`TEMPLATES OPTIONS has an unknown key '${key}'.`, { id: 'templates.E001', obj: 'TEMPLATES', hint: hintFor(key, OPTIONS_KEYS) }));
      }
    }
    if (options.undefined !== undefined && options.undefined !== 'strict' && options.undefined !== 'lenient') {
      messages.push(new CheckError(`TEMPLATES OPTIONS.undefined must be 'strict' or 'lenient', not ${JSON.stringify(options.undefined)}.`, { id: 'templates.E002', obj: 'TEMPLATES' }));
    }
    for (const processor of (options.contextProcessors as unknown[] | undefined) ?? []) {
      try {
        resolveContextProcessor(processor, baseDir);
      } catch (error) {
        messages.push(new CheckError((error as Error).message, { id: 'templates.E003', obj: 'TEMPLATES' }));
      }
    }
    for (const dir of entry.DIRS ?? []) {
      const full = path.resolve(baseDir, dir);
      if (!fs.existsSync(full)) {
        messages.push(new Warning(`TEMPLATES DIRS entry '${dir}' does not exist (${full}).`, { id: 'templates.W001', obj: 'TEMPLATES', hint: 'Create the folder or remove it from DIRS.' }));
      }
    }
  });
  return messages;
}

/** Compiles every template the loaders can see, so syntax errors surface at `hyper check`. */
export function checkTemplateSyntax(context: CheckContext): CheckMessage[] {
  const entries = (context.settings.values.TEMPLATES ?? []) as TemplatesEntry[];
  const entry = entries[0] ?? { DIRS: [], APP_DIRS: true };
  const options = (entry.OPTIONS ?? {}) as Record<string, unknown>;
  const loader = buildLoader(entry);
  // Custom filters registered in code are unknown here; only syntax errors are reported.
  const env = new Environment({ loader, lineStatementPrefix: options.lineStatementPrefix as string | undefined, lineCommentPrefix: options.lineCommentPrefix as string | undefined });
  const messages: CheckMessage[] = [];
  for (const name of loader.listTemplates()) {
    try {
      env.getTemplate(name);
    } catch (error) {
      if (error instanceof TemplateSyntaxError && !/^unknown (filter|test) /.test(error.description)) {
        messages.push(new CheckError(error.message, { id: 'templates.E004', obj: name, hint: error.snippet.trim() }));
      }
    }
  }
  return messages;
}

// Opt-in: only commands that render (check, runserver, serve) run them, so a broken
// template does not stop `migrate` or `createsuperuser`.
register(checkTemplateSettings, Tags.templates, { optIn: true });
register(checkTemplateSyntax, Tags.templates, { optIn: true });
