// Settings of the web layer (src/http, src/urls, src/middleware), declared here so
// that loading settings knows them. See docs/settings.md ("Web").
import { declareSetting } from './declarations';
import * as t from './setting-types';
import type { SettingType } from './setting-types';
import { badEnvValue, parseList } from './parse-env-value';

declare module './global-settings' {
  interface Settings {
    APPEND_SLASH: boolean;
    SECURE_PROXY_SSL_HEADER: [string, string] | null;
    SECURE_SSL_REDIRECT: boolean;
    SECURE_SSL_HOST: string | null;
    SECURE_REDIRECT_EXEMPT: string[];
    SECURE_HSTS_SECONDS: number;
    SECURE_HSTS_INCLUDE_SUBDOMAINS: boolean;
    SECURE_HSTS_PRELOAD: boolean;
    SECURE_CONTENT_TYPE_NOSNIFF: boolean;
    SECURE_REFERRER_POLICY: string | null;
    SECURE_CROSS_ORIGIN_OPENER_POLICY: string | null;
    X_FRAME_OPTIONS: 'DENY' | 'SAMEORIGIN';
    SECURE_CSP: CspPolicy;
    SECURE_CSP_REPORT_ONLY: CspPolicy;
    USE_X_FORWARDED_HOST: boolean;
    DATA_UPLOAD_MAX_MEMORY_SIZE: number | null;
    DATA_UPLOAD_MAX_NUMBER_FIELDS: number | null;
    DATA_UPLOAD_MAX_NUMBER_FILES: number | null;
    FILE_UPLOAD_MAX_MEMORY_SIZE: number;
    FILE_UPLOAD_TEMP_DIR: string | null;
    MAX_BODY_SIZE: number;
    CORS_ALLOWED_ORIGINS: string[];
    CORS_ALLOW_ALL_ORIGINS: boolean;
    CORS_ALLOW_CREDENTIALS: boolean;
    CORS_ALLOW_METHODS: string[];
    CORS_ALLOW_HEADERS: string[];
    CORS_EXPOSE_HEADERS: string[];
    CORS_PREFLIGHT_MAX_AGE: number;
    GZIP_MIN_LENGTH: number;
    SERVE_STATIC: boolean;
    SERVE_STATIC_NATIVE: boolean;
    STATIC_MAX_AGE: number;
  }
}

/** A Content-Security-Policy as directives: a list of sources, one string, or true for a bare directive (false leaves it out). */
export type CspPolicy = Record<string, string[] | string | boolean>;

const frameOptions: SettingType<'DENY' | 'SAMEORIGIN'> = {
  expected: "'DENY' or 'SAMEORIGIN'",
  is: (v): v is 'DENY' | 'SAMEORIGIN' => v === 'DENY' || v === 'SAMEORIGIN',
  parse: (raw) => {
    const value = raw.trim().toUpperCase();
    if (value !== 'DENY' && value !== 'SAMEORIGIN') throw badEnvValue(`expected DENY or SAMEORIGIN, got '${raw}'`);
    return value;
  },
};
const isCspValue = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
const cspPolicy: SettingType<CspPolicy> = {
  expected: "an object of directives to lists of sources, e.g. { 'default-src': [CSP.SELF] }",
  is: (v): v is CspPolicy => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isCspValue),
  parse: (raw) => {
    const value = t.object.parse(raw);
    if (!cspPolicy.is(value)) throw badEnvValue(`expected a JSON object of directives to lists of sources, got '${raw}'`);
    return value;
  },
};

const proxyHeader: SettingType<[string, string] | null> = {
  expected: "null or a [header, value] pair such as ['x-forwarded-proto', 'https']",
  is: (v): v is [string, string] | null =>
    v === null || (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string')),
  parse: (raw) => {
    const list = parseList(raw);
    if (list.length !== 2) throw badEnvValue(`expected 'header,value', got '${raw}'`);
    return [list[0], list[1]];
  },
};
const nullableInt: SettingType<number | null> = {
  expected: 'an integer or null',
  is: (v): v is number | null => v === null || (Number.isSafeInteger(v) && (v as number) >= 0),
  parse: (raw) => (raw.trim().toLowerCase() === 'null' || raw.trim() === '' ? null : t.int.parse(raw)),
};

const MB = 1024 * 1024;
const decl = declareSetting;
decl({ name: 'APPEND_SLASH', type: t.bool, default: true, doc: "Redirect a path without a trailing slash that matches no URL to the same path with one, when that matches (common middleware)." });
decl({ name: 'SECURE_PROXY_SSL_HEADER', type: proxyHeader, default: null, doc: "A [header, value] pair a trusted proxy sets on HTTPS requests, e.g. ['x-forwarded-proto', 'https']." });
decl({ name: 'SECURE_SSL_REDIRECT', type: t.bool, default: false, doc: 'Redirect every plain-HTTP request to HTTPS (security middleware).' });
decl({ name: 'SECURE_SSL_HOST', type: t.nullableStr, default: null, doc: 'The host SSL redirects go to; null keeps the request host.' });
decl({ name: 'SECURE_REDIRECT_EXEMPT', type: t.strList, default: [], doc: 'Regular expressions of paths (without the leading slash) exempt from the SSL redirect.' });
decl({ name: 'SECURE_HSTS_SECONDS', type: t.int, default: 0, doc: 'Strict-Transport-Security max-age on HTTPS responses; 0 sends none.' });
decl({ name: 'SECURE_HSTS_INCLUDE_SUBDOMAINS', type: t.bool, default: false, doc: 'Add includeSubDomains to the HSTS header.' });
decl({ name: 'SECURE_HSTS_PRELOAD', type: t.bool, default: false, doc: 'Add preload to the HSTS header.' });
decl({ name: 'SECURE_CONTENT_TYPE_NOSNIFF', type: t.bool, default: true, doc: 'Send X-Content-Type-Options: nosniff.' });
decl({ name: 'SECURE_REFERRER_POLICY', type: t.nullableStr, default: 'same-origin', doc: 'The Referrer-Policy header; null sends none.' });
decl({ name: 'SECURE_CROSS_ORIGIN_OPENER_POLICY', type: t.nullableStr, default: 'same-origin', doc: 'The Cross-Origin-Opener-Policy header; null sends none.' });
decl({ name: 'X_FRAME_OPTIONS', type: frameOptions, default: 'DENY', doc: "The X-Frame-Options header the clickjacking middleware sends: 'DENY' (no framing) or 'SAMEORIGIN'." });
decl({ name: 'SECURE_CSP', type: cspPolicy, default: {}, doc: 'The Content-Security-Policy the CSP middleware sends, as directives to sources; empty sends none.' });
decl({ name: 'SECURE_CSP_REPORT_ONLY', type: cspPolicy, default: {}, doc: 'A Content-Security-Policy-Report-Only policy (reported, not enforced); empty sends none.' });
decl({ name: 'USE_X_FORWARDED_HOST', type: t.bool, default: false, doc: 'Take the host from X-Forwarded-Host (only behind a proxy that sets it).' });
decl({ name: 'DATA_UPLOAD_MAX_MEMORY_SIZE', type: nullableInt, default: 2.5 * MB, doc: 'Largest request body read into memory by json()/form() (files excluded); above it 413. null: no limit.' });
decl({ name: 'DATA_UPLOAD_MAX_NUMBER_FIELDS', type: nullableInt, default: 1000, doc: 'Most fields in a query string or form; above it 400. null: no limit.' });
decl({ name: 'DATA_UPLOAD_MAX_NUMBER_FILES', type: nullableInt, default: 100, doc: 'Most files in one multipart body; above it 400. null: no limit.' });
decl({ name: 'FILE_UPLOAD_MAX_MEMORY_SIZE', type: t.int, default: 2.5 * MB, doc: 'Uploaded files up to this size stay in memory; larger ones stream to a temporary file.' });
decl({ name: 'FILE_UPLOAD_TEMP_DIR', type: t.nullableStr, default: null, doc: "Where large uploads are written; null: the system's temporary folder." });
decl({ name: 'MAX_BODY_SIZE', type: t.int, default: 10 * MB, doc: 'Largest request body the server accepts at all (uploads included); above it 413 before the body is read.' });
decl({ name: 'CORS_ALLOWED_ORIGINS', type: t.strList, default: [], doc: "Origins (scheme://host[:port]) the CORS middleware allows." });
decl({ name: 'CORS_ALLOW_ALL_ORIGINS', type: t.bool, default: false, doc: 'Allow every origin (CORS middleware); never with credentials.' });
decl({ name: 'CORS_ALLOW_CREDENTIALS', type: t.bool, default: false, doc: 'Send Access-Control-Allow-Credentials: true.' });
decl({ name: 'CORS_ALLOW_METHODS', type: t.strList, default: ['DELETE', 'GET', 'OPTIONS', 'PATCH', 'POST', 'PUT'], doc: 'Methods allowed in CORS preflight answers.' });
decl({ name: 'CORS_ALLOW_HEADERS', type: t.strList, default: ['accept', 'authorization', 'content-type', 'origin', 'user-agent', 'x-csrftoken', 'x-requested-with'], doc: 'Request headers allowed in CORS preflight answers.' });
decl({ name: 'CORS_EXPOSE_HEADERS', type: t.strList, default: [], doc: 'Response headers exposed to cross-origin scripts.' });
decl({ name: 'CORS_PREFLIGHT_MAX_AGE', type: t.int, default: 86400, doc: 'Seconds a browser may cache a preflight answer.' });
decl({ name: 'GZIP_MIN_LENGTH', type: t.int, default: 200, doc: 'Smallest response body (bytes) the gzip middleware compresses.' });
decl({ name: 'SERVE_STATIC', type: t.bool, default: true, doc: '`hyper serve` answers STATIC_URL from STATIC_ROOT itself, before routing (false: leave static files to a proxy or CDN).' });
decl({ name: 'SERVE_STATIC_NATIVE', type: t.bool, default: true, doc: 'With the native server, static files held in memory are answered by C++ without calling JS; false leaves every static request to the JS twin (same answers, slower).' });
decl({ name: 'STATIC_MAX_AGE', type: t.int, default: 60, doc: 'Cache-Control max-age (seconds) of served static files whose names carry no content hash; hashed names are cached for a year.' });
