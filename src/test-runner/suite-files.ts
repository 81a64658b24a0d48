// The file each test case class came from. node:test takes a test's file from where
// describe() was called, which for a class is the framework's registerTestCase(); the
// worker records the test file here and the reporter (same process) reads it.
export const suiteFiles = new Map<string, string>();
