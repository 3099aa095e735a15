/**
 * Merchant credit grades (issue 14, item 4): one documented model over ratings, complaints and
 * violations, each counted only as far as the asker's view of the shop's operator opens it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';

const COMPANY_SHOP = 'yunji:shop:100231'; // 优品电商's: 4.7 over 15,230 ratings, 12 complaints, no violation
const PERSON_SHOP = 'yunji:shop:208877'; // 刘洋's: 3.1 over 842 ratings, 31 complaints, a GENERAL violation (he consented to the platform)
const GRADE = /* GraphQL */ `
  query Grade($id: ID!) {
    merchant(id: $id) {
      creditGrade {
        grade
        points
        basis
      }
    }
  }
`;

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
}, 60_000);
afterAll(() => t?.stop());

async function grade(asker: string, id: string) {
  const res = await t.query(asker, GRADE, { id });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.merchant.creditGrade;
}

describe('a merchant credit grade', () => {
  it('counts ratings for everyone: 60 + 20 per rating point above 3', async () => {
    // 60 + (4.7 − 3) × 20 = 94
    expect(await grade('developer-sandbox', COMPANY_SHOP)).toEqual({ grade: 'A', points: 94, basis: ['RATING'] });
  });

  it("counts complaints (2 points each) and violations for an asker whose view opens them", async () => {
    // 94 − 20 (12 complaints × 2, capped at 20) = 74; no violation shown
    expect(await grade('platform-yunji', COMPANY_SHOP)).toEqual({ grade: 'B', points: 74, basis: ['RATING', 'COMPLAINT_COUNT', 'VIOLATIONS', 'COMMITMENTS'] });
    // a lender sees complaints and whether a violation is shown, not the violations
    expect(await grade('bank-jinling', COMPANY_SHOP)).toEqual({ grade: 'B', points: 74, basis: ['RATING', 'COMPLAINT_COUNT', 'VIOLATION_FLAG'] });
  });

  it("grades a person's shop on its ratings alone for whoever may not read the operator's facts", async () => {
    // 60 + (3.1 − 3) × 20 = 62: the complaints and the violation are 刘洋's, which neither may read
    expect(await grade('developer-sandbox', PERSON_SHOP)).toEqual({ grade: 'C', points: 62, basis: ['RATING'] });
    expect(await grade('bank-jinling', PERSON_SHOP)).toEqual({ grade: 'C', points: 62, basis: ['RATING'] });
    // the platform he consented to: 62 − 20 (31 complaints, capped) − 15 (the GENERAL violation)
    expect(await grade('platform-yunji', PERSON_SHOP)).toEqual({ grade: 'E', points: 27, basis: ['RATING', 'COMPLAINT_COUNT', 'VIOLATIONS', 'COMMITMENTS'] });
  });

  it("records the operator's facts it counted in the operator's file", async () => {
    const res = await t.query('platform-yunji', GRADE, { id: PERSON_SHOP });
    const own = await t.query('320583199001011531', /* GraphQL */ `{ person(creditCode: "320583199001011531") { queryRecords(limit: 500) { requestId classes } } }`);
    expect(own.data.person.queryRecords.filter((r: any) => r.requestId === res.extensions!.requestId)).toEqual([{ requestId: res.extensions!.requestId, classes: ['ECOMMERCE'] }]);
  });
});

describe('credit commitments through the gateway', () => {
  it("are recorded by the platform the registry ties to the shop's platform, and a broken one lowers its grade", async () => {
    const record = await t.query(
      'platform-yunji',
      /* GraphQL */ `mutation { recordCommitment(merchant: "${COMPANY_SHOP}", commitment: { ref: "YJ-C-GW-1", kind: AUTHENTIC_GOODS, text: "只售正品", madeOn: "2026-02-01" }) { outcome status } }`,
    );
    expect(record.errors, JSON.stringify(record.errors)).toBeUndefined();
    expect(record.data.recordCommitment).toEqual({ outcome: 'APPLIED', status: 'IN_FORCE' });
    const broken = await t.query(
      'platform-yunji',
      /* GraphQL */ `mutation { recordCommitmentBroken(merchant: "${COMPANY_SHOP}", ref: "YJ-C-GW-1", brokenOn: "2026-11-01", breach: "假冒商品投诉成立") { status } }`,
    );
    expect(broken.data.recordCommitmentBroken).toEqual({ status: 'BROKEN' });
    // 74 − 10 for the broken commitment: the platform reads it; a lender does not, and grades as before
    expect(await grade('platform-yunji', COMPANY_SHOP)).toEqual({ grade: 'C', points: 64, basis: ['RATING', 'COMPLAINT_COUNT', 'VIOLATIONS', 'COMMITMENTS'] });
    expect(await grade('bank-jinling', COMPANY_SHOP)).toEqual({ grade: 'B', points: 74, basis: ['RATING', 'COMPLAINT_COUNT', 'VIOLATION_FLAG'] });
    // a bank may not record one
    const bank = await t.query('bank-jinling', /* GraphQL */ `mutation { recordCommitment(merchant: "${COMPANY_SHOP}", commitment: { ref: "B-1", kind: OTHER, text: "x", madeOn: "2026-02-01" }) { outcome } }`);
    expect(bank.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
