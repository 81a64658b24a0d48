// hyperdjango/template: a Jinja2-compatible template language compiled to JS
// functions, autoescaped, with Django's filters and conventions. The engine
// (engine.ts) is configured from settings.TEMPLATES; Environment can also be used
// on its own.
export { Environment, type EnvironmentOptions } from './environment';
export { Template, generateCode } from './template';
export { FileSystemLoader, DictLoader, ChoiceLoader, type Loader, type TemplateSource } from './loaders';
export { Markup, SafeString, markSafe, escape, escapeHtml, type HasHtml } from './markup';
export { makeTemplateFragmentKey } from './fragment-cache';
export {
  TemplateError,
  TemplateSyntaxError,
  TemplateDoesNotExist,
  TemplateRuntimeError,
  UndefinedError,
  type TemplateFrame,
} from './errors';
export {
  getEngine,
  resetEngine,
  renderToString,
  fromString,
  getTemplate,
  selectTemplate,
  registerFilter,
  registerTest,
  registerGlobal,
  templateDirs,
  type TemplatesEntry,
} from './engine';
export { registerContextProcessor, BUILTIN_PROCESSORS, type ContextProcessor } from './context-processors';
export { defineFilter, type FilterFunction, type TestFunction, type EvalInfo } from './filters/types';
export { Namespace } from './runtime';
export { LoopContext } from './loop';
export { formatDate } from './filters/dates';
export { checkTemplateSettings, checkTemplateSyntax } from './checks';
