{
  "name": "{{ package_name }}",
  "version": "0.1.0",
  "private": true,
  "hyper": {
    "settings": "settings.ts"
  },
  "scripts": {
    "check": "hyper check",
    "typecheck": "tsc --noEmit"
  },
  "dependencies": {
    "hyperdjango": "{{ hyper_dependency }}"
  },
  "devDependencies": {
    "@types/node": "^20.19.0",
    "typescript": "^5.9.3"
  },
  "engines": {
    "node": ">=20"
  }
}
