// Settings of {{ project_name }}. Every setting is described in the framework's
// docs/settings.md. A value set here wins over a HYPER_<NAME> environment variable,
// which wins over HYPER_<NAME> in .env, which wins over the default.
import { defineSettings, env } from 'hyperdjango/conf';

export default defineSettings({
  DEBUG: env.bool('DEBUG', true),

  // A development key, written by startproject: `hyper check --deploy` warns about it.
  // In production set SECRET_KEY in the environment to a long random value.
  SECRET_KEY: env.str('SECRET_KEY', '{{ secret_key }}'),

  ALLOWED_HOSTS: env.list('ALLOWED_HOSTS', ['localhost', '127.0.0.1']),

  // Framework apps ('hyperdjango.<name>'), then this project's app folders, e.g. 'blog'.
  INSTALLED_APPS: ['hyperdjango.auth', 'hyperdjango.sessions', 'hyperdjango.messages', 'hyperdjango.staticfiles'],

  // Outermost first: security headers and HTTPS redirects, the session, APPEND_SLASH,
  // CSRF protection of unsafe requests (forms print the csrf_input template variable),
  // request.user, one-time messages (templates list them as `messages`), then
  // X-Frame-Options: DENY against clickjacking.
  MIDDLEWARE: [
    'hyperdjango.middleware.security',
    'hyperdjango.sessions.middleware',
    'hyperdjango.middleware.common',
    'hyperdjango.middleware.csrf',
    'hyperdjango.auth.middleware',
    'hyperdjango.messages.middleware',
    'hyperdjango.middleware.clickjacking',
  ],

  ROOT_URLCONF: 'urls',

  // With no DATABASE_URL the project uses embedded PostgreSQL in .hyper/db.
  DATABASES: { default: env.str('DATABASE_URL', 'pglite:.hyper/db') },

  TEMPLATES: [{ DIRS: ['templates'], APP_DIRS: true }],

  // What createsuperuser, changepassword and your own forms ask of a new password.
  AUTH_PASSWORD_VALIDATORS: [
    { NAME: 'hyperdjango.auth.UserAttributeSimilarityValidator' },
    { NAME: 'hyperdjango.auth.MinimumLengthValidator', OPTIONS: { minLength: 9 } },
    { NAME: 'hyperdjango.auth.CommonPasswordValidator' },
    { NAME: 'hyperdjango.auth.NumericPasswordValidator' },
  ],

  TIME_ZONE: 'UTC',
  USE_TZ: true,

  STATIC_URL: '/static/',
  STATIC_ROOT: 'staticfiles',
  STATICFILES_DIRS: ['static'],
});
