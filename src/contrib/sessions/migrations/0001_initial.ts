// The sessions table (shipped with the framework; a relative import so that it loads
// from src/ under tests and from dist/ in projects).
import { Migration, fields, operations } from '../../../orm/migrations';

export default new Migration({
  initial: true,
  dependencies: [],
  operations: [
    operations.CreateModel({
      name: 'Session',
      fields: [
        ['sessionKey', fields.CharField({ maxLength: 40, primaryKey: true })],
        ['sessionData', fields.TextField()],
        ['expireDate', fields.DateTimeField({ dbIndex: true })],
      ],
      options: { verboseName: 'session', verboseNamePlural: 'sessions' },
    }),
  ],
});
