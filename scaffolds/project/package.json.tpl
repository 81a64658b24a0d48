{
  "name": "{{ package_name }}",
  "version": "0.1.0",
  "private": true,
  "hyper": {
    "settings": "settings.ts"
  },
  "scripts": {
    "check": "hyper check",
    "typecheck": "node -e \"try { require.resolve('typescript') } catch { console.error('TypeScript is not installed: run npm install'); process.exit(1) }\" && tsc --noEmit"
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
