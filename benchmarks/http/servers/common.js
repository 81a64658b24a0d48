'use strict';
// The two endpoints every peer serves, byte for byte the same payloads.
exports.PLAINTEXT = 'Hello, World!';
exports.JSON_BODY = () => ({ message: 'Hello, World!' });
exports.port = Number(process.argv[2] || 0);
exports.ready = (port) => process.stdout.write(`ready ${port}\n`);
