'use strict';
// Every suite runs with the ORM's cache check on: each cached statement is also
// compiled fresh and compared, so a wrong shape key fails a test instead of shipping.
process.env.HYPER_VERIFY_SQL_CACHE = '1';
