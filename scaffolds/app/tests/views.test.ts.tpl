// Tests of the {{ app_name }} app, run by `npx hyper test {{ app_name }}` on a fresh test
// database. Each exported class is a group of tests: every `test*` method is one.
// A TestCase runs each test in a transaction rolled back at its end, so rows it
// creates are gone for the next; a SimpleTestCase refuses database access.
import assert from 'node:assert/strict';
import { RequestFactory, SimpleTestCase, TestCase, assertNumQueries } from 'hyperdjango/test';
import { connections } from 'hyperdjango/db';
import { index } from '../views';

export class IndexViewTests extends SimpleTestCase {
  async testSaysHello() {
    const response = await index(new RequestFactory().get('/{{ app_name }}/'));
    assert.equal(response.status, 200);
    assert.match(response.content.toString(), /Hello from {{ app_name }}/);
  }
}

export class DatabaseTests extends TestCase {
  // Once your models exist: static async setUpTestData() { await Post.objects.create({ ... }); }
  async testTheTestDatabaseIsMigrated() {
    await assertNumQueries(1, async () => {
      const { rows } = await connections.get().execute<{ n: number }>({ sql: 'SELECT count(*)::int AS n FROM hyper_migrations', parameters: [] });
      assert.ok(rows[0].n > 0);
    });
  }
}
