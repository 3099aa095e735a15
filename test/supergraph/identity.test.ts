/**
 * verifyIdentity (issue 14, item 2): a name and a citizen ID checked together, for exactly the
 * askers who may read the person's identity, recorded in the person's file like that read, and
 * the same answer for an ID with no file as for a wrong name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenIdCheckChar } from '../../subgraphs/shared/platform/ids.ts';
import { normaliseName } from '../../subgraphs/persons/services/identity.ts';
import { startTestHub, type GraphQLBody, type TestHub } from '../support/hub.ts';

const BANK = 'bank-jinling';
const EMPLOYER = 'employer-suzhou-hr';
const REGULATOR = 'regulator-jiangsu-credit';
const DEVELOPER = 'developer-sandbox';
const PLATFORM = 'platform-yunji';
const 王建国 = '320106197805123519'; // the bank holds his consent
const 李梅 = '320102198509231629'; // nobody's consent
const 张伟 = '320502198203174715'; // the employer's consent expired on 2026-01-31
const 陈静 = '320203199507082021'; // the employer holds her consent
/** a valid citizen ID the hub holds no file for */
const NO_FILE = ((first17: string) => first17 + citizenIdCheckChar(first17))('32010219850923999');

const CHECK = /* GraphQL */ `
  query Check($name: String!, $code: ID!) {
    verifyIdentity(name: $name, creditCode: $code) {
      creditCode
      result
    }
  }
`;

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
}, 60_000);
afterAll(() => t?.stop());

const check = (asker: string, name: string, code: string) => t.query(asker, CHECK, { name, code });

/** The answer with the request id left out and the code asked about replaced. */
function normalised(res: GraphQLBody<unknown>, code: string): string {
  const { requestId: _r, ...ext } = res.extensions ?? {};
  return JSON.stringify({ status: res.status, data: res.data, errors: res.errors, extensions: ext }).split(code).join('<ID>');
}

describe('verifyIdentity', () => {
  it("answers MATCH for the file's name and NO_MATCH for another, to a lender holding the consent", async () => {
    const match = await check(BANK, '王建国', 王建国);
    expect(match.errors).toBeUndefined();
    expect(match.data.verifyIdentity).toEqual({ creditCode: 王建国, result: 'MATCH' });
    const other = await check(BANK, '王建民', 王建国);
    expect(other.errors).toBeUndefined();
    expect(other.data.verifyIdentity.result).toBe('NO_MATCH');
  });

  it('compares names after normalisation: spaces, full-width letters, middle dots', async () => {
    expect((await check(BANK, ' 王 建国 ', 王建国)).data.verifyIdentity.result).toBe('MATCH');
    expect(normaliseName('ａｂｄｕｌ・ｓａｌａｍ')).toBe(normaliseName('Abdul·Salam'));
    expect(normaliseName('买买提 • 艾力')).toBe('买买提·艾力');
    expect(normaliseName('李梅')).not.toBe(normaliseName('李玫'));
  });

  it('answers an ID with no file exactly like a wrong name', async () => {
    const none = await check(REGULATOR, '李梅', NO_FILE);
    const wrong = await check(REGULATOR, '王梅', 李梅);
    expect(none.data.verifyIdentity.result).toBe('NO_MATCH');
    expect(normalised(none, NO_FILE)).toBe(normalised(wrong, 李梅));
    // and the subject themselves may check their own name
    expect((await check(李梅, '李梅', 李梅)).data.verifyIdentity.result).toBe('MATCH');
  });

  it("refuses an asker without the subject's consent, or whose purpose may not read identity, alike for a file and no file", async () => {
    for (const [asker, reason] of [
      [BANK, 'NO_CONSENT'],
      [EMPLOYER, 'NO_CONSENT'],
      [PLATFORM, 'NO_CONSENT'],
      [DEVELOPER, 'PURPOSE'],
    ] as const) {
      const withFile = await check(asker, '李梅', 李梅);
      const without = await check(asker, '李梅', NO_FILE);
      expect(withFile.data.verifyIdentity.result, asker).toBeNull();
      expect(withFile.errors![0]!.extensions!.code, asker).toBe('FORBIDDEN');
      expect(withFile.errors![0]!.extensions!.field, asker).toBe('IdentityCheck.result');
      expect(withFile.errors![0]!.extensions!.reason, asker).toBe(reason);
      expect(normalised(without, NO_FILE), asker).toBe(normalised(withFile, 李梅));
    }
    // an employer holding a consent may check, as it may read the name
    expect((await check(EMPLOYER, '陈静', 陈静)).data.verifyIdentity.result).toBe('MATCH');
    const expired = await check(EMPLOYER, '张伟', 张伟);
    expect(expired.errors![0]!.extensions!.reason).toBe('CONSENT_EXPIRED');
  });

  it("records the check in the person's file, naming the identity class, and a refused one as withheld", async () => {
    const res = await check(BANK, '王建国', 王建国);
    const own = await t.query(王建国, /* GraphQL */ `{ person(creditCode: "${王建国}") { queryRecords(limit: 500) { requestId client classes } } }`);
    expect(own.data.person.queryRecords.filter((r: any) => r.requestId === res.extensions!.requestId)).toEqual([
      { requestId: res.extensions!.requestId, client: BANK, classes: ['IDENTITY'] },
    ]);
    const refused = await check(BANK, '李梅', 李梅);
    const stored = await t.store.collection('queryRecords').find({ requestId: refused.extensions!.requestId });
    expect(stored.map((r) => ({ subjects: r.subjects, classes: r.classes, denied: r.denied }))).toEqual([
      { subjects: [李梅], classes: [], denied: ['IdentityCheck.result'] },
    ]);
  });

  it('refuses an invalid ID or an empty or overlong name with BAD_USER_INPUT, saying what to fix', async () => {
    for (const [name, code] of [
      ['李梅', '320102198509231628'],
      ['   ', 李梅],
      ['李'.repeat(65), 李梅],
    ]) {
      const res = await check(REGULATOR, name!, code!);
      expect(res.errors![0]!.extensions!.code, `${name} ${code}`).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(/citizen ID|name/);
    }
  });
});
