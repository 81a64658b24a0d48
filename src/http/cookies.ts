// Cookie parsing (request) and Set-Cookie serialization (response) with secure
// defaults: HttpOnly and SameSite=Lax unless asked otherwise; names and values
// validated so no header injection is possible. Signed cookies carry a
// TimestampSigner signature salted per cookie name.
import { TimestampSigner } from '../signing/signer';
import { InvalidArgument } from '../core/errors';
import { nullPrototypeRecord } from '../core/null-prototype-record';

export interface CookieOptions {
  maxAge?: number;
  expires?: Date;
  path?: string;
  domain?: string;
  secure?: boolean;
  /** Default true: scripts cannot read the cookie. */
  httpOnly?: boolean;
  /** Default 'Lax'. 'None' forces Secure. */
  sameSite?: 'Lax' | 'Strict' | 'None' | false;
  partitioned?: boolean;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function parseCookies(header: string | undefined): Record<string, string> {
  const out = nullPrototypeRecord<string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      out[name] = value.includes('%') ? decodeURIComponent(value) : value;
    } catch {
      out[name] = value;
    }
  }
  return out;
}

export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!TOKEN.test(name)) throw new InvalidArgument('HYPER_COOKIE_INVALID_NAME', `invalid cookie name ${JSON.stringify(name)}: use letters, digits and !#$%&'*+-.^_\`|~ only (no spaces, ';', ',' or '=').`);
  let out = `${name}=${encodeURIComponent(value)}`;
  if (options.maxAge !== undefined) {
    if (!Number.isFinite(options.maxAge)) throw new InvalidArgument('HYPER_COOKIE_INVALID_MAX_AGE', `cookie ${name}: maxAge must be a number of seconds, got ${String(options.maxAge)}.`);
    out += `; Max-Age=${Math.floor(options.maxAge)}`;
    if (!options.expires) out += `; Expires=${new Date(Date.now() + options.maxAge * 1000).toUTCString()}`;
  }
  if (options.expires) out += `; Expires=${options.expires.toUTCString()}`;
  const path = options.path ?? '/';
  if (/[;\r\n]/.test(path)) throw new InvalidArgument('HYPER_COOKIE_INVALID_PATH', `invalid cookie path ${JSON.stringify(path)} for ${name}: a path such as '/' or '/app/', without ';' or line breaks.`);
  out += `; Path=${path}`;
  if (options.domain) {
    if (/[;\r\n\s]/.test(options.domain)) throw new InvalidArgument('HYPER_COOKIE_INVALID_DOMAIN', `invalid cookie domain ${JSON.stringify(options.domain)} for ${name}: a host such as 'example.com', without spaces or ';'.`);
    out += `; Domain=${options.domain}`;
  }
  const sameSite = options.sameSite === undefined ? 'Lax' : options.sameSite;
  if (options.secure || sameSite === 'None' || options.partitioned) out += '; Secure';
  if (options.httpOnly !== false) out += '; HttpOnly';
  if (sameSite) out += `; SameSite=${sameSite}`;
  if (options.partitioned) out += '; Partitioned';
  return out;
}

/** The signer of one cookie: its name is part of the salt, so a value cannot move to another cookie. */
export function cookieSigner(name: string, salt = ''): TimestampSigner {
  return new TimestampSigner({ salt: `hyperdjango.http.cookies:${name}:${salt}` });
}
