// The storage and media checks, and the messages checks, on settings given from code.
import { configure, resetSettings } from '../../src/conf/settings';
import { checkMessagesSettings } from '../../src/contrib/messages/checks';
import { checkMediaRootForDeploy, checkStorageSettings } from '../../src/files/checks';

afterEach(() => resetSettings());

type Check = typeof checkStorageSettings;
const ids = (values: Record<string, unknown>, check: Check = checkStorageSettings) =>
  check({ settings: configure(values, { projectRoot: '/srv/site' }), appConfigs: null, databases: [] }).map((message) => message.id);

test('the defaults and a usual project pass', () => {
  expect(ids({})).toEqual([]);
  expect(ids({ MEDIA_URL: '/media/', MEDIA_ROOT: 'media', STATIC_ROOT: 'staticfiles' })).toEqual([]);
  expect(ids({ STORAGES: { default: { BACKEND: 'storage/s3#S3Storage' } } })).toEqual([]);
});

test('each problem has its id', () => {
  expect(ids({ MEDIA_URL: '/media' })).toEqual(['files.E001']);
  expect(ids({ MEDIA_URL: '/static/' })).toEqual(['files.E002']);
  expect(ids({ MEDIA_ROOT: 'public', STATIC_ROOT: 'public/static' })).toEqual(['files.E003']);
  expect(ids({ MEDIA_ROOT: 'same', STATIC_ROOT: 'same' })).toEqual(['files.E003']);
  expect(ids({ STORAGES: { default: { BACKEND: 'hyperdjango.files.S3Storage' } } })).toEqual(['files.E004']);
  expect(ids({ STORAGES: { staticfiles: { BACKEND: 'hyperdjango.files.InMemoryStorage' } } })).toEqual(['files.W006']);
  expect(ids({ STORAGES: { staticfiles: { BACKEND: 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage' } } })).toEqual([]);
});

test('deploy: MEDIA_URL served with the file system storage and MEDIA_ROOT unset', () => {
  expect(ids({ MEDIA_URL: '/media/' }, checkMediaRootForDeploy)).toEqual(['files.W005']);
  expect(ids({}, checkMediaRootForDeploy)).toEqual([]);
  expect(ids({ MEDIA_URL: '/media/', MEDIA_ROOT: 'media' }, checkMediaRootForDeploy)).toEqual([]);
  expect(ids({ MEDIA_URL: '/media/', STORAGES: { default: { BACKEND: 'hyperdjango.files.InMemoryStorage' } } }, checkMediaRootForDeploy)).toEqual([]);
});

test('messages: the storage resolves, and a session storage has the sessions middleware first', () => {
  const messages = (values: Record<string, unknown>) => ids(values, checkMessagesSettings as Check);
  const both = ['hyperdjango.sessions.middleware', 'hyperdjango.messages.middleware'];
  expect(messages({ MIDDLEWARE: both })).toEqual([]);
  expect(messages({ MESSAGE_STORAGE: 'hyperdjango.messages.storage.Nope' })).toEqual(['messages.E001']);
  expect(messages({ MIDDLEWARE: [...both].reverse() })).toEqual(['messages.E002']);
  expect(messages({ MIDDLEWARE: ['hyperdjango.messages.middleware'] })).toEqual(['messages.E002']);
  expect(messages({ MIDDLEWARE: ['hyperdjango.messages.middleware'], MESSAGE_STORAGE: 'hyperdjango.messages.storage.CookieStorage' })).toEqual([]);
});
