// Signing: round trips, tampering (every byte), expiry, salts, key rotation through
// SECRET_KEY_FALLBACKS, compression, and signed cookies over the test client.
import { configure, resetSettings } from '../../src/conf/settings';
import { ImproperlyConfigured, InvalidArgument } from '../../src/core/errors';
import { HttpResponse, type Request } from '../../src/http';
import { BadSignature, Signer, SignatureExpired, TimestampSigner, b64Decode, dumps, loads } from '../../src/signing';
import { Client } from '../../src/test-client';
import { path, setUrlconf } from '../../src/urls';

const KEY = 'current-secret-key-current-secret-key-current-secret-key';
const OLD = 'older-secret-key-older-secret-key-older-secret-key-0000';

beforeEach(() => configure({ SECRET_KEY: KEY }));
afterEach(() => {
  jest.useRealTimers();
  resetSettings();
});

function flipped(text: string, index: number): string {
  const c = text[index];
  return text.slice(0, index) + (c === 'A' ? 'B' : 'A') + text.slice(index + 1);
}

describe('Signer', () => {
  it('signs value:signature and unsigns it back', () => {
    const signer = new Signer();
    const signed = signer.sign('hello world');
    expect(signed).toMatch(/^hello world:[A-Za-z0-9_-]{43}$/);
    expect(signer.unsign(signed)).toBe('hello world');
    expect(new Signer({ sep: '/' }).unsign(new Signer({ sep: '/' }).sign('a:b'))).toBe('a:b');
  });

  it('refuses every single-byte change of the value or the signature', () => {
    const signer = new Signer();
    const signed = signer.sign('user=42;role=reader');
    for (let i = 0; i < signed.length; i++) {
      expect(() => signer.unsign(flipped(signed, i))).toThrow(BadSignature);
    }
    expect(() => signer.unsign('no separator')).toThrow(BadSignature);
    expect(() => signer.unsign(`${signed}x`)).toThrow(BadSignature);
  });

  it('separates salts and algorithms; a bad separator is refused', () => {
    const signed = new Signer({ salt: 'one' }).sign('v');
    expect(() => new Signer({ salt: 'two' }).unsign(signed)).toThrow(BadSignature);
    expect(() => new Signer({ algorithm: 'sha512' }).unsign(new Signer().sign('v'))).toThrow(BadSignature);
    expect(new Signer({ algorithm: 'sha512' }).sign('v').length).toBeGreaterThan(new Signer().sign('v').length);
    expect(() => new Signer({ sep: 'a' })).toThrow(ImproperlyConfigured);
  });

  it('rotates keys: old signatures verify through SECRET_KEY_FALLBACKS, new ones use the new key', () => {
    configure({ SECRET_KEY: OLD });
    const old = new Signer().sign('keep me');
    configure({ SECRET_KEY: KEY });
    expect(() => new Signer().unsign(old)).toThrow(BadSignature);
    configure({ SECRET_KEY: KEY, SECRET_KEY_FALLBACKS: [OLD] });
    expect(new Signer().unsign(old)).toBe('keep me');
    const fresh = new Signer().sign('keep me');
    expect(fresh).not.toBe(old);
    expect(new Signer({ key: KEY, fallbackKeys: [] }).unsign(fresh)).toBe('keep me');
    expect(() => new Signer({ key: OLD, fallbackKeys: [] }).unsign(fresh)).toThrow(BadSignature);
  });

  it('reads the key when signing, and says so when it is empty', () => {
    const signer = new Signer();
    configure({ SECRET_KEY: OLD });
    expect(new Signer({ key: OLD }).unsign(signer.sign('x'))).toBe('x');
    configure({ SECRET_KEY: '' });
    expect(() => signer.sign('x')).toThrow(/SECRET_KEY is empty/);
  });

  it('names each misuse with a code: an empty key, a bad separator, text that is not base64', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return undefined;
    };
    configure({ SECRET_KEY: '' });
    expect(codeOf(() => new Signer().sign('x'))).toBe('HYPER_SECRET_KEY_EMPTY');
    expect(codeOf(() => new Signer({ sep: 'a' }))).toBe('HYPER_SIGNING_BAD_SEPARATOR');
    expect(codeOf(() => b64Decode('not base64!'))).toBe('HYPER_SIGNING_BAD_BASE64');
    expect(() => b64Decode('a+b')).toThrow(InvalidArgument);
  });

  it('signs objects, compressed when that is shorter', () => {
    const signer = new Signer();
    const big = { list: Array.from({ length: 50 }, () => 'repeat') };
    const compressed = signer.signObject(big, { compress: true });
    expect(compressed.startsWith('.')).toBe(true);
    expect(compressed.length).toBeLessThan(signer.signObject(big).length);
    expect(signer.unsignObject(compressed)).toEqual(big);
    expect(signer.signObject({ a: 1 }, { compress: true }).startsWith('.')).toBe(false);
  });
});

describe('TimestampSigner and dumps/loads', () => {
  it('expires after maxAge (seconds or a duration) with SignatureExpired, a BadSignature', () => {
    jest.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    const signer = new TimestampSigner();
    const signed = signer.sign('token');
    expect(signer.signedAt(signed).toISOString()).toBe('2030-01-01T00:00:00.000Z');
    jest.setSystemTime(new Date('2030-01-01T00:01:00Z'));
    expect(signer.unsign(signed, { maxAge: 120 })).toBe('token');
    expect(signer.unsign(signed, { maxAge: { minutes: 2 } })).toBe('token');
    expect(() => signer.unsign(signed, { maxAge: 30 })).toThrow(SignatureExpired);
    expect(() => signer.unsign(signed, { maxAge: { seconds: 30 } })).toThrow(BadSignature);
    expect(signer.unsign(signed)).toBe('token');
  });

  it('dumps/loads JSON values, with salt separation and tamper detection', () => {
    const value = { user: 1, roles: ['a', 'b'], nested: { ok: true } };
    const token = dumps(value, { salt: 'password-reset' });
    expect(token).toMatch(/^[A-Za-z0-9_\-.:]+$/);
    expect(loads(token, { salt: 'password-reset' })).toEqual(value);
    expect(() => loads(token)).toThrow(BadSignature);
    expect(() => loads(token, { salt: 'other' })).toThrow(BadSignature);
    for (let i = 0; i < token.length; i += 3) expect(() => loads(flipped(token, i), { salt: 'password-reset' })).toThrow(BadSignature);
    expect(loads(dumps('x'.repeat(500), { compress: true }))).toBe('x'.repeat(500));
    expect(loads(dumps(null))).toBeNull();
  });

  it('loads honours maxAge and the fallback keys', () => {
    jest.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    const token = dumps({ a: 1 }, { key: OLD });
    jest.setSystemTime(new Date('2030-01-02T00:00:00Z'));
    expect(() => loads(token)).toThrow(BadSignature);
    configure({ SECRET_KEY: KEY, SECRET_KEY_FALLBACKS: [OLD] });
    expect(loads(token, { maxAge: { days: 2 } })).toEqual({ a: 1 });
    expect(() => loads(token, { maxAge: 3600 })).toThrow(SignatureExpired);
  });
});

describe('signed cookies', () => {
  beforeEach(() => {
    configure({ SECRET_KEY: KEY, ALLOWED_HOSTS: ['testserver'] });
    setUrlconf([
      path('set/', () => new HttpResponse('ok').setSignedCookie('pref', 'dark', { salt: 'ui', maxAge: 60 })),
      path('read/', (request: Request) => new HttpResponse(String(request.getSignedCookie('pref', { salt: 'ui', default: 'tampered', maxAge: 3600 })))),
      path('strict/', (request: Request) => new HttpResponse(String(request.getSignedCookie('pref', { salt: 'ui' })))),
    ]);
  });
  afterEach(() => setUrlconf(null));

  it('round-trips through a client; tampered values give the default or throw', async () => {
    const c = new Client({ middleware: [], log: () => undefined });
    const set = await c.get('/set/');
    expect(set.headers.getAll('set-cookie')[0]).toMatch(/^pref=dark%3A[A-Za-z0-9]+%3A[A-Za-z0-9_-]+; Max-Age=60; .*HttpOnly; SameSite=Lax$/);
    expect((await c.get('/read/')).text).toBe('dark');
    c.cookies.set('pref', c.cookies.get('pref')!.replace('dark', 'lite'));
    expect((await c.get('/read/')).text).toBe('tampered');
    expect((await c.get('/strict/')).status).toBe(500);
    c.cookies.delete('pref');
    expect((await c.get('/strict/')).text).toBe('undefined');
  });

  it('a value signed for one cookie name does not verify as another', async () => {
    const c = new Client({ middleware: [], log: () => undefined });
    await c.get('/set/');
    const value = c.cookies.get('pref')!;
    c.cookies.set('other', value);
    setUrlconf([path('x/', (request: Request) => new HttpResponse(String(request.getSignedCookie('other', { salt: 'ui', default: 'no' }))))]);
    expect((await c.get('/x/')).text).toBe('no');
  });
});
