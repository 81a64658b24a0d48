// A compiled template: the module the generated code returns, and render().
import { Compiler } from './compiler';
import { drive } from './drive';
import { TemplateError, type TemplateOrigin } from './errors';
import type { FilterEnvironment } from './filters/types';
import { Lexer, type LexerOptions } from './lexer';
import { LoopContext } from './loop';
import { Parser } from './parser';
import * as renderRuntime from './render-runtime';
import type { Context, HostTemplate, TemplateHost, TemplateModule } from './render-runtime';
import * as runtime from './runtime';
import { fragmentGet, fragmentSet, makeTemplateFragmentKey } from './fragment-cache';

const RT = Object.freeze({ ...runtime, ...renderRuntime, LoopContext, fragmentKey: makeTemplateFragmentKey, fragmentGet, fragmentSet });

export interface CompileSettings extends LexerOptions {
  autoescape: boolean;
  strict: boolean;
}

/** Template source to the JS source of its module (exposed for debugging and tests). */
export function generateCode(source: string, name: string, env: FilterEnvironment, settings: CompileSettings): string {
  const lexer = new Lexer(source, name, settings);
  const ast = new Parser(lexer).parseTemplate();
  return new Compiler(env, lexer, { name, autoescape: settings.autoescape, strict: settings.strict }).compile(ast);
}

export interface TemplateEnvironment extends TemplateHost, FilterEnvironment {
  newContext(vars?: Record<string, unknown>): Context;
}

export class Template implements HostTemplate {
  readonly module: TemplateModule;
  importCache?: Record<string, unknown>;

  constructor(
    readonly env: TemplateEnvironment,
    readonly name: string,
    code: string,
    readonly filename?: string,
    /** The template's source, kept so that a failed render can show where it failed. */
    readonly source?: string,
  ) {
    let factory: (rt: typeof RT, env: TemplateEnvironment, origin: TemplateOrigin) => TemplateModule;
    try {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- compiling a template to JavaScript is the point
      factory = new Function('rt', 'E', 'O', code) as typeof factory;
    } catch (error) {
      // The generator produced invalid JS: a bug here, not in the template.
      throw new TemplateError('HYPER_TEMPLATE_INTERNAL', `${name}: internal error compiling the template: ${(error as Error).message}`, { cause: error });
    }
    this.module = factory(RT, env, { name, filename, source });
  }

  /** Renders with `context` on top of the environment's globals. */
  render(context: Record<string, unknown> = {}): Promise<string> {
    try {
      return Promise.resolve(drive(this.module.root(this.env.newContext(context))));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Renders one block of this template on its own (for fragments, e.g. htmx responses). */
  async renderBlock(name: string, context: Record<string, unknown> = {}): Promise<string> {
    const blocks = renderRuntime.newBlockRegistry();
    renderRuntime.addBlocks(blocks, this.module.blocks);
    if (!blocks[name]) throw new TemplateError('HYPER_TEMPLATE_RUNTIME', `${this.name}: no block named '${name}'`);
    return renderRuntime.renderBlock(blocks, name, this.env.newContext(context));
  }
}
