# {{ project_name }}

A HyperDjango project.

```sh
npx hyper migrate          # set up the database (embedded PostgreSQL in .hyper/db unless DATABASE_URL is set)
npx hyper runserver        # http://127.0.0.1:8000, reloads on save
npx hyper startapp blog    # a new app; then add 'blog' to INSTALLED_APPS in settings.ts
npx hyper makemigrations   # after editing models; then migrate
npx hyper check            # system checks (--deploy before production)
npx hyper test             # run the apps' tests (APP/tests/**/*.test.ts) on a fresh test database
npm run typecheck          # tsc over the project (run npm install first, unless startproject linked a framework checkout)
npx hyper help             # every command
```

Settings live in `settings.ts`; local overrides go in `.env` (see `.env.example`).
