import { isReplicaFailure, parseLsn } from '../../src/db/replicas';

describe('read replicas', () => {
  it('orders WAL positions as the server does', () => {
    expect(parseLsn('0/3000000')).toBe(0x3000000n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xB374D848n);
    // Text order would put 9/… after 10/…: the numbers do not.
    expect(parseLsn('9/FFFFFFFF') < parseLsn('A/0')).toBe(true);
    expect(parseLsn('A/10') > parseLsn('A/F')).toBe(true);
  });

  it('sends a read again to the primary only when the replica failed it, not when the read itself was wrong', () => {
    expect(isReplicaFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isReplicaFailure(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isReplicaFailure(Object.assign(new Error('canceling statement due to conflict with recovery'), { code: '40001' }))).toBe(true);
    expect(isReplicaFailure(new Error('Failed query', { cause: new Error('Connection terminated unexpectedly') }))).toBe(true);
    expect(isReplicaFailure(Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' }))).toBe(false);
    expect(isReplicaFailure(Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' }))).toBe(false);
  });
});
