// hyperdjango/test: the test Client (no socket), RequestFactory, a live server helper,
// Django's test case classes and their function-style equivalents, query counting,
// settings overrides and response assertions. `hyper test` (src/test-runner) runs them.
export { Client, TestResponse, RedirectCycleError, encodeMultipart, buildRequest, type RequestOptions, type FileUpload, type FormValue } from './client';
export { startLiveServer, type LiveServer } from './live-server';
export { RequestFactory } from './request-factory';
export { SimpleTestCase, TransactionTestCase, TestCase, isTestCaseClass, registerTestCase, testMethods, type TestApi } from './test-case';
export { inTransaction, captureOnCommitCallbacks, flushTables, type DatabaseOptions } from './test-database';
export { useTestDatabase } from './use-test-database';
export { captureQueries, assertNumQueries, type ExecutedQuery } from './queries';
export { overrideSettings } from './override-settings';
export { assertContains, assertNotContains, assertRedirects, assertTemplateUsed, assertTemplateNotUsed } from './assertions';
