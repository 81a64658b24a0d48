// Who hears of a 500 besides the log: the setup path (src/management/wiring.ts)
// installs the mail layer's reporter (mail to ADMINS with DEBUG off, as Django's
// AdminEmailHandler), a floor above the handler. A reporter must not throw and must
// not hold the response: the handler does not wait for it.
import { Slot } from '../core/slot';
import type { Request } from './request';

export type ErrorReporter = (request: Request, error: unknown) => void;
export const errorReporter = new Slot<ErrorReporter>('The server error reporter', 'call setupProject() or installFramework() (hyperdjango/management).');
