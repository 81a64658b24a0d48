// Settings of static files (src/static, hyperdjango.staticfiles), declared here so
// that loading settings knows them. See docs/static.md.
export {};
