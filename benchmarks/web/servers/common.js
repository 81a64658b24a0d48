'use strict';
// The JSON both servers answer: a small record with a date, as a typical API view.
const CREATED = new Date('2024-05-06T07:08:09Z');
exports.item = (id, q) => ({ id, name: `item ${id}`, tags: ['a', 'b', 'c'], price: '19.99', created: CREATED, q: q ?? null });
