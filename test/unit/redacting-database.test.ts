import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { redactingDatabase } from '../../electron/services/log/redacting-database.ts';
import { SecretRedactor } from '../../electron/services/log/secret-redactor.ts';

describe('redacting history database', () => {
  it('scrubs every value a statement writes, positional or named; a JSON column stays JSON of the same shape', () => {
    const redactor = new SecretRedactor();
    redactor.remember('Hunter-2-secret');
    const raw = new DatabaseSync(':memory:');
    const db = redactingDatabase(raw, redactor);
    db.exec('CREATE TABLE t (id INTEGER, msg TEXT, doc TEXT)');
    db.prepare('INSERT INTO t VALUES (?, ?, ?)').run(
      1,
      'login failed for Hunter-2-secret',
      JSON.stringify({ n: 2, s: ['x "Hunter-2-secret"'] }),
    );
    db.prepare('INSERT INTO t VALUES (:id, :msg, :doc)').run({
      id: 2,
      msg: `Basic ${Buffer.from('u:Hunter-2-secret').toString('base64')}`,
      doc: null,
    });
    const rows = raw.prepare('SELECT * FROM t ORDER BY id').all() as Array<{ id: number; msg: string; doc: string | null }>;
    expect(JSON.stringify(rows)).not.toContain('Hunter');
    expect(rows[0]).toMatchObject({ id: 1, msg: 'login failed for [redacted]' });
    expect(JSON.parse(rows[0]!.doc!)).toEqual({ n: 2, s: ['x "[redacted]"'] });
    expect(rows[1]!.msg).toContain('[redacted]');
    // Reads are untouched, and so is everything else the database does.
    expect(db.prepare('SELECT count(*) AS c FROM t').get()).toEqual({ c: 2 });
    raw.close();
  });
});
