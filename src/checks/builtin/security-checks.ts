// Deploy checks (`hyper check --deploy`): settings that are fine while developing and
// dangerous in production. Ids follow Django's.
import { CheckMessage, Warning } from '../messages';
import { register, Tags, type CheckContext } from '../registry';

export const INSECURE_KEY_PREFIX = 'hyper-insecure-';
const MIN_KEY_LENGTH = 50;
const MIN_KEY_UNIQUE_CHARACTERS = 5;

export function isWeakSecretKey(key: string): boolean {
  return key.length < MIN_KEY_LENGTH || new Set(key).size < MIN_KEY_UNIQUE_CHARACTERS || key.startsWith(INSECURE_KEY_PREFIX);
}

const WEAK_KEY_HINT =
  `Use a long random value kept out of the code, e.g. SECRET_KEY: env.str('SECRET_KEY') with ` +
  "`node -e \"console.log(require('crypto').randomBytes(48).toString('base64url'))\"` in the environment.";

export function checkSecretKeyStrength({ settings }: CheckContext): CheckMessage[] {
  const messages: CheckMessage[] = [];
  const key = settings.values.SECRET_KEY as string;
  if (key && isWeakSecretKey(key)) {
    messages.push(
      new Warning(
        `Your SECRET_KEY has fewer than ${MIN_KEY_LENGTH} characters, fewer than ${MIN_KEY_UNIQUE_CHARACTERS} unique ` +
          `characters, or the '${INSECURE_KEY_PREFIX}' prefix of a generated development key: signing is weak.`,
        { id: 'security.W009', hint: WEAK_KEY_HINT },
      ),
    );
  }
  (settings.values.SECRET_KEY_FALLBACKS as string[]).forEach((fallback, index) => {
    if (isWeakSecretKey(fallback)) {
      messages.push(
        new Warning(`SECRET_KEY_FALLBACKS[${index}] is weak (short, repetitive or a generated development key).`, {
          id: 'security.W025',
          hint: WEAK_KEY_HINT,
        }),
      );
    }
  });
  return messages;
}

export function checkDebug({ settings }: CheckContext): CheckMessage[] {
  if (!settings.values.DEBUG) return [];
  return [
    new Warning('You should not have DEBUG set to true in deployment.', {
      id: 'security.W018',
      hint: 'Set DEBUG to false in production, e.g. HYPER_DEBUG=false or DEBUG: env.bool(\'DEBUG\', false).',
    }),
  ];
}

export function checkAllowedHosts({ settings }: CheckContext): CheckMessage[] {
  if ((settings.values.ALLOWED_HOSTS as string[]).length > 0) return [];
  return [
    new Warning('ALLOWED_HOSTS must not be empty in deployment.', {
      id: 'security.W020',
      hint: "List the host names this site answers to, e.g. ALLOWED_HOSTS: ['example.com'].",
    }),
  ];
}

register(checkSecretKeyStrength, Tags.security, { deploy: true });
register(checkDebug, Tags.security, { deploy: true });
register(checkAllowedHosts, Tags.security, { deploy: true });
