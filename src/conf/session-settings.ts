// Settings of sessions, CSRF and signing (src/signing, hyperdjango.sessions,
// the CSRF middleware), declared here so that loading settings knows them.
// See docs/security.md.
export {};
