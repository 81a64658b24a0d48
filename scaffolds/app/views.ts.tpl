// The views of the {{ app_name }} app: functions (or classes) that take a request and
// return a response, wired to URLs in urls.ts.
export {};
