// Settings of authentication (hyperdjango.auth), declared here so that loading
// settings knows them. See docs/auth.md.
export {};
