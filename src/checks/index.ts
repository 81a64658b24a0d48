// src/checks: the system check framework (messages, registry) and the framework's
// built-in checks. Checks of higher layers register themselves from those layers.
import './builtin/settings-checks';
import './builtin/security-checks';

export {
  CheckMessage,
  Debug,
  Info,
  Warning,
  CheckError,
  Critical,
  DEBUG,
  INFO,
  WARNING,
  ERROR,
  CRITICAL,
  LEVEL_NAMES,
  levelFromName,
} from './messages';
export type { CheckMessageOptions } from './messages';
export { CheckRegistry, register, registry, Tags } from './registry';
export type { CheckContext, CheckFunction, RegisterOptions, RunOptions } from './registry';
export { isWeakSecretKey, INSECURE_KEY_PREFIX } from './builtin/security-checks';
