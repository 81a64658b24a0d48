# {{ project_name }}

A HyperDjango project.

```sh
npx hyper check            # system checks
npx hyper startapp blog    # a new app; then add 'blog' to INSTALLED_APPS in settings.ts
npx hyper help             # every command
npx hyper diffsettings     # the settings that differ from the defaults, and where each came from
```

Settings live in `settings.ts`; local overrides go in `.env` (see `.env.example`).
