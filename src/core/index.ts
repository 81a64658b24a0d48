// src/core: what every layer may use: the base error catalogue, TypeScript loading
// of user code, .env parsing, did-you-mean suggestions. Imports nothing above it.
export { HyperError, ImproperlyConfigured, InvalidArgument, LookupError, UnknownTimeZone, UserCodeError } from './errors';
export type { HyperErrorOptions, SourceLocation } from './errors';
export { closestMatch, didYouMean, editDistance } from './suggest';
export { parseDotenv, readDotenv } from './dotenv';
export { displayPath } from './display-path';
export { cleanse, maskUrlPasswords, MASK, SECRET_HEADER, SECRET_NAME } from './cleanse';
export { registerTypeScriptLoader, TYPESCRIPT_EXTENSIONS } from './ts-loader/register';
export { transformTypeScript } from './ts-loader/transform';
export { userFrame } from './user-frame';
export { asUserCodeError, loadUserModule } from './load-user-module';
export { frameworkRoot, frameworkVersion } from './framework-root';
export { MODULE_EXTENSIONS, moduleCandidates, resolveModuleFile } from './module-file';
export { onShutdown, runShutdownHooks } from './shutdown';
export { wraps } from './wraps';
